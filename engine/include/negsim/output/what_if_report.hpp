#pragma once
// The reports of what-if work: a batch's side-by-side table, a sweep's grid
// and tipping points, a paired comparison. Each renders from data that the
// results store keeps (the group's own JSON), so `negsim results export`
// re-renders them without running anything.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/paired_comparison.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/run/sweep.hpp"

namespace negsim {

// ------------------------------------------------------------------ batch

struct BatchEntry {
  std::string name;
  std::string scenario;                // the file as the batch names it
  std::vector<std::string> overrides;  // --set texts
  std::optional<Summary> summary;      // none when it could not run
  std::string error;                   // why it could not run
  std::optional<std::int64_t> run_id;  // in the results store
  bool reused = false;                 // the stored result was reused
  bool operator==(const BatchEntry&) const = default;
};

struct BatchReport {
  std::string title;
  std::string file;  // the batch file or directory
  std::vector<BatchEntry> entries;
  bool partial = false;  // interrupted before every entry had run
  bool operator==(const BatchReport&) const = default;
};

// Outcomes side by side: one row per outcome (in order of first appearance),
// one column per entry, each cell the probability with its 95% interval.
std::string batch_text(const BatchReport& report);
std::string batch_markdown(const BatchReport& report);
// Long format: one row per entry and outcome, with the provenance of the entry.
std::string batch_csv(const BatchReport& report);
nlohmann::json to_json(const BatchReport& report);
BatchReport batch_from_json(const nlohmann::json& json);

// ------------------------------------------------------------------ sweep

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

// ------------------------------------------------------------------ compare

struct CompareReport {
  std::string base;                           // file
  std::vector<std::string> variants;          // files, in order
  std::vector<PairedComparison> comparisons;  // one per variant
  std::map<std::string, std::string> labels;  // outcome id → label
  std::uint64_t seed = 0, branches = 0;
  bool partial = false;
  bool operator==(const CompareReport&) const = default;
};

std::string compare_text(const CompareReport& report);
std::string compare_markdown(const CompareReport& report);
// One row per variant and outcome.
std::string compare_csv(const CompareReport& report);
nlohmann::json to_json(const CompareReport& report);
CompareReport compare_report_from_json(const nlohmann::json& json);

// Median over outcomes of unpaired width / paired width (outcomes whose paired
// interval has zero width are left out); 0 when there is none.
double median_narrowing(const PairedComparison& comparison);

}  // namespace negsim
