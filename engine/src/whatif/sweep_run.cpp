#include "negsim/whatif/sweep_run.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "negsim/model/diagnostic.hpp"
#include "stored_group.hpp"

namespace negsim {

SweepPlan plan_sweep(const std::string& file, const std::vector<std::string>& vary,
                     const std::vector<std::string>& overrides) {
  SweepPlan plan{file, vary, overrides, {}};
  if (vary.empty() || vary.size() > 2)
    throw InputError({Diagnostic{"--vary", 0, 0, "",
                                 "give one or two --vary KEY=LOW:HIGH:STEPS, e.g. --vary "
                                 "parties.russia.costs.per_round=0:0.05:11"}});
  for (const auto& v : vary) plan.axes.push_back(parse_vary(v));
  if (plan.axes.size() == 2 && plan.axes[0].key == plan.axes[1].key)
    throw InputError(
        {Diagnostic{"--vary " + vary[1], 0, 0, "", "both --vary options name the same key"}});
  // A --set of a key being varied would be overridden at every point while
  // the report's header still showed it.
  for (const auto& o : overrides) {
    const std::string key = o.substr(0, o.find('='));
    for (const auto& a : plan.axes)
      if (key == a.key)
        throw InputError({Diagnostic{"--set " + o, 0, 0, "",
                                     "sets '" + key +
                                         "', the key that --vary varies; leave "
                                         "one of them out"}});
  }
  std::vector<std::string> first = overrides;
  for (const auto& a : plan.axes) first.push_back(vary_override(a, a.values().front()));
  (void)load_for_run(file, first);
  return plan;
}

SweepReport run_sweep(const SweepPlan& plan, const SweepOptions& options,
                      const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  SweepReport report;
  report.scenario = plan.file;
  report.overrides = plan.overrides;
  report.seed = options.seed;
  report.branches = options.branches;
  SweepResult& sweep = report.result;
  sweep.axes = plan.axes;

  RunRecord record =
      detail::group_record("sweep", plan.file, options.seed, options.branches, options.threads);
  record.overrides = plan.overrides;
  for (const auto& v : plan.vary) record.overrides.push_back("--vary " + v);
  detail::StoredGroup group(context, record);

  const auto grid = sweep_grid(sweep.axes);
  std::vector<std::optional<Summary>> summaries;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (context.cancelled()) break;
    const int position = static_cast<int>(i);
    std::vector<std::string> overrides = plan.overrides;
    std::string point;
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
      overrides.push_back(vary_override(sweep.axes[a], grid[i][a]));
      point += (point.empty() ? "" : ", ") + overrides.back();
    }
    const std::string tag = fmt::format("[{}/{}] {}", i + 1, grid.size(), point);
    LoadedScenario loaded;
    std::string why;
    try {
      loaded = load_for_run(plan.file, overrides);
    } catch (const InputError& e) {
      why = diagnostics_text(e);
    }
    detail::check_same_scenario(context, why.empty() ? loaded.scenario.sha256 : "", plan.file);
    if (!why.empty()) {
      listener.could_not_run(tag + ": could not run:\n" + why);
      group.add_member(position, point, std::nullopt, why);
      summaries.push_back(std::nullopt);
      errors.push_back(why);
      continue;
    }
    RunOptions run;
    run.seed = options.seed;
    run.threads = options.threads;
    run.branches = options.branches;
    detail::MemberRun member =
        detail::run_member(group, loaded, run, overrides, position, point, tag, context);
    if (member.summary.provenance.branches == 0) break;  // stopped before any branch finished
    const Summary& summary = member.summary;
    listener.status(fmt::format(
        "{}: most likely {} ({:.1f}%){}", tag, summary.outcomes[summary.most_likely()].label,
        summary.outcomes[summary.most_likely()].probability * 100,
        member.reused ? fmt::format(" — stored result {} reused", *member.run_id) : ""));
    const bool partial = summary.provenance.partial;
    summaries.push_back(std::move(member.summary));
    errors.emplace_back();
    if (partial) break;
  }
  report.partial = summaries.size() < grid.size() ||
                   (!summaries.empty() && summaries.back() && summaries.back()->provenance.partial);

  sweep = assemble_sweep(sweep.axes, summaries, errors);
  for (const auto& summary : summaries)
    if (summary)
      for (const auto& o : summary->outcomes) report.labels.emplace(o.id, o.label);

  const detail::Writing writing(listener);
  group.finish([&](ResultsStore& store, std::int64_t id) {
    store.finish_sweep(id, report.partial || group.failed() ? "interrupted" : "complete",
                       group.seconds(), sweep, to_json(report).dump());
  });
  return report;
}

}  // namespace negsim
