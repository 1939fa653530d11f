// Sensitivity analyses on scenarios with closed-form answers
// (docs/sensitivity.md): one input that decides everything, two inputs that
// add up, a tornado whose swing is known, and the same figures on any number
// of threads or any split of the work.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "negsim/run/runner.hpp"
#include "negsim/run/sensitivity_runner.hpp"
#include "negsim/run/sobol_indices.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

const char* kParties = R"(
issues: [{id: share, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - id: a
    role: principal
    capability: {dist: uniform, low: 0.5, high: 1.5}
    batna: {dist: uniform, low: 0.1, high: 0.3}
    demands: {share: {ideal: 1}}
  - id: b
    role: principal
    demands: {share: {ideal: 0, salience: {dist: uniform, low: 0.5, high: 1}}}
)";

// The talks wait for a number of rounds drawn once, then end "early"; with a
// horizon of 5 the outcome is early exactly when round(wait) <= 5, i.e. wait
// < 5.5: P = 4.5/9 = 1/2. The other inputs and the shock change nothing.
const std::string kOneInput = std::string(R"(
scenario: {id: oracle, title: One input decides, as_of: 2026-01-01, horizon: 5}
)") + kParties + R"(
events:
  - {id: noise, chance: {dist: uniform, low: 0.2, high: 0.6}, repeats: true}
process:
  initial: waiting
  states:
    - {id: waiting, kind: pause, max_rounds: {dist: uniform, low: 1, high: 10}}
    - {id: done, kind: terminal, outcome: early}
  transitions:
    - {from: waiting, to: done, on: round_limit}
)";

// A chance state goes to "hit" through one edge of probability p1 or another
// of probability p2: P(hit | p1, p2) = p1 + p2, additive in the two inputs.
const std::string kAdditive = std::string(R"(
scenario: {id: additive, title: Two inputs add up, as_of: 2026-01-01, horizon: 3}
)") + kParties + R"(
process:
  initial: start
  states:
    - {id: start, kind: chance}
    - {id: hit_one, kind: terminal, outcome: hit}
    - {id: hit_two, kind: terminal, outcome: hit}
    - {id: miss, kind: terminal, outcome: miss}
  transitions:
    - {from: start, to: hit_one, probability: {dist: uniform, low: 0, high: 0.3}}
    - {from: start, to: hit_two, probability: {dist: uniform, low: 0, high: 0.6}}
    - {from: start, to: miss, probability: otherwise}
)";

SensitivityResult analyse(const Simulator& sim, const std::string& target, std::uint64_t rows,
                          int threads = 0) {
  SensitivityOptions options;
  options.rows = rows;
  options.threads = threads;
  options.replicates = 400;
  return run_sensitivity(sim, sensitivity_target(sim, target), options);
}

const SobolIndex& index_of(const SensitivityResult& r, const std::string& id) {
  const auto& factors = r.design.factors;
  const auto it = std::find_if(factors.begin(), factors.end(),
                               [&](const SobolFactor& f) { return f.id == id; });
  EXPECT_NE(it, factors.end()) << id;
  return r.indices->factors.at(static_cast<std::size_t>(it - factors.begin()));
}

TEST(Sensitivity, OneInputExplainsEverything) {
  const Simulator sim = test::simulator_for(kOneInput);
  const SensitivityResult r = analyse(sim, "early", 4000);
  ASSERT_TRUE(r.indices);
  EXPECT_NEAR(r.indices->mean, 0.5, 0.03);
  const std::string decisive = "process.states.waiting.max_rounds";
  std::vector<std::string> ids;
  for (const SobolFactor& f : r.design.factors) ids.push_back(f.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"parties.a.capability", "parties.a.batna",
                                           "parties.b.demands.share.salience",
                                           "events.noise.chance", decisive, "chance"}));
  for (std::size_t f = 0; f < r.design.factors.size(); ++f) {
    const SobolIndex& s = r.indices->factors[f];
    const double expected = r.design.factors[f].id == decisive ? 1.0 : 0.0;
    SCOPED_TRACE(r.design.factors[f].id);
    EXPECT_TRUE(s.first_ci95.contains(expected))
        << s.first << " " << s.first_ci95.low << " " << s.first_ci95.high;
    EXPECT_TRUE(s.total_ci95.contains(expected))
        << s.total << " " << s.total_ci95.low << " " << s.total_ci95.high;
    if (expected == 0) {
      // The branches that share everything but this input end alike: exactly 0.
      EXPECT_EQ(s.first, 0);
      EXPECT_EQ(s.total, 0);
    }
  }
  EXPECT_TRUE(r.indices->unexplained_ci95.contains(0));
  // The tornado: the decisive input held at its 10th percentile (1.9 rounds)
  // ends early always, at its 90th (9.1) never.
  ASSERT_TRUE(r.tornado);
  const TornadoBar& top = r.tornado->bars.front();
  EXPECT_EQ(top.input, decisive);
  EXPECT_EQ(top.low, 1.0);
  EXPECT_EQ(top.high, 0.0);
  EXPECT_EQ(top.swing, -1.0);
  for (std::size_t i = 1; i < r.tornado->bars.size(); ++i) EXPECT_EQ(r.tornado->bars[i].swing, 0);
}

TEST(Sensitivity, AdditiveInputsHaveTheirVarianceShares) {
  const Simulator sim = test::simulator_for(kAdditive);
  const SensitivityResult r = analyse(sim, "hit", 40000);
  // V = m(1 − m) with m = 0.15 + 0.3; Var p1 = 0.3²/12, Var p2 = 0.6²/12.
  const double v = 0.45 * 0.55;
  const double s1 = 0.09 / 12 / v, s2 = 0.36 / 12 / v;  // ratio 4
  const SobolIndex& one = index_of(r, "process.transitions.start->hit_one.probability");
  const SobolIndex& two = index_of(r, "process.transitions.start->hit_two.probability");
  EXPECT_TRUE(one.first_ci95.contains(s1)) << one.first;
  EXPECT_TRUE(two.first_ci95.contains(s2)) << two.first;
  EXPECT_NEAR(two.first / one.first, 4, 1.5);
  // Inputs that play no part in a chance state: exactly 0.
  EXPECT_EQ(index_of(r, "parties.a.batna").total, 0);
  // Y = 1[U < p1 + p2] for the chance draw U, so each input's total index
  // exceeds its first-order one (its effect depends on U).
  EXPECT_GT(one.total_ci95.low, one.first_ci95.high);
  // Tornado: holding p1 at its 10th and 90th percentiles moves P by
  // 0.9·0.3 − 0.1·0.3 = 0.24; p2 by 0.48.
  const auto& bars = r.tornado->bars;
  ASSERT_GE(bars.size(), 2u);
  EXPECT_EQ(bars[0].input, "process.transitions.start->hit_two.probability");
  EXPECT_TRUE(bars[0].swing_ci95.contains(0.48)) << bars[0].swing;
  EXPECT_TRUE(bars[1].swing_ci95.contains(0.24)) << bars[1].swing;
  EXPECT_LT(bars[1].swing_ci95.half_width(), 0.01);
}

TEST(Sensitivity, CorrelatedInputsAreOneFactorAndMoveTogetherInTheTornado) {
  // The additive pair tied by a rank correlation of 1: p1 = 0.3 V, p2 = 0.6 V
  // for one uniform V. The pair is one factor, E[Y | V] = 0.9 V, so its
  // first-order index is Var(0.9 V) / (m(1 − m)) = (0.81/12) / (0.45 · 0.55).
  // Holding either at its 10th (90th) percentile holds the other there too:
  // P = 0.9 · 0.1 = 0.09 and 0.9 · 0.9 = 0.81, a swing of 0.72 for both bars.
  const Simulator sim = test::simulator_for(
      kAdditive +
      "correlations:\n  - {between: [process.transitions.start->hit_one.probability, "
      "process.transitions.start->hit_two.probability], rank: 1}\n");
  const SensitivityResult r = analyse(sim, "hit", 20000);
  const std::string pair =
      "process.transitions.start->hit_one.probability + "
      "process.transitions.start->hit_two.probability";
  const SobolIndex& both = index_of(r, pair);
  const double s = 0.81 / 12 / (0.45 * 0.55);
  EXPECT_NEAR(both.first, s, 2 * both.first_ci95.half_width()) << both.first << " vs " << s;
  EXPECT_EQ(r.design.factors.size(), 5u);  // three other inputs, the pair, chance
  const auto& bars = r.tornado->bars;
  ASSERT_GE(bars.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(bars[i].input);
    EXPECT_NE(bars[i].input.find("process.transitions.start->hit_"), std::string::npos);
    EXPECT_TRUE(bars[i].swing_ci95.contains(0.72)) << bars[i].swing;
  }
  // Both bars hold the pair at the same quantiles on the same branches.
  EXPECT_EQ(bars[0].swing, bars[1].swing);
}

TEST(Sensitivity, TheSameOnAnyNumberOfThreads) {
  const Simulator sim = test::simulator_for(kAdditive);
  const SensitivityResult one = analyse(sim, "hit", 3000, 1);
  const SensitivityResult two = analyse(sim, "hit", 3000, 2);
  const SensitivityResult three = analyse(sim, "hit", 3000, 3);
  EXPECT_EQ(*one.tornado, *two.tornado);
  EXPECT_EQ(*one.indices, *two.indices);
  EXPECT_EQ(*one.tornado, *three.tornado);
  EXPECT_EQ(*one.indices, *three.indices);
}

TEST(Sensitivity, AnySplitOfTheWorkGivesTheSameMarks) {
  const Simulator sim = test::simulator_for(kOneInput);
  const SensitivityTarget target = sensitivity_target(sim, "early");
  const SensitivityDesign design = sensitivity_design(sim, {});
  SensitivityOptions options;
  bool partial = false;
  int threads = 0;
  double wall = 0;
  const SensitivityMarks whole =
      run_design(sim, design, target, 300, options, partial, threads, wall);
  // Items of uneven sizes, run last first.
  SensitivityMarks pieces(design.blocks.size(), 300);
  const std::uint64_t units = 300 * design.blocks.size();
  std::vector<SensitivityItem> items;
  for (std::uint64_t first = 0, size = 1; first < units; first += size, size = size * 3 % 1000 + 7)
    items.push_back({first, std::min(units, first + size)});
  std::reverse(items.begin(), items.end());
  BranchResult scratch;
  std::vector<std::uint8_t> hits;
  for (const SensitivityItem& item : items) {
    evaluate_item(sim, design, target, item, scratch, hits);
    pieces.place(item, hits);
  }
  for (std::size_t b = 0; b < design.blocks.size(); ++b)
    EXPECT_EQ(whole.column(b), pieces.column(b)) << b;
}

TEST(Sensitivity, TheBaseBlockIsTheUsualRun) {
  const Simulator sim = test::simulator_for(kAdditive);
  const SensitivityResult r = analyse(sim, "hit", 5000);
  RunOptions run;
  run.branches = 5000;
  const RunResult plain = run_branches(sim, run);
  EXPECT_EQ(r.tornado->base, plain.tally.outcome_count(0) / 5000.0);
}

TEST(SobolIndices, ClosedFormOfAnAdditiveModel) {
  // The estimators alone: two fair coins x1, x2 and a chance draw u, with
  // Y = 1[u < 0.1 + 0.2 x1 + 0.6 x2]. E[Y | x] is additive; V = 1/4,
  // Var E[Y|x1] = 0.2²/4, Var E[Y|x2] = 0.6²/4: S1 = 0.04, S2 = 0.36 (ratio 9),
  // and the chance draw has the rest, 0.6, once interactions are counted in.
  const std::size_t n = 200000;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0, 1);
  struct Point {
    int x1, x2;
    double u;
  };
  const auto y = [](const Point& p) -> std::uint8_t { return p.u < 0.1 + 0.2 * p.x1 + 0.6 * p.x2; };
  std::vector<std::uint8_t> a(n), b(n), ab1(n), ab2(n), abu(n);
  for (std::size_t j = 0; j < n; ++j) {
    const Point pa{rng() % 2 == 0, rng() % 2 == 0, uniform(rng)};
    const Point pb{rng() % 2 == 0, rng() % 2 == 0, uniform(rng)};
    a[j] = y(pa);
    b[j] = y(pb);
    ab1[j] = y({pb.x1, pa.x2, pa.u});
    ab2[j] = y({pa.x1, pb.x2, pa.u});
    abu[j] = y({pa.x1, pa.x2, pb.u});
  }
  SobolOptions options;
  options.replicates = 200;
  const SobolEstimate e = sobol_indices(a, b, {ab1, ab2, abu}, {true, true, false}, options);
  // Within two half-widths of the 95% bootstrap interval (about four standard
  // errors): a fixed sample misses a 95% interval one time in twenty, while a
  // wrong estimator (a factor of 2, V from one block) misses by far more.
  const auto near = [](double estimate, const Interval& ci, double truth) {
    return std::abs(estimate - truth) <= 2 * ci.half_width();
  };
  EXPECT_TRUE(near(e.factors[0].first, e.factors[0].first_ci95, 0.04)) << e.factors[0].first;
  EXPECT_TRUE(near(e.factors[1].first, e.factors[1].first_ci95, 0.36)) << e.factors[1].first;
  EXPECT_LT(e.factors[0].first_ci95.half_width(), 0.01);
  EXPECT_NEAR(e.factors[1].first / e.factors[0].first, 9, 1.5);
  // What no single input explains: 1 − 0.04 − 0.36.
  EXPECT_TRUE(near(e.unexplained, e.unexplained_ci95, 0.6)) << e.unexplained;
  // Var E[Y|u]: E[Y|u] = P(0.1 + 0.2 x1 + 0.6 x2 > u), a step function of u
  // with values 1, 3/4, 1/2, 1/4, 0 on [0, .1), [.1, .3), [.3, .7), [.7, .9), [.9, 1).
  const double mean_sq = 0.1 * 1 + 0.2 * 0.5625 + 0.4 * 0.25 + 0.2 * 0.0625;
  const double su = (mean_sq - 0.25) / 0.25;
  EXPECT_TRUE(near(e.factors[2].first, e.factors[2].first_ci95, su))
      << e.factors[2].first << " vs " << su;
}

TEST(SobolIndices, AConstantTargetHasNoVariance) {
  const std::vector<std::uint8_t> ones(100, 1);
  const SobolEstimate e = sobol_indices(ones, ones, {ones}, {true});
  EXPECT_EQ(e.variance, 0);
  EXPECT_EQ(e.factors[0].first, 0);
  EXPECT_EQ(e.factors[0].total, 0);
}

}  // namespace
}  // namespace negsim
