#pragma once
// Reading a scenario file into a Scenario, checking everything an analyst can
// get wrong. All problems in a file are collected and thrown together as one
// InputError; every Diagnostic names file, line, column and key path.

#include <string>
#include <string_view>
#include <vector>

#include "negsim/scenario.hpp"

namespace negsim {

struct LoadOptions {
  // KEY_PATH=VALUE overrides applied on top of the file (negsim run --set).
  std::vector<std::string> overrides;
};

Scenario load_scenario_file(const std::string& path, const LoadOptions& options = {});
Scenario load_scenario_string(std::string_view text, const std::string& name = "<string>",
                              const LoadOptions& options = {});

}  // namespace negsim
