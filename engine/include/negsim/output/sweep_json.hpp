#pragma once
// A sweep's grid and tipping points as JSON, and back, for the results store
// and sweep.json.

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/sweep.hpp"

namespace negsim {

nlohmann::json to_json(const SweepResult& result);
// Throws std::runtime_error naming the key when `json` is not a sweep.
SweepResult sweep_from_json(const nlohmann::json& json);

}  // namespace negsim
