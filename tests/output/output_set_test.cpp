// Output sets (issue 12): replaced as a unit, never mixed, and what a killed
// writer leaves is finished or removed by the next.
#include "negsim/output/output_set.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/negsim_process.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::read;

class OutputSet : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::scratch_path("out");
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::vector<OutputFile> set(const std::string& run) {
    return {{"a.txt", "a of " + run}, {"b.txt", "b of " + run}};
  }
  std::vector<std::string> hidden() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename().string()[0] == '.') names.push_back(e.path().filename().string());
    return names;
  }

  fs::path dir_;
};

TEST_F(OutputSet, ReplacesEveryFileAndLeavesNothingHidden) {
  write_output_set(dir_, set("one"));
  write_output_set(dir_, set("two"));
  EXPECT_EQ(read(dir_ / "a.txt"), "a of two");
  EXPECT_EQ(read(dir_ / "b.txt"), "b of two");
  EXPECT_TRUE(hidden().empty());
}

TEST_F(OutputSet, AStagingOfAKilledWriterIsRemovedUnlessMarkedComplete) {
  write_output_set(dir_, set("one"));
  const fs::path unfinished = dir_ / ".negsim-staging-4200001-0";
  fs::create_directories(unfinished);
  std::ofstream(unfinished / "a.txt") << "a of half";
  const fs::path complete = dir_ / ".negsim-staging-4200002-0";
  fs::create_directories(complete);
  std::ofstream(complete / "b.txt") << "b of two";  // a.txt of two was moved in already
  std::ofstream(complete / ".complete");
  std::ofstream(dir_ / "a.txt") << "a of two";
  std::ofstream(dir_ / ".a.txt.tmp-4200003-7") << "debris";
  clean_output_dir(dir_);
  EXPECT_TRUE(hidden().empty());
  EXPECT_EQ(read(dir_ / "a.txt"), "a of two");
  EXPECT_EQ(read(dir_ / "b.txt"), "b of two");
}

TEST_F(OutputSet, UnusableDirectoriesAreFoundBeforeAnyWork) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  try {
    check_output_dir(dir_ / "file");
    FAIL() << "a file was taken for a directory";
  } catch (const OutputError& e) {
    EXPECT_TRUE(e.bad_name());
  }
  try {
    check_output_dir(dir_ / std::string(300, 'n'));
    FAIL() << "a name longer than NAME_MAX was accepted";
  } catch (const OutputError& e) {
    EXPECT_TRUE(e.bad_name());
  }
  EXPECT_THROW(check_output_dir(""), OutputError);
  check_output_dir(dir_ / "new");
  EXPECT_TRUE(fs::is_directory(dir_ / "new"));
  EXPECT_TRUE(fs::is_empty(dir_ / "new"));
}

TEST_F(OutputSet, SameFileSeesThroughSpellings) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "x") << "x";
  EXPECT_TRUE(same_file(dir_ / "x", dir_ / "." / "x"));
  EXPECT_TRUE(same_file(dir_ / "y", dir_ / "sub" / ".." / "y"));
  EXPECT_FALSE(same_file(dir_ / "x", dir_ / "y"));
}

}  // namespace
}  // namespace negsim
