// Rank correlations between uncertain inputs (docs/model.md 11.1): a Gaussian
// copula keeps every marginal exactly, gives the rank correlation asked for,
// and leaves scenarios without correlations alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "model/branch_state.hpp"
#include "model/compiled_scenario.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/correlation.hpp"
#include "negsim/model/input_draws.hpp"
#include "negsim/model/simulator.hpp"
#include "support/load_problems.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

std::string scenario(const std::string& correlations) {
  return R"(
scenario: {id: corr, title: Correlated, as_of: 2026-01-01, horizon: 3}
issues: [{id: share, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - id: a
    role: principal
    batna: {dist: uniform, low: 0.1, high: 0.5}
    costs: {per_round: {dist: triangular, low: 0, mode: 0.01, high: 0.04}}
    demands: {share: {ideal: 1}}
  - id: b
    role: principal
    batna: 0.3
    capability: {dist: normal, mean: 1, sd: 0.2, min: 0.5}
    demands: {share: {ideal: 0}}
events:
  - {id: bill, chance: {dist: uniform, low: 0.01, high: 0.03}}
process:
  initial: talks
  states: [{id: talks, kind: bargaining}, {id: deal, kind: terminal, outcome: agreement}]
  transitions: [{from: talks, to: deal, on: accepted}]
)" + correlations;
}

// The sampled value of every parameter at the start of a branch.
struct Sampled final : BranchObserver {
  std::vector<double> param;
  void begin(std::uint64_t, std::uint64_t, const detail::BranchState& st) override {
    param = st.param;
  }
};

int param_index(const Simulator& sim, const std::string& path) {
  const auto& params = sim.compiled().params;
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].path == path) return static_cast<int>(i);
  ADD_FAILURE() << "no parameter " << path;
  return 0;
}

// Values of the given parameters over branches 0..n−1.
std::vector<std::vector<double>> sample(const Simulator& sim, const std::vector<std::string>& paths,
                                        int n, const InputDraws* draws = nullptr) {
  std::vector<std::vector<double>> out(paths.size());
  Sampled seen;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    if (draws)
      sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), *draws, r, &seen);
    else
      sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r, &seen);
    for (std::size_t k = 0; k < paths.size(); ++k)
      out[k].push_back(seen.param[static_cast<std::size_t>(param_index(sim, paths[k]))]);
  }
  return out;
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return x[i] < x[j]; });
  std::vector<double> r(x.size());
  for (std::size_t k = 0; k < order.size(); ++k) r[order[k]] = static_cast<double>(k);
  return r;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const auto rx = ranks(x), ry = ranks(y);
  const double n = static_cast<double>(x.size()), mean = (n - 1) / 2;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
  }
  return sxy / sxx;
}

// Kolmogorov–Smirnov distance between two samples.
double ks_distance(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  double d = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    d = std::max(d, std::abs(double(i) / a.size() - double(j) / b.size()));
  }
  return d;
}

TEST(Correlation, RankToNormalScores) {
  EXPECT_EQ(normal_correlation_from_rank(0), 0);
  EXPECT_NEAR(normal_correlation_from_rank(1), 1, 1e-15);
  EXPECT_NEAR(normal_correlation_from_rank(-1), -1, 1e-15);
  EXPECT_NEAR(normal_correlation_from_rank(0.5), 0.517638, 1e-6);
  EXPECT_NEAR(rank_correlation_from_normal(normal_correlation_from_rank(0.3)), 0.3, 1e-12);
}

TEST(Correlation, CholeskyOfSemidefiniteMatrices) {
  const CholeskyFactor two = cholesky_semidefinite({1, 0.6, 0.6, 1}, 2);
  ASSERT_TRUE(two.ok());
  EXPECT_NEAR(two.lower[2], 0.6, 1e-15);
  EXPECT_NEAR(two.lower[3], 0.8, 1e-15);
  // A correlation of 1 is singular but possible: a zero column.
  const CholeskyFactor one = cholesky_semidefinite({1, 1, 1, 1}, 2);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.lower[3], 0);
  // x and y, and x and z, move together, but y and z against each other: impossible.
  const CholeskyFactor bad = cholesky_semidefinite({1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1}, 3);
  EXPECT_EQ(bad.failed, 2);
  EXPECT_TRUE(bad.lower.empty());
}

TEST(CorrelatedInputs, MatchTheRankCorrelationAndKeepTheMarginals) {
  const std::string pair =
      "correlations:\n"
      "  - {between: [parties.a.costs.per_round, events.bill.chance], rank: 0.5}\n"
      "  - {between: [parties.b.capability, parties.a.batna], rank: -0.7}\n";
  const Simulator plain = test::simulator_for(scenario(""));
  const Simulator tied = test::simulator_for(scenario(pair));
  const std::vector<std::string> paths = {"parties.a.costs.per_round", "events.bill.chance",
                                          "parties.b.capability", "parties.a.batna"};
  const int n = 20000;
  const auto free = sample(plain, paths, n), with = sample(tied, paths, n);
  // Spearman's ρ of n pairs has a standard error of about (1 − ρ²)/√n.
  EXPECT_NEAR(spearman(with[0], with[1]), 0.5, 4 * 0.75 / std::sqrt(n));
  EXPECT_NEAR(spearman(with[2], with[3]), -0.7, 4 * 0.51 / std::sqrt(n));
  EXPECT_NEAR(spearman(with[0], with[2]), 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(spearman(free[0], free[1]), 0.0, 4 / std::sqrt(n));
  // Each marginal is the same distribution: KS distance within its 0.1% critical value.
  for (std::size_t k = 0; k < paths.size(); ++k)
    EXPECT_LT(ks_distance(free[k], with[k]), 1.95 * std::sqrt(2.0 / n)) << paths[k];
  // Every value lies in its distribution's support (the truncated normal too).
  for (double c : with[2]) EXPECT_GE(c, 0.5);
}

TEST(CorrelatedInputs, LeaveOtherDrawsAndUncorrelatedInputsAlone) {
  const std::string pair =
      "correlations:\n  - {between: [parties.a.costs.per_round, events.bill.chance], rank: 0.5}\n";
  const Simulator plain = test::simulator_for(scenario(""));
  const Simulator tied = test::simulator_for(scenario(pair));
  const std::vector<std::string> paths = {"parties.a.batna", "parties.b.capability",
                                          "parties.a.costs.per_round", "events.bill.chance"};
  const auto free = sample(plain, paths, 200), with = sample(tied, paths, 200);
  EXPECT_EQ(free[0], with[0]);
  EXPECT_EQ(free[1], with[1]);
  // The first member in file order keeps its own normal score (L's first row
  // is (1, 0)), up to the rounding of Φ(Φ⁻¹(U)); the second moves with it.
  for (int b = 0; b < 200; ++b) EXPECT_NEAR(free[2][b], with[2][b], 1e-12);
  EXPECT_NE(free[3], with[3]);
}

TEST(CorrelatedInputs, AHeldInputConditionsItsPartners) {
  // With a rank correlation of 1, holding one input at its 90th percentile
  // holds the other at its own 90th percentile too.
  const std::string pair =
      "correlations:\n  - {between: [parties.a.costs.per_round, events.bill.chance], rank: 1}\n";
  const Simulator tied = test::simulator_for(scenario(pair));
  const auto inputs = uncertain_inputs(tied);
  InputDraws draws;
  draws.held.assign(inputs.size(), std::nan(""));
  std::size_t costs = inputs.size(), chance = inputs.size();
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].path == "parties.a.costs.per_round")
      costs = i;
    else if (inputs[i].path == "events.bill.chance")
      chance = i;
  ASSERT_LT(costs, inputs.size());
  ASSERT_LT(chance, inputs.size());
  draws.held[costs] = 0.9;
  EXPECT_EQ(inputs[chance].copula, 0);
  const auto held = sample(tied, {"parties.a.costs.per_round", "events.bill.chance"}, 50, &draws);
  for (double c : held[0]) EXPECT_DOUBLE_EQ(c, inputs[costs].dist.quantile(0.9));
  for (double p : held[1]) EXPECT_NEAR(p, 0.01 + 0.9 * 0.02, 1e-9);
}

TEST(CorrelatedInputs, AreCheckedWithPositions) {
  const auto problems = test_support::load_problems(
      scenario("correlations:\n"
               "  - {between: [parties.a.costs.per_round, events.bil.chance], rank: 0.5}\n"
               "  - {between: [parties.b.batna, events.bill.chance], rank: 0.5}\n"
               "  - {between: [parties.a.batna, events.bill.chance], rank: 1.5}\n"
               "  - {between: [parties.a.batna, parties.a.batna], rank: 0.5}\n"
               "  - {between: [parties.a.batna], rank: 0.5}\n"));
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0],
            "22:43: correlations[0].between[1]: unknown event 'bil' in 'events.bil.chance'; did "
            "you mean 'bill'?");
  EXPECT_EQ(problems[1],
            "23:16: correlations[1].between[0]: 'parties.b.batna' is the plain number 0.3 here; "
            "only an uncertain input (a distribution) can be correlated");
  EXPECT_EQ(problems[2],
            "24:60: correlations[2].rank: expected a number between -1 and 1, got 1.5");
  EXPECT_EQ(problems[3],
            "25:15: correlations[3].between: 'parties.a.batna' is correlated with itself; name "
            "two different inputs");
  EXPECT_EQ(problems[4],
            "26:15: correlations[4].between: a correlation is between exactly two inputs, got 1");
}

TEST(CorrelatedInputs, APairIsGivenOnce) {
  // In either order: the second, as it is written, names the line of the first.
  const auto problems = test_support::load_problems(
      scenario("correlations:\n"
               "  - {between: [parties.a.batna, events.bill.chance], rank: 0.3}\n"
               "  - {between: [events.bill.chance, parties.a.batna], rank: 0.4}\n"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "23:5: correlations[1]: the correlation between 'events.bill.chance' and "
            "'parties.a.batna' is already given at line 22; give it once");
}

TEST(CorrelatedInputs, ThatCannotHoldTogetherAreNamed) {
  const auto problems = test_support::load_problems(
      scenario("correlations:\n"
               "  - {between: [parties.a.batna, parties.b.capability], rank: 0.9}\n"
               "  - {between: [parties.a.batna, events.bill.chance], rank: 0.9}\n"
               "  - {between: [parties.b.capability, events.bill.chance], rank: -0.9}\n"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "24:5: correlations[2]: the rank correlations among parties.a.batna, "
            "parties.b.capability and events.bill.chance cannot all hold at once (their matrix "
            "is not positive semi-definite); weaken some of them");
}

}  // namespace
}  // namespace negsim
