#pragma once
// Where a project's results store lives when no database is named: one store
// per project, found from the current folder upward, so that every command run
// anywhere in the project records into, and reads from, the same file
// (docs/results-store.md, "Where").

#include <filesystem>

namespace negsim {

// The folder that holds a project's negsim files, and its store's name in it.
inline constexpr const char* kProjectFolder = ".negsim";
inline constexpr const char* kStoreName = "results.db";

// The project root for `start` (an absolute folder): the first of `start` and
// its parents that holds a `.negsim` folder or a `.git` entry (a folder, or the
// file of a git worktree). None up to the file system's root: `start` itself.
std::filesystem::path project_root(const std::filesystem::path& start);

// `<project root>/.negsim/results.db` for the current folder `cwd`.
std::filesystem::path default_results_path(const std::filesystem::path& cwd);

}  // namespace negsim
