// Risk attitude (docs/model.md 2.1): utility with curvature rho in (0, 1],
// checked against closed forms and against the general Nash solver.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include <string>

#include "model/compiled_scenario.hpp"
#include "negsim/model/nash.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/model/utility.hpp"
#include "support/load_problems.hpp"
#include "support/red_line.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

using test_support::kNoRedLine;

Stance stance(int issue, double ideal, double salience, double rho, double red = kNoRedLine) {
  Stance s;
  s.issue = issue;
  s.ideal = ideal;
  s.salience = salience;
  s.curvature = rho;
  s.red_line = red;
  return s;
}

TEST(Curvature, UtilityIsClosenessToThePowerRho) {
  const std::vector<double> x = {0.25, 0.5};
  // One issue: closeness 0.25, rho 0.5: sqrt(0.25) = 0.5.
  const std::vector<Stance> one = {stance(0, 1.0, 1, 0.5)};
  EXPECT_DOUBLE_EQ(utility(x, one), 0.5);
  // Two issues weighted 3:1: (3 * 0.25^0.5 + 1 * 0.5^0.25) / 4.
  const std::vector<Stance> two = {stance(0, 1.0, 3, 0.5), stance(1, 0.0, 1, 0.25)};
  EXPECT_NEAR(utility(x, two), (3 * 0.5 + std::pow(0.5, 0.25)) / 4, 1e-15);
  // rho = 1 is the linear utility, to the bit.
  const std::vector<Stance> linear = {stance(0, 1.0, 3, 1), stance(1, 0.0, 1, 1)};
  EXPECT_EQ(utility(x, linear), 1.0 - (3 * 0.75 + 1 * 0.5) / 4);
}

TEST(Curvature, TheWorstAcceptablePackageBendsToo) {
  // Red line at 0.36 from an ideal at 1: closeness 0.36, rho 0.5 gives 0.6.
  const std::vector<Stance> s = {stance(0, 1.0, 1, 0.5, 0.36)};
  EXPECT_NEAR(red_line_utility(s), 0.6, 1e-15);
}

TEST(Curvature, NashSplitIsRhoWeighted) {
  // u1 = x^rho1, u2 = (1 - x)^rho2, d = 0: x = rho1 w1 / (rho1 w1 + rho2 w2)
  // (model-anchors: the asymmetric Nash split with power utilities).
  const double cases[][4] = {{0.5, 1, 1, 1}, {0.5, 0.5, 2, 1}, {0.2, 0.9, 1, 3}, {1, 0.3, 1, 1}};
  NashWorkspace ws;
  for (const auto& c : cases) {
    const double r1 = c[0], r2 = c[1], w1 = c[2], w2 = c[3];
    const std::vector<Stance> one = {stance(0, 1.0, 1, r1)}, two = {stance(0, 0.0, 1, r2)};
    const std::vector<NashBargainer> b = {{w1, 0, one}, {w2, 0, two}};
    std::vector<double> x = {0.5};
    const std::vector<double> lower = {0}, upper = {1};
    ASSERT_TRUE(nash_solution(x, lower, upper, b, ws));
    EXPECT_NEAR(x[0], r1 * w1 / (r1 * w1 + r2 * w2), 1e-7)
        << "rho " << r1 << "," << r2 << " w " << w1 << "," << w2;
  }
}

TEST(Curvature, ConcaveUtilitiesGiveInteriorSplitsOnEveryIssue) {
  // Two issues with opposite ideals and crossed saliences. With linear
  // utilities the Nash package puts at most one issue strictly between the
  // ideals; with rho = 0.5 both are interior, and the package agrees with the
  // general solver to 1e-6.
  const std::vector<Stance> a = {stance(0, 1.0, 2, 0.5), stance(1, 1.0, 1, 0.5)};
  const std::vector<Stance> b = {stance(0, 0.0, 1, 0.5), stance(1, 0.0, 2, 0.5)};
  const std::vector<NashBargainer> bargainers = {{1, 0.1, a}, {1, 0.1, b}};
  NashWorkspace ws;
  std::vector<double> x = {0.5, 0.5};
  const std::vector<double> lower = {0, 0}, upper = {1, 1};
  ASSERT_TRUE(nash_solution(x, lower, upper, bargainers, ws));
  for (double v : x) {
    EXPECT_GT(v, 0.01);
    EXPECT_LT(v, 0.99);
  }
  const std::vector<UtilityFunction> u = {[&](std::span<const double> p) { return utility(p, a); },
                                          [&](std::span<const double> p) { return utility(p, b); }};
  const std::vector<double> w = {1, 1}, d = {0.1, 0.1};
  const auto general = nash_solution(u, w, d, lower, upper, {0.5, 0.5});
  ASSERT_TRUE(general.has_value());
  EXPECT_NEAR(x[0], (*general)[0], 1e-6);
  EXPECT_NEAR(x[1], (*general)[1], 1e-6);
  EXPECT_GT(x[0], 0.5);  // a cares more about issue 0
  EXPECT_LT(x[1], 0.5);

  const std::vector<Stance> la = {stance(0, 1.0, 2, 1), stance(1, 1.0, 1, 1)};
  const std::vector<Stance> lb = {stance(0, 0.0, 1, 1), stance(1, 0.0, 2, 1)};
  const std::vector<NashBargainer> linear = {{1, 0.1, la}, {1, 0.1, lb}};
  std::vector<double> y = {0.5, 0.5};
  ASSERT_TRUE(nash_solution(y, lower, upper, linear, ws));
  const int interior = (y[0] > 1e-9 && y[0] < 1 - 1e-9) + (y[1] > 1e-9 && y[1] < 1 - 1e-9);
  EXPECT_LE(interior, 1);
}

TEST(Curvature, ThreeBargainersAgreeWithTheGeneralSolver) {
  const std::vector<Stance> a = {stance(0, 1.0, 1, 0.4), stance(1, 0.2, 2, 0.7)};
  const std::vector<Stance> b = {stance(0, 0.0, 2, 0.6), stance(1, 0.9, 1, 1)};
  const std::vector<Stance> c = {stance(0, 0.5, 1, 0.3), stance(1, 0.0, 1, 0.8)};
  const std::vector<NashBargainer> bargainers = {{1, 0.2, a}, {2, 0.1, b}, {0.5, 0.3, c}};
  NashWorkspace ws;
  std::vector<double> x = {0.5, 0.5};
  const std::vector<double> lower = {0, 0}, upper = {1, 1};
  ASSERT_TRUE(nash_solution(x, lower, upper, bargainers, ws));
  const std::vector<UtilityFunction> u = {[&](std::span<const double> p) { return utility(p, a); },
                                          [&](std::span<const double> p) { return utility(p, b); },
                                          [&](std::span<const double> p) { return utility(p, c); }};
  const std::vector<double> w = {1, 2, 0.5}, d = {0.2, 0.1, 0.3};
  const auto general = nash_solution(u, w, d, lower, upper, {0.5, 0.5});
  ASSERT_TRUE(general.has_value());
  EXPECT_NEAR(x[0], (*general)[0], 1e-5);
  EXPECT_NEAR(x[1], (*general)[1], 1e-5);
}

TEST(Curvature, IsReadFromPartiesAndDemandsWithinItsRange) {
  const auto problems =
      test_support::load_problems(R"(scenario: {id: t, title: T, as_of: 2026-01-01, horizon: 5}
issues: [{id: x, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, curvature: 1.5, demands: {x: {ideal: 1}}}
  - {id: b, role: principal, curvature: 0.5, demands: {x: {ideal: 0, curvature: 0}}}
process:
  initial: talks
  states: [{id: talks, kind: bargaining}, {id: deal, kind: terminal, outcome: agreement}]
  transitions: [{from: talks, to: deal, on: accepted}]
)");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "4:41: parties[0].curvature: expected a number greater than 0 and at most 1, got 1.5");
  EXPECT_EQ(problems[1],
            "5:81: parties[1].demands.x.curvature: expected a number greater than 0 and at most 1, "
            "got 0");
}

// a wants x = 1 and will not go below 0.5; b is a conceder wanting x = 0.
// `a_curvature` is a's curvature from the start; `events` may move it.
std::string uphill_yaml(const std::string& a_curvature, const std::string& events = "") {
  return fmt::format(R"(
scenario: {{id: uphill, title: Uphill, as_of: 2026-01-01, horizon: 30}}
issues: [{{id: x, kind: continuous, range: {{low: 0, high: 1}}}}]
parties:
  - {{id: a, role: principal, capability: 1, curvature: {}, tactic: {{e: 0.5, k: 0}},
      demands: {{x: {{ideal: 1, red_line: 0.5}}}}}}
  - {{id: b, role: principal, capability: 1, tactic: conceder, demands: {{x: {{ideal: 0}}}}}}
{}
process:
  initial: talks
  deadline: 20
  states: [{{id: talks, kind: bargaining}}, {{id: deal, kind: terminal, outcome: agreement}}]
  transitions: [{{from: talks, to: deal, on: accepted}}]
)",
                     a_curvature, events);
}

// The simulator judges with linear utility (no test of each stance's
// curvature) only when no curvature can be other than 1 in any branch.
TEST(Curvature, LinearUtilityIsAssumedOnlyWhenNoCurvatureCanDifferFromOne) {
  EXPECT_TRUE(test::simulator_for(uphill_yaml("1")).compiled().linear);
  EXPECT_FALSE(test::simulator_for(uphill_yaml("0.4")).compiled().linear);
  EXPECT_FALSE(
      test::simulator_for(uphill_yaml("{dist: uniform, low: 0.5, high: 1}")).compiled().linear);
  EXPECT_FALSE(test::simulator_for(uphill_yaml("1", R"(events:
  - {id: fear, chance: 0.1, states: [talks], effects: [{target: parties.a.curvature, set: 0.4}]})"))
                   .compiled()
                   .linear);
}

// A curvature a shock sets before the first proposal plays exactly as the
// same curvature set from the start: the verdicts read the moved curvature.
TEST(Curvature, ACurvatureMovedByAShockIsTheOneVerdictsUse) {
  const Simulator moved = test::simulator_for(uphill_yaml("1", R"(events:
  - {id: fear, chance: 1, states: [talks], effects: [{target: parties.a.curvature, set: 0.3}]})"));
  const Simulator from_start = test::simulator_for(uphill_yaml("0.3"));
  const Simulator linear = test::simulator_for(uphill_yaml("1"));
  int differs_from_linear = 0;
  for (std::uint64_t branch = 0; branch < 50; ++branch) {
    const BranchResult a = moved.run_branch(11, branch);
    const BranchResult b = from_start.run_branch(11, branch);
    const BranchResult l = linear.run_branch(11, branch);
    ASSERT_TRUE(a.agreed) << "branch " << branch;
    EXPECT_EQ(a.agreed_round, b.agreed_round) << "branch " << branch;
    EXPECT_EQ(a.package, b.package) << "branch " << branch;
    if (a.agreed_round != l.agreed_round || a.package != l.package) ++differs_from_linear;
  }
  // Otherwise the test could not tell a curvature ignored from one used.
  EXPECT_EQ(differs_from_linear, 50);
}

}  // namespace
}  // namespace negsim
