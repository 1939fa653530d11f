#include "negsim/whatif/loaded_scenario.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/summary_json.hpp"

namespace negsim {

LoadedScenario load_for_run(const std::string& file, const std::vector<std::string>& overrides) {
  LoadedScenario out;
  LoadOptions options;
  options.overrides = overrides;
  out.scenario = load_scenario_file(file, options);
  out.simulator = std::make_shared<const Simulator>(out.scenario);
  // The text that ran, as the store keeps it; the loader hashed the same text.
  out.text = composed_scenario_text(file, overrides);
  return out;
}

std::string run_cache_key(const LoadedScenario& loaded, std::uint64_t seed, std::uint64_t branches,
                          const std::vector<std::string>& overrides,
                          const std::string& options_json) {
  return cache_key(loaded.scenario.sha256, seed, branches, overrides, options_json, NEGSIM_VERSION);
}

RunRecord run_record(const LoadedScenario& loaded, const Summary& summary,
                     const std::vector<std::string>& overrides, const std::string& options_json,
                     const std::string& key, const std::string& name) {
  const Provenance& p = summary.provenance;
  RunRecord r;
  r.kind = "run";
  r.name = name;
  r.status = p.partial ? "interrupted" : "complete";
  r.created_utc = p.date.empty() ? utc_timestamp() : p.date;
  r.engine_version = p.engine_version.empty() ? NEGSIM_VERSION : p.engine_version;
  r.scenario_id = loaded.scenario.id;
  r.scenario_file = loaded.scenario.file;
  r.scenario_sha256 = loaded.scenario.sha256;
  r.scenario_text = loaded.text;
  r.overrides = overrides;
  r.options_json = options_json;
  r.seed = p.seed;
  r.branches = p.branches;
  r.threads = p.threads;
  r.wall_seconds = p.wall_seconds;
  r.partial = p.partial;
  r.cache_key = p.partial ? std::string() : key;
  r.summary_json = to_json(summary).dump();
  return r;
}

std::vector<StoredOutcome> outcome_rows(const Summary& summary) {
  std::vector<StoredOutcome> rows;
  for (const auto& o : summary.outcomes)
    rows.push_back({o.id, o.label, o.count, o.probability, o.ci95.low, o.ci95.high});
  return rows;
}

std::optional<Summary> stored_summary(const ResultsStore& store, std::int64_t id,
                                      WhatIfListener& listener) {
  try {
    const auto run = store.run(id);
    if (!run) return std::nullopt;
    return summary_from_json(nlohmann::json::parse(run->summary_json));
  } catch (const std::exception& e) {
    listener.message(Severity::note, "stored result " + std::to_string(id) +
                                         " cannot be read back (" + e.what() + "); running again");
    return std::nullopt;
  }
}

RunResult run_in_context(const Simulator& simulator, RunOptions options,
                         const WhatIfContext& context) {
  if (!context.team || context.team->members() == 1) {
    options.cancel = context.cancel;
    return run_branches(simulator, options);
  }
  // Shared among processes: each runs its share, and every one gets the
  // merged tally. Ctrl-C is not asked: the branches finished across processes
  // need not be a prefix 0..N-1, so a stopped job keeps nothing (as `run`).
  const ProcessTeam& team = *context.team;
  const auto start = std::chrono::steady_clock::now();
  options.cancel = nullptr;
  options.share = share_in(team);
  RunResult result = run_branches(simulator, options);
  result.threads = total_threads(team, result.threads);
  result.tally = team.merged(std::move(result.tally));
  result.branches = result.tally.branches();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Summary run_and_summarise(const LoadedScenario& loaded, RunOptions options,
                          const std::string& label, const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  listener.run_started(label);
  if (listener.wants_progress())
    options.progress = [&listener](const RunProgress& p) { listener.run_progress(p); };
  const RunResult result = run_in_context(*loaded.simulator, options, context);
  listener.run_ended();
  return summarise_run(*loaded.simulator, options, result);
}

}  // namespace negsim
