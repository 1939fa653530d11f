#include "negsim/model/nash.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "negsim/model/rng.hpp"
#include "support/red_line.hpp"

namespace negsim {
namespace {

using test_support::kNoRedLine;

double nash_product_log(std::span<const double> x, std::span<const NashBargainer> bargainers) {
  double f = 0;
  for (const NashBargainer& b : bargainers)
    f += b.weight * std::log(utility(x, b.stances) - b.disagreement);
  return f;
}

TEST(Nash, DividingAPieWithLinearUtilities) {
  // Party 1 wants the issue at 1, party 2 at 0: u1 = x, u2 = 1 - x, so
  // x_1 = d1 + (w1 / (w1 + w2)) (1 - d1 - d2).
  const std::vector<Stance> one = {{0, 1.0, kNoRedLine, 1.0}}, two = {{0, 0.0, kNoRedLine, 1.0}};
  const double cases[][4] = {{1, 1, 0, 0},     {2, 1, 0, 0},       {1, 3, 0.1, 0.2},
                             {0.5, 2, 0.3, 0}, {1, 1, 0.45, 0.45}, {3, 0.2, 0, 0.6}};
  NashWorkspace ws;
  for (const auto& c : cases) {
    const double w1 = c[0], w2 = c[1], d1 = c[2], d2 = c[3];
    const std::vector<NashBargainer> bargainers = {{w1, d1, one}, {w2, d2, two}};
    std::vector<double> x = {0.5};
    const std::vector<double> lower = {0}, upper = {1};
    ASSERT_TRUE(nash_solution(x, lower, upper, bargainers, ws));
    EXPECT_NEAR(x[0], d1 + w1 / (w1 + w2) * (1 - d1 - d2), 1e-6)
        << "w " << w1 << "," << w2 << " d " << d1 << "," << d2;
  }
}

TEST(Nash, PowerUtilitiesWithTheGeneralSolver) {
  // u1 = x^a1, u2 = (1 - x)^a2, d = 0: x = a1 w1 / (a1 w1 + a2 w2).
  const double cases[][4] = {{1, 1, 1, 1}, {0.5, 1, 1, 1}, {2, 0.3, 1, 2}, {1, 1, 3, 1}};
  for (const auto& c : cases) {
    const double a1 = c[0], a2 = c[1], w1 = c[2], w2 = c[3];
    const std::vector<UtilityFunction> u = {
        [a1](std::span<const double> x) { return std::pow(x[0], a1); },
        [a2](std::span<const double> x) { return std::pow(1 - x[0], a2); }};
    const std::vector<double> w = {w1, w2}, d = {0, 0}, lower = {0}, upper = {1};
    const auto x = nash_solution(u, w, d, lower, upper, {0.5});
    ASSERT_TRUE(x.has_value());
    EXPECT_NEAR((*x)[0], a1 * w1 / (a1 * w1 + a2 * w2), 1e-6)
        << "a " << a1 << "," << a2 << " w " << w1 << "," << w2;
  }
}

TEST(Nash, GeneralSolverSeparatesNashFromKalaiSmorodinsky) {
  // Frontier u2 = 1 - u1^2, d = 0: the Nash point is u1 = 1/sqrt(3) = 0.5774,
  // u2 = 2/3 (Kalai-Smorodinsky would give 0.618 for both).
  const std::vector<UtilityFunction> u = {
      [](std::span<const double> x) { return x[0]; },
      [](std::span<const double> x) { return 1 - x[0] * x[0]; }};
  const std::vector<double> w = {1, 1}, d = {0, 0}, lower = {0}, upper = {1};
  const auto x = nash_solution(u, w, d, lower, upper, {0.9});
  ASSERT_TRUE(x.has_value());
  EXPECT_NEAR((*x)[0], 1 / std::sqrt(3.0), 1e-6);
}

TEST(Nash, TradesIssuesByRelativeSalience) {
  // Each party gets the issue it cares about more: the package (1, 0) gives
  // both 0.75, which no split of the issues beats.
  const std::vector<Stance> one = {{0, 1.0, kNoRedLine, 3.0}, {1, 1.0, kNoRedLine, 1.0}};
  const std::vector<Stance> two = {{0, 0.0, kNoRedLine, 1.0}, {1, 0.0, kNoRedLine, 3.0}};
  const std::vector<NashBargainer> bargainers = {{1, 0, one}, {1, 0, two}};
  std::vector<double> x = {0.5, 0.5};
  const std::vector<double> lower = {0, 0}, upper = {1, 1};
  NashWorkspace ws;
  ASSERT_TRUE(nash_solution(x, lower, upper, bargainers, ws));
  EXPECT_NEAR(x[0], 1.0, 1e-9);
  EXPECT_NEAR(x[1], 0.0, 1e-9);
}

TEST(Nash, StaysInsideTheBox) {
  const std::vector<Stance> one = {{0, 1.0, kNoRedLine, 1.0}}, two = {{0, 0.0, kNoRedLine, 1.0}};
  const std::vector<NashBargainer> bargainers = {{1, 0, one}, {1, 0, two}};
  std::vector<double> x = {0.5};
  const std::vector<double> lower = {0.7}, upper = {0.9};
  NashWorkspace ws;
  ASSERT_TRUE(nash_solution(x, lower, upper, bargainers, ws));
  EXPECT_NEAR(x[0], 0.7, 1e-12);  // as close to the unconstrained 0.5 as the box allows
}

TEST(Nash, ReportsWhenNoPackageBeatsEveryDisagreementValue) {
  const std::vector<Stance> one = {{0, 1.0, kNoRedLine, 1.0}}, two = {{0, 0.0, kNoRedLine, 1.0}};
  const std::vector<NashBargainer> bargainers = {{1, 0.6, one}, {1, 0.6, two}};
  std::vector<double> x = {0.5};
  const std::vector<double> lower = {0}, upper = {1};
  NashWorkspace ws;
  EXPECT_FALSE(nash_solution(x, lower, upper, bargainers, ws));
  // The same with three bargainers (the coordinate-ascent path).
  const std::vector<Stance> three = {{0, 0.5, kNoRedLine, 1.0}};
  const std::vector<NashBargainer> three_way = {{1, 0.6, one}, {1, 0.6, two}, {1, 0, three}};
  x = {0.5};
  EXPECT_FALSE(nash_solution(x, lower, upper, three_way, ws));
}

// Random problems: the exact two-bargainer solver, the coordinate ascent
// (three bargainers, one of them indifferent) and the general solver must
// reach the same Nash product, and no grid point may beat it.
TEST(Nash, SolversAgreeOnRandomProblems) {
  const Stream stream(5, purpose_id("test:nash"), 0);
  std::uint64_t draw = 0;
  const auto u01 = [&] { return stream.uniform(draw++); };
  NashWorkspace ws;
  int solved = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t issues = 1 + trial % 3;
    std::vector<Stance> a, b;
    for (std::size_t k = 0; k < issues; ++k) {
      a.push_back({static_cast<int>(k), u01(), kNoRedLine, 0.1 + u01()});
      b.push_back({static_cast<int>(k), u01(), kNoRedLine, 0.1 + u01()});
    }
    const double wa = 0.2 + u01(), wb = 0.2 + u01(), da = 0.3 * u01(), db = 0.3 * u01();
    const std::vector<NashBargainer> two = {{wa, da, a}, {wb, db, b}};
    std::vector<double> lower(issues, 0.0), upper(issues, 1.0);
    std::vector<double> x(issues, 0.5);
    const bool ok = nash_solution(x, lower, upper, two, ws);
    if (!ok) continue;
    ++solved;
    const double best = nash_product_log(x, two);

    // Coordinate ascent: add a bargainer with no stake (weight 0).
    const std::vector<Stance> none;
    const std::vector<NashBargainer> three = {{wa, da, a}, {wb, db, b}, {0, -1, none}};
    std::vector<double> y(issues, 0.5);
    ASSERT_TRUE(nash_solution(y, lower, upper, three, ws));
    EXPECT_NEAR(nash_product_log(y, two), best, 1e-7) << "trial " << trial;

    const std::vector<UtilityFunction> u = {
        [&a](std::span<const double> p) { return utility(p, a); },
        [&b](std::span<const double> p) { return utility(p, b); }};
    const std::vector<double> w = {wa, wb}, d = {da, db};
    const auto z = nash_solution(u, w, d, lower, upper, std::vector<double>(issues, 0.5));
    ASSERT_TRUE(z.has_value());
    EXPECT_NEAR(nash_product_log(*z, two), best, 1e-6) << "trial " << trial;

    // Grid search in 1 and 2 dimensions.
    if (issues <= 2) {
      const int n = issues == 1 ? 2001 : 101;
      std::vector<double> g(issues);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < (issues == 2 ? n : 1); ++j) {
          g[0] = static_cast<double>(i) / (n - 1);
          if (issues == 2) g[1] = static_cast<double>(j) / (n - 1);
          const double ua = utility(g, a) - da, ub = utility(g, b) - db;
          if (ua <= 0 || ub <= 0) continue;
          EXPECT_LE(wa * std::log(ua) + wb * std::log(ub), best + 1e-9) << "trial " << trial;
        }
    }
  }
  EXPECT_GT(solved, 40);
}

TEST(Nash, ThreeBargainersMatchTheGeneralSolver) {
  const Stream stream(9, purpose_id("test:nash3"), 0);
  std::uint64_t draw = 0;
  const auto u01 = [&] { return stream.uniform(draw++); };
  NashWorkspace ws;
  int solved = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t issues = 2 + trial % 3;
    std::vector<std::vector<Stance>> stances(3);
    std::vector<double> w, d;
    for (auto& s : stances) {
      for (std::size_t k = 0; k < issues; ++k)
        s.push_back({static_cast<int>(k), u01(), kNoRedLine, 0.1 + u01()});
      w.push_back(0.2 + u01());
      d.push_back(0.2 * u01());
    }
    std::vector<NashBargainer> bargainers;
    std::vector<UtilityFunction> u;
    for (std::size_t i = 0; i < 3; ++i) {
      bargainers.push_back({w[i], d[i], stances[i]});
      u.push_back([&s = stances[i]](std::span<const double> p) { return utility(p, s); });
    }
    std::vector<double> lower(issues, 0.0), upper(issues, 1.0), x(issues, 0.5);
    const bool ok = nash_solution(x, lower, upper, bargainers, ws);
    const auto z = nash_solution(u, w, d, lower, upper, std::vector<double>(issues, 0.5));
    ASSERT_EQ(ok, z.has_value()) << "trial " << trial;
    if (!ok) continue;
    ++solved;
    EXPECT_NEAR(nash_product_log(x, bargainers), nash_product_log(*z, bargainers), 1e-6)
        << "trial " << trial;
  }
  EXPECT_GT(solved, 20);
}

// Round after round of one branch the simulator hands the solver the
// previous solution (and keeps the terms while the stances stay the same);
// what it returns must be the solution a fresh solver finds.
TEST(Nash, RoundAfterRoundTheKeptSolutionGivesTheFreshOne) {
  const Stream stream(11, purpose_id("test:nash-rounds"), 0);
  std::uint64_t draw = 0;
  const auto u01 = [&] { return stream.uniform(draw++); };
  for (int branch = 0; branch < 20; ++branch) {
    const std::size_t issues = 2 + branch % 4;
    std::vector<std::vector<Stance>> stances(3);
    std::vector<double> w, d, cost;
    for (auto& s : stances) {
      for (std::size_t k = 0; k < issues; ++k)
        s.push_back({static_cast<int>(k), u01(), kNoRedLine, 0.1 + u01()});
      w.push_back(0.5 + u01());
      d.push_back(0.1 + 0.2 * u01());
      cost.push_back(0.005 * u01());
    }
    NashWorkspace kept;
    for (int round = 0; round < 30; ++round) {
      std::vector<NashBargainer> bargainers;
      for (std::size_t i = 0; i < 3; ++i)
        bargainers.push_back({w[i], std::max(0.0, d[i] - round * cost[i]), stances[i]});
      const std::vector<double> lower(issues, 0.0), upper(issues, 1.0);
      std::vector<double> x(issues, 0.5), y(issues, 0.5);
      kept.same_stances = round > 0;
      NashWorkspace fresh;
      const bool ok = nash_solution(x, lower, upper, bargainers, kept);
      ASSERT_EQ(ok, nash_solution(y, lower, upper, bargainers, fresh))
          << "branch " << branch << " round " << round;
      if (!ok) continue;
      EXPECT_NEAR(nash_product_log(x, bargainers), nash_product_log(y, bargainers), 1e-12)
          << "branch " << branch << " round " << round;
      for (std::size_t k = 0; k < issues; ++k)
        EXPECT_NEAR(x[k], y[k], 1e-9)
            << "branch " << branch << " round " << round << " issue " << k;
    }
  }
}

// forget() (called by the simulator at the start of each branch) leaves
// nothing of the earlier solutions: the next one has a fresh solver's bits.
TEST(Nash, AfterForgetTheSolutionHasAFreshSolversBits) {
  const Stream stream(13, purpose_id("test:nash-forget"), 0);
  std::uint64_t draw = 0;
  const auto u01 = [&] { return stream.uniform(draw++); };
  int compared = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<std::vector<Stance>> stances(3);
    std::vector<NashBargainer> before, after;
    for (std::size_t i = 0; i < 3; ++i) {
      for (int k = 0; k < 3; ++k) stances[i].push_back({k, u01(), kNoRedLine, 0.1 + u01()});
      const double w = 0.5 + u01(), d = 0.2 * u01();
      before.push_back({w, d + 0.01, stances[i]});
      after.push_back({w, d, stances[i]});
    }
    const std::vector<double> lower(3, 0.0), upper(3, 1.0);
    NashWorkspace used, fresh;
    std::vector<double> x(3, 0.5), y(3, 0.5), z(3, 0.5);
    if (!nash_solution(x, lower, upper, before, used)) continue;
    used.forget();
    const bool ok = nash_solution(y, lower, upper, after, used);
    ASSERT_EQ(ok, nash_solution(z, lower, upper, after, fresh)) << "trial " << trial;
    EXPECT_EQ(y, z) << "trial " << trial;
    compared += ok;
  }
  EXPECT_GT(compared, 20);
}

// Two issues that every bargainer who cares weighs alike and wants at the
// same place can trade against each other without changing anyone's utility: the
// optimum is a segment. Newton cannot prove a single maximiser there, so the
// solver falls back to the ascent from the given package, and the choice is
// exactly the one a fresh solver makes, whatever it solved before.
TEST(Nash, AFlatOptimumIsChosenFromTheGivenPackageWhateverCameBefore) {
  const std::vector<Stance> a = {
      {0, 0.9, kNoRedLine, 1}, {1, 0.9, kNoRedLine, 1}, {2, 0.2, kNoRedLine, 1}};
  const std::vector<Stance> b = {
      {0, 0.1, kNoRedLine, 1}, {1, 0.1, kNoRedLine, 1}, {2, 0.7, kNoRedLine, 1}};
  const std::vector<Stance> c = {{2, 0.9, kNoRedLine, 1}};
  const std::vector<NashBargainer> flat = {{1.0, 0.1, a}, {1.3, 0.1, b}, {0.7, 0.1, c}};
  const std::vector<double> lower(3, 0.0), upper(3, 1.0), start = {0.3, 0.6, 0.5};

  NashWorkspace fresh;
  std::vector<double> once = start;
  ASSERT_TRUE(nash_solution(once, lower, upper, flat, fresh));

  // Something else first, so that a previous solution is at hand.
  const std::vector<Stance> e = {
      {0, 0.0, kNoRedLine, 1}, {1, 1.0, kNoRedLine, 1}, {2, 0.5, kNoRedLine, 1}};
  const std::vector<NashBargainer> other = {{1.0, 0.0, a}, {1.0, 0.0, b}, {1.0, 0.0, e}};
  NashWorkspace used;
  std::vector<double> first = {0.5, 0.5, 0.5};
  ASSERT_TRUE(nash_solution(first, lower, upper, other, used));
  std::vector<double> again = start;
  ASSERT_TRUE(nash_solution(again, lower, upper, flat, used));
  EXPECT_EQ(again, once);
  // And the optimum is a segment: trading issue 0 against issue 1 changes
  // no bargainer's utility.
  std::vector<double> traded = once;
  traded[0] += 0.01;
  traded[1] -= 0.01;
  for (const NashBargainer& bargainer : flat)
    EXPECT_NEAR(utility(traded, bargainer.stances), utility(once, bargainer.stances), 1e-12)
        << once[0] << " " << once[1] << " " << once[2];
}

}  // namespace
}  // namespace negsim
