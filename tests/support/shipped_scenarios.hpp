// Every scenario file shipped under scenarios/, for tests that must hold on
// all of them. scenarios/batches/ holds batch files (lists of scenarios to
// run side by side), which are not scenarios themselves; nor are the
// observation files of historical cases (NAME.observed.yaml, what happened).
#pragma once

#include <algorithm>
#include <filesystem>
#include <vector>

#include "negsim/input/observation_loader.hpp"

namespace negsim::test_support {

inline std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = std::filesystem::path(NEGSIM_SOURCE_DIR) / "scenarios";
  for (auto it = std::filesystem::recursive_directory_iterator(root);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename() == "batches") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() == ".yaml" && !is_observation_file(it->path().string()))
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every observation file shipped under scenarios/ (NAME.observed.yaml beside
// the historical case NAME.yaml).
inline std::vector<std::filesystem::path> shipped_observations() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = std::filesystem::path(NEGSIM_SOURCE_DIR) / "scenarios";
  for (const auto& item : std::filesystem::recursive_directory_iterator(root))
    if (item.is_regular_file() && is_observation_file(item.path().string()))
      files.push_back(item.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace negsim::test_support
