#pragma once
// `negsim compare`: variants compared with a base scenario branch by branch on
// common random numbers (paired_runner.hpp), every side recorded in the
// results store.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "negsim/output/compare_report.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/whatif/context.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim {

struct ComparePlan {
  std::vector<std::string> files;  // the base, then the variants, as given
  LoadedScenario base;
  std::vector<std::optional<LoadedScenario>> variants;  // none: it could not be loaded
  // Per variant, the --set overrides it was made with (the base with
  // overrides is a variant too); empty for a variant file.
  std::vector<std::vector<std::string>> overrides;
  bool any_invalid() const;
};

// Loads the base and every variant before anything runs. Throws InputError
// when the base cannot be loaded; a variant that cannot is reported
// (could_not_run) and left out. With `overrides` (KEY_PATH=VALUE, as --set),
// the base with those overrides is one more variant, named
// "BASE --set KEY=VALUE ..."; overrides it cannot take throw InputError.
ComparePlan plan_compare(const std::vector<std::string>& files, WhatIfListener& listener,
                         const std::vector<std::string>& overrides = {});

struct CompareOptions {
  std::uint64_t branches = kDefaultBranches;  // paired branches per variant
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
};

// Runs each variant against the base in order; Ctrl-C stops on a wave
// boundary and the report is partial.
CompareReport run_compare(const ComparePlan& plan, const CompareOptions& options,
                          const WhatIfContext& context);

}  // namespace negsim
