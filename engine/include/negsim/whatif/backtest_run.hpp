#pragma once
// `negsim backtest`: every historical case of a library run with one seed and
// branch count, each recorded in the results store (or its stored result
// reused), and scored against what happened (docs/validation.md).
//
// Everything is read and checked before anything runs: a library with a case
// that has no observation file, or an observation that names an unknown
// outcome, milestone or issue, is refused whole, since its scores would
// silently describe another library.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/model/observation.hpp"
#include "negsim/model/scenario.hpp"
#include "negsim/output/backtest_report.hpp"
#include "negsim/whatif/context.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim {

// Branches per case unless --branches says otherwise: enough for probabilities
// to ±0.7 percentage points, little beside what separates the forecasters.
inline constexpr std::uint64_t kDefaultBacktestBranches = 20000;

struct BacktestOptions {
  // Directories (every NAME.yaml in it with NAME.observed.yaml beside it) and
  // files (a scenario, or its observation file), as the analyst named them.
  std::vector<std::string> inputs;
  std::uint64_t branches = kDefaultBacktestBranches;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::string out_dir;  // when given: backtest.md, .csv, .json (the command writes them)
};

// One case: its scenario file and the observation file beside it.
struct BacktestCase {
  std::string scenario_path, observation_path;
};

// The cases named by `inputs`, in path order, each once. Throws InputError
// (every problem at once) for an input that does not exist, a directory
// without scenarios, a scenario without its observation file or an
// observation file without its scenario.
std::vector<BacktestCase> backtest_cases(const std::vector<std::string>& inputs);

struct LoadedCase {
  BacktestCase files;
  LoadedScenario loaded;
  Observation observation;
};

// Loads every case and checks its observations against it; throws InputError
// with the problems of every case.
std::vector<LoadedCase> load_backtest_cases(const std::vector<BacktestCase>& cases);

// Runs (or reuses) every case in order, scores the library and records it in
// the results store as a group. Ctrl-C stops after the case running; the
// report is then partial and scores the cases that finished.
BacktestReport run_backtest(const std::vector<LoadedCase>& cases, const BacktestOptions& options,
                            const WhatIfContext& context);

}  // namespace negsim
