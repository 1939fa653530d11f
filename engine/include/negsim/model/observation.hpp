#pragma once
// What actually happened in a historical case, as its observation file
// (NAME.observed.yaml beside the scenario NAME.yaml) records it: the outcome,
// the milestones reached or not, and the agreed terms. It is kept apart from
// the Scenario so that the forecast cannot see it; `negsim run` never reads it,
// `negsim backtest` scores the forecast against it (docs/validation.md).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"

namespace negsim {

// The outcome id an observation gives when no terminal state was reached by
// `recorded_until`; also the id of the summary's last outcome.
inline constexpr const char* kUnresolvedOutcome = "unresolved";

struct ObservedMilestone {
  std::string id;
  std::optional<std::string> date;  // ISO date it was reached; none = never (by recorded_until)
  SourceLoc loc;
};

// An agreed term on one issue, in the issue's own units.
struct ObservedTerm {
  std::string issue;
  double value = 0;    // continuous: the value; ordinal and binary: the option's index
  std::string option;  // ordinal and binary: the option's name
  SourceLoc loc;
};

struct Observation {
  std::string scenario;        // the id of the scenario it observes
  std::string recorded_until;  // ISO date: the record covers as_of to this date
  std::string outcome;         // an outcome id of the scenario, or kUnresolvedOutcome
  std::string outcome_date;    // ISO date; empty when unresolved
  std::vector<ObservedMilestone> milestones;  // one per milestone, in the scenario's order
  std::vector<ObservedTerm> terms;            // in the scenario's issue order
  std::map<std::string, std::string> sources;
  std::string notes;

  std::string file;    // as the user named it
  std::string sha256;  // of the file's bytes
  SourceLoc outcome_loc;

  bool resolved() const { return outcome != kUnresolvedOutcome; }
  const ObservedMilestone* milestone(const std::string& id) const;
};

inline const ObservedMilestone* Observation::milestone(const std::string& id) const {
  for (const auto& m : milestones)
    if (m.id == id) return &m;
  return nullptr;
}

}  // namespace negsim
