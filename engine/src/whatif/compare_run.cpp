#include "negsim/whatif/compare_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/run/paired_runner.hpp"
#include "stored_group.hpp"

namespace negsim {
namespace {

// Whether `variant` extends `base`, directly or through other files: then it
// is a variant of the base whatever its own id.
bool extends_base(const std::string& variant, const std::string& base) {
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::weakly_canonical(base, ec);
  if (ec) return false;
  const std::vector<std::string> files = scenario_files(variant);
  return std::any_of(files.begin() + (files.empty() ? 0 : 1), files.end(),
                     [&](const std::string& f) {
                       std::error_code e;
                       return std::filesystem::weakly_canonical(f, e) == target && !e;
                     });
}

// The paired run of `variant` against the base; under a team, each process
// runs its share and every one gets the merged counts.
PairedRunResult run_pair(const Simulator& base, const Simulator& variant, RunOptions run,
                         const WhatIfContext& context) {
  if (!context.team || context.team->members() == 1) return run_paired(base, variant, run);
  const ProcessTeam& team = *context.team;
  const auto start = std::chrono::steady_clock::now();
  run.cancel = nullptr;  // a stop keeps nothing under a team (loaded_scenario.cpp)
  run.share = share_in(team);
  PairedRunResult result = run_paired(base, variant, run);
  result.threads = total_threads(team, result.threads);
  const std::size_t n = result.pairs.outcomes();
  std::vector<std::uint64_t> counts;
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t v = 0; v < n; ++v) counts.push_back(result.pairs.count(b, v));
  team.sum(counts);
  result.pairs = PairedTally(n);
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t v = 0; v < n; ++v) result.pairs.add(b, v, counts[b * n + v]);
  result.base = team.merged(std::move(result.base));
  result.variant = team.merged(std::move(result.variant));
  result.branches = result.pairs.pairs();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

bool ComparePlan::any_invalid() const {
  return std::any_of(variants.begin(), variants.end(),
                     [](const std::optional<LoadedScenario>& v) { return !v; });
}

ComparePlan plan_compare(const std::vector<std::string>& files, WhatIfListener& listener,
                         const std::vector<std::string>& overrides) {
  ComparePlan plan;
  plan.files = files;
  plan.base = load_for_run(files.at(0), {});
  plan.overrides.resize(files.size() - 1);
  for (std::size_t i = 1; i < files.size(); ++i) {
    try {
      LoadedScenario variant = load_for_run(files[i], {});
      // Pairing branches compares the same talks under changed assumptions;
      // another scenario's outcomes would be paired with these by name only.
      if (variant.scenario.id != plan.base.scenario.id && !extends_base(files[i], files.at(0)))
        throw InputError(
            {Diagnostic{files[i], 0, 0, "id",
                        "is not a variant of " + files.at(0) + ": its id is '" +
                            variant.scenario.id + "', the base's is '" + plan.base.scenario.id +
                            "' (a variant extends the base, or keeps its id)"}});
      plan.variants.push_back(std::move(variant));
    } catch (const InputError& e) {
      listener.could_not_run(files[i] + ": could not run:\n" + diagnostics_text(e));
      plan.variants.push_back(std::nullopt);
    }
  }
  if (!overrides.empty()) {
    // The analyst typed these: a mistake in them stops the command, as for run.
    std::string name = files.at(0);
    for (const std::string& o : overrides) name += " --set " + o;
    plan.variants.push_back(load_for_run(files.at(0), overrides));
    plan.files.push_back(name);
    plan.overrides.push_back(overrides);
  }
  return plan;
}

CompareReport run_compare(const ComparePlan& plan, const CompareOptions& options,
                          const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  const std::string& base_file = plan.files.at(0);
  RunRecord record =
      detail::group_record("compare", base_file, options.seed, options.branches, options.threads);
  record.scenario_id = plan.base.scenario.id;
  record.scenario_sha256 = plan.base.scenario.sha256;
  record.scenario_text = plan.base.text;
  detail::StoredGroup group(context, record);
  const auto store_side = [&](const LoadedScenario& loaded, const Summary& summary, int position,
                              const std::string& name, const std::vector<std::string>& overrides) {
    const std::string key =
        run_cache_key(loaded, options.seed, summary.provenance.branches, overrides, "{}");
    group.add_run(position, run_record(loaded, summary, overrides, "{}", key, name),
                  outcome_rows(summary));
  };

  detail::check_same_scenario(context, plan.base.scenario.sha256, base_file);
  for (std::size_t v = 0; v < plan.variants.size(); ++v)
    detail::check_same_scenario(context, plan.variants[v] ? plan.variants[v]->scenario.sha256 : "",
                                plan.files.at(v + 1));

  CompareReport report;
  report.base = base_file;
  report.seed = options.seed;
  report.branches = options.branches;
  bool base_recorded = false;
  const std::size_t n = plan.variants.size();
  for (std::size_t v = 0; v < n; ++v) {
    const std::string& file = plan.files.at(v + 1);
    const int position = static_cast<int>(v) + 1;
    if (!plan.variants[v]) {
      group.add_member(position, file, std::nullopt, "the scenario could not be loaded");
      continue;
    }
    if (context.cancelled()) break;
    const LoadedScenario& variant = *plan.variants[v];
    RunOptions run;
    run.seed = options.seed;
    run.branches = options.branches;
    run.threads = options.threads;
    run.cancel = context.cancel;
    listener.run_started(fmt::format("[{}/{}] {}", v + 1, n, file));
    if (listener.wants_progress())
      run.progress = [&listener](const RunProgress& p) { listener.run_progress(p); };
    const PairedRunResult paired = run_pair(*plan.base.simulator, *variant.simulator, run, context);
    listener.run_ended();
    if (paired.branches == 0) break;  // stopped before any branch finished

    const Summary base_summary = summarise_run(*plan.base.simulator, run, paired, paired.base);
    const Summary variant_summary = summarise_run(*variant.simulator, run, paired, paired.variant);
    for (const auto* s : {&base_summary, &variant_summary})
      for (const auto& o : s->outcomes) report.labels.emplace(o.id, o.label);
    if (!base_recorded && !paired.partial) {
      store_side(plan.base, base_summary, 0, base_file, {});
      base_recorded = true;
    }
    store_side(variant, variant_summary, position, file, plan.overrides.at(v));
    report.variants.push_back(file);
    report.comparisons.push_back(compare_paired(paired.pairs, paired.outcomes, base_file, file));
    listener.status(fmt::format("[{}/{}] {}: {} paired branches in {:.1f} s", v + 1, n, file,
                                paired.branches, paired.wall_seconds));
    if (paired.partial) {
      report.partial = true;
      break;
    }
  }
  report.partial = report.partial || context.cancelled();

  const detail::Writing writing(listener);
  group.finish([&](ResultsStore& store, std::int64_t id) {
    store.finish_compare(id, report.partial || group.failed() ? "interrupted" : "complete",
                         group.seconds(), report.comparisons, to_json(report).dump());
  });
  return report;
}

}  // namespace negsim
