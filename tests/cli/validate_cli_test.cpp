// `negsim validate` as an analyst runs it: exit status, summary on standard
// output, problems on standard error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "support/scratch.hpp"
#include "support/shipped_scenarios.hpp"

namespace {

struct CliRun {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `negsim ARGS` from the source directory (so file names stay relative).
CliRun negsim(const std::string& args) {
  const auto err_file = negsim::test_support::scratch_path("stderr.txt");
  const std::string command = std::string("cd '") + NEGSIM_SOURCE_DIR + "' && '" + NEGSIM_BINARY +
                              "' " + args + " 2>'" + err_file.string() + "'";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.err = slurp(err_file);
  std::filesystem::remove(err_file);
  return run;
}

TEST(ValidateCli, ValidFileGetsOneSummaryLine) {
  const CliRun r = negsim("validate scenarios/examples/split_the_pie.yaml");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "scenarios/examples/split_the_pie.yaml: ok — split_the_pie: 1 issue, 2 parties, 1 "
            "event, 3 states, 3 transitions, horizon 30 days\n");
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCli, InvalidFileExitsWithTwoAndPointsAtTheLine) {
  const CliRun r = negsim("validate tests/data/bad/red_line_outside_range.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "tests/data/bad/red_line_outside_range.yaml:26:35: error: "
            "parties[1].demands.share.red_line: expected a number between 0 and 1 (the range of "
            "issue 'share'), got 1.7\n");
}

TEST(ValidateCli, EveryFileIsCheckedAndAnyProblemFailsTheRun) {
  const CliRun r = negsim(
      "validate tests/data/bad/several_problems.yaml tests/data/good/minimal.yaml "
      "no_such_file.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out,
            "tests/data/good/minimal.yaml: ok — minimal: 1 issue, 2 parties, 0 events, 2 states, "
            "1 transition, horizon 12 rounds\n");
  EXPECT_NE(r.err.find("tests/data/bad/several_problems.yaml:6:12: error: scenario.horizon:"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("tests/data/bad/several_problems.yaml:40:35: error:"), std::string::npos);
  EXPECT_NE(r.err.find("no_such_file.yaml: error: cannot open the file"), std::string::npos);
  EXPECT_NE(r.err.find("2 of 3 files have problems"), std::string::npos);
}

TEST(ValidateCli, NoFileIsAUsageError) {
  const CliRun r = negsim("validate");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("files is required"), std::string::npos) << r.err;
}

TEST(ValidateCli, HelpExplainsTheMessageFormat) {
  const CliRun r = negsim("validate --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("FILE:LINE:COLUMN: error: KEY.PATH:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("docs/scenario-reference.md"), std::string::npos);
}

TEST(ValidateCli, EveryShippedScenarioIsValid) {
  for (const auto& file : negsim::test_support::shipped_scenarios()) {
    const CliRun r = negsim("validate '" + file.string() + "'");
    EXPECT_EQ(r.status, 0) << r.err;
  }
}

// Each observation file is checked against the historical case beside it, and
// each case has one: a case without it cannot be scored by negsim backtest.
TEST(ValidateCli, EveryShippedObservationFileIsValid) {
  const auto observations = negsim::test_support::shipped_observations();
  ASSERT_GE(observations.size(), 10u);  // issue 13: a library of at least ten cases
  for (const auto& file : observations) {
    EXPECT_TRUE(std::filesystem::exists(negsim::observed_scenario_path(file.string()))) << file;
    const CliRun r = negsim("validate '" + file.string() + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(": ok — observation of "), std::string::npos) << r.out;
  }
  for (const auto& file : negsim::test_support::shipped_scenarios()) {
    if (file.parent_path().filename() == "history") {
      EXPECT_TRUE(std::filesystem::exists(negsim::observation_path(file.string()))) << file;
    }
  }
}

// The batch file the user guide points at names scenarios that exist and are
// valid: a short run of it succeeds and has one column per entry.
TEST(ValidateCli, ShippedBatchFileRuns) {
  const CliRun r = negsim(
      "batch scenarios/batches/abu_dhabi_2026.yaml --branches 500 --threads 1 --no-db --quiet");
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char* entry :
       {"base", "us_pressure_on_russia", "donetsk_red_line_hardens", "us_disengagement"})
    EXPECT_NE(r.out.find(entry), std::string::npos) << entry << "\n" << r.out;
}

}  // namespace
