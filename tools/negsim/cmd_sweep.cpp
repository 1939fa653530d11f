// negsim sweep FILE --vary KEY=LOW:HIGH:STEPS [--vary ...]: outcome
// probabilities over a grid of one or two assumptions, and the tipping points
// (the work is run_sweep in the engine).
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "negsim/whatif/sweep_run.hpp"

namespace negsim::cli {
namespace {

struct SweepCommandOptions {
  std::string file;
  std::vector<std::string> vary, overrides;
  SweepOptions run;  // --branches, --seed, --threads
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

int run_sweep_command(const SweepCommandOptions& options) {
  SweepPlan plan;
  std::optional<WhatIfSession> session;
  const auto prepare = [&] {
    try {
      plan = plan_sweep(options.file, options.vary, options.overrides);
    } catch (const InputError& e) {
      if (speaks()) print_diagnostics(e);
      return kExitBadInput;
    }
    check_scenario_out_dir(options.out_dir, {"sweep.md", "sweep.csv", "sweep.json", "sweep.html"},
                           options.file, options.store);
    session.emplace(options.store, options.quiet);
    return -1;
  };
  const auto work = [&] {
    const SweepReport report = run_sweep(plan, options.run, session->context());
    WhatIfResult result(sweep_text(report), "sweep", sweep_markdown(report), sweep_csv(report),
                        to_json(report));
    result.html = sweep_html(report);
    result.charts = sweep_charts(report);
    result.partial = report.partial;
    result.store_failed = session->any_error();
    const auto& points = report.result.points;
    result.any_invalid =
        std::any_of(points.begin(), points.end(), [](const SweepPoint& p) { return !p.ok(); });
    return result;
  };
  return run_what_if(prepare, work, options.out_dir, options.quiet);
}

const RegisterCommand sweep_registration{
    60,
    [](CLI::App& app) {
      auto options = std::make_shared<SweepCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "sweep",
          "Vary one or two assumptions over a grid and find where the most likely outcome tips");
      cmd->footer(
          "Vary one or two assumptions over a grid and show how the outcome probabilities\n"
          "change, and where the most likely outcome tips. For example\n"
          "  negsim sweep scenarios/abu_dhabi_2026.yaml \\\n"
          "      --vary parties.russia.costs.per_round=0:0.03:7\n"
          "KEY uses the same paths as --set; STEPS is the number of grid points, ends\n"
          "included. Every point runs on the same seed, so the points share their random\n"
          "numbers and the curves are smooth.");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      cmd->add_option("--vary", options->vary,
                      "KEY=LOW:HIGH:STEPS, e.g. events.energy_strike_wave.chance=0:0.2:5 (once or "
                      "twice)")
          ->required()
          ->allow_extra_args(false);
      cmd->add_option("--set", options->overrides,
                      "KEY_PATH=VALUE applied at every point (repeatable)")
          ->allow_extra_args(false);
      add_count_option(
          cmd, "--branches", options->run.branches, 1, kMaxBranches,
          "branches per grid point (default " + std::to_string(kDefaultSweepBranches) + ")");
      add_count_option(cmd, "--seed", options->run.seed, 0, kMaxSeed,
                       "random seed (default " + std::to_string(kDefaultSeed) + ")");
      add_count_option(cmd, "--threads", options->run.threads, 0, 1024,
                       "threads to use; 0 = every core");
      add_path_option(cmd, "--out", options->out_dir,
                      "write sweep.md, sweep.csv, sweep.json, sweep.html and its figures into "
                      "this directory");
      add_store_options(cmd, options->store);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_sweep_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
