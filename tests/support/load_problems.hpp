#pragma once
// The problems the loader reports for a scenario written inline, one
// "LINE:COLUMN: PATH: MESSAGE" string each, for tests of new keys.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "negsim/model/diagnostic.hpp"
#include "negsim/input/scenario_loader.hpp"

namespace negsim::test_support {

inline std::vector<std::string> load_problems(const std::string& yaml) {
  try {
    load_scenario_string(yaml, "t.yaml");
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const Diagnostic& d : e.diagnostics())
      out.push_back(fmt::format("{}:{}: {}: {}", d.line, d.column, d.path, d.message));
    return out;
  }
  return {};
}

}  // namespace negsim::test_support
