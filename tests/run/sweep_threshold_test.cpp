// A sweep on a scenario whose answer is known: one pause round in which an
// event with chance p leads to a deal and otherwise the round limit ends the
// talks (support/what_if_fixture.hpp), so P(deal) = p and the most likely
// outcome flips at exactly p = 0.5.
#include <gtest/gtest.h>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/run/sweep.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

Summary run_point(const std::vector<std::string>& overrides, std::uint64_t branches) {
  const Scenario scenario =
      load_scenario_string(test_support::kWindowScenario, "window.yaml", LoadOptions{overrides});
  const Simulator simulator(scenario);
  RunOptions options;
  options.branches = branches;
  options.seed = 3;
  const RunResult r = run_branches(simulator, options);
  Provenance p;
  p.seed = options.seed;
  return summarise(scenario, simulator.outcomes(), r.tally, p);
}

TEST(SweepThreshold, TipsWhereTheChanceCrossesOneHalf) {
  const std::vector<SweepAxis> axes = {parse_vary("events.window.chance=0.05:0.95:10")};
  std::vector<std::optional<Summary>> summaries;
  std::vector<std::string> errors;
  for (const auto& point : sweep_grid(axes)) {
    summaries.push_back(run_point({vary_override(axes[0], point[0])}, 20000));
    errors.emplace_back();
  }
  const SweepResult sweep = assemble_sweep(axes, summaries, errors);
  ASSERT_EQ(sweep.outcomes, (std::vector<std::string>{"deal", "no_deal", "unresolved"}));
  // Each point's probability of a deal is its chance: with common random
  // numbers the points share one empirical distribution, whose distance from
  // the true one is below 1.36/sqrt(n) ≈ 0.0096 with 95% confidence (Kolmogorov).
  for (const auto& p : sweep.points) {
    ASSERT_TRUE(p.ok()) << p.error;
    EXPECT_NEAR(p.probabilities[0], p.values[0], 0.015) << p.values[0];
    EXPECT_EQ(p.counts[2], 0u);  // nothing is left unresolved
  }
  ASSERT_EQ(sweep.tipping_points.size(), 1u);
  const TippingPoint& t = sweep.tipping_points[0];
  EXPECT_EQ(t.from, "no_deal");
  EXPECT_EQ(t.to, "deal");
  EXPECT_EQ(t.before, 0.45);
  EXPECT_EQ(t.after, 0.55);
  // Common random numbers make P̂(deal) the empirical distribution of one
  // uniform per branch, so the crossing is its median: 0.5 ± about 0.004.
  EXPECT_NEAR(t.at, 0.5, 0.015);
}

TEST(SweepThreshold, APointWhoseValueIsInvalidIsReportedAndBreaksNoOtherPoint) {
  const std::vector<SweepAxis> axes = {parse_vary("events.window.chance=0.5:1.5:3")};
  std::vector<std::optional<Summary>> summaries;
  std::vector<std::string> errors;
  for (const auto& point : sweep_grid(axes)) {
    try {
      summaries.push_back(run_point({vary_override(axes[0], point[0])}, 2000));
      errors.emplace_back();
    } catch (const InputError& e) {
      summaries.push_back(std::nullopt);
      errors.push_back(e.what());
    }
  }
  const SweepResult sweep = assemble_sweep(axes, summaries, errors);
  EXPECT_TRUE(sweep.points[0].ok());
  EXPECT_TRUE(sweep.points[1].ok());
  ASSERT_FALSE(sweep.points[2].ok());
  EXPECT_EQ(
      sweep.points[2].error.rfind("--set events.window.chance=1.5: error: events[0].chance", 0), 0u)
      << sweep.points[2].error;
  EXPECT_EQ(sweep.points[1].probabilities[0], 1.0);  // chance 1: always a deal
}

}  // namespace
}  // namespace negsim
