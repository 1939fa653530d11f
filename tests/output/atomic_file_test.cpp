#include "negsim/output/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace negsim {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Every entry in the directory, to prove no temporary file is left behind.
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(AtomicFile, WritesAndReplacesTheWholeContent) {
  const fs::path target = dir_ / "summary.json";
  write_file_atomically(target, "first version, rather long\n");
  EXPECT_EQ(read(target), "first version, rather long\n");
  write_file_atomically(target, "second\n");
  EXPECT_EQ(read(target), "second\n");
  EXPECT_EQ(entries(), 1u);
  const std::string big(3 << 20, 'x');  // several write() calls
  write_file_atomically(target, big);
  EXPECT_EQ(read(target), big);
  write_file_atomically(target, "");
  EXPECT_EQ(read(target), "");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, FailsWithContextWhenTheDirectoryIsMissing) {
  const fs::path target = dir_ / "missing" / "summary.json";
  try {
    write_file_atomically(target, "x");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot write " + target.string()), std::string::npos) << what;
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicFile, RefusesADirectoryInTheWayAndLeavesNoTemporaryFile) {
  // A non-empty directory in the way: renaming over it would fail only after
  // the whole file was written, so it is refused first, and the directory is
  // left alone with nothing beside it.
  const fs::path target = dir_ / "outcomes.csv";
  fs::create_directories(target / "inside");
  try {
    write_file_atomically(target, "outcome,count\n");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("outcomes.csv: not a regular file"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, FailsWhenTheDirectoryIsNotWritable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only directories";
  const fs::path target = dir_ / "summary.md";
  write_file_atomically(target, "kept\n");
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(write_file_atomically(target, "replacement\n"), std::runtime_error);
  fs::permissions(dir_, fs::perms::owner_all);
  EXPECT_EQ(read(target), "kept\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, RemovesThePartialTemporaryFileWhenAWriteFails) {
  // A file size limit makes write() fail part-way (EFBIG), as a full disk would.
  const fs::path target = dir_ / "summary.json";
  write_file_atomically(target, "kept\n");
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    write_file_atomically(target, std::string(100000, 'y'));
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(message.find("write failed"), std::string::npos) << message;
  EXPECT_EQ(read(target), "kept\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, RejectsAPathWithoutAFileName) {
  EXPECT_THROW(write_file_atomically(dir_ / "", "x"), std::runtime_error);
  EXPECT_EQ(entries(), 0u);
}

}  // namespace
}  // namespace negsim
