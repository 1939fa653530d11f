#pragma once
// The report of a sensitivity analysis (docs/sensitivity.md): the tornado and
// the Sobol indices of one target, with what ran. It renders from what the
// results store keeps (to_json / sensitivity_report_from_json round-trip).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/output/output_set.hpp"
#include "negsim/run/sensitivity_design.hpp"
#include "negsim/run/sobol_indices.hpp"
#include "negsim/run/tornado.hpp"

namespace negsim {

struct SensitivityInputRow {
  std::string path;
  std::string distribution;  // as readers see it: "uniform from 0.001 to 0.003"
  bool varied = false;       // a plain number given a range by --param for this analysis
  int copula = -1;           // inputs tied by rank correlations share a number
  bool operator==(const SensitivityInputRow&) const = default;
};

struct SensitivityFactorRow {
  std::string id;           // the input, inputs joined by " + ", or "chance"
  std::vector<int> inputs;  // into SensitivityReport::inputs
  bool chance = false;
  bool operator==(const SensitivityFactorRow&) const = default;
};

struct SensitivityReport {
  // What ran.
  std::string engine_version, date;
  std::string scenario_id, scenario_title, scenario_file, scenario_sha256;
  std::vector<std::string> overrides;  // --set, then --param as given
  std::uint64_t seed = 0, rows = 0, runs = 0;
  int threads = 0;
  double wall_seconds = 0;
  bool partial = false;
  // The target.
  std::string target_id, target_kind, target_label;
  int by_round = 0;
  std::string by_date;  // the date round by_round ends
  bool by_horizon = true;
  std::vector<SensitivityInputRow> inputs;
  std::vector<SensitivityFactorRow> factors;  // the indices' order: inputs, then chance
  std::optional<Tornado> tornado;
  std::optional<SobolEstimate> indices;
  bool operator==(const SensitivityReport&) const = default;
};

// "uniform from 0.1 to 0.5"; options by name for an ordinal or binary input.
std::string describe_input(const UncertainInput& input);

std::string sensitivity_text(const SensitivityReport& report);
std::string sensitivity_markdown(const SensitivityReport& report);
// One row per tornado bar and one per Sobol factor (column `analysis`).
std::string sensitivity_csv(const SensitivityReport& report);
nlohmann::json to_json(const SensitivityReport& report);
SensitivityReport sensitivity_report_from_json(const nlohmann::json& json);

// The charts beside the report files: tornado.svg and indices.svg (each when
// its analysis ran), written with them as one output set (output_set.hpp).
std::vector<OutputFile> sensitivity_charts(const SensitivityReport& report);

// The factors by total index, largest first (chance last); ties in design order.
std::vector<std::size_t> factors_by_total(const SensitivityReport& report);

}  // namespace negsim
