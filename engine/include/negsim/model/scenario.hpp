#pragma once
// The description of one negotiation, as loaded from a scenario file.
// Nothing here runs anything: the Simulator (simulator.hpp) compiles a
// Scenario into the flat form a branch runs on.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/distribution.hpp"

namespace negsim {

// Where a value was written in its file (1-based; 0 = not from a file).
struct SourceLoc {
  int line = 0;
  int column = 0;
};

// A number the analyst may give as a plain value or as a distribution.
// `path` is its key path with parties, issues and events named by id
// (e.g. "parties.ukraine.demands.donetsk.red_line"): it names the parameter in
// effects, overrides and reports, and keys its random stream.
struct Uncertain {
  Distribution dist;
  std::string path;
  SourceLoc loc;

  bool is_fixed() const { return dist.is_fixed(); }
  double fixed_value() const { return dist.value; }
};

enum class IssueKind { continuous, ordinal, binary };
const char* to_string(IssueKind kind);

struct Issue {
  std::string id;
  std::string label;
  IssueKind kind = IssueKind::continuous;
  // Continuous: the range in the issue's own units. Ordinal and binary: option
  // index, low = 0 and high = options.size() - 1.
  double low = 0, high = 1;
  std::string low_label, high_label;  // what the ends of a continuous range mean
  std::string unit;                   // e.g. "share", "thousand troops"
  std::vector<std::string> options;   // ordinal (in order) and binary ("no", "yes")
  SourceLoc loc;

  bool is_discrete() const { return kind != IssueKind::continuous; }
  // Position of a value on [0, 1]: (x - low) / (high - low).
  double normalise(double x) const { return high > low ? (x - low) / (high - low) : 0.0; }
  double denormalise(double t) const { return low + t * (high - low); }
};

// A ratifier (voters, a parliament) judges agreed terms only through an
// approval transition: it never pulls proposals, accepts or walks out.
enum class Role { principal, mediator, observer, ratifier };
const char* to_string(Role role);

// One party's stance on one issue. Values are in the issue's units; ordinal
// and binary demands hold option indices.
struct Demand {
  std::string issue;
  Uncertain ideal;
  std::optional<Uncertain> red_line;   // worst acceptable value; none = no hard limit
  Uncertain salience;                  // >= 0; how much the issue matters to the party
  std::optional<Uncertain> curvature;  // (0, 1]; none = the party's curvature
  SourceLoc loc;
};

struct Tactic {
  // Faratin et al. (1998) time-dependent concession: f(t) = k + (1 - k) t^(1/e).
  // e < 1 Boulware (holds firm), e = 1 linear, e > 1 Conceder.
  Uncertain e;
  Uncertain k;
  std::string name;  // "boulware", "linear", "conceder" when given by name
};

struct Party {
  std::string id;
  std::string name;
  Role role = Role::principal;
  Uncertain capability;      // >= 0: weight in proposals (leverage)
  Uncertain batna;           // value of no deal at round 0, on the utility scale [0, 1]
  Uncertain cost_per_round;  // how much the value of no deal erodes each round
  Uncertain patience;        // rounds below BATNA before walking out (rounded)
  Uncertain curvature;       // (0, 1]: risk attitude of its utility; 1 = linear
  // Approval of agreed terms (docs/model.md 9.2): the utility at which half
  // would approve, and how sharply approval rises around it. Both or neither.
  std::optional<Uncertain> approval_threshold, approval_spread;
  Tactic tactic;
  std::vector<Demand> demands;
  SourceLoc loc;

  const Demand* demand(const std::string& issue) const;
};

enum class EffectOp { add, multiply, set };
const char* to_string(EffectOp op);

struct Effect {
  std::string target;  // key path of a parameter, e.g. parties.russia.costs.per_round
  EffectOp op = EffectOp::add;
  Uncertain value;
  SourceLoc loc;
};

struct Event {
  std::string id;
  std::string label;
  Uncertain chance;                 // per round, in the states where it can happen
  std::vector<std::string> states;  // empty: every non-terminal state
  bool repeats = false;
  std::vector<Effect> effects;
  SourceLoc loc;
};

enum class StateKind { bargaining, pause, chance, terminal };
const char* to_string(StateKind kind);

enum class ProposalRule { compromise, weighted_median, nash };
const char* to_string(ProposalRule rule);

struct State {
  std::string id;
  std::string label;
  StateKind kind = StateKind::bargaining;
  std::optional<Uncertain> max_rounds;        // round_limit fires after this many rounds here
  std::optional<ProposalRule> proposal_rule;  // bargaining: overrides the process default
  std::string outcome;                        // terminal: outcome label, e.g. "agreement"
  // Bargaining and pause: the outcome of a branch still in this state at the
  // horizon (e.g. "armistice holds"); empty: unresolved.
  std::string horizon_outcome;
  // Terminal (or with a horizon_outcome): the outcome counts as an agreement
  // in the headline.
  bool agreement = false;
  // Bargaining: the issues negotiated here (ids); empty = every issue.
  std::vector<std::string> agenda;
  SourceLoc loc;
};

// Engine events that can move the talks, plus shocks and plain chance.
enum class Trigger { accepted, rejected, walkout, round_limit, deadline, event, probability };
const char* to_string(Trigger trigger);

// How a probability transition's probability is given.
enum class ProbabilityKind {
  plain,      // a number or distribution
  approval,   // a function of the agreed terms: approval by a party (two-level game)
  otherwise,  // chance states: 1 minus the other probabilities
};

struct Transition {
  std::string from, to;
  Trigger trigger = Trigger::accepted;
  std::string event;      // Trigger::event: the event id
  std::string deadline;   // Trigger::deadline: a named deadline; empty = process.deadline
  Uncertain probability;  // Trigger::probability, plain: per round (chance states: at once)
  ProbabilityKind probability_kind = ProbabilityKind::plain;
  std::string approval_by;  // approval: the party whose utility of the terms decides
  // approval: threshold and spread of the logistic; none = the party's own.
  std::optional<Uncertain> approval_threshold, approval_spread;
  std::vector<Effect> effects;  // applied when the transition is taken
  SourceLoc loc;
};

// A point the talks may reach (a signed framework, a ceasefire in force):
// reached the first time a branch enters any of its states.
struct Milestone {
  std::string id, label;
  std::vector<std::string> states;
  SourceLoc loc;
};

// A named deadline beside process.deadline: a round at which `deadline: ID`
// transitions fire (every round from then on).
struct Deadline {
  std::string id, label;
  Uncertain round;  // whole rounds (a distribution is rounded)
  SourceLoc loc;
};

struct Process {
  std::string initial;
  // Round at which `on: deadline` fires; also the end of the concession clock.
  std::optional<Uncertain> deadline;
  std::vector<Deadline> deadlines;  // further named deadlines
  std::vector<Milestone> milestones;
  ProposalRule proposal_rule = ProposalRule::compromise;
  // Whether the mediator knows every principal's red lines (true) or learns
  // each only when a proposal crosses it and the party rejects (false).
  bool mediator_knows_red_lines = true;
  std::vector<State> states;
  std::vector<Transition> transitions;
  SourceLoc loc;
};

// A rank correlation (Spearman's ρ) between two uncertain inputs, each named
// by its key path (docs/model.md 11.1).
struct Correlation {
  std::string a, b;  // e.g. parties.russia.costs.per_round, events.graham_sanctions_bill.chance
  double rank = 0;   // in [−1, 1]
  SourceLoc loc;
};

struct Scenario {
  // scenario: block
  std::string id;
  std::string title;
  std::string as_of;                  // ISO date the assumptions describe
  std::string round_label = "round";  // what one round means, e.g. "week"
  double round_days = 7;              // calendar days per round
  int horizon = 52;                   // rounds simulated at most
  std::string description;
  std::map<std::string, std::string> sources;  // id -> citation or URL

  std::vector<Issue> issues;
  std::vector<Party> parties;
  std::vector<Event> events;
  Process process;
  std::vector<Correlation> correlations;  // between uncertain inputs; none: all independent

  std::string file;    // path the scenario was loaded from ("<string>" otherwise)
  std::string sha256;  // of what runs: the file's bytes, or the composed text (extends, --set)
  // --set overrides applied on top of the file, in order, and then the
  // SHA-256 of the file's own bytes, which a reader can check with sha256sum
  // (`sha256` is of the scenario as run); both empty without overrides.
  std::vector<std::string> overrides;
  std::string file_sha256;

  const Issue* issue(const std::string& id) const;
  const Party* party(const std::string& id) const;
  const Event* event(const std::string& id) const;
  const State* state(const std::string& id) const;
};

}  // namespace negsim
