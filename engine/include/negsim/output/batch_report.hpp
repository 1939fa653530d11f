#pragma once
// The report of a batch: the outcome probabilities of its entries side by
// side. It renders from what the results store keeps (the batch's own JSON),
// so `negsim results export` re-renders it without running anything.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/summary.hpp"

namespace negsim {

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
  bool partial = false;     // interrupted before every entry had run
  std::size_t planned = 0;  // entries the batch holds (0: as many as `entries`)
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

}  // namespace negsim
