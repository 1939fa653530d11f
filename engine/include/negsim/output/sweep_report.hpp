#pragma once
// The report of a sweep: outcome probabilities over the grid, and where the
// most likely outcome tips. It renders from what the results store keeps.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/sweep.hpp"

namespace negsim {

struct SweepReport {
  SweepResult result;
  std::map<std::string, std::string> labels;  // outcome id → label
  std::string scenario;                       // the file swept
  std::vector<std::string> overrides;         // --set applied at every point
  std::uint64_t seed = 0, branches = 0;       // branches per point
  bool partial = false;
  bool operator==(const SweepReport&) const = default;
};

std::string sweep_text(const SweepReport& report);
std::string sweep_markdown(const SweepReport& report);
// One row per grid point and outcome.
std::string sweep_csv(const SweepReport& report);
nlohmann::json to_json(const SweepReport& report);
SweepReport sweep_report_from_json(const nlohmann::json& json);

}  // namespace negsim
