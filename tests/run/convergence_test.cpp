// The running estimates of `negsim run --convergence` (convergence.hpp): one
// point per chunk of branches, in branch order, the last equal to the final
// tally, the same for any thread count.
#include "negsim/run/convergence.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "negsim/run/runner.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

// A chance state ends in "hit" with probability 0.3: every running estimate
// is a binomial share of 0.3, so its interval should hold 0.3 most of the time.
const char* kCoin = R"(
scenario: {id: coin, title: A weighted coin, as_of: 2026-01-01, horizon: 3}
issues: [{id: share, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, demands: {share: {ideal: 1}}}
  - {id: b, role: principal, demands: {share: {ideal: 0}}}
process:
  initial: toss
  states:
    - {id: toss, kind: chance}
    - {id: hit, kind: terminal, outcome: hit}
    - {id: miss, kind: terminal, outcome: miss}
  transitions:
    - {from: toss, to: hit, probability: 0.3}
    - {from: toss, to: miss, probability: otherwise}
)";

RunResult run_coin(const Simulator& sim, std::uint64_t branches, int threads) {
  RunOptions options;
  options.branches = branches;
  options.threads = threads;
  options.convergence = true;
  return run_branches(sim, options);
}

std::size_t outcome_index(const Simulator& sim, const std::string& id) {
  const auto& o = sim.outcomes();
  for (std::size_t i = 0; i < o.size(); ++i)
    if (o[i] == id) return i;
  ADD_FAILURE() << "no outcome " << id;
  return 0;
}

TEST(Convergence, OnePointPerChunkEndingAtTheTally) {
  const Simulator sim = test::simulator_for(kCoin);
  // 10 full chunks and a partial one.
  const std::uint64_t branches = 10 * kChunkBranches + 100;
  const RunResult r = run_coin(sim, branches, 2);
  ASSERT_EQ(r.convergence.size(), 11u);
  for (std::size_t k = 0; k < 10; ++k)
    EXPECT_EQ(r.convergence[k].branches, (k + 1) * kChunkBranches);
  EXPECT_EQ(r.convergence.back().branches, branches);
  const std::size_t hit = outcome_index(sim, "hit");
  for (std::size_t o = 0; o < sim.outcomes().size(); ++o)
    EXPECT_EQ(r.convergence.back().counts.at(o), r.tally.outcome_count(o));
  // Counts of a growing prefix never fall, and the outcomes share every branch.
  for (std::size_t k = 1; k < r.convergence.size(); ++k) {
    EXPECT_GE(r.convergence[k].counts[hit], r.convergence[k - 1].counts[hit]);
    std::uint64_t sum = 0;
    for (std::uint64_t c : r.convergence[k].counts) sum += c;
    EXPECT_EQ(sum, r.convergence[k].branches);
  }
  // The final estimate is a binomial share of 0.3 over 10,340 branches
  // (standard error 0.0045): within four of them.
  EXPECT_NEAR(share_at(r.convergence.back(), hit), 0.3, 4 * std::sqrt(0.21 / branches));
  EXPECT_TRUE(interval_at(r.convergence.back(), hit).contains(share_at(r.convergence.back(), hit)));
}

TEST(Convergence, TheSameOnAnyNumberOfThreads) {
  const Simulator sim = test::simulator_for(kCoin);
  const RunResult one = run_coin(sim, 5 * kChunkBranches + 7, 1);
  const RunResult two = run_coin(sim, 5 * kChunkBranches + 7, 2);
  EXPECT_EQ(one.convergence, two.convergence);
  // Off by default: a plain run keeps no points.
  RunOptions plain;
  plain.branches = 2000;
  EXPECT_TRUE(run_branches(sim, plain).convergence.empty());
}

TEST(Convergence, ShareAndWilsonIntervalAtAPoint) {
  const ConvergencePoint p{100, {30, 70}};
  EXPECT_DOUBLE_EQ(share_at(p, 0), 0.3);
  // Wilson's interval for 30 of 100: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n).
  const double z = 1.959963984540054, n = 100, s = 0.3;
  const double centre = (s + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(s * (1 - s) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  EXPECT_NEAR(interval_at(p, 0).low, centre - half, 1e-12);
  EXPECT_NEAR(interval_at(p, 0).high, centre + half, 1e-12);
  EXPECT_EQ(share_at(ConvergencePoint{0, {0}}, 0), 0);
}

TEST(Convergence, ThinningKeepsTheEndsOnALogScale) {
  std::vector<ConvergencePoint> points;
  for (std::uint64_t k = 1; k <= 1000; ++k) points.push_back({k * kChunkBranches, {k}});
  const auto few = thinned(points, 50);
  ASSERT_LE(few.size(), 50u);
  ASSERT_GE(few.size(), 40u);
  EXPECT_EQ(few.front(), points.front());
  EXPECT_EQ(few.back(), points.back());
  for (std::size_t i = 1; i < few.size(); ++i) EXPECT_LT(few[i - 1].branches, few[i].branches);
  // Log spacing: the first tenth of the branches (100 chunks) holds about
  // log(100)/log(1000) = 2/3 of the points, not a tenth.
  std::size_t early = 0;
  for (const auto& p : few) early += p.branches <= 100 * kChunkBranches;
  EXPECT_GT(early, few.size() / 2);
  // Few points are kept as they are.
  const std::vector<ConvergencePoint> three(points.begin(), points.begin() + 3);
  EXPECT_EQ(thinned(three, 50), three);
}

}  // namespace
}  // namespace negsim
