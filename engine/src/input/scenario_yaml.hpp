#pragma once
// The scenario loader's YAML side (internal to the input layer): yaml-cpp
// types stay out of the public headers, so no other layer depends on them.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim {

// A scenario-like YAML text (a scenario, a file it extends, a batch file) to a
// tree, with the checks a file gets before parsing (binary, other encodings,
// control characters) and plain-language syntax messages, one Diagnostic per
// problem in `diagnostics`. nullopt when there was any.
std::optional<YAML::Node> parse_checked_yaml(const std::string& text, const std::string& name,
                                             std::vector<Diagnostic>& diagnostics);

// Validates an already parsed tree (e.g. after `extends` and overrides were
// applied to it) into a Scenario named `name`. Every problem is appended to
// `diagnostics` in file order; the result is usable only when none were
// added. Does not set Scenario::sha256 (the caller knows the bytes).
Scenario scenario_from_yaml(const YAML::Node& root, const std::string& name,
                            std::vector<Diagnostic>& diagnostics);

}  // namespace negsim
