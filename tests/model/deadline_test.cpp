// Deadlines and timers (docs/model.md 4.5, 9): uncertain deadlines and round
// limits, named deadlines, effects that extend a deadline and restart the
// concession clock, effects carried by transitions.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include "model/branch_state.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"
#include "support/load_problems.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

// a and b can only meet at x = 0.5, on both their red lines: each accepts it
// only once it has conceded everything (f = 1), i.e. at the deadline.
std::string meet_yaml(const std::string& process_extra, const std::string& events = "",
                      const std::string& transitions_extra = "",
                      const std::string& deadline = "5") {
  return fmt::format(R"(
scenario: {{id: meet, title: Meet, as_of: 2026-01-01, horizon: 30}}
issues: [{{id: x, kind: continuous, range: {{low: 0, high: 1}}}}]
parties:
  - {{id: a, role: principal, demands: {{x: {{ideal: 1, red_line: 0.5}}}}}}
  - {{id: b, role: principal, demands: {{x: {{ideal: 0, red_line: 0.5}}}}}}
{}
process:
  initial: talks
  deadline: {}
{}
  states:
    - {{id: talks, kind: bargaining}}
    - {{id: deal, kind: terminal, outcome: agreement}}
    - {{id: out, kind: terminal, outcome: ultimatum}}
  transitions:
    - {{from: talks, to: deal, on: accepted}}
    - {{from: talks, to: out, on: walkout}}
{}
)",
                     events, deadline, process_extra, transitions_extra);
}

std::map<int, int> agreement_rounds(const Simulator& sim, int n) {
  std::map<int, int> rounds;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    ++rounds[r.agreed ? r.agreed_round : -1];
  }
  return rounds;
}

TEST(Deadlines, AgreementComesAtThePlainDeadline) {
  EXPECT_EQ(agreement_rounds(test::simulator_for(meet_yaml("")), 10),
            (std::map<int, int>{{5, 10}}));
}

TEST(Deadlines, AnUncertainDeadlineIsDrawnPerBranch) {
  const auto rounds =
      agreement_rounds(test::simulator_for(meet_yaml(
                           "", "", "", "{dist: discrete, values: [4, 9], weights: [1, 3]}")),
                       4000);
  ASSERT_EQ(rounds.size(), 2u);
  EXPECT_NEAR(rounds.at(4) / 4000.0, 0.25, 4 * std::sqrt(0.25 * 0.75 / 4000));
  EXPECT_EQ(rounds.at(4) + rounds.at(9), 4000);
}

// The table of log t that drawn and moved deadlines read holds exactly what
// docs/model.md 4.1 says: log min(1, r / T) for every clock T it covers.
TEST(Deadlines, TheTableOfLogTimeIsLogOfRoundOverSpan) {
  const Simulator sim =
      test::simulator_for(meet_yaml("", "", "", "{dist: uniform, low: 3, high: 40}"));
  const auto& c = sim.compiled();
  ASSERT_EQ(c.log_time_row.size(), static_cast<std::size_t>(2 * (30 + 1) + 1));
  for (int span = 1; span < static_cast<int>(c.log_time_row.size()); ++span) {
    const int rounds = std::min(span, 30 + 1);
    const auto row = static_cast<std::size_t>(c.log_time_row[static_cast<std::size_t>(span)]);
    const auto end =
        span + 1 < static_cast<int>(c.log_time_row.size())
            ? static_cast<std::size_t>(c.log_time_row[static_cast<std::size_t>(span) + 1])
            : c.log_time_by_span.size();
    ASSERT_EQ(end - row, static_cast<std::size_t>(rounds)) << "span " << span;
    EXPECT_EQ(c.log_time_by_span[row], -std::numeric_limits<double>::infinity());
    for (int r = 1; r < rounds; ++r)
      EXPECT_EQ(c.log_time_by_span[row + static_cast<std::size_t>(r)],
                std::log(static_cast<double>(r) / span))
          << "round " << r << " of " << span;
  }
}

// A long horizon would make that table grow with its square: it stops at
// 65,536 entries, and the clocks beyond it work log t out.
TEST(Deadlines, TheTableOfLogTimeStaysSmallForALongHorizon) {
  std::string yaml = meet_yaml("", "", "", "{dist: uniform, low: 3, high: 9000}");
  yaml.replace(yaml.find("horizon: 30"), 11, "horizon: 10000");
  const Simulator sim = test::simulator_for(yaml);
  EXPECT_LE(sim.compiled().log_time_by_span.size(), 65536u);
  EXPECT_GT(sim.compiled().log_time_row.size(), 300u);
  // The branches still agree at their drawn deadline, table or not.
  BranchResult r;
  for (std::uint64_t b = 0; b < 50; ++b) {
    sim.run_branch(kDefaultSeed, b, r);
    ASSERT_EQ(r.inputs.size(), 1u);
    EXPECT_EQ(r.agreed_round, static_cast<int>(std::lround(r.inputs[0]))) << "branch " << b;
  }
}

// Aspirations never rise, also across a restart of the clock.
struct AspirationWatch final : BranchObserver {
  std::map<int, double> last;
  int rises = 0;
  void verdict(int party, const detail::Verdict& v, const detail::BranchState&) override {
    auto [it, fresh] = last.emplace(party, v.aspiration);
    if (!fresh && v.aspiration > it->second + 1e-12) ++rises;
    it->second = v.aspiration;
  }
};

TEST(Deadlines, ExtendingTheDeadlineRestartsTheConcessionClock) {
  const std::string events = R"(events:
  - id: extension
    label: "The mediator grants five more rounds"
    chance: 1
    states: [talks]
    effects: [{target: process.deadline, add: 5}])";
  const Simulator sim = test::simulator_for(meet_yaml("", events));
  // The event fires in round 1: the deadline moves to round 10, and the clock
  // runs again from round 1 to round 10.
  EXPECT_EQ(agreement_rounds(sim, 5), (std::map<int, int>{{10, 5}}));
  AspirationWatch watch;
  BranchResult r;
  sim.run_branch(kDefaultSeed, 0, r, &watch);
  EXPECT_EQ(watch.rises, 0);
  std::ostringstream trace;
  write_trace(sim, kDefaultSeed, 0, trace, r);
  EXPECT_NE(trace.str().find("process.deadline add 5: 5 -> 10\n    The concession clock restarts: "
                             "t runs from 0 now (round 1) to 1 at round 10"),
            std::string::npos)
      << trace.str();
}

TEST(Deadlines, ANamedDeadlineFiresItsOwnTransitions) {
  const auto rounds =
      agreement_rounds(test::simulator_for(meet_yaml(
                           "  deadlines: [{id: ultimatum, round: 3, label: \"US ultimatum\"}]", "",
                           "    - {from: talks, to: out, deadline: ultimatum}")),
                       3);
  EXPECT_EQ(rounds, (std::map<int, int>{{-1, 3}}));
  const Simulator sim = test::simulator_for(
      meet_yaml("  deadlines: [{id: ultimatum, round: 3, label: \"US ultimatum\"}]", "",
                "    - {from: talks, to: out, deadline: ultimatum}"));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "ultimatum");
  EXPECT_EQ(r.end_round, 3);
}

TEST(Deadlines, ATransitionCanCarryEffects) {
  // Talks start in a one-round pause whose exit extends the deadline by 4.
  const std::string yaml = R"(
scenario: {id: t, title: T, as_of: 2026-01-01, horizon: 30}
issues: [{id: x, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, demands: {x: {ideal: 1, red_line: 0.5}}}
  - {id: b, role: principal, demands: {x: {ideal: 0, red_line: 0.5}}}
process:
  initial: prelude
  deadline: 5
  states:
    - {id: prelude, kind: pause, max_rounds: {dist: discrete, values: [1, 2], weights: [1, 1]}}
    - {id: talks, kind: bargaining}
    - {id: deal, kind: terminal, outcome: agreement}
  transitions:
    - {from: prelude, to: talks, on: round_limit, effects: [{target: process.deadline, add: 4}]}
    - {from: talks, to: deal, on: accepted}
)";
  // The prelude lasts 1 or 2 rounds (uncertain max_rounds); leaving it moves
  // the deadline to 9 and restarts the clock, so the deal comes in round 9.
  const auto rounds = agreement_rounds(test::simulator_for(yaml), 200);
  EXPECT_EQ(rounds, (std::map<int, int>{{9, 200}}));
}

TEST(Deadlines, AClockRestartedLateGoesOnFromTheAspirationReached) {
  // Three rounds into a five-round clock the talks move to a second round of
  // the same talks (same agenda) and the deadline moves to 10: the clock
  // restarts, and each aspiration falls on from where it stood, never back up
  // towards 1 (docs/model.md 4.5).
  const std::string yaml = R"(
scenario: {id: t, title: T, as_of: 2026-01-01, horizon: 30}
issues: [{id: x, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, demands: {x: {ideal: 1, red_line: 0.5}}}
  - {id: b, role: principal, demands: {x: {ideal: 0, red_line: 0.5}}}
process:
  initial: talks
  deadline: 5
  deadlines: [{id: review, round: 3}]
  states:
    - {id: talks, kind: bargaining}
    - {id: resumed, kind: bargaining}
    - {id: deal, kind: terminal, outcome: agreement}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: resumed, deadline: review, effects: [{target: process.deadline, add: 5}]}
    - {from: resumed, to: deal, on: accepted}
)";
  const Simulator sim = test::simulator_for(yaml);
  AspirationWatch watch;
  BranchResult r;
  sim.run_branch(kDefaultSeed, 0, r, &watch);
  EXPECT_EQ(watch.rises, 0);
  EXPECT_EQ(r.agreed_round, 10);
}

TEST(Deadlines, AMilestoneRecordsTheRoundItWasFirstReached) {
  // The talks pass through `review` twice (rounds 2 and 4): the milestone on
  // it is reached in round 2.
  const std::string yaml = R"(
scenario: {id: t, title: T, as_of: 2026-01-01, horizon: 6}
issues: [{id: x, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, demands: {x: {ideal: 1, red_line: 0.9}}}
  - {id: b, role: principal, demands: {x: {ideal: 0, red_line: 0.1}}}
process:
  initial: talks
  milestones: [{id: reviewed, label: "Reviewed", states: [review]}]
  states:
    - {id: talks, kind: bargaining, max_rounds: 2}
    - {id: review, kind: pause, max_rounds: 2}
    - {id: deal, kind: terminal, outcome: agreement}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: review, on: round_limit}
    - {from: review, to: talks, on: round_limit}
)";
  const Simulator sim = test::simulator_for(yaml);
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  ASSERT_EQ(r.milestone_round.size(), 1u);
  EXPECT_EQ(r.milestone_round[0], 2);
  EXPECT_FALSE(r.agreed);
}

TEST(Deadlines, UnknownDeadlinesAndTargetsAreReported) {
  const auto problems = test_support::load_problems(meet_yaml(
      "  deadlines: [{id: ultimatum, round: 3}]",
      "events: [{id: e, chance: 0.1, effects: [{target: process.deadlines.ultimatm, add: 1}]}]",
      "    - {from: talks, to: out, deadline: ultimatun}"));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "7:50: events[0].effects[0].target: unknown deadline 'ultimatm' in "
            "'process.deadlines.ultimatm'; did you mean 'ultimatum'?");
  EXPECT_EQ(problems[1],
            "19:40: process.transitions[2].deadline: unknown deadline 'ultimatun'; did you mean "
            "'ultimatum'?");
}

}  // namespace
}  // namespace negsim
