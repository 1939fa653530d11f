#pragma once
// Reading an observation file (NAME.observed.yaml, what happened in a
// historical case) and checking it against the scenario it observes: the
// outcome and milestone ids must be the scenario's, the dates inside the
// record, the terms inside each issue's range or among its options. Every
// problem is collected and thrown as one InputError, each Diagnostic with its
// file, line, column and key path, as for a scenario (docs/validation.md
// defines the format).

#include <string>
#include <string_view>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/observation.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim {

// Whether `path` names an observation file: it ends in .observed.yaml (or .observed.yml).
bool is_observation_file(const std::string& path);
// The observation file beside a scenario: NAME.observed.yaml for NAME.yaml.
std::string observation_path(const std::string& scenario_path);
// The scenario an observation file observes: NAME.yaml for NAME.observed.yaml.
std::string observed_scenario_path(const std::string& observation_path);

// Reads the observation file at `path` and checks it against `scenario`.
Observation load_observation_file(const std::string& path, const Scenario& scenario);
Observation load_observation_string(std::string_view text, const std::string& name,
                                    const Scenario& scenario);

}  // namespace negsim
