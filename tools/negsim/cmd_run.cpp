// negsim run FILE: simulate many branches of the talks and write the briefing.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/report.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/shock_drivers.hpp"
#include "negsim/run/summary.hpp"
#include "what_if_cli.hpp"

namespace negsim::cli {
namespace {

struct RunCommandOptions {
  std::string file;
  LoadOptions load;    // --set overrides
  StoreOptions store;  // --db, --no-db, --force (what_if_cli.hpp)
  std::uint64_t branches = kDefaultBranches;
  bool branches_given = false;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::string out_dir;
  double precision = 0;
  std::uint64_t max_branches = kDefaultMaxBranches;
  bool quiet = false;
  bool drivers = false;  // --drivers: the paired effect of each shock (shock_drivers.hpp)
};

// Ctrl-C (what_if_cli.hpp): the first asks the runner to stop at the end of
// the current wave; a second ends the process at once. Outputs are written
// with SIGINT held back and through temporary files, so neither can leave a
// half-written file.

// ------------------------------------------------------------ progress

std::string clock_time(double seconds) {
  const auto s = static_cast<long>(std::lround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// Draws a one-line bar on stderr, at most ten times a second.
struct ProgressBar {
  bool open_ended = false;  // precision mode: the total is not known
  double last = -1;
  std::string label;  // shown before the bar, e.g. "driver 2/5: energy_strikes"

  void draw(const RunProgress& p) {
    if (p.seconds - last < 0.1 && p.done < p.target) return;
    last = p.seconds;
    const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
    std::string line;
    if (open_ended) {
      line = fmt::format("{} branches  {:.0f}/s  {} elapsed (until the precision target is met)",
                         p.done, rate, clock_time(p.seconds));
    } else {
      const double fraction =
          p.target ? static_cast<double>(p.done) / static_cast<double>(p.target) : 1;
      const int width = 24, filled = static_cast<int>(fraction * width);
      const double eta = rate > 0 ? static_cast<double>(p.target - p.done) / rate : 0;
      line = fmt::format("[{}{}] {:3.0f}%  {}/{} branches  {:.0f}/s  ETA {}",
                         std::string(filled, '#'), std::string(width - filled, '.'), fraction * 100,
                         p.done, p.target, rate, clock_time(eta));
    }
    std::cerr << "\r" << (label.empty() ? "" : label + " ") << line << "\033[K" << std::flush;
  }
  void clear() { std::cerr << "\r\033[K" << std::flush; }
};

// ------------------------------------------------------------ the command

int run_command(const RunCommandOptions& options) {
  Scenario scenario;
  std::unique_ptr<Simulator> simulator;
  try {
    scenario = load_scenario_file(options.file, options.load);
    simulator = std::make_unique<Simulator>(scenario);
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) std::cerr << d.to_string() << "\n";
    return kExitBadInput;
  }

  // The results store: the same run stored before is shown, not run again.
  auto store = open_store(options.store, options.out_dir, options.quiet);
  std::string run_options = run_options_json(options.precision, options.max_branches);
  if (options.drivers) {
    // A run with drivers has more in its summary: stored apart from one without.
    auto j = nlohmann::json::parse(run_options);
    j["drivers"] = true;
    run_options = j.dump();
  }
  std::string key;
  if (auto stored =
          stored_run_for(store.get(), options.store, scenario, options.load.overrides, options.seed,
                         options.branches, run_options, options.quiet, key)) {
    write_text_report(*stored, std::cout);
    std::cout.flush();
    if (!options.out_dir.empty()) write_run_outputs(options.out_dir, *stored);
    return kExitOk;
  }

  RunOptions run;
  run.seed = options.seed;
  run.threads = options.threads;
  run.precision = options.precision;
  run.max_branches = options.max_branches;
  // With a precision target, --branches is the least to run; without one, all of them.
  run.branches = options.precision > 0 && !options.branches_given ? 0 : options.branches;
  run.cancel = &stop_requested();
  auto bar = std::make_shared<ProgressBar>();
  bar->open_ended = options.precision > 0;
  const bool show_progress = progress_wanted(options.quiet);
  if (show_progress) run.progress = [bar](const RunProgress& p) { bar->draw(p); };

  install_stop_handler();
  const RunResult result = run_branches(*simulator, run);
  if (show_progress) bar->clear();

  // --drivers: one paired comparison per shock on the same seed and branches
  // (after an interrupted run nothing more runs). Ctrl-C stops it on a wave
  // boundary like the run; the shocks compared so far are kept.
  std::optional<ShockDriversResult> drivers;
  if (options.drivers && !result.partial && result.branches > 0) {
    RunOptions paired = run;
    paired.branches = result.branches;
    paired.precision = 0;
    bar->open_ended = false;
    drivers = shock_drivers(*simulator, paired, [&](std::size_t i, std::size_t n, const Event& e) {
      if (!show_progress) return;
      bar->clear();
      bar->label = fmt::format("driver {}/{}: {}", i + 1, n, e.id);
      bar->last = -1;
    });
    if (show_progress) bar->clear();
  }

  // From here on the results are complete (or a clean prefix): hold Ctrl-C
  // until they are written.
  const InterruptsHeld held;
  if (result.partial)
    std::cerr << "interrupted: partial results for " << result.branches << " branches\n";
  const bool drivers_partial = drivers && drivers->partial;
  if (drivers_partial)
    std::cerr << "interrupted: key drivers for " << drivers->drivers.size() << " of "
              << scenario.events.size() << " shocks\n";
  if (result.branches == 0) {
    std::cerr << "negsim: no branch had finished; nothing was written\n";
    return kExitInterrupted;
  }

  Provenance provenance;
  provenance.seed = options.seed;
  provenance.threads = result.threads;
  provenance.wall_seconds = result.wall_seconds;
  provenance.date = utc_timestamp();
  provenance.partial = result.partial;
  provenance.precision = options.precision;
  provenance.precision_met = result.precision_met;
  Summary summary = summarise(scenario, simulator->outcomes(), result.tally, provenance);

  if (drivers) summary.drivers = std::move(drivers->drivers);

  write_text_report(summary, std::cout);
  std::cout.flush();
  // Unfinished drivers are recorded but never reused (no cache key).
  record_run(store.get(), scenario, options.load.overrides, summary, run_options,
             drivers_partial ? std::string() : key, options.quiet);
  if (options.precision > 0 && !result.partial && !result.precision_met && !options.quiet)
    std::cerr << fmt::format(
        "negsim: note: the precision target ±{:.2f} points was not reached within {} branches "
        "(widest 95% interval ±{:.2f} points); raise --max-branches to go on\n",
        options.precision * 100, result.branches, widest_half_width(result.tally) * 100);

  if (!options.out_dir.empty()) {
    try {
      write_run_outputs(options.out_dir, summary);
    } catch (const std::exception& e) {
      std::cerr << "negsim: error: " << e.what() << "\n";
      return kExitFailure;
    }
    if (!options.quiet)
      std::cerr << "wrote summary.json, summary.md and outcomes.csv to " << options.out_dir << "\n";
  }
  return result.partial || drivers_partial ? kExitInterrupted : kExitOk;
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
      cmd->add_option_function<std::uint64_t>(
             "--branches",
             [options](std::uint64_t n) {
               options->branches = n;
               options->branches_given = true;
             },
             "how many branches to simulate (default " + std::to_string(kDefaultBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--seed", options->seed,
                      "random seed; the same seed gives the same figures (default " +
                          std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->threads,
                      "threads to use; 0 = every core (default 0). Does not change the figures")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->out_dir,
                      "also write summary.json, summary.md and outcomes.csv into this directory "
                      "(created if missing)");
      cmd->add_option("--precision", options->precision,
                      "keep adding branches until every outcome's 95% interval is at most this "
                      "wide on each side, e.g. 0.005 for ±0.5 points (default: off)")
          ->check(CLI::Range(0.0, 0.5));
      cmd->add_option("--max-branches", options->max_branches,
                      "with --precision: stop at this many branches even if the target is not "
                      "met (default " +
                          std::to_string(kDefaultMaxBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--set", options->load.overrides,
                      "change one assumption without editing the file: KEY_PATH=VALUE, e.g. "
                      "parties.russia.costs.per_round=0.003 (repeatable; see docs/what-if.md)")
          ->allow_extra_args(false);
      add_store_options(cmd, options->store);
      cmd->add_flag("--drivers", options->drivers,
                    "also measure the effect of each shock: run the branches again with the shock "
                    "made impossible (same seed) and report the difference in each outcome; "
                    "costs about two extra runs per shock");
      cmd->add_flag("--quiet,-q", options->quiet, "no progress bar or notes on stderr");
      return [options] { return run_command(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
