#pragma once
// The convergence of a run's estimates (run/convergence.hpp) as files:
// convergence.json, convergence.csv and convergence.svg.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "negsim/output/output_set.hpp"
#include "negsim/run/convergence.hpp"

namespace negsim {

// Every recorded point: branches, then per outcome the estimate and its 95% interval.
nlohmann::json to_json(const Convergence& convergence);
// One row per point and outcome.
std::string convergence_csv(const Convergence& convergence);

// The three files, to be written with the run's own as one output set
// (output_set.hpp), so that --out never holds a convergence of another run.
std::vector<OutputFile> convergence_files(const Convergence& convergence, const std::string& title);

}  // namespace negsim
