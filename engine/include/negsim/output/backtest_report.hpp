#pragma once
// The report of a backtest: the model's scores on the historical library
// beside the base rate and a uniform forecast, the calibration table, the
// coverage of the terms and the timing, then case by case. It renders from
// what the results store keeps (its JSON, backtest_json.hpp), so `negsim
// results export` re-renders it without running anything.
//
// The files hold nothing that depends on when, where or how fast the backtest
// ran (no dates of the run, run ids, threads or wall time): the same library,
// seed and branches give the same bytes.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/run/backtest_scores.hpp"

namespace negsim {

struct BacktestReport {
  std::string title;
  std::vector<std::string> inputs;  // the directories and files as given
  std::uint64_t seed = 0;
  std::uint64_t branches = 0;  // per case
  std::string engine_version;
  bool partial = false;  // interrupted: only the cases in `scores` ran
  std::uint64_t planned_cases = 0;
  BacktestScores scores;
  bool operator==(const BacktestReport&) const = default;
};

// The scores beside the reference forecasters, the calibration table,
// coverage and timing, and one line per case.
std::string backtest_text(const BacktestReport& report);
// The same with every forecast of every case and the definitions in brief.
std::string backtest_markdown(const BacktestReport& report);
// One row per scored item (outcome, group, milestone, term, timing) of every case.
std::string backtest_csv(const BacktestReport& report);

}  // namespace negsim
