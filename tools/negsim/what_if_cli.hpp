#pragma once
// Shared by the what-if commands (run --set/--db, batch, sweep, compare,
// results): loading a scenario with overrides, Ctrl-C, progress, and the
// results store.

#include <signal.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/summary.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ Ctrl-C

// Set by the first Ctrl-C once install_stop_handler() ran; a second Ctrl-C
// ends the process at once with exit code 130.
const std::atomic<bool>& stop_requested();
void install_stop_handler();

// Holds SIGINT back while it lives (while results are written); a pending
// Ctrl-C is delivered afterwards.
class InterruptsHeld {
 public:
  InterruptsHeld();
  ~InterruptsHeld();
  InterruptsHeld(const InterruptsHeld&) = delete;
  InterruptsHeld& operator=(const InterruptsHeld&) = delete;

 private:
  sigset_t old_;
};

// ------------------------------------------------------------ progress

// A progress bar on stderr only when it is a terminal, not under CI, and not --quiet.
bool progress_wanted(bool quiet);

// One line, redrawn at most ten times a second: "label [####....] 41%  ETA 0:03".
class ProgressLine {
 public:
  explicit ProgressLine(std::string label) : label_(std::move(label)) {}
  void draw(const RunProgress& p);
  void clear();

 private:
  std::string label_;
  double last_ = -1;
};

// ------------------------------------------------------------ scenarios

struct LoadedScenario {
  Scenario scenario;
  std::shared_ptr<const Simulator> simulator;
  std::string text;  // exactly what runs (after extends and --set), for the results store
};

// Loads and compiles `file` with `overrides`; throws InputError.
LoadedScenario load_for_run(const std::string& file, const std::vector<std::string>& overrides);

// summary.json, summary.md and outcomes.csv in `dir` (created), written atomically.
void write_run_outputs(const std::filesystem::path& dir, const Summary& summary);

// The report of a batch, sweep or comparison: STEM.md, STEM.csv and STEM.json
// in `out_dir` (created), written atomically, then a note on stderr naming
// them (and `also`, what else the command wrote there) unless `quiet`.
// Returns false, after saying why on stderr, when a file cannot be written.
bool write_report_files(const std::string& out_dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json, bool quiet, const std::string& also = "");

// ------------------------------------------------------------ the results store

struct StoreOptions {
  std::string db;      // --db; empty: the default place
  bool no_db = false;  // --no-db
  bool force = false;  // --force: run again even when the result is stored
};

// Adds --db, --no-db and (when `with_force`) --force to `cmd`.
void add_store_options(CLI::App* cmd, StoreOptions& options, bool with_force = true);

// `negsim-results.db` in `out_dir` when given, else in the current directory.
std::string default_db_path(const std::string& out_dir);

// Opens the store unless --no-db; on failure prints why and returns nullptr
// (results are still shown and written; only the record is missing).
std::unique_ptr<ResultsStore> open_store(const StoreOptions& options, const std::string& out_dir,
                                         bool quiet);

// What identifies a run for reuse (see cache_key in results_store.hpp).
std::string run_cache_key(const LoadedScenario& loaded, std::uint64_t seed, std::uint64_t branches,
                          const std::vector<std::string>& overrides,
                          const std::string& options_json);

// The `runs` row and `outcomes` rows of a finished run.
RunRecord run_record(const LoadedScenario& loaded, const Summary& summary,
                     const std::vector<std::string>& overrides, const std::string& options_json,
                     const std::string& cache_key, const std::string& name);
std::vector<StoredOutcome> outcome_rows(const Summary& summary);

// The stored summary of run `id`; nullopt (after a note on stderr) when it
// cannot be read back.
std::optional<Summary> stored_summary(const ResultsStore& store, std::int64_t id);

// ------------------------------------------------------------ negsim run

// The settings of `negsim run` besides seed and branches that change its
// figures, as stored in runs.options_json.
std::string run_options_json(double precision, std::uint64_t max_branches);

// What `negsim run` asks of the store. Before running: the stored summary of
// the same scenario text, seed, branches, overrides and options (unless
// --force), with a note on stderr; `key` receives the cache key either way.
// After running: records the run. Both do nothing without a store.
std::optional<Summary> stored_run_for(ResultsStore* store, const StoreOptions& options,
                                      const Scenario& scenario,
                                      const std::vector<std::string>& overrides, std::uint64_t seed,
                                      std::uint64_t branches, const std::string& options_json,
                                      bool quiet, std::string& key);
void record_run(ResultsStore* store, const Scenario& scenario,
                const std::vector<std::string>& overrides, const Summary& summary,
                const std::string& options_json, const std::string& key, bool quiet);

// Runs `loaded` with `options` (progress line labelled `label` when wanted)
// and summarises it; provenance.partial tells whether Ctrl-C stopped it early.
Summary run_and_summarise(const LoadedScenario& loaded, RunOptions options,
                          const std::string& label, bool show_progress);

}  // namespace negsim::cli
