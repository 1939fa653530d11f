// `negsim backtest` and `negsim validate` on observation files as an analyst
// runs them: exit status, the report, its files and the messages for a case
// without observations or with observations naming unknown outcomes or issues.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/backtest_fixture.hpp"
#include "support/negsim_process.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::Finished;
using test_support::read;

class BacktestCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::scratch_path("backtest-cli");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    test_support::write_library(dir_ / "library");
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_), dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(BacktestCli, ScoresTheLibraryAndWritesTheTrio) {
  const Finished f =
      negsim({"backtest", path("library"), "--branches", "2000", "--out", path("out"), "--quiet"});
  EXPECT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.out.find("Backtest of " + path("library") +
                       ": 2 historical cases, 2,000 branches "
                       "each, seed 20260123"),
            std::string::npos)
      << f.out;
  EXPECT_NE(f.out.find("Mean score (lower is better)"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("Base rate"), std::string::npos);
  EXPECT_NE(f.out.find("Uniform"), std::string::npos);
  EXPECT_NE(f.out.find("Calibration of the model's yes/no forecasts"), std::string::npos);
  for (const char* file : {"backtest.md", "backtest.csv", "backtest.json"})
    EXPECT_TRUE(fs::exists(dir_ / "out" / file)) << file;

  // Bit for bit: again, reusing the stored runs, the same files.
  const std::string md = read(dir_ / "out/backtest.md"), json = read(dir_ / "out/backtest.json");
  const Finished again =
      negsim({"backtest", path("library"), "--branches", "2000", "--out", path("out")});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("reused"), std::string::npos) << again.err;
  EXPECT_EQ(read(dir_ / "out/backtest.md"), md);
  EXPECT_EQ(read(dir_ / "out/backtest.json"), json);

  // The store renders it back.
  const Finished shown =
      negsim({"results", "export", "1", "--format", "json", "--db", path(".negsim/results.db")});
  EXPECT_EQ(shown.code, 0) << shown.err;
  EXPECT_EQ(shown.out, json);
}

// Reproducible bit for bit: the thread count changes how the branches are
// shared out, never the report.
TEST_F(BacktestCli, TheBytesDoNotDependOnTheThreadCount) {
  for (const char* threads : {"1", "2", "3"}) {
    const Finished f =
        negsim({"backtest", path("library"), "--branches", "3000", "--threads", threads, "--out",
                path(std::string("out") + threads), "--no-db", "--quiet"});
    ASSERT_EQ(f.code, 0) << f.err;
  }
  for (const char* file : {"backtest.md", "backtest.csv", "backtest.json"}) {
    const std::string one = read(dir_ / "out1" / file);
    EXPECT_FALSE(one.empty()) << file;
    EXPECT_EQ(read(dir_ / "out2" / file), one) << file;
    EXPECT_EQ(read(dir_ / "out3" / file), one) << file;
  }
}

TEST_F(BacktestCli, ACaseWithoutObservationsExitsWithStatus2) {
  fs::remove(dir_ / "library/window.observed.yaml");
  const Finished f = negsim({"backtest", path("library"), "--no-db"});
  EXPECT_EQ(f.code, 2);
  EXPECT_EQ(f.out, "");
  EXPECT_EQ(f.err, path("library") +
                       "/window.yaml: error: no observations: a backtest case needs what happened "
                       "in window.observed.yaml beside it (docs/validation.md)\n"
                       "negsim: error: nothing was run: every case needs a valid scenario and "
                       "observation file\n");
}

TEST_F(BacktestCli, ObservationsNamingAnUnknownOutcomeOrIssueExitWithStatus2) {
  std::string bad = test_support::kPieObserved;
  bad.replace(bad.find("outcome: agreement"), 18, "outcome: agreemnt");
  bad.replace(bad.find("share_to_a: 0.45"), 16, "pie_share: 0.45");
  test_support::write_file(dir_ / "library", "pie.observed.yaml", bad);
  const Finished f = negsim({"backtest", path("library"), "--no-db"});
  EXPECT_EQ(f.code, 2);
  const std::string file = path("library") + "/pie.observed.yaml";
  EXPECT_EQ(f.err, file +
                       ":4:12: error: observed.outcome: 'agreemnt' is not an outcome of "
                       "scenario 'pie'; did you mean 'agreement'?\n" +
                       file +
                       ":9:5: error: observed.terms.pie_share: 'pie_share' is not an "
                       "issue of scenario 'pie'; the issues are: share_to_a\n"
                       "negsim: error: nothing was run: every case needs a valid "
                       "scenario and observation file\n");

  // negsim validate says the same about the file.
  const Finished v = negsim({"validate", file});
  EXPECT_EQ(v.code, 2);
  EXPECT_EQ(v.out, "");
  EXPECT_NE(v.err.find(file + ":4:12: error: observed.outcome:"), std::string::npos) << v.err;
}

TEST_F(BacktestCli, ValidateChecksAnObservationFileAgainstItsScenario) {
  const Finished f = negsim({"validate", path("library/pie.observed.yaml")});
  EXPECT_EQ(f.code, 0) << f.err;
  EXPECT_EQ(f.out, path("library/pie.observed.yaml") +
                       ": ok — observation of pie: agreement on 2026-01-15, 1 of 1 milestone "
                       "reached, 1 term, recorded until 2026-02-15\n");
  fs::remove(dir_ / "library/pie.yaml");
  const Finished orphan = negsim({"validate", path("library/pie.observed.yaml")});
  EXPECT_EQ(orphan.code, 2);
  EXPECT_NE(orphan.err.find(path("library/pie.yaml") + ": error: cannot open the file"),
            std::string::npos)
      << orphan.err;
}

// An observation file given where a scenario is expected says what it is.
TEST_F(BacktestCli, AnObservationFileIsNoScenarioToRun) {
  const std::string file = path("library/pie.observed.yaml");
  const std::string message =
      file +
      ": error: an observation file (what happened in a historical case) is no scenario: run "
      "the scenario it observes, " +
      path("library/pie.yaml") +
      "; negsim backtest scores that scenario against this file (docs/validation.md)\n";
  const std::vector<std::vector<std::string>> commands = {
      {"run", file, "--no-db"}, {"trace", file, "--branch", "0"}, {"graph", file}};
  for (const auto& command : commands) {
    const Finished f = negsim(command);
    EXPECT_EQ(f.code, 2) << command[0];
    EXPECT_EQ(f.err, message) << command[0];
  }
}

TEST_F(BacktestCli, ANonexistentInputExitsWithStatus2) {
  const Finished f = negsim({"backtest", path("nothing"), "--no-db"});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find(path("nothing") + ": error: no such file or directory"), std::string::npos)
      << f.err;
}

}  // namespace
}  // namespace negsim
