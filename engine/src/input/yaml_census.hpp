#pragma once
// Which nodes of a parsed YAML tree appear at more than one place.
//
// yaml-cpp gives every use of an alias (*name) the very same node object, so
// writing into an aliased node through one path changes every other path too,
// and a naive walk of an "alias bomb" visits exponentially many nodes. The
// census visits each distinct node once and remembers how often it was met.
// (Internal to the engine: overrides, extends and the canonical text use it.)

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace negsim::detail {

class NodeCensus {
 public:
  explicit NodeCensus(const YAML::Node& root);

  // How many places of the tree hold this node (0 when it is not in the tree).
  int uses(const YAML::Node& node) const;
  bool shared(const YAML::Node& node) const { return uses(node) > 1; }
  // Stable small number of a shared node (its anchor name in emitted text), or -1.
  int anchor(const YAML::Node& node) const;
  std::size_t distinct_nodes() const { return count_; }

 private:
  struct Entry {
    YAML::Node node;
    int uses = 0;
    int anchor = -1;
  };
  const Entry* find(const YAML::Node& node) const;
  Entry* find(const YAML::Node& node);
  void visit(const YAML::Node& node);

  // Bucketed by the node's position in its text; `is()` settles collisions
  // (nodes built in code all have position -1, nodes of different texts may share one).
  std::unordered_map<int, std::vector<Entry>> buckets_;
  std::size_t count_ = 0;
  int next_anchor_ = 1;
};

}  // namespace negsim::detail
