// negsim sensitivity FILE: which assumptions drive a target — the tornado and
// the Sobol indices on common random numbers (the work is
// run_sensitivity_analysis in the engine; docs/sensitivity.md).
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/whatif/sensitivity_run.hpp"

namespace negsim::cli {
namespace {

struct SensitivityCommandOptions {
  std::string file, target, by_date, only;
  std::vector<std::string> overrides, params;
  SensitivityRunOptions run;
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

int run_sensitivity_command(SensitivityCommandOptions options) {
  options.run.tornado = options.only != "indices";
  options.run.indices = options.only != "tornado";
  SensitivityPlan plan;
  std::optional<WhatIfSession> session;
  const auto prepare = [&] {
    try {
      plan = plan_sensitivity(options.file, options.overrides, options.params, options.target,
                              options.by_date);
    } catch (const InputError& e) {
      if (speaks()) print_diagnostics(e);
      return kExitBadInput;
    }
    check_scenario_out_dir(
        options.out_dir,
        {"sensitivity.md", "sensitivity.csv", "sensitivity.json", "tornado.svg", "indices.svg"},
        options.file, options.store);
    session.emplace(options.store, options.quiet);
    return -1;
  };
  const auto work = [&] {
    SensitivityReport report;
    try {
      report = run_sensitivity_analysis(plan, options.run, session->context());
    } catch (const InputError& e) {  // too many branches for this scenario's inputs
      // Every rank finds it, before anything runs.
      if (speaks()) print_diagnostics(e);
      throw Exit{kExitBadInput};
    }
    WhatIfResult result(sensitivity_text(report), "sensitivity", sensitivity_markdown(report),
                        sensitivity_csv(report), to_json(report));
    result.partial = report.partial;
    result.store_failed = session->any_error();
    result.also_files = sensitivity_charts(report);
    std::vector<std::string> names;
    for (const OutputFile& f : result.also_files) names.push_back(f.name);
    result.also = names.size() == 2 ? names[0] + " and " + names[1] : names.empty() ? "" : names[0];
    return result;
  };
  return run_what_if(prepare, work, options.out_dir, options.quiet);
}

const RegisterCommand sensitivity_registration{
    72,
    [](CLI::App& app) {
      auto options = std::make_shared<SensitivityCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "sensitivity",
          "Rank the assumptions by how much they move a target: tornado and Sobol indices");
      cmd->footer(
          "Rank every uncertain input of the scenario by its effect on a target (an outcome,\n"
          "a milestone, or agreement / no_agreement / text_accepted):\n"
          "  tornado   the target's chance with each input held at its 10th and 90th\n"
          "            percentile, everything else drawn as usual on the same branches\n"
          "  indices   first-order and total Sobol indices: the share of the target's\n"
          "            variance each input explains alone and with others\n"
          "Both run on common random numbers. --branches N base branches cost N x (3k + 3)\n"
          "branches for k inputs. See docs/sensitivity.md.");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      cmd->add_option("--target", options->target,
                      "OUTCOME, MILESTONE or GROUP (agreement, no_agreement, text_accepted); "
                      "default: agreement, or else the most likely outcome");
      cmd->add_option("--by-date", options->by_date,
                      "the target's chance by this date (YYYY-MM-DD): the last round ending on "
                      "or before it (default: the horizon)");
      cmd->add_option("--param", options->params,
                      "KEY=LOW:HIGH: also vary this plain number, uniformly over [LOW, HIGH] "
                      "(repeatable)")
          ->allow_extra_args(false);
      cmd->add_option("--set", options->overrides,
                      "KEY_PATH=VALUE: change an assumption first (repeatable)")
          ->allow_extra_args(false);
      cmd->add_option("--only", options->only, "run only the tornado or only the indices")
          ->check(CLI::IsMember({"tornado", "indices"}));
      cmd->add_option(
             "--percentiles",
             [options](const CLI::results_t& r) {
               const auto colon = r[0].find(':');
               if (colon == std::string::npos) return false;
               try {
                 options->run.low = std::stod(r[0].substr(0, colon)) / 100;
                 options->run.high = std::stod(r[0].substr(colon + 1)) / 100;
               } catch (const std::exception&) {
                 return false;
               }
               return options->run.low > 0 && options->run.low < options->run.high &&
                      options->run.high < 1;
             },
             "LOW:HIGH percentiles the tornado holds each input at (default 10:90)")
          ->type_name("LOW:HIGH");
      cmd->add_option("--branches", options->run.rows,
                      "base branches N (default " + std::to_string(kDefaultSensitivityRows) +
                          "); the analysis runs N x (3k + 3) branches for k inputs")
          ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{100000000}));
      cmd->add_option("--bootstrap", options->run.replicates,
                      "bootstrap resamples for the indices' intervals (default 500)")
          ->check(CLI::Range(0, 100000));
      cmd->add_option("--seed", options->run.seed,
                      "random seed (default " + std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->run.threads,
                      "threads to use; 0 = every core. Does not change the figures")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->out_dir,
                      "write sensitivity.md, .csv, .json, tornado.svg and indices.svg here");
      add_store_options(cmd, options->store, false);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_sensitivity_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
