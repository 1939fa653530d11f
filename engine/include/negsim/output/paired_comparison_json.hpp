#pragma once
// A paired comparison as JSON, and back, for the results store and
// comparison.json.

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/paired_comparison.hpp"

namespace negsim {

nlohmann::json to_json(const PairedComparison& comparison);
// Throws std::runtime_error naming the key when `json` is not a comparison.
PairedComparison paired_comparison_from_json(const nlohmann::json& json);

}  // namespace negsim
