// A comparison in-process: a variant that cannot be loaded is reported and
// left out, the others are compared with the base on common random numbers,
// and both sides of each are recorded.
#include "negsim/whatif/compare_run.hpp"

#include <gtest/gtest.h>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

using CompareRun = test_support::WhatIfFixture;
using test_support::Heard;

TEST_F(CompareRun, ComparesEachVariantWithTheBaseAndRecordsBothSides) {
  const std::string base = path("window.yaml");
  const std::string wide =
      write("wide.yaml", "extends: window.yaml\nevents:\n  - {id: window, chance: 0.7}\n");
  const std::string broken = write("broken.yaml", "extends: nowhere.yaml\n");
  Heard heard;
  const ComparePlan plan = plan_compare({base, broken, wide}, heard);
  EXPECT_TRUE(plan.any_invalid());
  ASSERT_EQ(heard.could_not.size(), 1u);
  EXPECT_EQ(heard.could_not[0].rfind(broken + ": could not run:\n", 0), 0u) << heard.could_not[0];

  ResultsStore store(path("results.db"));
  CompareOptions options;
  options.branches = 3000;
  const CompareReport report = run_compare(plan, options, {&store, false, nullptr, &heard});
  EXPECT_FALSE(report.partial);
  EXPECT_EQ(report.variants, (std::vector<std::string>{wide}));
  ASSERT_EQ(report.comparisons.size(), 1u);
  const PairedComparison& c = report.comparisons[0];
  EXPECT_EQ(c.pairs, 3000u);
  EXPECT_EQ(c.outcomes[0].outcome, "deal");
  EXPECT_NEAR(c.outcomes[0].difference, 0.3, 0.04);
  // Common random numbers: a branch only ever gains the deal.
  EXPECT_EQ(c.outcomes[0].lost, 0u);
  EXPECT_EQ(heard.runs, (std::vector<std::string>{"[2/2] " + wide}));

  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "compare");
  const auto members = store.members(groups[0].id);
  ASSERT_EQ(members.size(), 3u);  // the base, the broken variant, the wide one
  EXPECT_TRUE(members[0].run_id);
  EXPECT_EQ(members[1].error, "the scenario could not be loaded");
  EXPECT_TRUE(members[2].run_id);
}

TEST_F(CompareRun, OverridesMakeTheBaseWithThemOneMoreVariant) {
  // With the window shut, every branch the base ends in a deal loses it and no
  // branch gains one: the difference is exactly minus the base's chance.
  const std::string base = path("window.yaml");
  Heard heard;
  const ComparePlan plan = plan_compare({base}, heard, {"events.window.chance=0"});
  ASSERT_EQ(plan.files.size(), 2u);
  EXPECT_EQ(plan.files[1], base + " --set events.window.chance=0");
  ResultsStore store(path("results.db"));
  CompareOptions options;
  options.branches = 2000;
  const CompareReport report = run_compare(plan, options, {&store, false, nullptr, &heard});
  ASSERT_EQ(report.comparisons.size(), 1u);
  const OutcomeDifference& deal = report.comparisons[0].outcomes[0];
  EXPECT_EQ(deal.outcome, "deal");
  EXPECT_EQ(deal.variant_count, 0u);
  EXPECT_EQ(deal.lost, deal.base_count);
  EXPECT_EQ(deal.gained, 0u);
  EXPECT_DOUBLE_EQ(deal.difference, -deal.base_probability);
  // The variant is stored with its overrides, as a run with --set would be.
  const auto members = store.members(store.list().at(0).id);
  ASSERT_EQ(members.size(), 2u);
  ASSERT_TRUE(members[1].run_id);
  EXPECT_EQ(store.run(*members[1].run_id)->overrides,
            (std::vector<std::string>{"events.window.chance=0"}));
}

TEST_F(CompareRun, AnOverrideTheBaseCannotTakeStopsEverything) {
  Heard heard;
  EXPECT_THROW(plan_compare({path("window.yaml")}, heard, {"events.windwo.chance=0"}), InputError);
}

TEST_F(CompareRun, ABaseThatCannotBeLoadedStopsEverything) {
  Heard heard;
  EXPECT_THROW(plan_compare({path("nowhere.yaml"), path("window.yaml")}, heard), InputError);
}

}  // namespace
}  // namespace negsim
