#pragma once
// The phases of the talks drawn as Graphviz DOT (`negsim graph`).

#include <iosfwd>
#include <string>

#include "negsim/model/scenario.hpp"

namespace negsim {

// Graphviz DOT of the process: states shaped by kind, terminals coloured by
// outcome, edges labelled with their triggers. Unreachable and trap states are
// outlined in red so a broken process can still be looked at.
void write_dot(const Scenario& scenario, std::ostream& out);

// `text` as a double-quoted DOT string: quotes and backslashes escaped, line
// breaks as \n, other control characters as spaces. Valid DOT for any input.
std::string dot_quote(const std::string& text);

}  // namespace negsim
