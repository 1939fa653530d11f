#pragma once
// What an event's effect may change: the key-path grammar of effect targets
// and the values each parameter can take (internal to the engine).
//
//   parties.<party>.capability | batna | costs.per_round | patience | tactic.e | tactic.k
//   parties.<party>.curvature
//   parties.<party>.demands.<issue>.ideal | red_line | salience | curvature
//   events.<event>.chance
//   process.deadline | process.deadlines.<id> | process.states.<state>.max_rounds
//   process.transitions.<from>-><to>.probability

#include <optional>
#include <string>

#include "model/bounds.hpp"
#include "negsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace negsim::loader {

// The range of every parameter, shared by the file's own values and by
// `set` effects so both are held to the same rule.
namespace bounds {
inline Bounds capability() {
  return Bounds::at_least(0);
}
inline Bounds batna() {
  return Bounds::between(0, 1);
}
inline Bounds cost_per_round() {
  return Bounds::between(-1, 1);
}
inline Bounds patience() {
  return Bounds::at_least(1);
}
inline Bounds tactic_e() {
  return Bounds::above(0);
}
inline Bounds tactic_k() {
  return Bounds::from_below(0, 1);
}
inline Bounds salience() {
  return Bounds::at_least(0);
}
inline Bounds probability() {
  return Bounds::between(0, 1);
}
inline Bounds curvature() {
  return Bounds::above_up_to(0, 1);
}
inline Bounds approval_threshold() {
  return Bounds::between(0, 1);
}
inline Bounds approval_spread() {
  return Bounds::above(0);
}
inline Bounds rounds() {
  return Bounds::at_least(1);
}
Bounds issue_range(const Issue& issue);
}  // namespace bounds

struct EffectTarget {
  std::string parameter;         // "batna", "demands.ideal", "chance", ...
  Bounds bounds;                 // what `set` may write
  const Issue* issue = nullptr;  // demand targets
  bool options = false;          // an ordinal or binary demand: values are option indices
  bool absent = false;           // a red line the party does not have (yet): only `set` applies
  std::string party;             // party targets: the party's id
};

// Which id lists were read completely. An id missing from an incomplete list
// may belong to an item whose own id was wrong (already reported), so it is
// not reported again as unknown.
struct KnownIds {
  bool parties = true, issues = true, events = true;
};

// Resolves `text` against the scenario, or reports why it names nothing
// (at `field`, with a did-you-mean for mistyped ids and parameters).
std::optional<EffectTarget> resolve_target(Reader& reader, const Scenario& scenario,
                                           const Field& field, const std::string& text,
                                           const KnownIds& known = {});

}  // namespace negsim::loader
