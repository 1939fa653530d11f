// Terms-dependent transitions (docs/model.md 9.2): a ratifier approves the
// agreed terms with a probability that is a logistic in its utility of them,
// checked against the closed form; validation of `approval` and `otherwise`.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "negsim/model/simulator.hpp"
#include "support/test_scenarios.hpp"
#include "support/load_problems.hpp"

namespace negsim {
namespace {

// a and b agree in round 1 on x = 0.5 (equal pulls, deadline 1); the voters
// (ideal `voters_ideal`) then decide the vote.
std::string vote_yaml(const std::string& threshold, const std::string& voters_extra = "",
                      const std::string& voters_ideal = "0.8") {
  return fmt::format(R"(
scenario: {{id: vote, title: Vote, as_of: 2026-01-01, horizon: 3}}
issues: [{{id: x, kind: continuous, range: {{low: 0, high: 1}}}}]
parties:
  - {{id: a, role: principal, tactic: conceder, demands: {{x: {{ideal: 1}}}}}}
  - {{id: b, role: principal, tactic: conceder, demands: {{x: {{ideal: 0}}}}}}
  - id: voters
    role: ratifier
    capability: 5
    approval: {{threshold: {}, spread: 0.05}}
    demands: {{x: {{ideal: {}{}}}}}
process:
  initial: talks
  deadline: 1
  states:
    - {{id: talks, kind: bargaining}}
    - {{id: vote, kind: chance}}
    - {{id: ratified, kind: terminal, outcome: ratified}}
    - {{id: rejected, kind: terminal, outcome: rejected}}
  transitions:
    - {{from: talks, to: vote, on: accepted}}
    - {{from: vote, to: ratified, probability: {{approval: {{by: voters}}}}}}
    - {{from: vote, to: rejected, probability: otherwise}}
)",
                     threshold, voters_ideal, voters_extra);
}

double ratified_share(const Simulator& sim, int n) {
  int ratified = 0;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    EXPECT_TRUE(r.agreed);
    EXPECT_DOUBLE_EQ(r.package[0], 0.5);  // the ratifier does not pull the proposal
    ratified += sim.outcomes()[static_cast<std::size_t>(r.outcome)] == "ratified";
  }
  return static_cast<double>(ratified) / n;
}

TEST(Approval, IsALogisticInTheRatifiersUtility) {
  // u = 1 - |0.5 - 0.8| = 0.7; p = 1 / (1 + exp(-(0.7 - 0.6) / 0.05)).
  const int n = 40000;
  const double p = 1 / (1 + std::exp(-2.0));
  EXPECT_NEAR(ratified_share(test::simulator_for(vote_yaml("0.6")), n), p,
              4 * std::sqrt(p * (1 - p) / n));
}

TEST(Approval, WithAnUncertainThresholdAveragesTheLogistic) {
  // theta ~ U(a, b): mean p = s / (b - a) [ln(1 + e^((u - a)/s)) - ln(1 + e^((u - b)/s))].
  const int n = 40000;
  const double u = 0.7, s = 0.05, a = 0.5, b = 0.9;
  const double p =
      s / (b - a) * (std::log1p(std::exp((u - a) / s)) - std::log1p(std::exp((u - b) / s)));
  EXPECT_NEAR(
      ratified_share(test::simulator_for(vote_yaml("{dist: uniform, low: 0.5, high: 0.9}")), n), p,
      4 * std::sqrt(p * (1 - p) / n));
}

TEST(Approval, NeverPassesTermsBeyondTheRatifiersRedLine) {
  EXPECT_EQ(ratified_share(test::simulator_for(vote_yaml("0.1", ", red_line: 0.6")), 500), 0.0);
}

std::vector<std::string> problems_with(std::string yaml, const std::string& from,
                                       const std::string& to) {
  test::replace_once(yaml, from, to);
  return test_support::load_problems(yaml);
}

TEST(Approval, NeedsAThreshold) {
  const auto problems =
      problems_with(vote_yaml("0.6"), "    approval: {threshold: 0.6, spread: 0.05}\n", "");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "21:63: process.transitions[1].probability.approval.by: party 'voters' states no "
            "approval threshold; give it approval: {threshold: ..., spread: ...}, or give this "
            "approval its own");
}

TEST(Approval, InAChanceStateNeedsAWayForTheRest) {
  const auto problems =
      problems_with(vote_yaml("0.6"), "probability: otherwise", "probability: 0.2");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "22:7: process.transitions[1].probability: an approval leaves chance state 'vote' "
            "with a probability that depends on the terms, so another transition out of it needs "
            "probability: otherwise to take the rest");
}

TEST(Approval, OtherwiseBelongsToChanceStates) {
  const auto problems = problems_with(vote_yaml("0.6"), "{from: talks, to: vote, on: accepted}",
                                      "{from: talks, to: vote, probability: otherwise}");
  ASSERT_GE(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "21:7: process.transitions[0].probability: probability: otherwise takes what the "
            "other ways out of a chance state leave, but 'talks' is a bargaining state; give "
            "this transition a probability per round");
}

}  // namespace
}  // namespace negsim
