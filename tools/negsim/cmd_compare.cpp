// negsim compare BASE VARIANT [VARIANT...]: paired differences in outcome
// probabilities on common random numbers.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/what_if_report.hpp"
#include "negsim/run/paired_runner.hpp"
#include "what_if_cli.hpp"

namespace negsim::cli {
namespace {

struct CompareCommandOptions {
  std::vector<std::string> files;  // base, then variants
  std::uint64_t branches = kDefaultBranches;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

std::string diagnostics_text(const InputError& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}

Summary summary_of(const LoadedScenario& loaded, const Tally& tally, const PairedRunResult& run,
                   std::uint64_t seed) {
  Provenance p;
  p.seed = seed;
  p.threads = run.threads;
  p.wall_seconds = run.wall_seconds;
  p.date = utc_timestamp();
  p.partial = run.partial;
  return summarise(loaded.scenario, loaded.simulator->outcomes(), tally, p);
}

int run_compare(const CompareCommandOptions& options) {
  if (options.files.size() < 2) {
    std::cerr << "negsim compare: give the base scenario and at least one variant\n";
    return kExitBadInput;
  }
  LoadedScenario base;
  try {
    base = load_for_run(options.files[0], {});
  } catch (const InputError& e) {
    std::cerr << diagnostics_text(e) << "\n";
    return kExitBadInput;
  }
  std::vector<std::optional<LoadedScenario>> variants;
  bool any_invalid = false;
  for (std::size_t i = 1; i < options.files.size(); ++i) {
    try {
      variants.push_back(load_for_run(options.files[i], {}));
    } catch (const InputError& e) {
      any_invalid = true;
      std::cerr << options.files[i] << ": could not run:\n" << diagnostics_text(e) << "\n";
      variants.push_back(std::nullopt);
    }
  }

  install_stop_handler();
  const bool show_progress = progress_wanted(options.quiet);
  auto store = open_store(options.store, options.out_dir, options.quiet);
  const auto start = std::chrono::steady_clock::now();
  std::optional<std::int64_t> group;
  if (store) {
    RunRecord g;
    g.kind = "compare";
    g.name = options.files[0];
    g.created_utc = utc_timestamp();
    g.engine_version = NEGSIM_VERSION;
    g.scenario_id = base.scenario.id;
    g.scenario_file = options.files[0];
    g.scenario_sha256 = base.scenario.sha256;
    g.scenario_text = base.text;
    g.seed = options.seed;
    g.branches = options.branches;
    g.threads = options.threads;
    try {
      group = store->begin_group(g);
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: results will not be recorded: " << e.what() << "\n";
      store.reset();
    }
  }
  const auto record = [&](const LoadedScenario& loaded, const Summary& summary, int position,
                          const std::string& name) {
    if (!store) return;
    const InterruptsHeld held;
    try {
      const std::string key =
          run_cache_key(loaded, options.seed, summary.provenance.branches, {}, "{}");
      store->add_run(run_record(loaded, summary, {}, "{}", key, name), outcome_rows(summary),
                     group ? std::optional<Member>(Member{*group, position, name, std::nullopt, ""})
                           : std::nullopt);
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: " << e.what() << "\n";
    }
  };

  CompareReport report;
  report.base = options.files[0];
  report.seed = options.seed;
  report.branches = options.branches;
  bool base_recorded = false;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const std::string& file = options.files[v + 1];
    if (!variants[v]) {
      if (store && group)
        store->add_member(Member{*group, static_cast<int>(v) + 1, file, std::nullopt,
                                 "the scenario could not be loaded"});
      continue;
    }
    if (stop_requested().load()) break;
    RunOptions run;
    run.seed = options.seed;
    run.branches = options.branches;
    run.threads = options.threads;
    run.cancel = &stop_requested();
    auto line =
        std::make_shared<ProgressLine>(fmt::format("[{}/{}] {}", v + 1, variants.size(), file));
    if (show_progress) run.progress = [line](const RunProgress& p) { line->draw(p); };
    const PairedRunResult paired = run_paired(*base.simulator, *variants[v]->simulator, run);
    if (show_progress) line->clear();
    if (paired.branches == 0) break;  // stopped before any branch finished

    const Summary base_summary = summary_of(base, paired.base, paired, options.seed);
    const Summary variant_summary = summary_of(*variants[v], paired.variant, paired, options.seed);
    for (const auto* s : {&base_summary, &variant_summary})
      for (const auto& o : s->outcomes) report.labels.emplace(o.id, o.label);
    if (!base_recorded && !paired.partial) {
      record(base, base_summary, 0, options.files[0]);
      base_recorded = true;
    }
    record(*variants[v], variant_summary, static_cast<int>(v) + 1, file);
    report.variants.push_back(file);
    report.comparisons.push_back(
        compare_paired(paired.pairs, paired.outcomes, options.files[0], file));
    if (!options.quiet)
      std::cerr << fmt::format("[{}/{}] {}: {} paired branches in {:.1f} s\n", v + 1,
                               variants.size(), file, paired.branches, paired.wall_seconds);
    if (paired.partial) {
      report.partial = true;
      break;
    }
  }
  report.partial = report.partial || stop_requested().load();

  const InterruptsHeld held;
  std::cout << "\n" << compare_text(report);
  std::cout.flush();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (store && group) {
    try {
      store->finish_compare(*group, report.partial ? "interrupted" : "complete", wall,
                            report.comparisons, to_json(report).dump());
      if (!options.quiet)
        std::cerr << "recorded as result " << *group << " in " << store->path() << "\n";
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: " << e.what() << "\n";
    }
  }
  if (!options.out_dir.empty() &&
      !write_report_files(options.out_dir, "comparison", compare_markdown(report),
                          compare_csv(report), to_json(report).dump(2) + "\n", options.quiet))
    return kExitFailure;
  if (report.partial) return kExitInterrupted;
  return any_invalid ? kExitBadInput : kExitOk;
}

const RegisterCommand registered{
    50, [](CLI::App& app) {
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
          "give), and how many branches changed outcome each way.");
      cmd->add_option("FILES", options->files,
                      "the base scenario, then one or more variants (YAML)")
          ->required()
          ->expected(-2)
          ->type_name("BASE VARIANT");
      cmd->add_option("--branches", options->branches,
                      "paired branches (default " + std::to_string(kDefaultBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--seed", options->seed,
                      "random seed (default " + std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->threads, "threads to use; 0 = every core")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->out_dir,
                      "write comparison.md, comparison.csv and comparison.json into this "
                      "directory");
      add_store_options(cmd, options->store, false);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_compare(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
