// End to end: `negsim run --drivers` writes the key drivers into summary.json,
// summary.md and the text on stdout, with the same figures for any --threads;
// without the flag there are none, and the shock table says it is an association.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/negsim_process.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

using test_support::Finished;
using test_support::read;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class DriversCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::scratch_path("dir");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_), dir_);
  }

  fs::path dir_;
};

const std::string kIdle =
    std::string(NEGSIM_SOURCE_DIR) + "/tests/data/shock_drivers/idle_shock.yaml";
const std::string kBusy = std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/busy_talks.yaml";

TEST_F(DriversCli, WritesTheDriversEverywhereWhenAskedFor) {
  const fs::path out = dir_ / "out";
  const Finished f = negsim({"run", kIdle, "--branches", "5000", "--seed", "3", "--out",
                             out.string(), "--no-db", "--quiet", "--drivers"});
  ASSERT_EQ(f.code, 0) << f.err;
  const nlohmann::json j = nlohmann::json::parse(read(out / "summary.json"));
  ASSERT_TRUE(j.contains("drivers"));
  ASSERT_EQ(j["drivers"].size(), 1u);
  const nlohmann::json& d = j["drivers"][0];
  EXPECT_EQ(d["id"], "noise");
  EXPECT_EQ(d["label"], "Noise");
  EXPECT_EQ(d["branches"], 5000);
  EXPECT_EQ(d["changed_branches"], 0);
  ASSERT_EQ(d["outcomes"].size(), j["outcomes"].size());
  for (const auto& o : d["outcomes"]) {
    EXPECT_EQ(o["difference"], 0.0) << o;
    EXPECT_EQ(o["ci95"], nlohmann::json::array({0.0, 0.0})) << o;
  }
  // The association is still there, now described as one.
  EXPECT_TRUE(contains(j["shocks_note"].get<std::string>(), "Association, not effect"));

  EXPECT_TRUE(contains(f.out, "Shocks and outcomes (association, not effect)")) << f.out;
  EXPECT_TRUE(contains(f.out, "Key drivers: effect of each shock (paired, common random numbers)"))
      << f.out;
  EXPECT_TRUE(contains(f.out, "outcome changed in 0 of 5,000 branches")) << f.out;
  const std::string md = read(out / "summary.md");
  EXPECT_TRUE(contains(md, "## Key drivers: effect of each shock (paired, common random numbers)"))
      << md;
  EXPECT_TRUE(contains(md, "| Noise |")) << md;
}

TEST_F(DriversCli, HasNoDriversWithoutTheFlag) {
  const fs::path out = dir_ / "out";
  const Finished f =
      negsim({"run", kIdle, "--branches", "2000", "--out", out.string(), "--no-db", "--quiet"});
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_FALSE(nlohmann::json::parse(read(out / "summary.json")).contains("drivers"));
  EXPECT_FALSE(contains(f.out, "Key drivers")) << f.out;
  EXPECT_TRUE(contains(f.out, "For the effect of a shock, run with --drivers.")) << f.out;
}

TEST_F(DriversCli, GivesTheSameDriversForOneAndTwoThreads) {
  std::vector<nlohmann::json> drivers;
  for (const std::string threads : {"1", "2"}) {
    const fs::path out = dir_ / ("t" + threads);
    const Finished f = negsim({"run", kBusy, "--branches", "3000", "--seed", "5", "--threads",
                               threads, "--out", out.string(), "--no-db", "--quiet", "--drivers"});
    ASSERT_EQ(f.code, 0) << f.err;
    drivers.push_back(nlohmann::json::parse(read(out / "summary.json")).at("drivers"));
  }
  ASSERT_EQ(drivers[0].size(), 2u);
  EXPECT_EQ(drivers[0], drivers[1]);
}

}  // namespace
}  // namespace negsim
