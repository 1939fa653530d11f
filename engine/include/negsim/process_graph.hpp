#pragma once
// The phases of the talks as a Boost.Graph state machine: states are vertices,
// transitions are edges carrying their trigger. Built from a scenario's
// `process` block; checked with BGL algorithms; drawn as Graphviz DOT.

#include <iosfwd>
#include <string>
#include <vector>

#include "negsim/diagnostic.hpp"
#include "negsim/scenario.hpp"

namespace negsim {

// Every problem with the scenario's process graph (unknown initial state,
// unreachable states, trap states that cannot reach a terminal, terminals
// without an outcome, chance states whose probabilities do not sum to 1, ...),
// each naming the states involved. Empty when the graph is usable.
std::vector<Diagnostic> check_process(const Scenario& scenario);

// Graphviz DOT of the process: states shaped by kind, terminals coloured by
// outcome, edges labelled with their triggers.
void write_dot(const Scenario& scenario, std::ostream& out);

}  // namespace negsim
