#pragma once
// Turning the YAML tree of one scenario into a Scenario, checking every key,
// type, range and reference on the way (internal to the engine).

#include <yaml-cpp/yaml.h>

#include "negsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace negsim::loader {

struct TreeResult {
  // Problems were found in the `process` or `events` blocks (so a graph
  // analysis of the process would only repeat them).
  bool process_problems = false;
};

// Reads `root` into `out`, reporting every problem through `reader`. May
// throw WalkStopped when the reader's limits are reached.
TreeResult read_scenario_tree(Reader& reader, const YAML::Node& root, Scenario& out);

}  // namespace negsim::loader
