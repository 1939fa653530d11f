#include "run_results.hpp"

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "negsim/input/source_notes.hpp"
#include "negsim/output/assumptions.hpp"
#include "negsim/output/report_files.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim::cli {

std::optional<LoadedScenario> load_run_scenario(const RunCommandOptions& options,
                                                bool say_problems) {
  try {
    return load_for_run(options.file, options.load.overrides);
  } catch (const InputError& e) {
    if (say_problems) print_diagnostics(e);
    return std::nullopt;
  }
}

RunOptions runner_options(const RunCommandOptions& options) {
  RunOptions run;
  run.seed = options.seed;
  run.threads = options.threads;
  run.precision = options.precision;
  run.max_branches = options.max_branches;
  // With a precision target, --branches is the least to run; without one, all of them.
  run.branches = options.precision > 0 && !options.branches_given ? 0 : options.branches;
  return run;
}

std::string run_options_json(const RunCommandOptions& options) {
  nlohmann::json j = nlohmann::json::object();
  if (options.precision > 0) {
    j["precision"] = options.precision;
    j["max_branches"] = options.max_branches;
  }
  if (options.drivers) j["drivers"] = true;
  return j.dump();
}

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

bool write_outputs(const RunCommandOptions& options, const Scenario& scenario,
                   const Summary& summary, const std::vector<OutputFile>& convergence) {
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

std::vector<std::string> run_inputs(const RunCommandOptions& options) {
  std::vector<std::string> inputs = scenario_files(options.file);
  inputs.push_back(store_path(options.store));
  return inputs;
}

std::vector<std::string> run_out_names(const RunCommandOptions& options) {
  std::vector<std::string> names = {"summary.json", "summary.md", "outcomes.csv", "summary.html"};
  if (options.convergence)
    names.insert(names.end(), {"convergence.json", "convergence.csv", "convergence.svg"});
  return names;
}

void check_run_out_dir(const RunCommandOptions& options) {
  if (options.out_dir.empty()) return;
  check_out_dir("--out", options.out_dir, run_out_names(options), run_inputs(options));
}

}  // namespace negsim::cli
