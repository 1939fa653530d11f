// A backtest in-process: the cases of a directory found and checked before
// anything runs, every case run and recorded, the same bytes from a second
// run (which reuses the stored runs), and Ctrl-C leaving a partial report.
#include "negsim/whatif/backtest_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/backtest_json.hpp"
#include "negsim/output/results_store.hpp"
#include "support/backtest_fixture.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::Heard;
using test_support::write_file;

class BacktestRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::scratch_path("backtest");
    fs::remove_all(dir_);
    test_support::write_library(dir_ / "library");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string library() const { return (dir_ / "library").string(); }

  // Every message of the InputError that `load` throws, one per line.
  template <class F>
  static std::string problems(F load) {
    try {
      load();
    } catch (const InputError& e) {
      return diagnostics_text(e);
    }
    return "";
  }

  BacktestOptions options() const {
    BacktestOptions o;
    o.inputs = {library()};
    o.branches = 2000;
    o.seed = 11;
    return o;
  }

  fs::path dir_;
};

TEST_F(BacktestRun, FindsTheCasesOfADirectoryInPathOrder) {
  const auto cases = backtest_cases({library()});
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(fs::path(cases[0].scenario_path).filename(), "pie.yaml");
  EXPECT_EQ(fs::path(cases[0].observation_path).filename(), "pie.observed.yaml");
  EXPECT_EQ(fs::path(cases[1].scenario_path).filename(), "window.yaml");
  // A file named twice, once by its observation file, is one case.
  const auto named = backtest_cases({(dir_ / "library/window.observed.yaml").string(),
                                     (dir_ / "library/window.yaml").string(), library()});
  EXPECT_EQ(named.size(), 2u);
}

TEST_F(BacktestRun, ACaseWithoutObservationsStopsTheBacktest) {
  fs::remove(dir_ / "library/window.observed.yaml");
  write_file(dir_ / "library", "orphan.observed.yaml", test_support::kWindowObserved);
  const std::string lib = library();
  EXPECT_EQ(problems([&] {
              backtest_cases({lib, lib + "/missing"});
            }),
            lib +
                "/orphan.observed.yaml: error: no scenario: an observation file needs the "
                "scenario it observes, orphan.yaml, beside it\n" +
                lib +
                "/window.yaml: error: no observations: a backtest case needs what happened "
                "in window.observed.yaml beside it (docs/validation.md)\n" +
                lib + "/missing: error: no such file or directory");
}

TEST_F(BacktestRun, ObservationsNamingUnknownOutcomesOrIssuesStopItBeforeAnythingRuns) {
  std::string bad = test_support::kPieObserved;
  bad.replace(bad.find("outcome: agreement"), 18, "outcome: agreed");
  bad.replace(bad.find("share_to_a: 0.45"), 16, "share: 0.45");
  write_file(dir_ / "library", "pie.observed.yaml", bad);
  const std::string text = problems([&] { load_backtest_cases(backtest_cases({library()})); });
  const std::string file = library() + "/pie.observed.yaml";
  EXPECT_EQ(text, file +
                      ":4:12: error: observed.outcome: 'agreed' is not an outcome of scenario "
                      "'pie'; the outcomes are: agreement, no_deal, unresolved\n" +
                      file +
                      ":9:5: error: observed.terms.share: 'share' is not an issue of "
                      "scenario 'pie'; the issues are: share_to_a");
}

TEST_F(BacktestRun, RunsEveryCaseRecordsItAndGivesTheSameBytesAgain) {
  ResultsStore store((dir_ / "results.db").string());
  Heard heard;
  const auto cases = load_backtest_cases(backtest_cases({library()}));
  const BacktestReport first = run_backtest(cases, options(), {&store, false, nullptr, &heard});
  EXPECT_FALSE(first.partial);
  ASSERT_EQ(first.scores.cases.size(), 2u);
  EXPECT_EQ(first.scores.cases[0].id, "pie");
  EXPECT_EQ(first.scores.cases[0].branches, 2000u);
  EXPECT_EQ(first.scores.cases[0].seed, 11u);
  EXPECT_EQ(first.scores.cases[1].outcome->observed, "no_deal");
  // The window opens with chance 0.4.
  EXPECT_NEAR(first.scores.cases[1].outcome->model[0], 0.4, 0.04);
  ASSERT_EQ(heard.statuses.size(), 3u);
  EXPECT_EQ(heard.statuses[0].rfind("[1/2] pie: 2,000 branches in ", 0), 0u) << heard.statuses[0];
  EXPECT_EQ(heard.statuses[2].rfind("recorded as result 1 in ", 0), 0u) << heard.statuses[2];

  // Recorded as a batch whose report is the backtest, with each case a member run.
  const auto group = store.run(1);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->kind, "batch");
  EXPECT_EQ(group->status, "complete");
  EXPECT_EQ(backtest_from_json(nlohmann::json::parse(group->summary_json)), first);
  const auto members = store.members(1);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].name, "pie");
  EXPECT_TRUE(members[0].run_id.has_value());

  // Again: the stored runs are reused, and the files are the same bytes.
  Heard again;
  const BacktestReport second = run_backtest(cases, options(), {&store, false, nullptr, &again});
  EXPECT_NE(again.statuses[0].find("reused"), std::string::npos) << again.statuses[0];
  EXPECT_EQ(to_json(second).dump(2), to_json(first).dump(2));
  EXPECT_EQ(backtest_markdown(second), backtest_markdown(first));
  EXPECT_EQ(backtest_csv(second), backtest_csv(first));
  EXPECT_EQ(backtest_text(second), backtest_text(first));
  // And without a store, run afresh on other threads: still the same bytes.
  BacktestOptions two_threads = options();
  two_threads.threads = 2;
  const BacktestReport fresh = run_backtest(cases, two_threads, {});
  EXPECT_EQ(to_json(fresh).dump(2), to_json(first).dump(2));
}

TEST_F(BacktestRun, TheReportReadsBackFromItsJson) {
  const auto cases = load_backtest_cases(backtest_cases({library()}));
  const BacktestReport report = run_backtest(cases, options(), {});
  EXPECT_EQ(backtest_from_json(to_json(report)), report);
  EXPECT_EQ(backtest_from_json(nlohmann::json::parse(to_json(report).dump())), report);
  EXPECT_THROW(backtest_from_json(nlohmann::json{{"format", "negsim-batch"}}), std::runtime_error);
}

TEST_F(BacktestRun, EveryCsvRowHasEveryColumn) {
  const auto cases = load_backtest_cases(backtest_cases({library()}));
  const std::string csv = backtest_csv(run_backtest(cases, options(), {}));
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  const auto fields = [](const std::string& l) {
    std::size_t n = 1;
    bool quoted = false;
    for (char c : l) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  const std::size_t columns = fields(line);
  EXPECT_EQ(columns, 29u);
  std::set<std::string> kinds;
  while (std::getline(lines, line)) {
    EXPECT_EQ(fields(line), columns) << line;
    kinds.insert(
        line.substr(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"outcome", "group", "milestone", "term", "timing"}));
}

TEST_F(BacktestRun, CtrlCBeforeTheStartLeavesAPartialReport) {
  const auto cases = load_backtest_cases(backtest_cases({library()}));
  std::atomic<bool> cancel{true};
  const BacktestReport report = run_backtest(cases, options(), {nullptr, false, &cancel, nullptr});
  EXPECT_TRUE(report.partial);
  EXPECT_EQ(report.planned_cases, 2u);
  EXPECT_TRUE(report.scores.cases.empty());
  EXPECT_NE(backtest_text(report).find("PARTIAL"), std::string::npos);
}

}  // namespace
}  // namespace negsim
