#include "negsim/whatif/compare_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "negsim/model/diagnostic.hpp"
#include "negsim/run/paired_runner.hpp"
#include "stored_group.hpp"

namespace negsim {

bool ComparePlan::any_invalid() const {
  return std::any_of(variants.begin(), variants.end(),
                     [](const std::optional<LoadedScenario>& v) { return !v; });
}

ComparePlan plan_compare(const std::vector<std::string>& files, WhatIfListener& listener) {
  ComparePlan plan;
  plan.files = files;
  plan.base = load_for_run(files.at(0), {});
  for (std::size_t i = 1; i < files.size(); ++i) {
    try {
      LoadedScenario variant = load_for_run(files[i], {});
      // Pairing branches compares the same talks under changed assumptions;
      // another scenario's outcomes would be paired with these by name only.
      if (variant.scenario.id != plan.base.scenario.id)
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
                              const std::string& name) {
    const std::string key =
        run_cache_key(loaded, options.seed, summary.provenance.branches, {}, "{}");
    group.add_run(position, run_record(loaded, summary, {}, "{}", key, name),
                  outcome_rows(summary));
  };

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
    const PairedRunResult paired = run_paired(*plan.base.simulator, *variant.simulator, run);
    listener.run_ended();
    if (paired.branches == 0) break;  // stopped before any branch finished

    const Summary base_summary = summarise_run(*plan.base.simulator, run, paired, paired.base);
    const Summary variant_summary = summarise_run(*variant.simulator, run, paired, paired.variant);
    for (const auto* s : {&base_summary, &variant_summary})
      for (const auto& o : s->outcomes) report.labels.emplace(o.id, o.label);
    if (!base_recorded && !paired.partial) {
      store_side(plan.base, base_summary, 0, base_file);
      base_recorded = true;
    }
    store_side(variant, variant_summary, position, file);
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
