#pragma once
// The phases of the talks drawn as Graphviz DOT (`negsim graph`).

#include <cstdint>
#include <iosfwd>
#include <string>

#include "negsim/model/scenario.hpp"
#include "negsim/run/edge_shares.hpp"

namespace negsim {

// What a drawing shows besides the process itself.
struct DotOptions {
  // `negsim graph --weights`: each transition labelled, and drawn as thick,
  // as the share of branches that took it (edge_shares.hpp); null: none.
  const EdgeShares* weights = nullptr;
  std::uint64_t seed = 0;  // the seed the weights were counted with, for the title
};

// Graphviz DOT of the process, laid out left to right for a 16:9 slide:
// states named by their labels (or their ids in words, "talks_paused" →
// "Talks paused"), wrapped, shaped by kind; terminals coloured by outcome;
// edges labelled with their triggers. Unreachable and trap states are
// outlined in red so a broken process can still be looked at. Node names in
// the DOT text are the state ids, so tools can still find a state.
void write_dot(const Scenario& scenario, std::ostream& out, const DotOptions& options = {});

// The name a state is drawn with: its label, else its id in words.
std::string state_title(const State& state);

// `text` as a double-quoted DOT string: quotes and backslashes escaped, line
// breaks as \n, other control characters as spaces. Valid DOT for any input.
std::string dot_quote(const std::string& text);

}  // namespace negsim
