#include "yaml_census.hpp"

namespace negsim::detail {

NodeCensus::NodeCensus(const YAML::Node& root) {
  if (root.IsDefined()) visit(root);
}

const NodeCensus::Entry* NodeCensus::find(const YAML::Node& node) const {
  auto it = buckets_.find(node.Mark().pos);
  if (it == buckets_.end()) return nullptr;
  for (const auto& e : it->second)
    if (e.node.is(node)) return &e;
  return nullptr;
}

NodeCensus::Entry* NodeCensus::find(const YAML::Node& node) {
  return const_cast<Entry*>(static_cast<const NodeCensus*>(this)->find(node));
}

void NodeCensus::visit(const YAML::Node& node) {
  if (Entry* seen = find(node)) {
    if (++seen->uses == 2) seen->anchor = next_anchor_++;
    return;  // its children were counted the first time
  }
  buckets_[node.Mark().pos].push_back(Entry{node, 1, -1});
  ++count_;
  if (node.IsMap()) {
    for (const auto& kv : node) visit(kv.second);
  } else if (node.IsSequence()) {
    for (const auto& item : node) visit(item);
  }
}

int NodeCensus::uses(const YAML::Node& node) const {
  const Entry* e = find(node);
  return e ? e->uses : 0;
}

int NodeCensus::anchor(const YAML::Node& node) const {
  const Entry* e = find(node);
  return e ? e->anchor : -1;
}

}  // namespace negsim::detail
