#pragma once
// A batch: several scenarios and variants to run side by side (`negsim
// batch`), as a batch file states them or as the scenarios of a directory.
//
// A batch file is a scenario-like YAML file and is read like one: the same
// size limit, byte checks and syntax messages, and every problem reported at
// once, each with its file, line, column and key path.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace negsim {

// One entry as the batch states it.
struct BatchFileEntry {
  std::string name;                    // names the entry's column and its output folder
  std::string scenario;                // the scenario file as written
  std::string path;                    // the same, relative to the batch file's directory
  std::vector<std::string> overrides;  // KEY_PATH=VALUE, as for --set
  std::optional<std::uint64_t> branches;
  bool operator==(const BatchFileEntry&) const = default;
};

struct BatchFile {
  std::string title;
  std::string text;  // the batch file (or the directory listing), for the results store
  std::optional<std::uint64_t> seed, branches;
  std::vector<BatchFileEntry> entries;
  bool operator==(const BatchFile&) const = default;
};

// Reads the batch file at `path`; throws InputError with every problem found.
BatchFile read_batch_file(const std::string& path);

// Every .yaml and .yml file directly in `dir` but observation files
// (NAME.observed.yaml, observation_loader.hpp), in name order, each an entry
// named by its file name without the extension. Throws InputError when there
// is none.
BatchFile batch_of_directory(const std::string& dir);

}  // namespace negsim
