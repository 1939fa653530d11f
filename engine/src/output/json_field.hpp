#pragma once
// The output layer's JSON helpers (internal to it): an interval as every
// report stores it, and reading a stored report back.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "negsim/run/statistics.hpp"

namespace negsim::report {

// An interval as every report stores it: [low, high].
inline nlohmann::json interval_json(const Interval& i) {
  return nlohmann::json::array({i.low, i.high});
}

// `json[key]` as a T; std::runtime_error naming the key and `what` (the kind
// of report, e.g. "sweep") when it is missing or of the wrong type.
template <class T>
T json_field(const nlohmann::json& json, const char* key, const char* what) {
  if (!json.contains(key)) throw std::runtime_error(fmt::format("the {} has no '{}'", what, key));
  try {
    return json.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("the {}'s '{}' is malformed: {}", what, key, e.what()));
  }
}

}  // namespace negsim::report
