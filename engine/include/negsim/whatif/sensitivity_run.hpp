#pragma once
// `negsim sensitivity`: which assumptions drive a target (docs/sensitivity.md).
// Loads the scenario with its overrides, gives each --param a range, picks the
// target, runs the sensitivity design (run/sensitivity_runner.hpp), records
// the analysis in the results store and returns its report.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/output/sensitivity_report.hpp"
#include "negsim/run/sensitivity_runner.hpp"
#include "negsim/whatif/context.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim {

struct SensitivityPlan {
  std::string file;
  std::vector<std::string> overrides;  // --set, as given
  std::vector<std::string> params;     // --param KEY=LOW:HIGH, as given
  std::string target;                  // as given; empty: the default
  std::string by_date;                 // as given; empty: the horizon
  LoadedScenario loaded;               // with the overrides and the --param ranges
  std::vector<std::string> varied;     // key paths of the inputs --param made uncertain
  int by_round = -1;                   // -1: the horizon
};

// Checks everything before anything runs: the file with its overrides, each
// --param (a plain number of the scenario, LOW < HIGH), the target and the
// date. Throws InputError.
SensitivityPlan plan_sensitivity(const std::string& file, const std::vector<std::string>& overrides,
                                 const std::vector<std::string>& params, const std::string& target,
                                 const std::string& by_date);

struct SensitivityRunOptions {
  std::uint64_t rows = kDefaultSensitivityRows;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  double low = 0.1, high = 0.9;  // tornado quantiles
  bool tornado = true, indices = true;
  int replicates = 500;
};

// Runs the analysis; Ctrl-C (the context's cancel) stops on a wave boundary
// and the report is partial. Without a target and without an agreement group
// the target is the most likely outcome of the base branches, found by
// running them first (one run of `rows` branches).
SensitivityReport run_sensitivity_analysis(const SensitivityPlan& plan,
                                           const SensitivityRunOptions& options,
                                           const WhatIfContext& context);

}  // namespace negsim
