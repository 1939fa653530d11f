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
#include "mpi_job.hpp"
#include "mpi_run.hpp"
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
#include "run_results.hpp"
#include "run_shard.hpp"

namespace negsim::cli {
namespace {

// Ctrl-C, SIGTERM, SIGHUP (cli_support.hpp): the first asks the runner to
// stop within about a second; a second ends the process at once. Outputs are
// written with the signals held back and as one set (output_set.hpp), so
// neither can leave a half-written file or a mixed set.

// ------------------------------------------------------------ --branches-out

// Checked with the other outputs, before anything runs: the file can be
// written, and it is neither an input nor one of the --out files.
void check_branches_out(const RunCommandOptions& options) {
  if (options.branches_out.empty()) return;
  for (const auto& name : run_out_names(options)) {
    const std::filesystem::path written = std::filesystem::path(options.out_dir) / name;
    if (!options.out_dir.empty() && same_file(options.branches_out, written)) {
      say(Severity::error,
          fmt::format(
              "--branches-out would write '{}', which --out writes too; choose another path",
              options.branches_out));
      throw Exit{kExitBadInput};
    }
  }
  check_out_file("--branches-out", options.branches_out, run_inputs(options));
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
  if (MpiJob::launched() && MpiJob::get().spread()) return run_on_ranks(options, MpiJob::get());
  if (!options.shard.empty() || !options.part.empty()) return run_shard(options);
  if (options.convergence && options.out_dir.empty()) {
    say(Severity::error, "--convergence writes its files into the --out directory; give --out");
    return kExitBadInput;
  }
  const auto loaded = load_run_scenario(options);
  if (!loaded) return kExitBadInput;
  const Scenario& scenario = loaded->scenario;
  const auto& simulator = loaded->simulator;
  install_stop_handler();

  // Every output is checked before anything runs.
  check_run_out_dir(options);
  check_branches_out(options);
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

  RunOptions run = runner_options(options);
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

const RegisterCommand run_registration{
    20,
    [](CLI::App& app) {
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
      add_shard_option(cmd, "--shard", options->shard, options->shard_index, options->shard_count,
                       "run only shard K of N of the branches (e.g. one task of a Slurm job "
                       "array) and write it to --part; negsim merge combines the N parts into "
                       "exactly the result of one run (docs/cluster.md)");
      add_path_option(cmd, "--part", options->part,
                      "with --shard: the file the shard's partial result is written to");
      cmd->add_flag("--quiet,-q", options->quiet, "no progress bar or notes on stderr");
      return [options] { return run_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
