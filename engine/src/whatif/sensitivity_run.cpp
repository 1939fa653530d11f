#include "negsim/whatif/sensitivity_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "negsim/model/calendar.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/whatif/loaded_scenario.hpp"
#include "stored_group.hpp"

namespace negsim {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw InputError({Diagnostic{where, 0, 0, "", message}});
}

std::optional<double> number_of(const std::string& text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// A key path with list items named in brackets (`parties[russia].batna`,
// `process.transitions[a->b].probability`) in the dotted form parameter key
// paths take (`parties.russia.batna`); positions are left as they are.
std::string dotted_key(const std::string& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const std::size_t close = key[i] == '[' ? key.find(']', i) : std::string::npos;
    if (close == std::string::npos || close == i + 1 || (key[i + 1] >= '0' && key[i + 1] <= '9')) {
      out += key[i];
      continue;
    }
    out += "." + key.substr(i + 1, close - i - 1);
    i = close;
  }
  return out;
}

struct ParamRange {
  std::string key;
  double low = 0, high = 0;
};

ParamRange parse_param(const std::string& text) {
  const std::string where = "--param " + text;
  const std::string example = "e.g. --param parties.russia.batna=0.3:0.6";
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) fail(where, "expected KEY=LOW:HIGH, " + example);
  const std::string range = text.substr(eq + 1);
  const auto colon = range.find(':');
  if (colon == std::string::npos)
    fail(where, fmt::format("expected LOW:HIGH after '=', found '{}'; {}", range, example));
  const auto low = number_of(range.substr(0, colon));
  const auto high = number_of(range.substr(colon + 1));
  if (!low) fail(where, fmt::format("LOW '{}' is not a number", range.substr(0, colon)));
  if (!high) fail(where, fmt::format("HIGH '{}' is not a number", range.substr(colon + 1)));
  if (!(*low < *high)) fail(where, "LOW must be below HIGH");
  return {text.substr(0, eq), *low, *high};
}

std::vector<std::string> input_paths(const Simulator& simulator) {
  std::vector<std::string> out;
  for (const auto& input : uncertain_inputs(simulator)) out.push_back(input.path);
  return out;
}

}  // namespace

SensitivityPlan plan_sensitivity(const std::string& file, const std::vector<std::string>& overrides,
                                 const std::vector<std::string>& params, const std::string& target,
                                 const std::string& by_date) {
  SensitivityPlan plan;
  plan.file = file;
  plan.overrides = overrides;
  plan.params = params;
  plan.target = target;
  plan.by_date = by_date;
  const LoadedScenario base = load_for_run(file, overrides);
  std::vector<std::string> all = overrides;
  std::vector<std::string> before = input_paths(*base.simulator);
  for (const std::string& text : params) {
    const ParamRange p = parse_param(text);
    // Each --param alone, so that what it adds can be named.
    std::vector<std::string> one = overrides;
    one.push_back(fmt::format("{}={{dist: uniform, low: {}, high: {}}}", p.key, p.low, p.high));
    if (std::find(before.begin(), before.end(), dotted_key(p.key)) != before.end())
      fail("--param " + text, fmt::format("'{}' is uncertain already; --param gives a range to a "
                                          "plain number (use --set to change a distribution)",
                                          p.key));
    const LoadedScenario with = load_for_run(file, one);
    std::vector<std::string> added;
    for (const auto& path : input_paths(*with.simulator))
      if (std::find(before.begin(), before.end(), path) == before.end()) added.push_back(path);
    if (added.empty())
      fail("--param " + text,
           fmt::format("'{}' is not a number the simulator draws (a party's, an event's or the "
                       "process's parameter)",
                       p.key));
    plan.varied.insert(plan.varied.end(), added.begin(), added.end());
    all.push_back(one.back());
  }
  plan.loaded = load_for_run(file, all);
  const Scenario& s = plan.loaded.scenario;
  if (!by_date.empty()) {
    const auto round = round_by_date(s.as_of, s.round_days, by_date);
    if (!round) fail("--by-date " + by_date, "expected a date YYYY-MM-DD");
    if (by_date < s.as_of)
      fail("--by-date " + by_date,
           fmt::format("the date is before the scenario's as_of date, {}", s.as_of));
    plan.by_round = *round;
  }
  if (!target.empty() || has_agreement_group(*plan.loaded.simulator)) {
    try {
      (void)sensitivity_target(*plan.loaded.simulator, target, plan.by_round);
    } catch (const std::invalid_argument& e) {
      fail("--target " + target, e.what());
    }
  }
  return plan;
}

SensitivityReport run_sensitivity_analysis(const SensitivityPlan& plan,
                                           const SensitivityRunOptions& options,
                                           const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  const Simulator& simulator = *plan.loaded.simulator;
  const Scenario& scenario = plan.loaded.scenario;
  detail::check_same_scenario(context, scenario.sha256, plan.file);

  SensitivityOptions run;
  run.rows = options.rows;
  run.design.seed = options.seed;
  run.design.tornado = options.tornado;
  run.design.indices = options.indices;
  run.design.low = options.low;
  run.design.high = options.high;
  run.replicates = options.replicates;
  run.threads = options.threads;
  run.cancel = context.cancel;
  run.team = context.team;
  if (listener.wants_progress())
    run.progress = [&listener](const RunProgress& p) { listener.run_progress(p); };

  // Checked before anything runs, the target's base branches included.
  const SensitivityDesign design = sensitivity_design(simulator, run.design);
  const std::uint64_t blocks = design.blocks.size();
  if (options.rows > kMaxSensitivityRuns / blocks)
    fail(fmt::format("--branches {}", options.rows),
         fmt::format("{} base branches x {} runs each ({} inputs) is more than the {} branches "
                     "an analysis may keep in memory; use at most {} base branches",
                     options.rows, blocks, design.inputs.size(), kMaxSensitivityRuns,
                     kMaxSensitivityRuns / blocks));

  // The target; without one and without agreements, the base's most likely outcome.
  std::string target_id = plan.target;
  if (target_id.empty() && !has_agreement_group(simulator)) {
    RunOptions base;
    base.branches = options.rows;
    base.seed = options.seed;
    base.threads = options.threads;
    base.progress = run.progress;
    listener.run_started("base branches (to find the most likely outcome)");
    const RunResult result = run_in_context(simulator, base, context);
    listener.run_ended();
    std::size_t top = 0;
    for (std::size_t o = 0; o < simulator.outcomes().size(); ++o)
      if (result.tally.outcome_count(o) > result.tally.outcome_count(top)) top = o;
    target_id = "outcome:" + simulator.outcomes()[top];
    listener.status(fmt::format("target: the most likely outcome in the {} base branches, {}",
                                result.branches, simulator.outcomes()[top]));
  }
  const SensitivityTarget target = sensitivity_target(simulator, target_id, plan.by_round);

  RunRecord record =
      detail::group_record("sensitivity", plan.file, options.seed, options.rows, options.threads);
  record.scenario_id = scenario.id;
  record.scenario_sha256 = scenario.sha256;
  record.scenario_text = plan.loaded.text;
  record.overrides = plan.overrides;
  for (const auto& p : plan.params) record.overrides.push_back("--param " + p);
  nlohmann::json opts = {{"target", target.id},
                         {"by_round", target.by_round},
                         {"low", options.low},
                         {"high", options.high},
                         {"tornado", options.tornado},
                         {"indices", options.indices},
                         {"replicates", options.replicates}};
  record.options_json = opts.dump();
  detail::StoredGroup group(context, record);

  listener.run_started(
      fmt::format("sensitivity: {} base branches × {} runs", options.rows, design.blocks.size()));
  bool partial = false;
  int threads = 0;
  double wall = 0;
  const SensitivityMarks marks =
      run_design(simulator, design, target, options.rows, run, partial, threads, wall);
  listener.run_ended();
  SensitivityResult result = analyse_marks(design, target, marks, run);

  SensitivityReport report;
  report.engine_version = NEGSIM_VERSION;
  report.date = utc_timestamp();
  report.scenario_id = scenario.id;
  report.scenario_title = scenario.title;
  report.scenario_file = scenario.file;
  report.scenario_sha256 = scenario.sha256;
  report.overrides = record.overrides;
  report.seed = options.seed;
  report.rows = result.rows;
  report.runs = result.runs;
  report.threads = threads;
  report.wall_seconds = wall;
  report.partial = partial || context.cancelled();
  report.target_id = target.id;
  report.target_kind = to_string(target.kind);
  report.target_label = target.label;
  report.by_round = target.by_round;
  report.by_date = round_date(scenario.as_of, scenario.round_days, target.by_round);
  report.by_horizon = target.by_horizon;
  for (const UncertainInput& input : design.inputs)
    report.inputs.push_back(
        {input.path, describe_input(input),
         std::find(plan.varied.begin(), plan.varied.end(), input.path) != plan.varied.end(),
         input.copula});
  for (const SobolFactor& f : design.factors) report.factors.push_back({f.id, f.inputs, f.chance});
  report.tornado = std::move(result.tornado);
  report.indices = std::move(result.indices);
  listener.status(fmt::format("sensitivity: {} base branches, {} branches in all, in {:.1f} s",
                              report.rows, report.runs, wall));

  const detail::Writing writing(listener);
  group.finish([&](ResultsStore& store, std::int64_t id) {
    store.finish_sensitivity(id, report.partial ? "interrupted" : "complete", group.seconds(),
                             report, to_json(report).dump());
  });
  return report;
}

}  // namespace negsim
