#pragma once
// The working memory of one branch: live parameter values and everything
// derived from them. One per thread, reused from branch to branch, so the
// round loop allocates nothing once it has run a branch of the same scenario.

#include <cstdint>
#include <vector>

#include "compiled_scenario.hpp"
#include "negsim/model/nash.hpp"
#include "negsim/model/proposal.hpp"
#include "negsim/model/utility.hpp"
#include "negsim/model/zone.hpp"

namespace negsim::detail {

// One principal's response to a proposal, and the reasons for it.
struct Verdict {
  double utility = 0;      // u_i(x)
  double f = 0;            // concession curve f(t)
  double reservation = 0;  // r_i
  double aspiration = 0;   // a_i
  double batna = 0;        // current value of no deal
  int crossed = -1;        // stance (within the party) whose red line x crosses; -1 none
  bool accepts = false;
};

struct BranchState {
  // The Simulator (Simulator::Impl::id) it was last prepared for; 0 none.
  // Sizing every vector again for every branch showed in the profile
  // (docs/architecture.md, "Speed").
  std::uint64_t prepared_for = 0;
  // Parameters as sampled, then changed by shocks and eroded by costs
  // (positions normalised). The live BATNA is param[party.batna].
  std::vector<double> param;
  // Derived from param by refresh().
  std::vector<Stance> stance;
  std::vector<double> worst_loss;  // per stance: worst_loss(stance), kept with it
  std::vector<double> capability, inverse_e, k, red_line_utility;
  // A principal's stances changed since red_line_utility was worked out; it
  // is worked out again when read (Run::settle_red_line_utilities), once for
  // all the effects of a round.
  std::vector<char> red_line_utility_stale;
  std::vector<int> patience;
  std::vector<double> hazard;  // per event: -log(1 - chance)
  // Dynamics.
  // Per stance, grouped by issue (slot = CompiledScenario::stance_slot[stance]):
  // the party's current demand and its pull weight c_i s_ik, ready for the
  // proposal rules without copying.
  std::vector<Pull> pull;
  const int* slot = nullptr;
  double& demand(std::size_t stance) {
    return pull[static_cast<std::size_t>(slot[stance])].position;
  }
  double demand(std::size_t stance) const {
    return pull[static_cast<std::size_t>(slot[stance])].position;
  }
  std::vector<double> conceded;  // per party: f at its last concession (lambda)
  // Per party: the aspiration its concession starts from; 1 until a deadline
  // extension restarts the clock (docs/model.md 4.5).
  std::vector<double> aspiration_start;
  std::vector<int> deadline_round;     // per deadline (CompiledScenario::deadline_params); 0 none
  std::vector<int> max_rounds;         // per state: its round limit; 0 none
  std::vector<std::uint32_t> taken;    // per transition: times taken (draws of its effects)
  int clock_start = 0, clock_end = 1;  // the concession clock runs from, to these rounds
  std::vector<int> below;              // per party: consecutive rounds with proposal < BATNA
  std::vector<Verdict> verdict;        // per party, this round
  std::vector<double> exposure;        // per event: hazard accumulated since its last firing
  std::vector<double> threshold;       // per event: exposure at which it fires next
  std::vector<int> fired_round;        // per event: last round it fired (-1 never)
  std::vector<int> visits;             // per state: times entered
  std::vector<double> state_hazard;    // per state: -log(1 - sum of its edge probabilities)
  std::vector<double> state_exposure;  // per state: hazard accumulated in this visit
  std::vector<double> state_threshold;
  // Per issue: the zone of possible agreement among the principals' red lines
  // (those the mediator knows), worked out before each proposal.
  std::vector<IssueZone> zone;
  std::vector<ZoneOptions> zone_options;  // per issue, of zone
  bool zones_stale = true;       // a stance or `revealed` changed since zone was worked out
  std::vector<double> agreed_x;  // per issue: the last agreed package (normalised; NaN none)
  // The agenda in force (docs/model.md 9.3): index into CompiledScenario::agendas,
  // -1 for every issue; its flags per issue.
  int agenda = -1;
  std::vector<char> on_agenda;
  std::vector<char> revealed;  // per stance: the mediator has learnt its red line
  // Proposal scratch.
  std::vector<double> x, fallback, lower, upper, relaxed;
  std::vector<int> between;  // Nash: discrete issues whose relaxed optimum lies between options
  std::vector<Pull> pulls;   // scratch for the weighted median, which sorts
  std::vector<NashBargainer> bargainers;
  NashWorkspace nash;
  // A stance was refreshed since the last Nash proposal (NashWorkspace::same_stances).
  bool stances_changed = true;

  void prepare(const CompiledScenario& c) {
    param.resize(c.params.size());
    stance.resize(c.stances.size());
    worst_loss.resize(c.stances.size());
    pull.resize(c.stances.size());
    slot = c.stance_slot.data();
    const std::size_t parties = c.parties.size();
    capability.resize(parties);
    inverse_e.resize(parties);
    k.resize(parties);
    red_line_utility.resize(parties);
    red_line_utility_stale.assign(parties, 1);
    patience.resize(parties);
    conceded.resize(parties);
    aspiration_start.resize(parties);
    deadline_round.resize(c.deadline_params.size());
    max_rounds.resize(c.states.size());
    taken.resize(c.transition_effect_begin.size());
    below.resize(parties);
    verdict.resize(parties);
    const std::size_t events = c.events.size();
    hazard.resize(events);
    exposure.resize(events);
    threshold.resize(events);
    fired_round.resize(events);
    const std::size_t states = c.states.size();
    visits.resize(states);
    state_hazard.resize(states);
    state_exposure.resize(states);
    state_threshold.resize(states);
    const std::size_t issues = c.issue_options.size();
    zone.resize(issues);
    zone_options.resize(issues);
    agreed_x.resize(issues);
    on_agenda.resize(issues);
    revealed.resize(c.stances.size());
    x.resize(issues);
    fallback.resize(issues);
    lower.resize(issues);
    upper.resize(issues);
    relaxed.resize(issues);
    between.reserve(issues);
    pulls.resize(c.stances.size());
    bargainers.resize(c.principals.size());
  }
};

}  // namespace negsim::detail
