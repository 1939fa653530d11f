#pragma once
// The scores of a backtest: each historical case's forecast (its Summary) set
// against what happened (its Observation), beside two reference forecasters —
// the base rate of the library and a uniform forecast — so that a reader sees
// whether the model adds anything. Pure functions of their arguments: the same
// summaries and observations give the same scores bit for bit.
//
// Every definition (scoring date, the outcome class at the horizon, the base
// rate's leave-one-out, the ranges of the terms) is in docs/validation.md,
// "How the scores are computed".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/observation.hpp"
#include "negsim/model/scenario.hpp"
#include "negsim/run/scoring_rules.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// One number for each of the three forecasters.
struct Forecasts {
  double model = 0, base_rate = 0, uniform = 0;
  bool operator==(const Forecasts&) const = default;
};

// A yes/no question about a case, asked at its scoring date: was an outcome
// group ("agreement"; "no_agreement" too when the date falls before the
// horizon, where it is not simply the complement) or a milestone reached by then?
struct EventForecast {
  std::string kind;  // "group" or "milestone"
  std::string id, label;
  bool happened = false;
  Forecasts p;  // the probability each forecaster gave it
  bool operator==(const EventForecast&) const = default;
};

// The outcome at the horizon as one multi-class forecast (scored only when the
// record says which outcome the horizon saw).
struct OutcomeForecast {
  std::string observed;               // an outcome id, or "unresolved"
  std::vector<std::string> outcomes;  // the summary's outcome ids, unresolved last
  // Each outcome's group: "agreement", "no_agreement" or "unresolved".
  std::vector<std::string> groups;
  std::vector<double> model, base_rate, uniform;  // one probability per outcome
  std::size_t observed_index() const;
  bool operator==(const OutcomeForecast&) const = default;
};

// An agreed term against the model's central ranges for it.
struct TermCheck {
  std::string issue, label, kind;    // kind: continuous, ordinal or binary
  std::string observed;              // as the record gives it: a number or an option
  double value = 0;                  // the number, or the option's index
  double low = 0, high = 0;          // the issue's range (option indices for discrete issues)
  std::vector<std::string> options;  // ordinal and binary issues: the options, in order
  // Where the model's ranges come from: "outcome" (the agreed packages of
  // branches ending in the observed outcome), "agreements" (pooled over the
  // outcomes that count as agreements) or "" (no branch agreed on this issue:
  // not scored).
  std::string basis;
  std::uint64_t packages = 0;  // agreed packages behind the ranges
  CentralRange model50, model90, uniform50, uniform90;
  std::optional<double> option_share;  // discrete issues: the model's share of the observed option
  bool scored() const { return !basis.empty(); }
  bool operator==(const TermCheck&) const = default;
};

// When the observed outcome came, against the model's median time to it.
struct TimingCheck {
  // "outcome": the median rounds of the branches ending in the observed
  // outcome; "any_ending": no branch ended in it, so the median of every ending.
  std::string basis;
  double predicted_rounds = 0;
  int actual_round = 0;                     // the round in which the outcome came
  double error_rounds = 0, error_days = 0;  // predicted − actual
  bool operator==(const TimingCheck&) const = default;
};

struct CaseScore {
  std::string id, title;
  std::string scenario_file, observation_file, scenario_sha256, observation_sha256;
  std::string as_of, recorded_until;
  std::string round_label;
  double round_days = 7;
  int horizon = 0;
  std::string horizon_date;  // the date the last round ends
  int scored_round = 0;  // the last round ending on or before recorded_until, at most the horizon
  std::string scored_until;  // the date that round ends
  std::uint64_t branches = 0, seed = 0;
  double log_loss_floor = 0;  // 1/(2 × branches)
  std::string observed_outcome, observed_label, outcome_date;
  std::optional<OutcomeForecast> outcome;  // none when the record does not say
  std::vector<EventForecast> events;       // groups, then milestones in the scenario's order
  std::vector<TermCheck> terms;            // in the scenario's issue order
  std::optional<TimingCheck> timing;       // when the outcome came within the horizon
  std::vector<std::string> notes;          // how this case was scored, where it differs
  bool operator==(const CaseScore&) const = default;
};

// The mean score of one kind of forecast, per forecaster.
struct ScoreRow {
  std::string kind;  // "outcome", "agreement", "no_agreement", "milestone", "binary"
  std::string label;
  std::uint64_t forecasts = 0;
  Forecasts brier, log_loss;
  bool operator==(const ScoreRow&) const = default;
};

struct CoverageTotals {
  std::uint64_t terms = 0;   // observed terms
  std::uint64_t scored = 0;  // of them, with a model range
  std::uint64_t model50 = 0, model90 = 0, uniform50 = 0, uniform90 = 0;  // inside the range
  // Mean width of the ranges as a share of the issue's range (continuous) or
  // of its options (discrete): coverage is cheap with wide ranges.
  double model_width50 = 0, model_width90 = 0, uniform_width50 = 0, uniform_width90 = 0;
  bool operator==(const CoverageTotals&) const = default;
};

struct TimingTotals {
  std::uint64_t cases = 0;
  double mean_error_days = 0;  // signed: > 0 means the model expected it later
  double mean_abs_error_days = 0;
  double median_abs_error_days = 0;
  bool operator==(const TimingTotals&) const = default;
};

struct BacktestScores {
  std::vector<CaseScore> cases;
  std::vector<ScoreRow> rows;               // outcome, agreement, no_agreement, milestone, binary
  std::vector<CalibrationBin> calibration;  // the model's yes/no forecasts in ten bins
  CoverageTotals coverage;
  TimingTotals timing;
  bool operator==(const BacktestScores&) const = default;
};

// The model's and the uniform forecaster's scores of one case; the base rate
// needs the whole library (score_library). `summary` is the case's run.
CaseScore score_case(const Scenario& scenario, const Observation& observation,
                     const Summary& summary);

// The base rate of each case (leave-one-out over the other cases), the mean
// scores by kind, the calibration table, coverage and timing, in case order.
BacktestScores score_library(std::vector<CaseScore> cases);

// The mean width of a range as a share of the issue (see CoverageTotals).
double range_width_share(const TermCheck& term, const CentralRange& range);

}  // namespace negsim
