#include "negsim/output/backtest_json.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"

namespace negsim {

// Field by field, in the order of the structs (backtest_scores.hpp); nlohmann
// finds these through the types' namespace. The optional members are written
// by hand below (null when absent).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Forecasts, model, base_rate, uniform)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(EventForecast, kind, id, label, happened, p)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OutcomeForecast, observed, outcomes, groups, model, base_rate,
                                   uniform)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CentralRange, low, high)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TimingCheck, basis, predicted_rounds, actual_round, error_rounds,
                                   error_days)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScoreRow, kind, label, forecasts, brier, log_loss)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CalibrationBin, low, high, forecasts, happened, mean_forecast,
                                   observed_frequency)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CoverageTotals, terms, scored, model50, model90, uniform50,
                                   uniform90, model_width50, model_width90, uniform_width50,
                                   uniform_width90)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TimingTotals, cases, mean_error_days, mean_abs_error_days,
                                   median_abs_error_days)

namespace {

using nlohmann::json;
using report::json_field;

template <class T>
json optional_json(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

template <class T>
std::optional<T> optional_from(const json& j, const char* key, const char* what) {
  if (!j.contains(key))
    throw std::runtime_error(std::string("the ") + what + " has no '" + key + "'");
  if (j.at(key).is_null()) return std::nullopt;
  return json_field<T>(j, key, what);
}

json term_json(const TermCheck& t) {
  return {{"issue", t.issue},
          {"label", t.label},
          {"kind", t.kind},
          {"observed", t.observed},
          {"value", t.value},
          {"low", t.low},
          {"high", t.high},
          {"options", t.options},
          {"basis", t.basis},
          {"packages", t.packages},
          {"model50", t.model50},
          {"model90", t.model90},
          {"uniform50", t.uniform50},
          {"uniform90", t.uniform90},
          {"option_share", optional_json(t.option_share)}};
}

TermCheck term_from(const json& j) {
  constexpr const char* what = "backtest term";
  TermCheck t;
  t.issue = json_field<std::string>(j, "issue", what);
  t.label = json_field<std::string>(j, "label", what);
  t.kind = json_field<std::string>(j, "kind", what);
  t.observed = json_field<std::string>(j, "observed", what);
  t.value = json_field<double>(j, "value", what);
  t.low = json_field<double>(j, "low", what);
  t.high = json_field<double>(j, "high", what);
  t.options = json_field<std::vector<std::string>>(j, "options", what);
  t.basis = json_field<std::string>(j, "basis", what);
  t.packages = json_field<std::uint64_t>(j, "packages", what);
  t.model50 = json_field<CentralRange>(j, "model50", what);
  t.model90 = json_field<CentralRange>(j, "model90", what);
  t.uniform50 = json_field<CentralRange>(j, "uniform50", what);
  t.uniform90 = json_field<CentralRange>(j, "uniform90", what);
  t.option_share = optional_from<double>(j, "option_share", what);
  return t;
}

json case_json(const CaseScore& c) {
  json terms = json::array();
  for (const auto& t : c.terms) terms.push_back(term_json(t));
  return {{"id", c.id},
          {"title", c.title},
          {"scenario_file", c.scenario_file},
          {"observation_file", c.observation_file},
          {"scenario_sha256", c.scenario_sha256},
          {"observation_sha256", c.observation_sha256},
          {"as_of", c.as_of},
          {"recorded_until", c.recorded_until},
          {"round_label", c.round_label},
          {"round_days", c.round_days},
          {"horizon", c.horizon},
          {"horizon_date", c.horizon_date},
          {"scored_round", c.scored_round},
          {"scored_until", c.scored_until},
          {"branches", c.branches},
          {"seed", c.seed},
          {"log_loss_floor", c.log_loss_floor},
          {"observed_outcome", c.observed_outcome},
          {"observed_label", c.observed_label},
          {"outcome_date", c.outcome_date},
          {"outcome", optional_json(c.outcome)},
          {"events", c.events},
          {"terms", terms},
          {"timing", optional_json(c.timing)},
          {"notes", c.notes}};
}

CaseScore case_from(const json& j) {
  constexpr const char* what = "backtest case";
  CaseScore c;
  c.id = json_field<std::string>(j, "id", what);
  c.title = json_field<std::string>(j, "title", what);
  c.scenario_file = json_field<std::string>(j, "scenario_file", what);
  c.observation_file = json_field<std::string>(j, "observation_file", what);
  c.scenario_sha256 = json_field<std::string>(j, "scenario_sha256", what);
  c.observation_sha256 = json_field<std::string>(j, "observation_sha256", what);
  c.as_of = json_field<std::string>(j, "as_of", what);
  c.recorded_until = json_field<std::string>(j, "recorded_until", what);
  c.round_label = json_field<std::string>(j, "round_label", what);
  c.round_days = json_field<double>(j, "round_days", what);
  c.horizon = json_field<int>(j, "horizon", what);
  c.horizon_date = json_field<std::string>(j, "horizon_date", what);
  c.scored_round = json_field<int>(j, "scored_round", what);
  c.scored_until = json_field<std::string>(j, "scored_until", what);
  c.branches = json_field<std::uint64_t>(j, "branches", what);
  c.seed = json_field<std::uint64_t>(j, "seed", what);
  c.log_loss_floor = json_field<double>(j, "log_loss_floor", what);
  c.observed_outcome = json_field<std::string>(j, "observed_outcome", what);
  c.observed_label = json_field<std::string>(j, "observed_label", what);
  c.outcome_date = json_field<std::string>(j, "outcome_date", what);
  c.outcome = optional_from<OutcomeForecast>(j, "outcome", what);
  c.events = json_field<std::vector<EventForecast>>(j, "events", what);
  for (const auto& t : json_field<json>(j, "terms", what)) c.terms.push_back(term_from(t));
  c.timing = optional_from<TimingCheck>(j, "timing", what);
  c.notes = json_field<std::vector<std::string>>(j, "notes", what);
  return c;
}

}  // namespace

json to_json(const BacktestReport& report) {
  json cases = json::array();
  for (const auto& c : report.scores.cases) cases.push_back(case_json(c));
  return {{"format", "negsim-backtest"},
          {"title", report.title},
          {"inputs", report.inputs},
          {"seed", report.seed},
          {"branches", report.branches},
          {"engine_version", report.engine_version},
          {"partial", report.partial},
          {"planned_cases", report.planned_cases},
          {"scores",
           {{"rows", report.scores.rows},
            {"calibration", report.scores.calibration},
            {"coverage", report.scores.coverage},
            {"timing", report.scores.timing}}},
          {"cases", cases}};
}

BacktestReport backtest_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "negsim-backtest")
    throw std::runtime_error("not a negsim backtest (format is not \"negsim-backtest\")");
  constexpr const char* what = "backtest";
  BacktestReport r;
  r.title = json_field<std::string>(j, "title", what);
  r.inputs = json_field<std::vector<std::string>>(j, "inputs", what);
  r.seed = json_field<std::uint64_t>(j, "seed", what);
  r.branches = json_field<std::uint64_t>(j, "branches", what);
  r.engine_version = json_field<std::string>(j, "engine_version", what);
  r.partial = json_field<bool>(j, "partial", what);
  r.planned_cases = json_field<std::uint64_t>(j, "planned_cases", what);
  const json scores = json_field<json>(j, "scores", what);
  r.scores.rows = json_field<std::vector<ScoreRow>>(scores, "rows", "backtest's scores");
  r.scores.calibration =
      json_field<std::vector<CalibrationBin>>(scores, "calibration", "backtest's scores");
  r.scores.coverage = json_field<CoverageTotals>(scores, "coverage", "backtest's scores");
  r.scores.timing = json_field<TimingTotals>(scores, "timing", "backtest's scores");
  for (const auto& c : json_field<json>(j, "cases", what)) r.scores.cases.push_back(case_from(c));
  return r;
}

}  // namespace negsim
