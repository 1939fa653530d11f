#pragma once
// A scenario ready to run with what-if changes (--set), and the results
// store's record of a run of it: what is needed to reuse a stored result of
// the very same run, or to store a new one.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/whatif/context.hpp"

namespace negsim {

struct LoadedScenario {
  Scenario scenario;
  std::shared_ptr<const Simulator> simulator;
  std::string text;  // exactly what runs (after extends and --set), for the results store
};

// Loads and compiles `file` with `overrides`; throws InputError.
LoadedScenario load_for_run(const std::string& file, const std::vector<std::string>& overrides);

// What identifies a run for reuse (cache_key in results_store.hpp).
std::string run_cache_key(const LoadedScenario& loaded, std::uint64_t seed, std::uint64_t branches,
                          const std::vector<std::string>& overrides,
                          const std::string& options_json);

// The `runs` row and `outcomes` rows of a finished run.
RunRecord run_record(const LoadedScenario& loaded, const Summary& summary,
                     const std::vector<std::string>& overrides, const std::string& options_json,
                     const std::string& cache_key, const std::string& name);
std::vector<StoredOutcome> outcome_rows(const Summary& summary);

// The stored summary of run `id`; nullopt (after a note) when it cannot be
// read back, so that the run is made again.
std::optional<Summary> stored_summary(const ResultsStore& store, std::int64_t id,
                                      WhatIfListener& listener);

// run_branches with the context's cancel; under the context's team, this
// process's share of the branches with every process's tally merged into the
// result (threads summed, wall time the whole, never partial).
RunResult run_in_context(const Simulator& simulator, RunOptions options,
                         const WhatIfContext& context);

// Runs `loaded` (progress labelled `label`, stopped by the context's cancel)
// and summarises it; provenance.partial tells whether it stopped early.
Summary run_and_summarise(const LoadedScenario& loaded, RunOptions options,
                          const std::string& label, const WhatIfContext& context);

}  // namespace negsim
