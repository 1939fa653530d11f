// Where the project's results store is when no database is named: from the
// current folder upward to the first `.negsim` folder or `.git` entry.
#include "negsim/output/results_location.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

class Location : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::canonical(fs::temp_directory_path()) /
            negsim::test_support::scratch_path("location").filename();
    fs::remove_all(root_);
    fs::create_directories(root_ / "a" / "b" / "c");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(Location, AGitFolderMarksTheProjectRoot) {
  fs::create_directories(root_ / "a" / ".git");
  EXPECT_EQ(project_root(root_ / "a" / "b" / "c"), root_ / "a");
  EXPECT_EQ(project_root(root_ / "a"), root_ / "a");
  EXPECT_EQ(default_results_path(root_ / "a" / "b"), root_ / "a" / ".negsim" / "results.db");
}

TEST_F(Location, AGitFileOfAWorktreeMarksItToo) {
  std::ofstream(root_ / "a" / ".git") << "gitdir: elsewhere\n";
  EXPECT_EQ(project_root(root_ / "a" / "b"), root_ / "a");
}

TEST_F(Location, TheNearestMarkerWinsAndANegsimFolderIsOne) {
  fs::create_directories(root_ / ".git");
  fs::create_directories(root_ / "a" / "b" / ".negsim");
  EXPECT_EQ(project_root(root_ / "a" / "b" / "c"), root_ / "a" / "b");
  EXPECT_EQ(project_root(root_ / "a"), root_);
  // A file named .negsim is not the project's folder.
  std::ofstream(root_ / "a" / ".negsim") << "";
  EXPECT_EQ(project_root(root_ / "a"), root_);
}

TEST_F(Location, WithoutAMarkerTheCurrentFolderHoldsTheStore) {
  if (project_root(root_) != root_) GTEST_SKIP() << "the scratch folder is inside a project";
  EXPECT_EQ(project_root(root_ / "a" / "b"), root_ / "a" / "b");
  EXPECT_EQ(default_results_path(root_ / "a"), root_ / "a" / ".negsim" / "results.db");
}

}  // namespace
}  // namespace negsim
