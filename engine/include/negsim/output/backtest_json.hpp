#pragma once
// backtest.json: a backtest report as JSON ("format": "negsim-backtest"),
// written to --out and kept in the results store; it reads back to the very
// same report.

#include <nlohmann/json_fwd.hpp>

#include "negsim/output/backtest_report.hpp"

namespace negsim {

nlohmann::json to_json(const BacktestReport& report);
// Throws std::runtime_error naming what is missing or malformed.
BacktestReport backtest_from_json(const nlohmann::json& json);

}  // namespace negsim
