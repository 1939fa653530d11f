// A sweep in-process: checked before it runs, every grid point run on one
// seed and recorded, a point whose value is invalid reported on its own, and
// the tipping point found.
#include "negsim/whatif/sweep_run.hpp"

#include <gtest/gtest.h>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

using SweepRun = test_support::WhatIfFixture;
using test_support::Heard;

TEST_F(SweepRun, IsCheckedBeforeAnythingRuns) {
  const std::string file = path("window.yaml");
  EXPECT_THROW(plan_sweep(file, {}, {}), InputError);
  EXPECT_THROW(plan_sweep(file, {"events.window.chance=0:1:3", "events.window.chance=0:1:2"}, {}),
               InputError);
  try {
    plan_sweep(file, {"events.windw.chance=0:1:3"}, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(diagnostics_text(e).find("(did you mean 'window'?)"), std::string::npos)
        << diagnostics_text(e);
  }
  const SweepPlan plan = plan_sweep(file, {"events.window.chance=0.1:0.9:3"}, {});
  ASSERT_EQ(plan.axes.size(), 1u);
  EXPECT_EQ(plan.axes[0].values(), (std::vector<double>{0.1, 0.5, 0.9}));
}

TEST_F(SweepRun, RunsEveryPointRecordsItAndFindsTheTippingPoint) {
  ResultsStore store(path("results.db"));
  Heard heard;
  SweepOptions options;
  options.branches = 2000;
  options.seed = 3;
  const SweepReport report =
      run_sweep(plan_sweep(path("window.yaml"), {"events.window.chance=0.1:0.9:3"}, {}), options,
                {&store, false, nullptr, &heard});
  EXPECT_FALSE(report.partial);
  ASSERT_EQ(report.result.points.size(), 3u);
  for (const auto& p : report.result.points) EXPECT_TRUE(p.ok()) << p.error;
  ASSERT_EQ(report.result.tipping_points.size(), 1u);
  EXPECT_EQ(report.result.tipping_points[0].from, "no_deal");
  EXPECT_EQ(report.result.tipping_points[0].to, "deal");
  EXPECT_EQ(report.labels.at("deal"), "Deal");
  EXPECT_EQ(heard.statuses.size(), 4u);  // one per point, then where it is recorded
  EXPECT_EQ(heard.statuses[0].rfind("[1/3] events.window.chance=0.1: most likely No deal", 0), 0u)
      << heard.statuses[0];
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "sweep");
  EXPECT_EQ(store.members(groups[0].id).size(), 3u);
}

TEST_F(SweepRun, APointThatCannotRunBreaksNoOther) {
  Heard heard;
  SweepOptions options;
  options.branches = 1000;
  const SweepReport report =
      run_sweep(plan_sweep(path("window.yaml"), {"events.window.chance=0.5:1.5:3"}, {}), options,
                {nullptr, false, nullptr, &heard});
  ASSERT_EQ(report.result.points.size(), 3u);
  EXPECT_TRUE(report.result.points[0].ok());
  EXPECT_TRUE(report.result.points[1].ok());
  EXPECT_FALSE(report.result.points[2].ok());
  ASSERT_EQ(heard.could_not.size(), 1u);
  EXPECT_EQ(heard.could_not[0].rfind("[3/3] events.window.chance=1.5: could not run:\n", 0), 0u)
      << heard.could_not[0];
}

}  // namespace
}  // namespace negsim
