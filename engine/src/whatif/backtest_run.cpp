#include "negsim/whatif/backtest_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "negsim/input/observation_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/output/backtest_json.hpp"
#include "negsim/run/backtest_scores.hpp"
#include "output/report_format.hpp"
#include "output/table_format.hpp"
#include "stored_group.hpp"

namespace negsim {

namespace {

namespace fs = std::filesystem;

bool is_yaml(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

Diagnostic problem(const std::string& file, std::string message) {
  return Diagnostic{file, 0, 0, "", std::move(message)};
}

// The case of scenario `scenario`, or a problem when its observation is missing.
void add_case(const std::string& scenario, std::vector<BacktestCase>& cases,
              std::vector<Diagnostic>& problems) {
  const std::string observation = observation_path(scenario);
  if (!fs::is_regular_file(observation)) {
    problems.push_back(problem(
        scenario, fmt::format("no observations: a backtest case needs what happened in {} beside "
                              "it (docs/validation.md)",
                              fs::path(observation).filename().string())));
    return;
  }
  cases.push_back({scenario, observation});
}

void add_observation(const std::string& observation, std::vector<BacktestCase>& cases,
                     std::vector<Diagnostic>& problems) {
  const std::string scenario = observed_scenario_path(observation);
  if (!fs::is_regular_file(scenario)) {
    problems.push_back(problem(
        observation, fmt::format("no scenario: an observation file needs the scenario it observes, "
                                 "{}, beside it",
                                 fs::path(scenario).filename().string())));
    return;
  }
  cases.push_back({scenario, observation});
}

std::string status_line(const std::string& tag, const detail::MemberRun& member,
                        const CaseScore& score) {
  const Summary& s = member.summary;
  std::string found;
  if (score.outcome) {
    const OutcomeForecast& f = *score.outcome;
    found = fmt::format("observed {}, model {}", f.observed,
                        report::percent(f.model[f.observed_index()]));
  } else {
    found = "outcome at the horizon not known";
  }
  return fmt::format(
      "{}: {} branches{} — {}", tag, report::thousands(s.provenance.branches),
      member.reused ? fmt::format(" (stored result {} reused; --force runs again)", *member.run_id)
                    : fmt::format(" in {:.1f} s", s.provenance.wall_seconds),
      found);
}

}  // namespace

std::vector<BacktestCase> backtest_cases(const std::vector<std::string>& inputs) {
  std::vector<BacktestCase> cases;
  std::vector<Diagnostic> problems;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> files;
      for (const auto& item : fs::directory_iterator(input, ec))
        if (item.is_regular_file() && is_yaml(item.path()))
          files.push_back(item.path().lexically_normal());
      std::sort(files.begin(), files.end());
      std::size_t scenarios = 0;
      for (const auto& f : files) {
        if (is_observation_file(f.string())) {
          // Only to say so when its scenario is missing; the scenario adds the case.
          if (!fs::is_regular_file(observed_scenario_path(f.string())))
            add_observation(f.string(), cases, problems);
          continue;
        }
        ++scenarios;
        add_case(f.string(), cases, problems);
      }
      if (scenarios == 0)
        problems.push_back(problem(input, "the directory holds no scenario files (.yaml)"));
    } else if (fs::is_regular_file(input, ec)) {
      if (is_observation_file(input))
        add_observation(input, cases, problems);
      else
        add_case(input, cases, problems);
    } else {
      problems.push_back(problem(input, "no such file or directory"));
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  for (auto& c : cases) {
    c.scenario_path = fs::path(c.scenario_path).lexically_normal().string();
    c.observation_path = fs::path(c.observation_path).lexically_normal().string();
  }
  std::sort(cases.begin(), cases.end(), [](const BacktestCase& a, const BacktestCase& b) {
    return a.scenario_path < b.scenario_path;
  });
  cases.erase(std::unique(cases.begin(), cases.end(),
                          [](const BacktestCase& a, const BacktestCase& b) {
                            return a.scenario_path == b.scenario_path;
                          }),
              cases.end());
  return cases;
}

std::vector<LoadedCase> load_backtest_cases(const std::vector<BacktestCase>& cases) {
  std::vector<LoadedCase> out;
  std::vector<Diagnostic> problems;
  std::map<std::string, std::string> ids;  // scenario id → its file
  for (const auto& files : cases) {
    LoadedCase c;
    c.files = files;
    try {
      c.loaded = load_for_run(files.scenario_path, {});
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    try {
      c.observation = load_observation_file(files.observation_path, c.loaded.scenario);
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    const auto [at, fresh] = ids.emplace(c.loaded.scenario.id, files.scenario_path);
    if (!fresh) {
      problems.push_back(
          problem(files.scenario_path,
                  fmt::format("scenario id '{}' is also the id of {}: each case needs its own id",
                              c.loaded.scenario.id, at->second)));
      continue;
    }
    out.push_back(std::move(c));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return out;
}

BacktestReport run_backtest(const std::vector<LoadedCase>& cases, const BacktestOptions& options,
                            const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  BacktestReport report;
  report.inputs = options.inputs;
  report.title = "Backtest of " + report::joined(options.inputs, ", ");
  report.seed = options.seed;
  report.branches = options.branches;
  report.engine_version = NEGSIM_VERSION;
  report.planned_cases = cases.size();

  // The group's row: a batch whose report is a backtest (docs/results-store.md).
  RunRecord record =
      detail::group_record("batch", "backtest " + report::joined(options.inputs, " "), options.seed,
                           options.branches, options.threads);
  record.options_json = nlohmann::json{{"command", "backtest"}}.dump();
  for (const auto& c : cases)
    record.scenario_text +=
        fmt::format("{} {}\n{} {}\n", c.loaded.scenario.sha256, c.files.scenario_path,
                    c.observation.sha256, c.files.observation_path);
  record.scenario_sha256 = sha256_hex(record.scenario_text);
  for (const auto& c : cases) {
    detail::check_same_scenario(context, c.loaded.scenario.sha256, c.files.scenario_path);
    detail::check_same_scenario(context, c.observation.sha256, c.files.observation_path);
  }
  detail::StoredGroup group(context, record);

  std::vector<CaseScore> scored;
  const std::size_t n = cases.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (context.cancelled()) break;
    const LoadedCase& c = cases[i];
    const std::string tag = fmt::format("[{}/{}] {}", i + 1, n, c.loaded.scenario.id);
    RunOptions run;
    run.seed = options.seed;
    run.threads = options.threads;
    run.branches = options.branches;
    detail::MemberRun member = detail::run_member(group, c.loaded, run, {}, static_cast<int>(i),
                                                  c.loaded.scenario.id, tag, context);
    // A case cut short has fewer branches than the others: it is left out.
    if (member.summary.provenance.branches == 0 || member.summary.provenance.partial) break;
    CaseScore score = score_case(c.loaded.scenario, c.observation, member.summary);
    listener.status(status_line(tag, member, score));
    scored.push_back(std::move(score));
  }
  report.partial = scored.size() < n;
  report.scores = score_library(std::move(scored));

  const detail::Writing writing(listener);
  group.finish(
      [&](ResultsStore& store, std::int64_t id) {
        store.finish_group(id, report.partial ? "interrupted" : "complete", group.seconds(),
                           to_json(report).dump());
      },
      fmt::format(" (negsim results show {})", group.id()));
  return report;
}

}  // namespace negsim
