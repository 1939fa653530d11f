#pragma once
// The convergence of a run's estimates (run/convergence.hpp) as files:
// convergence.json, convergence.csv and convergence.svg.

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "negsim/run/convergence.hpp"

namespace negsim {

// Every recorded point: branches, then per outcome the estimate and its 95% interval.
nlohmann::json to_json(const Convergence& convergence);
// One row per point and outcome.
std::string convergence_csv(const Convergence& convergence);

// Writes the three files into `dir` (created if missing).
void write_convergence_files(const std::string& dir, const Convergence& convergence,
                             const std::string& title);

}  // namespace negsim
