// Scratch paths for tests. ctest runs every test in its own process and
// several processes at once, so a fixed name would let two tests overwrite
// each other's files: each path carries the process id and the test's name.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace negsim::test_support {

inline std::filesystem::path scratch_path(const std::string& what) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = "negsim-" + std::to_string(::getpid()) + "-";
  if (info != nullptr) name += std::string(info->test_suite_name()) + "." + info->name() + "-";
  for (char& c : name)
    if (c == '/') c = '_';  // parameterised test names contain '/'
  return std::filesystem::temp_directory_path() / (name + what);
}

}  // namespace negsim::test_support
