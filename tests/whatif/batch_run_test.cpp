// A batch run in-process: every entry that can run runs and is recorded, the
// one that cannot is reported and breaks nothing, a second run reuses the
// stored results, and Ctrl-C leaves a partial report.
#include "negsim/whatif/batch_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "negsim/input/batch_file.hpp"
#include "negsim/output/results_store.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using BatchRun = test_support::WhatIfFixture;
using test_support::Heard;

const char* kBatchFile = R"(title: "Window scenarios"
seed: 5
branches: 2000
entries:
  - {name: base, scenario: window.yaml}
  - {name: wide_window, scenario: window.yaml, set: ["events.window.chance=0.7"]}
  - {name: broken, scenario: window.yaml, set: ["events.window.chance=1.7"]}
)";

TEST_F(BatchRun, RunsEveryEntryThatCanRunAndRecordsEachInTheStore) {
  const BatchFile batch = read_batch_file(write("batch.yaml", kBatchFile));
  ResultsStore store(path("results.db"));
  Heard heard;
  BatchOptions options;
  options.file = "batch.yaml";
  options.out_dir = path("out");
  const BatchReport report = run_batch(batch, options, {&store, false, nullptr, &heard});

  EXPECT_EQ(report.title, "Window scenarios");
  EXPECT_FALSE(report.partial);
  ASSERT_EQ(report.entries.size(), 3u);
  ASSERT_TRUE(report.entries[0].summary && report.entries[1].summary);
  EXPECT_EQ(report.entries[0].summary->provenance.seed, 5u);
  EXPECT_EQ(report.entries[0].summary->provenance.branches, 2000u);
  EXPECT_NEAR(report.entries[1].summary->outcomes[0].probability, 0.7, 0.04);
  EXPECT_FALSE(report.entries[2].summary);
  EXPECT_NE(report.entries[2].error.find("--set events.window.chance=1.7: error:"),
            std::string::npos)
      << report.entries[2].error;

  ASSERT_EQ(heard.could_not.size(), 1u);
  EXPECT_EQ(heard.could_not[0].rfind("[3/3] broken: could not run ", 0), 0u) << heard.could_not[0];
  ASSERT_EQ(heard.statuses.size(), 3u);
  EXPECT_EQ(heard.statuses[0].rfind("[1/3] base: 2,000 branches in ", 0), 0u) << heard.statuses[0];
  EXPECT_EQ(heard.statuses[2].rfind("recorded as result 1 in ", 0), 0u) << heard.statuses[2];
  EXPECT_EQ(heard.runs, (std::vector<std::string>{"[1/3] base", "[2/3] wide_window"}));
  EXPECT_EQ(heard.writing_depth, 0);
  EXPECT_GT(heard.max_writing_depth, 0);
  EXPECT_TRUE(fs::exists(dir_ / "out/base/summary.json"));
  EXPECT_TRUE(fs::exists(dir_ / "out/wide_window/outcomes.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "out/broken"));

  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "batch");
  EXPECT_EQ(groups[0].status, "complete");
  const auto members = store.members(groups[0].id);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].run_id, report.entries[0].run_id);
  EXPECT_FALSE(members[2].run_id);
  EXPECT_EQ(members[2].error, report.entries[2].error);

  // The same batch again: the stored results are reused, unless forced.
  Heard again;
  const BatchReport reused = run_batch(batch, options, {&store, false, nullptr, &again});
  EXPECT_TRUE(reused.entries[0].reused);
  EXPECT_EQ(reused.entries[0].summary, report.entries[0].summary);
  EXPECT_TRUE(again.runs.empty());
  const BatchReport forced = run_batch(batch, options, {&store, true, nullptr, nullptr});
  EXPECT_FALSE(forced.entries[0].reused);
}

TEST_F(BatchRun, StopsBeforeTheNextEntryWhenCancelled) {
  const BatchFile batch = read_batch_file(write("batch.yaml", kBatchFile));
  const std::atomic<bool> cancel{true};
  const BatchReport report = run_batch(batch, {}, {nullptr, false, &cancel, nullptr});
  EXPECT_TRUE(report.partial);
  EXPECT_TRUE(report.entries.empty());
}

}  // namespace
}  // namespace negsim
