// End-to-end tests of `negsim trace`: a branch by number or by where it ends,
// with --set, through the real binary and its exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/simulator.hpp"
#include "support/negsim_process.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::Finished;

class TraceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-trace-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "window.yaml") << test_support::kWindowScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_), dir_);
  }
  std::string window() const { return (dir_ / "window.yaml").string(); }

  // The first branch of seed 1 that ends in `outcome`, found with the engine.
  std::uint64_t first_ending_in(const std::string& outcome, const LoadOptions& load = {}) const {
    const Simulator sim(load_scenario_file(window(), load));
    for (std::uint64_t b = 0;; ++b)
      if (sim.outcomes()[static_cast<std::size_t>(sim.run_branch(1, b).outcome)] == outcome)
        return b;
  }

  fs::path dir_;
};

TEST_F(TraceCli, OutcomeTellsTheFirstBranchThatEndsThere) {
  for (const std::string outcome : {"deal", "no_deal"}) {
    const std::uint64_t k = first_ending_in(outcome);
    const Finished by_outcome = negsim({"trace", window(), "--seed", "1", "--outcome", outcome});
    ASSERT_EQ(by_outcome.code, 0) << by_outcome.err;
    EXPECT_EQ(by_outcome.err, "negsim trace: branch " + std::to_string(k) +
                                  " is the first that ends in " + outcome + "\n");
    const Finished by_number =
        negsim({"trace", window(), "--seed", "1", "--branch", std::to_string(k)});
    ASSERT_EQ(by_number.code, 0) << by_number.err;
    EXPECT_EQ(by_outcome.out, by_number.out);
  }
}

TEST_F(TraceCli, SetChangesTheBranchTold) {
  // With no window at all, every branch ends without a deal: the trace of
  // branch 0 says so whatever the file's chance.
  const Finished f =
      negsim({"trace", window(), "--branch", "0", "--set", "events.window.chance=0"});
  ASSERT_EQ(f.code, 0) << f.err;
  const Finished g =
      negsim({"trace", window(), "--branch", "0", "--set", "events.window.chance=1"});
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_NE(f.out, g.out);
  EXPECT_NE(f.out.find("No deal"), std::string::npos) << f.out;
  EXPECT_NE(g.out.find("Deal"), std::string::npos) << g.out;
}

TEST_F(TraceCli, AnOutcomeNoBranchReachesIsReportedNotTold) {
  const Finished f = negsim({"trace", window(), "--outcome", "deal", "--search", "50", "--set",
                             "events.window.chance=0"});
  EXPECT_EQ(f.code, 1);
  EXPECT_EQ(f.out, "");
  EXPECT_EQ(f.err,
            "negsim trace: no branch among the first 50 (seed 20260123) ends in deal; look "
            "further with --search N\n");
}

TEST_F(TraceCli, AnUnknownOutcomeNamesTheKnownOnes) {
  const Finished f = negsim({"trace", window(), "--outcome", "ceasefire"});
  EXPECT_EQ(f.code, 2);
  EXPECT_EQ(f.err, "negsim trace: --outcome ceasefire: " + window() +
                       " has no outcome or milestone of that id (its outcomes are deal, no_deal, "
                       "unresolved)\n");
}

TEST_F(TraceCli, NeedsEitherABranchOrAnOutcome) {
  for (const auto& args :
       {std::vector<std::string>{"trace", window()},
        std::vector<std::string>{"trace", window(), "--branch", "1", "--outcome", "deal"}}) {
    const Finished f = negsim(args);
    EXPECT_EQ(f.code, 2);
    EXPECT_NE(f.err.find("give either --branch K"), std::string::npos) << f.err;
  }
}

}  // namespace
}  // namespace negsim
