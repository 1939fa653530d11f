#pragma once
// The report of a comparison: each variant's paired differences from the base
// (paired_comparison.hpp). It renders from what the results store keeps.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/paired_comparison.hpp"

namespace negsim {

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
