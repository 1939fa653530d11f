#pragma once
// The `correlations:` block of a scenario: rank correlations between its
// uncertain inputs (internal to the engine).
//
//   correlations:
//     - {between: [parties.russia.costs.per_round, events.graham_sanctions_bill.chance], rank: 0.5}

#include "effect_target.hpp"
#include "negsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace negsim::loader {

// Reads the block into `scenario.correlations` once everything else is read:
// each path must name an uncertain input, each pair be stated once, each rank
// lie in [−1, 1], and the ranks of inputs tied together be possible at once
// (a positive semi-definite matrix of normal-score correlations).
void read_correlations(Reader& reader, const Field& field, Scenario& scenario,
                       const KnownIds& known);

}  // namespace negsim::loader
