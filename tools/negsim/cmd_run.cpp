// negsim run FILE: simulate many branches of the talks and write the briefing.
#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/input/source_notes.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/assumptions.hpp"
#include "negsim/output/branch_table.hpp"
#include "negsim/output/convergence_report.hpp"
#include "negsim/output/output_set.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/report_files.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/shock_drivers.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim::cli {
namespace {

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
};

// Ctrl-C, SIGTERM, SIGHUP (cli_support.hpp): the first asks the runner to
// stop within about a second; a second ends the process at once. Outputs are
// written with the signals held back and as one set (output_set.hpp), so
// neither can leave a half-written file or a mixed set.

// ------------------------------------------------------------ the results store

// The settings besides seed and branches that change the figures, as stored
// in runs.options_json: a run with drivers has more in its summary, so it is
// stored apart from one without.
std::string run_options_json(const RunCommandOptions& options) {
  nlohmann::json j = nlohmann::json::object();
  if (options.precision > 0) {
    j["precision"] = options.precision;
    j["max_branches"] = options.max_branches;
  }
  if (options.drivers) j["drivers"] = true;
  return j.dump();
}

// The stored summary of the same scenario text, seed, branches, overrides and
// options (unless --force), with a note; `key` receives the cache key either way.
std::optional<Summary> stored_run_for(ResultsStore* store, const RunCommandOptions& options,
                                      const Scenario& scenario, const std::string& options_json,
                                      std::string& key) {
  key = cache_key(scenario.sha256, options.seed, options.branches, options.load.overrides,
                  options_json, NEGSIM_VERSION);
  if (!store || options.store.force) return std::nullopt;
  CliListener listener(options.quiet);
  try {
    const auto id = store->find_cached(key);
    if (!id) return std::nullopt;
    auto summary = stored_summary(*store, *id, listener);
    if (summary && !options.quiet)
      std::cerr << "negsim: the same scenario, seed, branches and overrides ran before: showing "
                   "stored result "
                << *id << " from " << store->path() << " (--force runs it again)\n";
    return summary;
  } catch (const StoreError& e) {
    if (!options.quiet) say(Severity::warning, e.what());
    return std::nullopt;
  }
}

// Records the run; false (after an error on stderr, even with --quiet) when
// the store could not take it. Unfinished drivers are recorded as
// interrupted and never reused (no cache key).
bool record_run(ResultsStore* store, const RunCommandOptions& options, const Scenario& scenario,
                const Summary& summary, const std::string& options_json, const std::string& key,
                bool drivers_partial) {
  if (!store) return true;
  try {
    LoadedScenario loaded;
    loaded.scenario = scenario;
    loaded.text = composed_scenario_text(scenario.file, options.load.overrides);
    const std::string name = std::filesystem::path(scenario.file).filename().string();
    RunRecord record = run_record(loaded, summary, options.load.overrides, options_json,
                                  drivers_partial ? std::string() : key, name);
    if (drivers_partial) record.status = "interrupted";
    const auto id = store->add_run(record, outcome_rows(summary));
    if (!options.quiet) std::cerr << "recorded as result " << id << " in " << store->path() << "\n";
    return true;
  } catch (const std::exception& e) {
    say(Severity::error, std::string("the result was not recorded: ") + e.what());
    return false;
  }
}

// Writes --out (when given), with the convergence files of --convergence in
// the same set; false after an error on stderr. The scenario and its file give
// the briefing's assumptions table (with the file's comments).
bool write_outputs(const RunCommandOptions& options, const Scenario& scenario,
                   const Summary& summary, const std::vector<OutputFile>& convergence = {}) {
  if (options.out_dir.empty()) return true;
  WrittenFiles written;
  try {
    written = write_run_outputs(options.out_dir, summary,
                                scenario_assumptions(scenario, source_notes_of_file(options.file)),
                                convergence);
  } catch (const std::exception& e) {
    say(Severity::error, std::string(e.what()) + "; the files already in " + options.out_dir +
                             " are those of an earlier run, left as they were");
    return false;
  }
  if (!options.quiet) {
    std::cerr << "wrote " << written.describe() << " to " << options.out_dir << "\n";
    if (!written.figures.png_note.empty()) say(Severity::note, written.figures.png_note);
  }
  return true;
}

// ------------------------------------------------------------ --branches-out

// Checked with the other outputs, before anything runs: the file can be
// written, and it is neither an input nor one of the --out files.
void check_branches_out(const RunCommandOptions& options, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& out_names) {
  if (options.branches_out.empty()) return;
  for (const auto& name : out_names) {
    const std::filesystem::path written = std::filesystem::path(options.out_dir) / name;
    if (!options.out_dir.empty() && same_file(options.branches_out, written)) {
      say(Severity::error,
          fmt::format(
              "--branches-out would write '{}', which --out writes too; choose another path",
              options.branches_out));
      throw Exit{kExitBadInput};
    }
  }
  check_out_file("--branches-out", options.branches_out, inputs);
}

// Renames the branches file into place once the run's figures are kept; the
// rows are exactly the branches those figures count (also when interrupted).
// False after an error on stderr.
bool commit_branches(const RunCommandOptions& options, BranchTable* table) {
  if (!table) return true;
  try {
    table->commit();
  } catch (const std::exception& e) {
    say(Severity::error, std::string(e.what()) + "; --branches-out was not written");
    return false;
  }
  if (!options.quiet)
    std::cerr << "wrote " << table->rows() << " branches to " << options.branches_out << "\n";
  return true;
}

// ------------------------------------------------------------ the command

// The order of a run's end never loses a result: it is recorded, then its
// files are written, and only then is the briefing printed, so that a closed
// pipe or a full standard output cannot take them with it.
int run_command(const RunCommandOptions& options) {
  if (options.convergence && options.out_dir.empty()) {
    say(Severity::error, "--convergence writes its files into the --out directory; give --out");
    return kExitBadInput;
  }
  Scenario scenario;
  std::unique_ptr<Simulator> simulator;
  try {
    scenario = load_scenario_file(options.file, options.load);
    simulator = std::make_unique<Simulator>(scenario);
  } catch (const InputError& e) {
    print_diagnostics(e);
    return kExitBadInput;
  }
  install_stop_handler();

  // Every output is checked before anything runs.
  std::vector<std::string> inputs = scenario_files(options.file);
  inputs.push_back(store_path(options.store));
  std::vector<std::string> names = {"summary.json", "summary.md", "outcomes.csv", "summary.html"};
  if (options.convergence)
    names.insert(names.end(), {"convergence.json", "convergence.csv", "convergence.svg"});
  if (!options.out_dir.empty()) check_out_dir("--out", options.out_dir, names, inputs);
  check_branches_out(options, inputs, names);
  auto store = open_store(options.store, options.quiet);

  // The results store: the same run stored before is shown, not run again.
  const std::string run_options = run_options_json(options);
  std::string key;
  // A stored result has no running estimates and no branches: --convergence
  // and --branches-out always run.
  if (auto stored = options.convergence || !options.branches_out.empty()
                        ? std::nullopt
                        : stored_run_for(store.get(), options, scenario, run_options, key)) {
    const InterruptsHeld held;
    const bool written = write_outputs(options, scenario, *stored);
    write_text_report(*stored, std::cout);
    return written ? kExitOk : kExitFailure;
  }

  RunOptions run;
  run.seed = options.seed;
  run.threads = options.threads;
  run.precision = options.precision;
  run.max_branches = options.max_branches;
  // With a precision target, --branches is the least to run; without one, all of them.
  run.branches = options.precision > 0 && !options.branches_given ? 0 : options.branches;
  run.cancel = &stop_requested();
  run.convergence = options.convergence;
  std::unique_ptr<BranchTable> branch_table;
  if (!options.branches_out.empty()) {
    try {
      branch_table = std::make_unique<BranchTable>(options.branches_out, *simulator);
    } catch (const std::exception& e) {
      say(Severity::error, e.what());
      return kExitFailure;
    }
    run.branch_sink = branch_table.get();
  }
  auto display = std::make_shared<ProgressDisplay>();
  display->start("", options.precision > 0);
  const bool show_progress = progress_wanted(options.quiet);
  if (show_progress) run.progress = [display](const RunProgress& p) { display->draw(p); };

  const RunResult result = run_branches(*simulator, run);
  if (show_progress) display->clear();

  // --drivers: one paired comparison per shock on the same seed and branches
  // (after an interrupted run nothing more runs). A stop ends it like the
  // run; the shocks compared so far are kept.
  std::optional<ShockDriversResult> drivers;
  if (options.drivers && !result.partial && result.branches > 0 && !stop_requested()) {
    RunOptions paired = run;
    paired.branches = result.branches;
    paired.precision = 0;
    display->start();
    drivers = shock_drivers(*simulator, paired, [&](std::size_t i, std::size_t n, const Event& e) {
      if (show_progress) display->start(fmt::format("driver {}/{}: {}", i + 1, n, e.id));
    });
    if (show_progress) display->clear();
  }

  // From here on the results are complete (or a clean prefix): hold the stop
  // signals until they are kept.
  const InterruptsHeld held;
  if (result.partial)
    std::cerr << "interrupted: partial results for " << result.branches << " branches\n";
  const bool drivers_partial = options.drivers && !result.partial && (!drivers || drivers->partial);
  if (drivers_partial)
    std::cerr << "interrupted: key drivers for " << (drivers ? drivers->drivers.size() : 0)
              << " of " << scenario.events.size() << " shocks\n";
  if (result.branches == 0) {
    std::cerr << "negsim: no branch had finished; nothing was written\n";
    return kExitInterrupted;
  }

  Summary summary = summarise_run(*simulator, run, result);
  if (drivers) summary.drivers = std::move(drivers->drivers);

  const bool recorded =
      record_run(store.get(), options, scenario, summary, run_options, key, drivers_partial);
  std::vector<OutputFile> convergence;
  if (options.convergence) {
    Convergence c{simulator->outcomes(), {}, result.convergence};
    for (const auto& o : summary.outcomes) c.labels.push_back(o.label);
    convergence = convergence_files(c, "Convergence: " + scenario.title);
  }
  const bool written = write_outputs(options, scenario, summary, convergence);
  const bool branches_written = commit_branches(options, branch_table.get());
  write_text_report(summary, std::cout);
  if (options.precision > 0 && !result.partial && !result.precision_met && !options.quiet)
    say(Severity::note,
        fmt::format("the precision target ±{:.2f} points was not reached within {} branches "
                    "(widest 95% interval ±{:.2f} points); raise --max-branches to go on",
                    options.precision * 100, result.branches,
                    widest_half_width(result.tally) * 100));
  if (result.partial || drivers_partial) return kExitInterrupted;
  return recorded && written && branches_written ? kExitOk : kExitFailure;
}

const RegisterCommand registered{
    20, [](CLI::App& app) {
      auto options = std::make_shared<RunCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "run",
          "Simulate many branches of the talks and print a briefing: how likely each outcome\n"
          "is (with 95% intervals), on what terms, how soon, and which shocks drive it.\n"
          "The same FILE, --seed and --branches always give the same figures, whatever\n"
          "--threads is. Ctrl-C stops early and reports the branches finished so far.");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      add_count_option(
          cmd, "--branches", options->branches, 1, kMaxBranches,
          "how many branches to simulate (default " + std::to_string(kDefaultBranches) + ")",
          &options->branches_given);
      add_count_option(cmd, "--seed", options->seed, 0, kMaxSeed,
                       "random seed; the same seed gives the same figures (default " +
                           std::to_string(kDefaultSeed) + ")");
      add_count_option(cmd, "--threads", options->threads, 0, 1024,
                       "threads to use; 0 = every core (default 0). Does not change the figures");
      add_path_option(cmd, "--out", options->out_dir,
                      "also write summary.json, summary.md, outcomes.csv, summary.html and the "
                      "figures (SVG, and PNG when rsvg-convert is installed) into this directory "
                      "(created if missing)");
      add_number_option(cmd, "--precision", options->precision, 0.0, 0.5,
                        "keep adding branches until every outcome's 95% interval is at most this "
                        "wide on each side, e.g. 0.005 for ±0.5 points (default: off)");
      add_count_option(cmd, "--max-branches", options->max_branches, 1, kMaxBranches,
                       "with --precision: stop at this many branches even if the target is not "
                       "met (default " +
                           std::to_string(kDefaultMaxBranches) + ")");
      cmd->add_option("--set", options->load.overrides,
                      "change one assumption without editing the file: KEY_PATH=VALUE, e.g. "
                      "parties.russia.costs.per_round=0.003 (repeatable; see docs/what-if.md)")
          ->allow_extra_args(false);
      add_store_options(cmd, options->store);
      cmd->add_flag("--drivers", options->drivers,
                    "also measure the effect of each shock: run the branches again with the shock "
                    "made impossible (same seed) and report the difference in each outcome; "
                    "costs about two extra runs per shock");
      cmd->add_flag("--convergence", options->convergence,
                    "also write each outcome's running estimate and 95% interval by branch "
                    "count (convergence.json, .csv and .svg in --out): when do more branches "
                    "stop changing the answer?");
      add_path_option(cmd, "--branches-out", options->branches_out,
                      "also write one CSV row per branch to this file (drawn assumptions, "
                      "outcome, end round and date, milestone rounds, agreed terms); gzip-"
                      "compressed when the name ends in .gz. Written as the branches finish, "
                      "so memory stays flat");
      cmd->add_flag("--quiet,-q", options->quiet, "no progress bar or notes on stderr");
      return [options] { return run_command(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
