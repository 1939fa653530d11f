// End-to-end tests of `negsim run`: the real binary, its files and exit codes.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "negsim/output/figure_files.hpp"
#include "negsim/run/runner.hpp"
#include "support/negsim_process.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

#if defined(NEGSIM_TSAN) || defined(NEGSIM_ASAN)
constexpr std::uint64_t kRunBranches = 3000;
#else
constexpr std::uint64_t kRunBranches = 20000;
#endif

std::string data(const std::string& name) {
  return std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/" + name;
}

using test_support::Finished;
using test_support::read;

class RunCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-run-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  pid_t start(const std::vector<std::string>& args) {
    return test_support::start_negsim(args, dir_);
  }
  Finished finish(pid_t pid) { return test_support::finish_negsim(pid, dir_); }
  Finished negsim(const std::vector<std::string>& args) { return finish(start(args)); }

  // No temporary file of an atomic write may survive.
  void expect_no_temporary_files(const fs::path& dir) {
    if (!fs::exists(dir)) return;
    for (const auto& entry : fs::directory_iterator(dir))
      EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }

  fs::path dir_;
};

// summary.json without what describes the machine rather than the result.
nlohmann::json result_figures(const fs::path& file) {
  nlohmann::json j = nlohmann::json::parse(read(file));
  j.erase("threads");
  j.erase("wall_seconds");
  j.erase("date");
  return j;
}

TEST_F(RunCli, WritesIdenticalFiguresForOneTwoAndEightThreads) {
  std::vector<nlohmann::json> figures;
  std::vector<std::string> csv_without_date;
  for (const std::string threads : {"1", "2", "8"}) {
    const fs::path out = dir_ / ("t" + threads);
    const Finished f =
        negsim({"run", data("busy_talks.yaml"), "--branches", std::to_string(kRunBranches),
                "--seed", "7", "--threads", threads, "--out", out.string(), "--quiet", "--no-db"});
    ASSERT_EQ(f.code, 0) << f.err;
    ASSERT_TRUE(fs::exists(out / "summary.json"));
    ASSERT_TRUE(fs::exists(out / "summary.md"));
    ASSERT_TRUE(fs::exists(out / "outcomes.csv"));
    EXPECT_EQ(nlohmann::json::parse(read(out / "summary.json")).at("threads"), std::stoi(threads));
    figures.push_back(result_figures(out / "summary.json"));
    std::string csv = read(out / "outcomes.csv");
    const std::string date = nlohmann::json::parse(read(out / "summary.json")).at("date");
    for (std::size_t at; (at = csv.find(date)) != std::string::npos;) csv.erase(at, date.size());
    csv_without_date.push_back(csv);
    EXPECT_TRUE(f.out.find("Most likely: ") != std::string::npos) << f.out;
  }
  EXPECT_EQ(figures[0], figures[1]);
  EXPECT_EQ(figures[0], figures[2]);
  EXPECT_EQ(csv_without_date[0], csv_without_date[1]);
  EXPECT_EQ(csv_without_date[0], csv_without_date[2]);
  // The documented keys are there.
  const nlohmann::json& j = figures[0];
  EXPECT_EQ(j.at("branches"), kRunBranches);
  EXPECT_EQ(j.at("seed"), 7);
  EXPECT_EQ(j.at("scenario").at("id"), "busy_talks");
  EXPECT_EQ(j.at("scenario").at("sha256").get<std::string>().size(), 64u);
  std::uint64_t total = 0;
  for (const auto& o : j.at("outcomes")) {
    total += o.at("count").get<std::uint64_t>();
    EXPECT_TRUE(o.at("id").is_string());
    EXPECT_TRUE(o.at("probability").is_number());
    EXPECT_EQ(o.at("ci95").size(), 2u);
  }
  EXPECT_EQ(total, kRunBranches);
  EXPECT_FALSE(j.at("partial").get<bool>());
}

TEST_F(RunCli, CreatesTheOutputDirectory) {
  // The suite runs with NEGSIM_NO_PNG=1 (tests/CMakeLists.txt: the conversion
  // is slow); this test turns it back on, so where rsvg-convert is installed
  // (tools/setup installs it) the PNG figures are checked here.
  const std::string was = std::getenv("NEGSIM_NO_PNG") ? std::getenv("NEGSIM_NO_PNG") : "";
  ::setenv("NEGSIM_NO_PNG", "0", 1);
  const bool converter = !png_converter().empty();
  const fs::path out = dir_ / "new" / "nested";
  const Finished f =
      negsim({"run", data("coin.yaml"), "--branches", "1000", "--out", out.string()});
  ::setenv("NEGSIM_NO_PNG", was.c_str(), 1);
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_TRUE(fs::exists(out / "summary.html"));
  EXPECT_TRUE(fs::exists(out / "figures" / "outcomes.svg"));
  // PNG copies of the figures exactly where rsvg-convert is installed; the
  // note names what was written either way.
  const bool png = fs::exists(out / "figures" / "outcomes.png");
  EXPECT_EQ(png, converter);
  EXPECT_NE(f.err.find("wrote summary.json, summary.md, outcomes.csv, summary.html and 2 figures "
                       "in figures/ (SVG" +
                       std::string(png ? ", PNG)" : ")") + " to " + out.string()),
            std::string::npos)
      << f.err;
  if (!png) {
    EXPECT_NE(f.err.find("note: no PNG figures: "), std::string::npos) << f.err;
  }
  expect_no_temporary_files(out);
  expect_no_temporary_files(out / "figures");
}

TEST_F(RunCli, ReportsEveryProblemOfABadScenarioAndExitsWithTwo) {
  const fs::path bad = dir_ / "bad.yaml";
  std::ofstream(bad) << "scenario:\n  id: bad\n  horizon: -3\n";
  const Finished f = negsim({"run", bad.string(), "--out", (dir_ / "out").string()});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find(bad.string() + ":"), std::string::npos) << f.err;
  EXPECT_NE(f.err.find("error: "), std::string::npos) << f.err;
  EXPECT_EQ(f.out, "");
  EXPECT_FALSE(fs::exists(dir_ / "out"));

  const Finished missing = negsim({"run", (dir_ / "absent.yaml").string()});
  EXPECT_EQ(missing.code, 2);
  const Finished bad_option = negsim({"run", data("coin.yaml"), "--branches", "0"});
  EXPECT_EQ(bad_option.code, 2);
}

TEST_F(RunCli, StopsAtThePrecisionTarget) {
  const fs::path out = dir_ / "out";
  const Finished f =
      negsim({"run", data("coin.yaml"), "--precision", "0.01", "--out", out.string(), "--quiet"});
  ASSERT_EQ(f.code, 0) << f.err;
  const auto j = nlohmann::json::parse(read(out / "summary.json"));
  EXPECT_EQ(j.at("branches"), kWaveBranches);  // one wave is plenty for ±1 point
  EXPECT_EQ(j.at("precision"), 0.01);
  EXPECT_TRUE(j.at("precision_met").get<bool>());
}

TEST_F(RunCli, InterruptedRunWritesCompletePartialResultsOrNothing) {
  const fs::path out = dir_ / "out";
  const pid_t pid = start({"run", data("busy_talks.yaml"), "--branches", "1000000000", "--threads",
                           "2", "--out", out.string()});
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  const Finished f = finish(pid);
  EXPECT_EQ(f.code, 130) << f.err;
  expect_no_temporary_files(out);
  if (!fs::exists(out / "summary.json")) {
    // The first wave had not finished: nothing may have been written.
    EXPECT_NE(f.err.find("no branch had finished; nothing was written"), std::string::npos)
        << f.err;
    EXPECT_FALSE(fs::exists(out / "summary.md"));
    EXPECT_FALSE(fs::exists(out / "outcomes.csv"));
    return;
  }
  const auto j = nlohmann::json::parse(read(out / "summary.json"));  // complete JSON
  const auto branches = j.at("branches").get<std::uint64_t>();
  EXPECT_TRUE(j.at("partial").get<bool>());
  EXPECT_GT(branches, 0u);
  // The prefix 0..N-1: a full run of N branches gives the same figures.
  const fs::path again = dir_ / "again";
  const Finished g = negsim({"run", data("busy_talks.yaml"), "--branches", std::to_string(branches),
                             "--threads", "1", "--no-db", "--out", again.string(), "-q"});
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_EQ(nlohmann::json::parse(read(again / "summary.json")).at("outcomes"), j.at("outcomes"));
  EXPECT_NE(
      f.err.find("interrupted: partial results for " + std::to_string(branches) + " branches"),
      std::string::npos)
      << f.err;
  EXPECT_NE(f.out.find("PARTIAL RESULTS"), std::string::npos);
  const std::string md = read(out / "summary.md");
  EXPECT_NE(md.find("**Partial results:**"), std::string::npos);
  EXPECT_NE(md.find("## Provenance"), std::string::npos);  // the last section: complete
  const std::string csv = read(out / "outcomes.csv");
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv.back(), '\n');
  EXPECT_NE(csv.find(",true,"), std::string::npos);  // partial column
}

TEST_F(RunCli, SecondInterruptQuitsAtOnceWithoutHalfWrittenFiles) {
  const fs::path out = dir_ / "out";
  const pid_t pid = start({"run", data("busy_talks.yaml"), "--branches", "1000000000", "--threads",
                           "2", "--out", out.string()});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(pid, SIGINT);  // may find the process already gone
  const Finished f = finish(pid);
  EXPECT_EQ(f.code, 130) << f.err;
  expect_no_temporary_files(out);
  // Whatever exists is whole.
  if (fs::exists(out / "summary.json")) {
    EXPECT_NO_THROW(nlohmann::json::parse(read(out / "summary.json")));
  }
  if (fs::exists(out / "summary.md")) {
    EXPECT_NE(read(out / "summary.md").find("## Provenance"), std::string::npos);
  }
}

}  // namespace
}  // namespace negsim
