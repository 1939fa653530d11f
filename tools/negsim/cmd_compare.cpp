// negsim compare BASE VARIANT [VARIANT...]: paired differences in outcome
// probabilities on common random numbers (the work is run_compare in the engine).
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "negsim/whatif/compare_run.hpp"

namespace negsim::cli {
namespace {

struct CompareCommandOptions {
  std::vector<std::string> files;      // base, then variants
  std::vector<std::string> overrides;  // --set: the base with these is one more variant
  CompareOptions run;                  // --branches, --seed, --threads
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

int run_compare_command(const CompareCommandOptions& options) {
  if (options.files.size() < 2 && options.overrides.empty()) {
    if (speaks())
      std::cerr << "negsim compare: give the base scenario and at least one variant (a file, or "
                   "--set KEY_PATH=VALUE for the base with that change)\n";
    return kExitBadInput;
  }
  ComparePlan plan;
  std::optional<WhatIfSession> session;
  const auto prepare = [&] {
    CliListener listener(options.quiet);
    WhatIfListener silent;
    try {
      plan = plan_compare(options.files, speaks() ? listener : silent, options.overrides);
    } catch (const InputError& e) {
      if (speaks()) print_diagnostics(e);
      return kExitBadInput;
    }
    if (!options.out_dir.empty() && speaks()) {
      std::vector<std::string> inputs{store_path(options.store)};
      for (const auto& file : options.files) {
        const auto files = scenario_files(file);
        inputs.insert(inputs.end(), files.begin(), files.end());
      }
      check_out_dir("--out", options.out_dir,
                    {"comparison.md", "comparison.csv", "comparison.json", "comparison.html"},
                    inputs);
    }
    session.emplace(options.store, options.quiet);
    return -1;
  };
  const auto work = [&] {
    const CompareReport report = run_compare(plan, options.run, session->context());
    WhatIfResult result(compare_text(report), "comparison", compare_markdown(report),
                        compare_csv(report), to_json(report));
    result.html = compare_html(report);
    result.charts = compare_charts(report);
    result.partial = report.partial;
    result.store_failed = session->any_error();
    result.any_invalid = plan.any_invalid();
    return result;
  };
  return run_what_if(prepare, work, options.out_dir, options.quiet);
}

const RegisterCommand compare_registration{
    70,
    [](CLI::App& app) {
      auto options = std::make_shared<CompareCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "compare",
          "Compare variants with a base scenario branch by branch (common random numbers)");
      cmd->footer(
          "Compare variants with a base scenario on common random numbers: both run the\n"
          "same branch numbers with the same seed, so every assumption they share draws the\n"
          "same values, and a difference comes from what the variant changed. For each\n"
          "outcome: the difference in probability with its 95% interval from the paired\n"
          "branches (and, for reference, the wider interval two independent runs would\n"
          "give), and how many branches changed outcome each way.\n\n"
          "Examples:\n"
          "  negsim compare scenarios/abu_dhabi_2026.yaml "
          "scenarios/variants/abu_dhabi_2026_us_disengagement.yaml\n"
          "  negsim compare scenarios/abu_dhabi_2026.yaml --set process.proposal_rule=nash");
      cmd->add_option("FILES", options->files,
                      "the base scenario, then one or more variants (YAML)")
          ->required()
          ->expected(-1)
          ->type_name("BASE [VARIANT...]");
      cmd->add_option("--set", options->overrides,
                      "compare the base with itself changed: KEY_PATH=VALUE, as for `negsim run` "
                      "(repeatable; all of them make one more variant)")
          ->allow_extra_args(false);
      add_count_option(cmd, "--branches", options->run.branches, 1, kMaxBranches,
                       "paired branches (default " + std::to_string(kDefaultBranches) + ")");
      add_count_option(cmd, "--seed", options->run.seed, 0, kMaxSeed,
                       "random seed (default " + std::to_string(kDefaultSeed) + ")");
      add_count_option(cmd, "--threads", options->run.threads, 0, 1024,
                       "threads to use; 0 = every core");
      add_path_option(cmd, "--out", options->out_dir,
                      "write comparison.md, comparison.csv and comparison.json into this "
                      "directory");
      add_store_options(cmd, options->store, false);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_compare_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
