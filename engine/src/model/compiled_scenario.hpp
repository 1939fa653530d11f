#pragma once
// A Scenario flattened once into index-linked arrays, so that running a branch
// touches no strings, maps or allocations. Internal to the engine: only the
// Simulator and its trace writer read it.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "negsim/model/distribution.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim::detail {

enum class ParamKind : std::uint8_t {
  capability,
  batna,
  cost_per_round,
  patience,
  tactic_e,
  tactic_k,
  ideal,
  red_line,
  salience,
  curvature,
  approval_threshold,
  approval_spread,
  deadline,
  max_rounds,
  chance,
  probability,
};

// An issue's scale: a position x in [0, 1] is low + x (high - low) in the
// issue's units (option indices 0..n-1 for ordinal and binary issues).
// Worked out once per issue (CompiledScenario::issue_scales) so that the
// effects a shock applies to positions convert without reading the Issue.
struct IssueScale {
  double low = 0, high = 1;
  double to_units(double x) const { return low + x * (high - low); }
  double to_position(double v) const { return high > low ? (v - low) / (high - low) : 0.0; }
};
IssueScale issue_scale(const Issue& issue);

// Every number a branch can sample or a shock can change. Positions (ideal,
// red_line) are stored normalised to [0, 1]; the rest in their own units.
struct ParamSpec {
  std::string path;  // key path as written in effect targets, e.g. parties.a.batna
  ParamKind kind = ParamKind::capability;
  int issue = -1;    // ideal and red_line: the issue (for unit conversion)
  int stance = -1;   // ideal, red_line and salience: the stance it belongs to
  int party = -1;    // every party parameter: the party
  int event = -1;    // chance: the event
  int state = -1;    // probability: the state the transition leaves
  double fixed = 0;  // value when not uncertain (NaN: a red line that is absent)
  bool uncertain = false;
  Distribution dist;          // when uncertain
  std::uint64_t purpose = 0;  // purpose_id("param:" + path)
};

struct PartySpec {
  int capability, batna, cost_per_round, patience, tactic_e, tactic_k, curvature;  // params
  int approval_threshold, approval_spread;  // params; -1 when the party states none
  int stance_begin, stance_end;             // into CompiledScenario::stances
  bool principal;
  bool pulls;  // its demands pull proposals (every role but ratifier)
};

struct StanceSpec {
  int party, issue;
  int ideal, red_line, salience, curvature;  // param indices (curvature may be the party's)
};

struct EffectSpec {
  int param;
  EffectOp op;
  bool uncertain;
  double value;  // when fixed, in the target's own units (issue units for positions)
  Distribution dist;
  std::uint64_t purpose;  // purpose_id("effect:" + event id + ":" + effect index)
};

struct EventSpec {
  int chance;  // param index
  bool repeats;
  std::uint64_t purpose;  // purpose_id("event:" + id)
  int effect_begin, effect_end;
};

// Trigger priority when several could move the talks in the same round
// (docs/model.md 9.1). Lower goes first.
int trigger_priority(Trigger trigger);

struct EdgeSpec {
  Trigger trigger;
  int to;             // state index
  int event;          // Trigger::event: event index
  int probability;    // Trigger::probability, plain: param index
  int transition;     // index into Process::transitions
  int deadline = -1;  // Trigger::deadline: index into CompiledScenario::deadline_params
  ProbabilityKind kind = ProbabilityKind::plain;
  int approval_by = -1;                               // approval: party index
  int approval_threshold = -1, approval_spread = -1;  // approval: param indices
};

struct StateSpec {
  StateKind kind;
  int max_rounds;  // param index; -1: no round limit
  ProposalRule rule;
  int outcome;                 // terminal, or its horizon_outcome: index into outcomes; -1 none
  int edge_begin, edge_end;    // into edges, sorted by trigger priority then file order
  int event_begin, event_end;  // into state_events: events that can happen here
  bool has_probability;
  // Which kinds of trigger its edges have: bit 1 << Trigger. Most rounds
  // none of them happened, and choose_edge need not look at each edge.
  unsigned triggers = 0;
  bool has_otherwise;    // a chance state's `probability: otherwise` edge
  bool terms_dependent;  // some probability edge depends on the agreed terms
  int agenda = -1;       // bargaining: index into CompiledScenario::agendas; -1 every issue
  int milestone_begin = 0, milestone_end = 0;  // into state_milestones
  std::uint64_t purpose;                       // purpose_id("transition:" + id)
};

// Parameters tied by rank correlations (docs/model.md 11.1):
// one connected set of them, sampled together by a Gaussian copula.
struct CopulaSpec {
  std::vector<int> params;  // param indices, ascending (file order)
  std::vector<int> inputs;  // per member: its place in CompiledScenario::uncertain; -1 fixed
  // Correlation of the members' normal scores (m×m, row-major) and its
  // Cholesky factor; the matrix itself conditions the others on a held member.
  std::vector<double> normal, lower;
};

struct CompiledScenario {
  std::vector<ParamSpec> params;
  std::vector<double> fixed_values;  // params[i].fixed, contiguous for a fast copy
  std::vector<int> uncertain;        // indices of uncertain params, in order
  std::vector<CopulaSpec> copulas;   // correlated sets of params; empty: all independent
  // Per uncertain param (the order of `uncertain`): its copula, or -1.
  std::vector<int> input_copula;
  std::vector<PartySpec> parties;
  std::vector<StanceSpec> stances;
  std::vector<int> principals;
  std::vector<int> issue_stance_begin;   // per issue + 1, into issue_stances
  std::vector<int> issue_stances;        // stances grouped by issue, party order
  std::vector<int> stance_slot;          // per stance: its position in issue_stances
  std::vector<int> issue_options;        // 0 for continuous issues, else the option count
  std::vector<IssueScale> issue_scales;  // per issue
  std::vector<EventSpec> events;
  std::vector<EffectSpec> effects;
  std::vector<StateSpec> states;
  std::vector<EdgeSpec> edges;
  std::vector<int> state_events;
  std::vector<int> state_milestones;  // per state: the milestones entering it reaches
  std::size_t milestones = 0;
  // Agendas of bargaining states: per agenda, one flag per issue (on it or not).
  std::vector<std::vector<char>> agendas;
  // Per Process::transition: its effects, [begin, end) into `effects`.
  std::vector<int> transition_effect_begin, transition_effect_end;
  // Deadlines as params: [0] process.deadline (-1 when none), then
  // process.deadlines in file order. [0] also ends the concession clock.
  std::vector<int> deadline_params;
  std::vector<double> log_time;  // per round 0..horizon: log t_r (-inf at round 0)
  // log t for a clock of `span` rounds at its round r (r < span, r <= horizon):
  // log_time_by_span[log_time_row[span] + r], for 1 <= span < log_time_row.size().
  std::vector<double> log_time_by_span;
  std::vector<int> log_time_row;
  // Hazards that do not depend on the branch: per event, and per state for its
  // probability edges together; NaN when an uncertain value is involved.
  std::vector<double> event_hazard, state_hazard;
  std::vector<std::string> outcomes;
  int initial = 0;
  int horizon = 0;
  // T in t_r = min(1, r / T) when it is the same in every branch (the
  // deadline is a plain number or there is none: the horizon); 0 when the
  // deadline is uncertain, so each branch works out its own.
  int time_scale = 0;
  bool learn_red_lines = false;  // the mediator learns red lines from rejections
  // Every curvature is a plain 1 that no effect moves: utility is linear in
  // every branch and round.
  bool linear = false;
};

// Throws InputError when an effect names no parameter of the scenario.
CompiledScenario compile_scenario(const Scenario& scenario);

// Clamp a parameter value into its valid range (positions: [0, 1]).
// Inline: the simulator calls it for every sampled value and every effect.
inline double clamp_param(ParamKind kind, double v) {
  if (std::isnan(v)) return v;
  switch (kind) {
    case ParamKind::capability:
    case ParamKind::salience:
      return std::max(0.0, v);
    case ParamKind::batna:
    case ParamKind::tactic_k:
    case ParamKind::ideal:
    case ParamKind::red_line:
    case ParamKind::chance:
    case ParamKind::probability:
    case ParamKind::approval_threshold:
      return std::clamp(v, 0.0, 1.0);
    case ParamKind::approval_spread:
      return std::max(1e-9, v);
    case ParamKind::patience:
    case ParamKind::deadline:
    case ParamKind::max_rounds:
      return std::max(1.0, v);
    case ParamKind::tactic_e:
      return std::max(1e-6, v);
    case ParamKind::curvature:
      return std::clamp(v, 1e-3, 1.0);
    case ParamKind::cost_per_round:
      return v;
  }
  return v;
}

// Hazard of something that happens with probability p per round:
// -log(1 - p), so that P(no occurrence in a round) = exp(-hazard).
// 0 for p <= 0, infinity for p >= 1.
inline double hazard_of(double p) {
  if (!(p > 0)) return 0.0;
  if (p >= 1) return std::numeric_limits<double>::infinity();
  return -std::log1p(-p);
}

}  // namespace negsim::detail
