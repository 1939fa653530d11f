#pragma once
// What `negsim run` and `negsim merge` share: the run's options, and how a
// finished run is kept (the results store, the --out files) and shown.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/scenario.hpp"
#include "negsim/output/output_set.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim::cli {

struct RunCommandOptions {
  std::string file;
  LoadOptions load;    // --set overrides
  StoreOptions store;  // --db, --no-db, --force (cli_support.hpp)
  std::uint64_t branches = kDefaultBranches;
  bool branches_given = false;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::string out_dir;
  double precision = 0;
  std::uint64_t max_branches = kDefaultMaxBranches;
  bool quiet = false;
  bool drivers = false;      // --drivers: the paired effect of each shock (shock_drivers.hpp)
  bool convergence = false;  // --convergence: the running estimates (convergence.hpp)
  std::string branches_out;  // --branches-out: one row per branch (branch_table.hpp)
  std::string shard;         // --shard K/N as given; empty: the whole run
  std::uint64_t shard_index = 0, shard_count = 0;  // K and N
  std::string part;                                // --part FILE
};

// The scenario of a run, compiled; after an InputError its problems go to
// stderr (unless not `say_problems`: under MPI rank 0 alone says them) and
// the result is nullopt.
std::optional<LoadedScenario> load_run_scenario(const RunCommandOptions& options,
                                                bool say_problems = true);

// The runner's settings from the command's, for `negsim run` on one machine
// and under MPI alike: seed, threads, the precision target and its ceiling,
// and the branches (with a precision target and no --branches, as many as
// the target needs).
RunOptions runner_options(const RunCommandOptions& options);

// The settings besides seed and branches that change the figures, as stored
// in runs.options_json: a run with drivers has more in its summary, so it is
// stored apart from one without.
std::string run_options_json(const RunCommandOptions& options);

// The stored summary of the same scenario text, seed, branches, overrides and
// options (unless --force), with a note; `key` receives the cache key either way.
std::optional<Summary> stored_run_for(ResultsStore* store, const RunCommandOptions& options,
                                      const Scenario& scenario, const std::string& options_json,
                                      std::string& key);

// Records the run; false (after an error on stderr, even with --quiet) when
// the store could not take it. Unfinished drivers are recorded as
// interrupted and never reused (no cache key).
bool record_run(ResultsStore* store, const RunCommandOptions& options, const Scenario& scenario,
                const Summary& summary, const std::string& options_json, const std::string& key,
                bool drivers_partial);

// Writes --out (when given), with the convergence files of --convergence in
// the same set; false after an error on stderr. The scenario and its file give
// the briefing's assumptions table (with the file's comments).
bool write_outputs(const RunCommandOptions& options, const Scenario& scenario,
                   const Summary& summary, const std::vector<OutputFile>& convergence = {});

// The files a run reads (the scenario's files and the database), which no
// output may overwrite.
std::vector<std::string> run_inputs(const RunCommandOptions& options);

// The names a run writes into --out.
std::vector<std::string> run_out_names(const RunCommandOptions& options);

// The names a run writes into --out, checked before anything runs (with the
// scenario's files and the database as the inputs they must not overwrite).
void check_run_out_dir(const RunCommandOptions& options);

}  // namespace negsim::cli
