#pragma once
// What a sensitivity analysis explains: whether a branch ends in an outcome,
// reaches a milestone, or falls in a group of the headline (agreement,
// no_agreement, text_accepted), by the horizon or by a given round, exactly
// as the summary counts it (summary.hpp: the outcome table and the curves of
// ReachSummary). Per branch it is an indicator: 1 reached, 0 not.

#include <string>
#include <vector>

#include "negsim/model/simulator.hpp"

namespace negsim {

enum class TargetKind { outcome, milestone, group };
const char* to_string(TargetKind kind);

struct SensitivityTarget {
  TargetKind kind = TargetKind::outcome;
  std::string id, label;
  int index =
      -1;  // outcome or milestone index; group: 0 agreement, 1 no_agreement, 2 text_accepted
  int by_round = 0;        // reached by the end of this round; the horizon when no date is given
  bool by_horizon = true;  // by_round is the horizon (no date was given)
  std::vector<char> agreement;  // per outcome: a terminal state says `agreement: true`
  int horizon = 0;

  // Whether branch `r` reached the target by `by_round`.
  bool reached(const BranchResult& r) const {
    switch (kind) {
      case TargetKind::outcome:
        return r.outcome == index && r.end_round <= by_round;
      case TargetKind::milestone: {
        const int round = r.milestone_round[static_cast<std::size_t>(index)];
        return round >= 0 && round <= by_round;
      }
      case TargetKind::group:
        break;
    }
    if (index == 2) return r.first_agreed_round >= 0 && r.first_agreed_round <= by_round;
    const bool unresolved = r.outcome == static_cast<int>(agreement.size()) - 1;
    // As the summary's curve: an unresolved branch is without agreement only at the horizon.
    if (unresolved) return index == 1 && by_round >= horizon;
    return r.end_round <= by_round &&
           (agreement[static_cast<std::size_t>(r.outcome)] != 0) == (index == 0);
  }
};

// The ids a target may take in this scenario: outcomes, milestones, groups.
std::vector<std::string> target_choices(const Simulator& simulator);

// The target `id`: an outcome id, a milestone id or a group id, looked up in
// that order (`outcome:ID`, `milestone:ID` or `group:ID` to say which). An empty
// id gives the `agreement` group when the scenario marks agreements; it throws
// std::invalid_argument otherwise, and for an id that names nothing (listing
// the choices). `by_round` < 0: the horizon.
SensitivityTarget sensitivity_target(const Simulator& simulator, const std::string& id,
                                     int by_round = -1);

// Whether the scenario has the `agreement` group (some terminal state says
// `agreement: true`).
bool has_agreement_group(const Simulator& simulator);

}  // namespace negsim
