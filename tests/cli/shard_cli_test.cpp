// `negsim run --shard K/N --part FILE` and `negsim merge`: shards merged give
// exactly the files of one run; parts of other runs, or an incomplete set,
// are refused naming the part and what differs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/negsim_process.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::Finished;
using test_support::read;

// Shard 1/3 of either count is floor(chunks / 3) chunks of 1,024 branches.
#if defined(NEGSIM_TSAN) || defined(NEGSIM_ASAN)
constexpr const char* kShardBranches =
    "3500";  // four chunks, the last one short: shards of 1, 1, 2
constexpr const char* kFirstShard = "1024 branches, 0 to 1023";
#else
constexpr const char* kShardBranches =
    "10000";  // ten chunks, the last one short: shards of 3, 3, 4
constexpr const char* kFirstShard = "3072 branches, 0 to 3071";
#endif

const std::string kShardScenario =
    std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/busy_talks.yaml";

class ShardCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-shard-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_), dir_);
  }
  std::string part(const std::string& name) const { return (dir_ / name).string(); }

  // Shard K/N of the run with `seed`, into `name`.
  void shard(const std::string& k_of_n, const std::string& name, const std::string& seed = "7") {
    const Finished f = negsim({"run", kShardScenario, "--branches", kShardBranches, "--seed", seed,
                               "--threads", "1", "--shard", k_of_n, "--part", part(name)});
    ASSERT_EQ(f.code, 0) << f.err;
  }
  // The three shards of the usual run.
  void three_shards() {
    shard("1/3", "a.part");
    shard("2/3", "b.part");
    shard("3/3", "c.part");
  }

  fs::path dir_;
};

// summary.json with the lines that describe the machine and the time taken out.
std::string without_timing(const std::string& json) {
  static const std::regex timing(R"re(\n *"(threads|wall_seconds|date)": [^\n]*)re");
  return std::regex_replace(json, timing, "");
}

TEST_F(ShardCli, ThreeUnevenShardsMergeIntoExactlyTheFilesOfOneRun) {
  const Finished whole = negsim({"run", kShardScenario, "--branches", kShardBranches, "--seed", "7",
                                 "--out", part("whole"), "--no-db", "--quiet"});
  ASSERT_EQ(whole.code, 0) << whole.err;

  const Finished first = negsim({"run", kShardScenario, "--branches", kShardBranches, "--seed", "7",
                                 "--shard", "1/3", "--part", part("a.part")});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(
      first.err.find(std::string("wrote shard 1/3 (") + kFirstShard + ") to " + part("a.part")),
      std::string::npos)
      << first.err;
  EXPECT_EQ(first.out, "");
  shard("2/3", "b.part");
  shard("3/3", "c.part");

  // In any order.
  const Finished merged = negsim({"merge", part("c.part"), part("a.part"), part("b.part"), "--out",
                                  part("merged"), "--db", part("results.db")});
  ASSERT_EQ(merged.code, 0) << merged.err;
  const std::string one = read(dir_ / "whole" / "summary.json");
  const std::string parts = read(dir_ / "merged" / "summary.json");
  EXPECT_NE(without_timing(one), one);  // the timing lines were there, and are gone
  EXPECT_EQ(without_timing(parts), without_timing(one));
  EXPECT_TRUE(fs::exists(dir_ / "merged" / "summary.html"));
  EXPECT_TRUE(fs::exists(dir_ / "merged" / "outcomes.csv"));
  EXPECT_NE(merged.out.find("Most likely: "), std::string::npos) << merged.out;

  // The stored result is the run's: the same run is found in the store.
  const Finished again = negsim({"run", kShardScenario, "--branches", kShardBranches, "--seed", "7",
                                 "--db", part("results.db")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("ran before: showing stored result 1"), std::string::npos) << again.err;
}

TEST_F(ShardCli, RefusesAPartOfAnotherSeed) {
  shard("1/3", "a.part");
  shard("2/3", "b.part", "8");
  shard("3/3", "c.part");
  const Finished f = negsim({"merge", part("a.part"), part("b.part"), part("c.part"), "--no-db"});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(
      f.err.find("negsim: error: the part '" + part("b.part") + "' is not of the same run as '" +
                 part("a.part") + "': its seed is 8 where '" + part("a.part") + "' has 7"),
      std::string::npos)
      << f.err;
  EXPECT_EQ(f.out, "");
}

TEST_F(ShardCli, RefusesAMissingOrRepeatedShard) {
  three_shards();
  const Finished missing = negsim({"merge", part("a.part"), part("c.part"), "--no-db"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("1 of the 3 shards is missing: 2/3 (give one part of every shard)"),
            std::string::npos)
      << missing.err;

  fs::copy_file(part("b.part"), part("b-again.part"));
  const Finished twice =
      negsim({"merge", part("a.part"), part("b.part"), part("c.part"), part("b-again.part")});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("the parts '" + part("b.part") + "' and '" + part("b-again.part") +
                           "' are both shard 2/3; give each shard once"),
            std::string::npos)
      << twice.err;
}

TEST_F(ShardCli, RefusesAPartOfAnotherScenarioOrShardCount) {
  three_shards();
  const std::string coin = std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/coin.yaml";
  const Finished other = negsim({"run", coin, "--branches", kShardBranches, "--seed", "7",
                                 "--shard", "2/3", "--part", part("coin.part")});
  ASSERT_EQ(other.code, 0) << other.err;
  const Finished f = negsim({"merge", part("a.part"), part("coin.part"), part("c.part")});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find("the part '" + part("coin.part") + "' is not of the same run as '" +
                       part("a.part") + "': its scenario is coin where '" + part("a.part") +
                       "' has busy_talks"),
            std::string::npos)
      << f.err;

  shard("2/2", "half.part");
  const Finished count = negsim({"merge", part("a.part"), part("half.part")});
  EXPECT_EQ(count.code, 2);
  EXPECT_NE(count.err.find("its shard count is 2 (shard 2/2) where"), std::string::npos)
      << count.err;
}

TEST_F(ShardCli, RefusesAPartThatIsNotOne) {
  three_shards();
  const std::string bytes = read(part("c.part"));
  {
    std::ofstream cut(part("cut.part"), std::ios::binary);
    cut << bytes.substr(0, bytes.size() / 2);
  }
  const Finished f = negsim({"merge", part("a.part"), part("b.part"), part("cut.part")});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find("the part '" + part("cut.part") + "' cannot be merged: its tally has"),
            std::string::npos)
      << f.err;
  EXPECT_NE(f.err.find("(the file is cut short)"), std::string::npos) << f.err;

  const Finished none = negsim({"merge", part("a.part"), part("nothing.part")});
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("cannot read the part '" + part("nothing.part") + "': no such file"),
            std::string::npos)
      << none.err;
}

TEST_F(ShardCli, ReadsShardsStrictly) {
  const auto refused = [&](const std::string& k_of_n) {
    const Finished f = negsim({"run", kShardScenario, "--shard", k_of_n, "--part", part("x.part")});
    EXPECT_EQ(f.code, 2) << k_of_n;
    EXPECT_NE(f.err.find("--shard: expected K/N, shard K of N with 1 <= K <= N <= 1000000, e.g. "
                         "2/8, got '" +
                         k_of_n + "'"),
              std::string::npos)
        << f.err;
    EXPECT_FALSE(fs::exists(part("x.part")));
  };
  for (const char* bad : {"0/3", "4/3", "1/0", "x/3", "1/3/5", "1", "", " 1/3", "1/3x"})
    refused(bad);

  const Finished no_part = negsim({"run", kShardScenario, "--shard", "1/3"});
  EXPECT_EQ(no_part.code, 2);
  EXPECT_NE(no_part.err.find("--shard needs --part FILE"), std::string::npos) << no_part.err;
  const Finished precision = negsim(
      {"run", kShardScenario, "--shard", "1/3", "--part", part("x.part"), "--precision", "0.01"});
  EXPECT_EQ(precision.code, 2);
  EXPECT_NE(precision.err.find("--precision cannot be split into shards"), std::string::npos)
      << precision.err;
  const Finished out = negsim(
      {"run", kShardScenario, "--shard", "1/3", "--part", part("x.part"), "--out", part("o")});
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.err.find("a shard writes only its --part file"), std::string::npos) << out.err;
}

// Each shard would stream only its own slice of the branches, and the parts
// carry no rows to merge: the export is refused before anything runs.
TEST_F(ShardCli, RefusesBranchesOut) {
  const Finished f = negsim({"run", kShardScenario, "--branches", kShardBranches, "--shard", "1/3",
                             "--part", part("x.part"), "--branches-out", part("b.csv")});
  EXPECT_EQ(f.code, 2);
  EXPECT_NE(f.err.find("--branches-out cannot be split into shards: each shard would write only "
                       "its own branches; run it as one process"),
            std::string::npos)
      << f.err;
  EXPECT_FALSE(fs::exists(part("x.part")));
  EXPECT_FALSE(fs::exists(part("b.csv")));
}

}  // namespace
}  // namespace negsim
