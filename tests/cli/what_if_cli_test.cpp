// End-to-end tests of the what-if commands: batch, compare, sweep and results,
// through the real binary, its files, its results database and exit codes.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "negsim/output/results_store.hpp"
#include "support/negsim_process.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

using test_support::Finished;
using test_support::read;

const char* kWindow = test_support::kWindowScenario;

class WhatIfCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-what-if-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "window.yaml") << kWindow;
  }
  void TearDown() override { fs::remove_all(dir_); }

  pid_t start(const std::vector<std::string>& args) {
    return test_support::start_negsim(args, dir_);
  }
  Finished finish(pid_t pid) { return test_support::finish_negsim(pid, dir_); }
  Finished negsim(const std::vector<std::string>& args) { return finish(start(args)); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

const char* kBatch = R"(title: "Window scenarios"
seed: 5
branches: 4000
entries:
  - {name: base, scenario: window.yaml}
  - name: wide_window
    scenario: window.yaml
    set: ["events.window.chance=0.7"]
  - name: broken
    scenario: window.yaml
    set: ["events.window.chance=1.7"]
)";

TEST_F(WhatIfCli, BatchRunsEveryValidEntryReportsTheBrokenOneAndExitsWithTwo) {
  std::ofstream(dir_ / "batch.yaml") << kBatch;
  const fs::path out = dir_ / "out";
  const Finished f = negsim({"batch", path("batch.yaml"), "--out", out.string()});
  EXPECT_EQ(f.code, 2) << f.err;
  // The side-by-side table has both entries that ran, and says which could not.
  EXPECT_NE(f.out.find("Window scenarios: 2 of 3 scenarios ran"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("wide_window"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("Could not run:"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("--set events.window.chance=1.7: error: events[0].chance: "),
            std::string::npos)
      << f.out;
  EXPECT_NE(f.err.find("[1/3] base: 4,000 branches"), std::string::npos) << f.err;
  EXPECT_NE(f.err.find("[3/3] broken: could not run"), std::string::npos) << f.err;
  // Files: the combined table and each entry's own summary.
  for (const char* name :
       {"comparison.md", "comparison.csv", "comparison.json", "comparison.html",
        "figures/outcomes.svg", "base/summary.json", "base/summary.html",
        "base/figures/outcomes.svg", "wide_window/summary.json", "wide_window/summary.html"})
    EXPECT_TRUE(fs::exists(out / name)) << name;
  EXPECT_FALSE(fs::exists(out / "broken"));
  EXPECT_NE(f.err.find("wrote comparison.md, comparison.csv, comparison.json, comparison.html, "
                       "each scenario's summary and 1 figure in figures/"),
            std::string::npos)
      << f.err;
  // The page is the batch's: both entries that ran, and the one that could not.
  const std::string page = read(out / "comparison.html");
  EXPECT_NE(page.find("wide_window"), std::string::npos);
  EXPECT_NE(page.find("<strong>broken</strong>"), std::string::npos) << page;
  EXPECT_NE(page.find("could not run"), std::string::npos) << page;
  EXPECT_NE(page.find("<pre><code>"), std::string::npos) << page;  // its error, as written
  EXPECT_EQ(page.find("```"), std::string::npos) << page;
  EXPECT_EQ(page.find("<script"), std::string::npos);
  const auto base = nlohmann::json::parse(read(out / "base/summary.json"));
  const auto wide = nlohmann::json::parse(read(out / "wide_window/summary.json"));
  EXPECT_EQ(base.at("branches"), 4000);
  EXPECT_EQ(base.at("seed"), 5);
  EXPECT_NEAR(base.at("outcomes")[0].at("probability").get<double>(), 0.4, 0.03);
  EXPECT_NEAR(wide.at("outcomes")[0].at("probability").get<double>(), 0.7, 0.03);
  const std::string csv = read(out / "comparison.csv");
  EXPECT_NE(csv.find("\nbase,window.yaml,,deal,Deal,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nbroken,window.yaml,events.window.chance=1.7,"), std::string::npos) << csv;

  // The database holds the batch, its two runs and the error.
  const ResultsStore store((dir_ / ".negsim" / "results.db").string(),
                           ResultsStore::Open::existing);
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "batch");
  EXPECT_EQ(groups[0].status, "complete");
  const auto members = store.members(groups[0].id);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_TRUE(members[0].run_id && members[1].run_id);
  EXPECT_FALSE(members[2].run_id);

  // Re-rendered from the database, the batch's report is the file written at the time.
  const std::string id = std::to_string(groups[0].id);
  const std::string db = (dir_ / ".negsim" / "results.db").string();
  const Finished md = negsim({"results", "export", id, "--format", "md", "--db", db});
  EXPECT_EQ(md.code, 0) << md.err;
  EXPECT_EQ(md.out, read(out / "comparison.md"));
  const Finished csv_again = negsim({"results", "export", id, "--format", "csv", "--db", db});
  EXPECT_EQ(csv_again.out, csv);
  // And a member run re-renders as its summary.json.
  const Finished run_json = negsim(
      {"results", "export", std::to_string(*members[1].run_id), "--format", "json", "--db", db});
  EXPECT_EQ(nlohmann::json::parse(run_json.out), wide);
  const Finished scenario = negsim({"results", "export", std::to_string(*members[1].run_id),
                                    "--format", "scenario", "--db", db});
  EXPECT_NE(scenario.out.find("chance: 0.7"), std::string::npos) << scenario.out;

  const Finished list = negsim({"results", "list", "--db", db, "--all"});
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("batch"), std::string::npos) << list.out;
  const Finished show = negsim({"results", "show", id, "--db", db});
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("3. broken: could not run"), std::string::npos) << show.out;
}

TEST_F(WhatIfCli, ABatchRunAgainReusesStoredResultsUnlessForced) {
  std::ofstream(dir_ / "batch.yaml") << "entries:\n  - {name: base, scenario: window.yaml}\n";
  const std::string db = path("results.db");
  const Finished first = negsim({"batch", path("batch.yaml"), "--branches", "3000", "--db", db});
  ASSERT_EQ(first.code, 0) << first.err;
  const Finished again = negsim({"batch", path("batch.yaml"), "--branches", "3000", "--db", db});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("reused"), std::string::npos) << again.err;
  EXPECT_EQ(again.out, first.out);
  const Finished other_seed =
      negsim({"batch", path("batch.yaml"), "--branches", "3000", "--seed", "9", "--db", db});
  EXPECT_EQ(other_seed.err.find("reused"), std::string::npos) << other_seed.err;
  const Finished forced =
      negsim({"batch", path("batch.yaml"), "--branches", "3000", "--db", db, "--force"});
  EXPECT_EQ(forced.err.find("reused"), std::string::npos) << forced.err;
  EXPECT_EQ(forced.out, first.out);  // the same figures, computed again
}

TEST_F(WhatIfCli, RunWithSetRecordsTheRunAndReusesItUnlessForced) {
  const fs::path out = dir_ / "out";
  const std::vector<std::string> args{
      "run",   path("window.yaml"),        "--branches", "3000",
      "--set", "events.window.chance=0.6", "--out",      out.string()};
  const Finished first = negsim(args);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.err.find("recorded as result 1"), std::string::npos) << first.err;
  const auto summary = nlohmann::json::parse(read(out / "summary.json"));
  EXPECT_NEAR(summary.at("outcomes")[0].at("probability").get<double>(), 0.6, 0.03);

  const Finished again = negsim(args);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("showing stored result 1"), std::string::npos) << again.err;
  EXPECT_EQ(again.out, first.out);
  EXPECT_EQ(nlohmann::json::parse(read(out / "summary.json")), summary);

  std::vector<std::string> forced = args;
  forced.push_back("--force");
  const Finished third = negsim(forced);
  EXPECT_NE(third.err.find("recorded as result 2"), std::string::npos) << third.err;
  std::vector<std::string> other = args;
  other[5] = "events.window.chance=0.7";
  EXPECT_NE(negsim(other).err.find("recorded as result 3"), std::string::npos);

  // The stored scenario is the one that ran, override included.
  const Finished scenario = negsim({"results", "export", "1", "--format", "scenario", "--db",
                                    (dir_ / ".negsim" / "results.db").string()});
  EXPECT_NE(scenario.out.find("chance: 0.6"), std::string::npos) << scenario.out;
}

TEST_F(WhatIfCli, SensitivityWritesItsFilesRecordsItAndShowsItAgain) {
  // P(deal | c) = c with c ~ U(0.2, 0.6) under --param: the tornado's swing is
  // 0.56 − 0.24 = 0.32 (tests/whatif/sensitivity_run_test.cpp has the derivation).
  const fs::path out = dir_ / "out";
  const Finished done = negsim({"sensitivity", path("window.yaml"), "--param",
                                "events.window.chance=0.2:0.6", "--target", "deal", "--branches",
                                "4000", "--bootstrap", "50", "--out", out.string()});
  ASSERT_EQ(done.code, 0) << done.err;
  EXPECT_NE(done.err.find("recorded as result 1"), std::string::npos) << done.err;
  for (const char* file :
       {"sensitivity.md", "sensitivity.csv", "sensitivity.json", "tornado.svg", "indices.svg"})
    EXPECT_TRUE(fs::exists(out / file)) << file;
  const auto json = nlohmann::json::parse(read(out / "sensitivity.json"));
  const std::string text = json.dump();
  EXPECT_NE(text.find("events.window.chance"), std::string::npos);
  EXPECT_NE(read(out / "tornado.svg").find("<svg"), std::string::npos);

  const std::string db = (dir_ / ".negsim" / "results.db").string();
  const Finished shown = negsim({"results", "show", "1", "--db", db});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_NE(shown.out.find("events.window.chance"), std::string::npos) << shown.out;
  const Finished listed = negsim({"results", "list", "--db", db});
  EXPECT_NE(listed.out.find("sensitivity"), std::string::npos) << listed.out;
}

TEST_F(WhatIfCli, CtrlCStopsASensitivityAnalysisWithAPartialRecordedReport) {
  const std::string db = path("results.db");
  const pid_t pid =
      start({"sensitivity", std::string(NEGSIM_SOURCE_DIR) + "/scenarios/abu_dhabi_2026.yaml",
             "--branches", "2000000", "--bootstrap", "20", "--db", db});
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  const Finished f = finish(pid);
  EXPECT_EQ(f.code, 130) << f.err;
  EXPECT_NE(f.out.find("PARTIAL"), std::string::npos) << f.out;
  const ResultsStore store(db, ResultsStore::Open::existing);
  const auto stored = store.list();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].kind, "sensitivity");
  EXPECT_EQ(stored[0].status, "interrupted");
  // What was kept renders again: the rows whose every block ran, far fewer
  // than asked for.
  const auto json = nlohmann::json::parse(store.run(stored[0].id)->summary_json);
  EXPECT_TRUE(json.at("partial").get<bool>());
  EXPECT_LT(json.at("rows").get<std::uint64_t>(), 2000000u);
  const Finished shown = negsim({"results", "show", std::to_string(stored[0].id), "--db", db});
  EXPECT_EQ(shown.code, 0) << shown.err;
}

TEST_F(WhatIfCli, SensitivityRejectsATargetThatNamesNothing) {
  const Finished bad = negsim({"sensitivity", path("window.yaml"), "--target", "dael"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("dael"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("deal"), std::string::npos) << bad.err;  // the choices are listed
  // Abu Dhabi's inputs make dozens of runs per base branch (3k + 3 for k
  // inputs): 20 million base branches would keep over 10^9 marks, and are
  // refused before anything runs.
  const Finished huge =
      negsim({"sensitivity", std::string(NEGSIM_SOURCE_DIR) + "/scenarios/abu_dhabi_2026.yaml",
              "--branches", "20000000", "--no-db"});
  EXPECT_EQ(huge.code, 2);
  EXPECT_NE(huge.err.find("is more than the 1000000000 branches an analysis may keep in memory"),
            std::string::npos)
      << huge.err;
  // --convergence needs somewhere to write its files.
  const Finished conv = negsim({"run", path("window.yaml"), "--convergence"});
  EXPECT_EQ(conv.code, 2);
  EXPECT_NE(conv.err.find("--convergence writes its files into the --out directory"),
            std::string::npos)
      << conv.err;
}

TEST_F(WhatIfCli, ABadOverrideIsReportedLikeABadFile) {
  const Finished f = negsim({"run", path("window.yaml"), "--set", "events.window.chance=1.5"});
  EXPECT_EQ(f.code, 2);
  EXPECT_EQ(f.err.rfind("--set events.window.chance=1.5: error: events[0].chance: ", 0), 0u)
      << f.err;
}

TEST_F(WhatIfCli, CompareOfAScenarioWithItselfShowsZeroWithAZeroWidthInterval) {
  const fs::path out = dir_ / "out";
  const Finished f = negsim({"compare", path("window.yaml"), path("window.yaml"), "--branches",
                             "3000", "--out", out.string(), "--no-db"});
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.out.find("0 of 3,000 branches (0.0%) ended differently"), std::string::npos) << f.out;
  EXPECT_FALSE(fs::exists(dir_ / ".negsim"));  // nothing recorded anywhere
  const auto j = nlohmann::json::parse(read(out / "comparison.json"));
  for (const auto& o : j.at("comparisons")[0].at("outcomes")) {
    EXPECT_EQ(o.at("difference").get<double>(), 0.0);
    EXPECT_EQ(o.at("paired_ci95")[0].get<double>(), 0.0);
    EXPECT_EQ(o.at("paired_ci95")[1].get<double>(), 0.0);
  }
}

TEST_F(WhatIfCli, CompareReportsPairedDifferencesAndRecordsBothSides) {
  std::ofstream(dir_ / "wider.yaml")
      << "extends: window.yaml\nevents:\n  - {id: window, chance: 0.5}\n";
  const std::string db = path("results.db");
  const fs::path out = dir_ / "out";
  const Finished f = negsim({"compare", path("window.yaml"), path("wider.yaml"), "--branches",
                             "20000", "--db", db, "--out", out.string(), "--quiet"});
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.out.find("Largest moves:"), std::string::npos) << f.out;
  // With common random numbers a wider window can only turn a no deal into a
  // deal, never the reverse: every change goes one way.
  const auto j = nlohmann::json::parse(read(out / "comparison.json"));
  const auto& changes = j.at("comparisons")[0].at("changes");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].at("from"), "no_deal");
  EXPECT_TRUE(fs::exists(out / "comparison.html"));
  EXPECT_TRUE(fs::exists(out / "figures" / "differences-1.svg"));
  EXPECT_EQ(changes[0].at("to"), "deal");
  EXPECT_NEAR(changes[0].at("count").get<double>() / 20000, 0.1, 0.01);
  const ResultsStore store(db, ResultsStore::Open::existing);
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kind, "compare");
  EXPECT_EQ(store.members(groups[0].id).size(), 2u);
}

TEST_F(WhatIfCli, SweepFindsTheTippingPoint) {
  const fs::path out = dir_ / "out";
  const Finished f =
      negsim({"sweep", path("window.yaml"), "--vary", "events.window.chance=0.05:0.95:10",
              "--branches", "5000", "--out", out.string(), "--quiet"});
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_NE(
      f.out.find("between 0.45 and 0.55 the most likely outcome changes from No deal to Deal"),
      std::string::npos)
      << f.out;
  const auto j = nlohmann::json::parse(read(out / "sweep.json"));
  EXPECT_EQ(j.at("sweep").at("points").size(), 10u);
  // The page and its figure: one curve per outcome over the ten points.
  const std::string page = read(out / "sweep.html");
  EXPECT_NE(page.find("the most likely outcome changes from No deal to Deal"), std::string::npos);
  const std::string figure = read(out / "figures" / "sweep.svg");
  std::size_t curves = 0;
  for (std::size_t at = 0; (at = figure.find("class=\"mark series\"", at)) != std::string::npos;
       ++at)
    ++curves;
  EXPECT_EQ(curves, j.at("sweep").at("outcomes").size()) << figure;
  EXPECT_EQ(read(out / "sweep.csv").substr(0, 10), "key1,value");
}

TEST_F(WhatIfCli, SweepOfAnUnknownKeyIsRejectedAtOnce) {
  const Finished f =
      negsim({"sweep", path("window.yaml"), "--vary", "events.windw.chance=0:1:3", "--no-db"});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find("no event with id 'windw' (did you mean 'window'?)"), std::string::npos)
      << f.err;
}

TEST_F(WhatIfCli, AnInterruptedBatchIsRecordedAsInterruptedWithWhatFinished) {
  std::ofstream(dir_ / "batch.yaml")
      << "entries:\n  - {name: quick, scenario: window.yaml, branches: 2000}\n"
         "  - {name: endless, scenario: " NEGSIM_SOURCE_DIR
         "/scenarios/abu_dhabi_2026.yaml, "
         "branches: 1000000000}\n  - {name: never, scenario: window.yaml}\n";
  const std::string db = path("results.db");
  const pid_t pid = start({"batch", path("batch.yaml"), "--db", db});
  // Interrupt once the first entry is recorded, so that the endless one is
  // running: a fixed wait was too short for a sanitized build on a busy machine.
  bool quick_recorded = false;
  for (int tries = 0; tries < 1200 && !quick_recorded; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      const ResultsStore store(db, ResultsStore::Open::existing);
      const auto groups = store.list();
      quick_recorded = !groups.empty() && !store.members(groups[0].id).empty();
    } catch (const std::exception&) {
      // not created yet, or busy: look again
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  ASSERT_TRUE(quick_recorded) << "the first entry was not recorded within two minutes";
  const Finished f = finish(pid);
  EXPECT_EQ(f.code, 130) << f.err;
  EXPECT_NE(f.out.find("PARTIAL"), std::string::npos) << f.out;
  const ResultsStore store(db, ResultsStore::Open::existing);
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].status, "interrupted");
  const auto members = store.members(groups[0].id);
  // quick, and the part of endless that ran if a whole wave of branches had
  // finished (a slow, sanitized build may not get that far); never "never".
  ASSERT_GE(members.size(), 1u);
  ASSERT_LE(members.size(), 2u);
  EXPECT_EQ(members[0].name, "quick");
  EXPECT_EQ(store.run(*members[0].run_id)->status, "complete");
  if (members.size() == 2) {
    EXPECT_EQ(members[1].name, "endless");
    EXPECT_TRUE(store.run(*members[1].run_id)->partial);
  }
}

}  // namespace
}  // namespace negsim
