// negsim batch BATCH.yaml | DIR/: run several scenarios and variants and show
// their outcome probabilities side by side (the work is run_batch in the engine).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/batch_file.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "negsim/whatif/batch_run.hpp"

namespace negsim::cli {
namespace {

struct BatchCommandOptions {
  BatchOptions run;  // the batch file or directory, --branches, --seed, --threads, --out
  StoreOptions store;
  bool quiet = false;
};

int run_batch_command(const BatchCommandOptions& options) {
  BatchFile batch;
  std::optional<WhatIfSession> session;
  const auto prepare = [&] {
    try {
      batch = std::filesystem::is_directory(options.run.file) ? batch_of_directory(options.run.file)
                                                              : read_batch_file(options.run.file);
    } catch (const InputError& e) {
      if (speaks()) print_diagnostics(e);
      return kExitBadInput;
    } catch (const std::exception& e) {
      if (speaks()) say(Severity::error, options.run.file + ": " + e.what());
      return kExitBadInput;
    }
    // An entry's folder may not take the name of a file the batch writes beside it.
    for (const auto& entry : batch.entries)
      for (const char* file :
           {"comparison.md", "comparison.csv", "comparison.json", "comparison.html"})
        if (entry.name == file) {
          if (speaks())
            say(Severity::error, "the entry '" + entry.name +
                                     "' would have the name of the batch's own file " + file +
                                     " in --out; rename it");
          return kExitBadInput;
        }
    if (!options.run.out_dir.empty() && speaks()) {
      std::vector<std::string> inputs{options.run.file, store_path(options.store)};
      std::vector<std::string> names{"comparison.md", "comparison.csv", "comparison.json",
                                     "comparison.html"};
      for (const auto& entry : batch.entries) {
        const auto files = scenario_files(entry.path);
        inputs.insert(inputs.end(), files.begin(), files.end());
        for (const char* file : {"summary.json", "summary.md", "outcomes.csv", "summary.html"})
          names.push_back(entry.name + "/" + file);
      }
      check_out_dir("--out", options.run.out_dir, names, inputs);
    }
    session.emplace(options.store, options.quiet);
    return -1;
  };
  const auto work = [&] {
    const BatchReport report = run_batch(batch, options.run, session->context());
    WhatIfResult result(batch_text(report), "comparison", batch_markdown(report), batch_csv(report),
                        to_json(report));
    result.also = "each scenario's summary";
    result.html = batch_html(report);
    result.charts = batch_charts(report);
    result.store_failed = session->any_error();
    result.partial = report.partial;
    result.any_invalid = std::any_of(report.entries.begin(), report.entries.end(),
                                     [](const BatchEntry& e) { return !e.error.empty(); });
    return result;
  };
  return run_what_if(prepare, work, options.run.out_dir, options.quiet);
}

const RegisterCommand batch_registration{
    50,
    [](CLI::App& app) {
      auto options = std::make_shared<BatchCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "batch",
          "Run several scenarios and variants; show their outcome probabilities side by side");
      cmd->footer(
          "Run several scenarios and variants, and show their outcome probabilities side by\n"
          "side. BATCH.yaml lists the entries:\n"
          "  title: \"Abu Dhabi 2026 and variants\"\n"
          "  seed: 7                  # optional, shared by every entry\n"
          "  branches: 100000         # optional default\n"
          "  entries:\n"
          "    - {name: base, scenario: ../abu_dhabi_2026.yaml}\n"
          "    - name: costly_war\n"
          "      scenario: ../abu_dhabi_2026.yaml\n"
          "      set: [\"parties.russia.costs.per_round=0.02\"]\n"
          "      branches: 50000\n"
          "Paths are relative to the batch file. Given a DIRECTORY instead, every .yaml file\n"
          "in it is an entry. A scenario that cannot run is reported and the others still\n"
          "run (exit status 2 at the end).");
      cmd->add_option("BATCH", options->run.file, "batch file (YAML) or a directory of scenarios")
          ->required();
      add_count_option(cmd, "--branches", options->run.branches, 1, kMaxBranches,
                       "branches for every entry (overrides the batch file; default " +
                           std::to_string(kDefaultBranches) + ")");
      add_count_option(cmd, "--seed", options->run.seed, 0, kMaxSeed,
                       "random seed for every entry (overrides the batch file; default " +
                           std::to_string(kDefaultSeed) + ")");
      add_count_option(cmd, "--threads", options->run.threads, 0, 1024,
                       "threads to use; 0 = every core");
      add_path_option(cmd, "--out", options->run.out_dir,
                      "write comparison.md, .csv, .json, .html, its figures and NAME/summary.* "
                      "for each entry into this directory");
      add_store_options(cmd, options->store);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_batch_command(*options); };
    },
    true};

}  // namespace
}  // namespace negsim::cli
