#pragma once
// Reading a scenario file into a Scenario, checking everything an analyst can
// get wrong. All problems in a file are collected and thrown together as one
// InputError; every Diagnostic names file, line, column and key path.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim {

// Scenario files larger than this are refused before parsing (a scenario is
// tens of kilobytes; yaml-cpp needs ~500 bytes of memory per value).
inline constexpr std::size_t kMaxScenarioFileBytes = 1u << 20;

struct LoadOptions {
  // KEY_PATH=VALUE overrides applied on top of the file (negsim run --set).
  std::vector<std::string> overrides;
};

Scenario load_scenario_file(const std::string& path, const LoadOptions& options = {});
Scenario load_scenario_string(std::string_view text, const std::string& name = "<string>",
                              const LoadOptions& options = {});

// Exactly what runs when `path` is loaded with `overrides`, for provenance and
// the results store: the file's own bytes when it neither extends another file
// nor is overridden, otherwise the canonical YAML text of the composed scenario.
std::string composed_scenario_text(const std::string& path,
                                   const std::vector<std::string>& overrides = {});

// The files that loading `path` reads: `path`, then the files it extends (just
// `path` when it cannot be read). Outputs may never overwrite one of them.
std::vector<std::string> scenario_files(const std::string& path);

}  // namespace negsim
