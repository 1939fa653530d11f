#include "negsim/output/results_location.hpp"

#include <system_error>

namespace negsim {

std::filesystem::path project_root(const std::filesystem::path& start) {
  namespace fs = std::filesystem;
  // A folder that cannot be looked into (no permission) is not a marker; the
  // walk goes on to its parent.
  for (fs::path dir = start;; dir = dir.parent_path()) {
    std::error_code ec;
    if (fs::is_directory(dir / kProjectFolder, ec) || fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.parent_path()) return start;
  }
}

std::filesystem::path default_results_path(const std::filesystem::path& cwd) {
  return project_root(cwd) / kProjectFolder / kStoreName;
}

}  // namespace negsim
