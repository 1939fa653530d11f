// negsim sweep FILE --vary KEY=LOW:HIGH:STEPS [--vary ...]: outcome
// probabilities over a grid of one or two assumptions, and the tipping points.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/what_if_report.hpp"
#include "what_if_cli.hpp"

namespace negsim::cli {
namespace {

// Sweeps run many points; a fifth of a single run's branches keeps a 11-point
// sweep about as long as two runs, and common random numbers keep the curves smooth.
constexpr std::uint64_t kDefaultSweepBranches = kDefaultBranches / 5;

struct SweepCommandOptions {
  std::string file;
  std::vector<std::string> vary, overrides;
  std::uint64_t branches = kDefaultSweepBranches;
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

int run_sweep(const SweepCommandOptions& options) {
  SweepReport report;
  report.scenario = options.file;
  report.overrides = options.overrides;
  report.seed = options.seed;
  report.branches = options.branches;
  SweepResult& sweep = report.result;
  try {
    if (options.vary.empty() || options.vary.size() > 2)
      throw InputError({Diagnostic{"--vary", 0, 0, "",
                                   "give one or two --vary KEY=LOW:HIGH:STEPS, e.g. --vary "
                                   "parties.russia.costs.per_round=0:0.05:11"}});
    for (const auto& v : options.vary) sweep.axes.push_back(parse_vary(v));
    if (sweep.axes.size() == 2 && sweep.axes[0].key == sweep.axes[1].key)
      throw InputError({Diagnostic{"--vary " + options.vary[1], 0, 0, "",
                                   "both --vary options name the same key"}});
    // The file, the keys and the other overrides must work at the first grid
    // point; later points may still fail for their own values.
    std::vector<std::string> first = options.overrides;
    for (const auto& a : sweep.axes) first.push_back(vary_override(a, a.values().front()));
    (void)load_for_run(options.file, first);
  } catch (const InputError& e) {
    std::cerr << diagnostics_text(e) << "\n";
    return kExitBadInput;
  }

  install_stop_handler();
  const bool show_progress = progress_wanted(options.quiet);
  auto store = open_store(options.store, options.out_dir, options.quiet);
  const auto start = std::chrono::steady_clock::now();
  std::optional<std::int64_t> group;
  if (store) {
    RunRecord g;
    g.kind = "sweep";
    g.name = options.file;
    g.created_utc = utc_timestamp();
    g.engine_version = NEGSIM_VERSION;
    g.scenario_file = options.file;
    g.overrides = options.overrides;
    for (const auto& v : options.vary) g.overrides.push_back("--vary " + v);
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

  const auto grid = sweep_grid(sweep.axes);
  std::vector<std::optional<Summary>> summaries;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (stop_requested().load()) break;
    std::vector<std::string> overrides = options.overrides;
    std::string point;
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
      overrides.push_back(vary_override(sweep.axes[a], grid[i][a]));
      point += (point.empty() ? "" : ", ") + overrides.back();
    }
    const std::string tag = fmt::format("[{}/{}] {}", i + 1, grid.size(), point);
    LoadedScenario loaded;
    try {
      loaded = load_for_run(options.file, overrides);
    } catch (const InputError& e) {
      const std::string why = diagnostics_text(e);
      std::cerr << tag << ": could not run:\n" << why << "\n";
      if (store && group)
        store->add_member(Member{*group, static_cast<int>(i), point, std::nullopt, why});
      summaries.push_back(std::nullopt);
      errors.push_back(why);
      continue;
    }
    RunOptions run;
    run.seed = options.seed;
    run.threads = options.threads;
    run.branches = options.branches;
    const std::string key = run_cache_key(loaded, run.seed, run.branches, overrides, "{}");
    std::optional<Summary> summary;
    std::optional<std::int64_t> reused;
    if (store && !options.store.force)
      if (auto id = store->find_cached(key))
        if ((summary = stored_summary(*store, *id))) {
          reused = id;
          if (group) store->add_member(Member{*group, static_cast<int>(i), point, id, ""});
        }
    if (!summary) {
      summary = run_and_summarise(loaded, run, tag, show_progress);
      if (summary->provenance.branches == 0) break;  // stopped before any branch finished
      if (store) {
        const InterruptsHeld held;
        try {
          store->add_run(run_record(loaded, *summary, overrides, "{}", key, point),
                         outcome_rows(*summary),
                         group ? std::optional<Member>(
                                     Member{*group, static_cast<int>(i), point, std::nullopt, ""})
                               : std::nullopt);
        } catch (const StoreError& e) {
          std::cerr << "negsim: warning: " << e.what() << "\n";
        }
      }
    }
    if (!options.quiet)
      std::cerr << fmt::format("{}: most likely {} ({:.1f}%){}\n", tag,
                               summary->outcomes[summary->most_likely()].label,
                               summary->outcomes[summary->most_likely()].probability * 100,
                               reused ? fmt::format(" — stored result {} reused", *reused) : "");
    const bool partial = summary->provenance.partial;
    summaries.push_back(std::move(summary));
    errors.emplace_back();
    if (partial) break;
  }
  report.partial = summaries.size() < grid.size() ||
                   (!summaries.empty() && summaries.back() && summaries.back()->provenance.partial);

  sweep = assemble_sweep(sweep.axes, summaries, errors);
  for (const auto& summary : summaries)
    if (summary)
      for (const auto& o : summary->outcomes) report.labels.emplace(o.id, o.label);

  const InterruptsHeld held;
  std::cout << "\n" << sweep_text(report);
  std::cout.flush();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (store && group) {
    try {
      store->finish_sweep(*group, report.partial ? "interrupted" : "complete", wall, sweep,
                          to_json(report).dump());
      if (!options.quiet)
        std::cerr << "recorded as result " << *group << " in " << store->path() << "\n";
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: " << e.what() << "\n";
    }
  }
  if (!options.out_dir.empty() &&
      !write_report_files(options.out_dir, "sweep", sweep_markdown(report), sweep_csv(report),
                          to_json(report).dump(2) + "\n", options.quiet))
    return kExitFailure;
  if (report.partial) return kExitInterrupted;
  for (const auto& e : errors)
    if (!e.empty()) return kExitBadInput;
  return kExitOk;
}

const RegisterCommand registered{
    40, [](CLI::App& app) {
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
      cmd->add_option(
             "--branches", options->branches,
             "branches per grid point (default " + std::to_string(kDefaultSweepBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--seed", options->seed,
                      "random seed (default " + std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->threads, "threads to use; 0 = every core")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->out_dir,
                      "write sweep.md, sweep.csv and sweep.json into this directory");
      add_store_options(cmd, options->store);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_sweep(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
