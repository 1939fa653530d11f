#pragma once
// summary.json: a Summary written as JSON and read back exactly, so that a
// stored summary re-renders every report without running again.

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/summary.hpp"

namespace negsim {

nlohmann::json to_json(const Summary& summary);
// Throws std::runtime_error naming the key when `json` is not a summary.
Summary summary_from_json(const nlohmann::json& json);

}  // namespace negsim
