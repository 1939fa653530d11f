#include "negsim/model/scenario.hpp"

#include <algorithm>

namespace negsim {

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const char* to_string(IssueKind kind) {
  switch (kind) {
    case IssueKind::continuous: return "continuous";
    case IssueKind::ordinal: return "ordinal";
    case IssueKind::binary: return "binary";
  }
  return "?";
}

const char* to_string(Role role) {
  switch (role) {
    case Role::principal: return "principal";
    case Role::mediator: return "mediator";
    case Role::observer: return "observer";
    case Role::ratifier: return "ratifier";
  }
  return "?";
}

const char* to_string(EffectOp op) {
  switch (op) {
    case EffectOp::add: return "add";
    case EffectOp::multiply: return "multiply";
    case EffectOp::set: return "set";
  }
  return "?";
}

const char* to_string(StateKind kind) {
  switch (kind) {
    case StateKind::bargaining: return "bargaining";
    case StateKind::pause: return "pause";
    case StateKind::chance: return "chance";
    case StateKind::terminal: return "terminal";
  }
  return "?";
}

const char* to_string(ProposalRule rule) {
  switch (rule) {
    case ProposalRule::compromise: return "compromise";
    case ProposalRule::weighted_median: return "weighted_median";
    case ProposalRule::nash: return "nash";
  }
  return "?";
}

const char* to_string(Trigger trigger) {
  switch (trigger) {
    case Trigger::accepted: return "accepted";
    case Trigger::rejected: return "rejected";
    case Trigger::walkout: return "walkout";
    case Trigger::round_limit: return "round_limit";
    case Trigger::deadline: return "deadline";
    case Trigger::event: return "event";
    case Trigger::probability: return "probability";
  }
  return "?";
}

const Demand* Party::demand(const std::string& issue) const {
  auto it = std::find_if(demands.begin(), demands.end(),
                         [&](const Demand& d) { return d.issue == issue; });
  return it == demands.end() ? nullptr : &*it;
}

const Issue* Scenario::issue(const std::string& id) const { return find_by_id(issues, id); }
const Party* Scenario::party(const std::string& id) const { return find_by_id(parties, id); }
const Event* Scenario::event(const std::string& id) const { return find_by_id(events, id); }
const State* Scenario::state(const std::string& id) const { return find_by_id(process.states, id); }

}  // namespace negsim
