#pragma once
// The phases of the talks as a Boost.Graph state machine: states are vertices,
// transitions are edges carrying their trigger. Built from a scenario's
// `process` block; checked with BGL algorithms (drawn by output/process_dot.hpp).

#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <vector>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim {

// Vertex i of a ProcessGraph is process.states[i]; each edge is one transition.
// Properties hold indices back into the Process rather than copies of ids and
// labels, so there is one source of truth.
struct StateProps {
  int state = -1;  // index into Process::states
  StateKind kind = StateKind::bargaining;
};
struct TransitionProps {
  int transition = -1;  // index into Process::transitions
  Trigger trigger = Trigger::accepted;
};
using ProcessGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                           StateProps, TransitionProps>;
using ProcessVertex = boost::graph_traits<ProcessGraph>::vertex_descriptor;

// One vertex per entry of process.states (in order), one edge per transition
// whose `from` and `to` both name a state. Transitions naming an unknown state
// are left out (check_process reports them). With duplicate state ids, a
// reference means the first state with that id.
ProcessGraph build_process_graph(const Process& process);

// Per state (indexed like process.states): which states the initial state can
// lead to, and which can lead to some terminal state. `reachable` is all false
// when the initial state is unknown.
struct ProcessReach {
  std::vector<bool> reachable;
  std::vector<bool> can_end;
};
ProcessReach analyse_reach(const Process& process, const ProcessGraph& graph);

// Every problem with the scenario's process graph (unknown initial state,
// unreachable states, trap states that cannot reach a terminal, terminals
// without an outcome, chance states whose probabilities do not sum to 1, ...),
// each naming the states involved. Empty when the graph is usable.
//
// Chance states resolve at once, so the probabilities leaving one must sum to 1
// in every branch: they must be plain numbers, not distributions.
std::vector<Diagnostic> check_process(const Scenario& scenario);

}  // namespace negsim
