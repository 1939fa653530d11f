// negsim backtest [DIR|FILE...]: run every historical case and score its
// forecast against what happened, beside the base rate and a uniform forecast
// (the work is load_backtest_cases and run_backtest in the engine).
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/output/backtest_json.hpp"
#include "negsim/whatif/backtest_run.hpp"

namespace negsim::cli {
namespace {

struct BacktestCommandOptions {
  BacktestOptions run;  // inputs, --branches, --seed, --threads, --out
  StoreOptions store;
  bool quiet = false;
};

int run_backtest_command(BacktestCommandOptions options) {
  if (options.run.inputs.empty()) options.run.inputs = {"scenarios/history"};
  std::vector<LoadedCase> cases;
  std::optional<WhatIfSession> session;
  const auto prepare = [&] {
    try {
      cases = load_backtest_cases(backtest_cases(options.run.inputs));
    } catch (const InputError& e) {
      if (speaks()) {
        print_diagnostics(e);
        say(Severity::error,
            "nothing was run: every case needs a valid scenario and observation file");
      }
      return kExitBadInput;
    }
    session.emplace(options.store, options.quiet);
    return -1;
  };
  const auto work = [&] {
    const BacktestReport report = run_backtest(cases, options.run, session->context());
    WhatIfResult result(backtest_text(report), "backtest", backtest_markdown(report),
                        backtest_csv(report), to_json(report));
    result.partial = report.partial;
    return result;
  };
  return run_what_if(prepare, work, options.run.out_dir, options.quiet);
}

const RegisterCommand backtest_registration{
    75,
    [](CLI::App& app) {
      auto options = std::make_shared<BacktestCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "backtest",
          "Score the model on historical cases against what happened, beside the base rate "
          "and a uniform forecast");
      cmd->footer(
          "Each case is a scenario NAME.yaml written as of a date before its outcome, with\n"
          "NAME.observed.yaml beside it recording what happened (format: docs/validation.md).\n"
          "Every case runs with the same seed and branches; the forecasts of the outcome, of\n"
          "the outcome groups and of each milestone are scored (Brier score, log loss) beside\n"
          "two reference forecasters, the library's base rate (leave-one-out) and a uniform\n"
          "forecast, with a calibration table, the coverage of the agreed terms by the\n"
          "model's 50% and 90% ranges, and the error of the time to the outcome.\n"
          "Every file is checked before anything runs: a case without observations, or with\n"
          "observations naming an unknown outcome, milestone or issue, stops the backtest\n"
          "(exit status 2). Without arguments: scenarios/history.");
      cmd->add_option("inputs", options->run.inputs,
                      "directories of cases, or case files (a scenario or its .observed.yaml)")
          ->type_name("DIR|FILE");
      cmd->add_option(
             "--branches", options->run.branches,
             "branches per case (default " + std::to_string(kDefaultBacktestBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--seed", options->run.seed,
                      "random seed for every case (default " + std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->run.threads, "threads to use; 0 = every core")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->run.out_dir,
                      "write backtest.md, backtest.csv and backtest.json into this directory");
      add_store_options(cmd, options->store);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_backtest_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
