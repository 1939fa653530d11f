#pragma once
// The uncertain inputs of a scenario, and how a branch may be told to draw
// them: the hook the sensitivity analyses (negsim/run/sensitivity_design.hpp)
// need from the simulator, and nothing more.
//
// As usual, uncertain input i of branch b under seed s is the quantile of its
// distribution at U = uniform(s, "param:" + path, b, 0) (docs/model.md 11),
// mixed with the others of its copula when the scenario correlates it. An
// InputDraws can take each input's U from the stream of another seed (the
// second sample of a Saltelli design), or hold an input at a fixed quantile
// (a tornado's 10th and 90th percentiles). Every other draw of the branch
// (shocks, transitions, effects) still comes from the branch's own seed, so
// branches that share it share all their chance (common random numbers).

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/model/distribution.hpp"

namespace negsim {

class Simulator;

struct UncertainInput {
  std::string path;   // key path, e.g. parties.russia.costs.per_round
  Distribution dist;  // as written: issue units; option indices for ordinal and binary issues
  std::vector<std::string> options;  // an ordinal or binary demand: its issue's options
  int copula = -1;  // inputs tied by rank correlations share a copula; -1: independent
};

// Every uncertain parameter of the simulator's scenario, in the order it is
// sampled (the order InputDraws uses). Uncertain effect values are not among
// them: they are drawn anew at each firing, part of the chance of a branch.
std::vector<UncertainInput> uncertain_inputs(const Simulator& simulator);

struct InputDraws {
  // Per input: the seed of the stream its uniform comes from. Empty: the
  // branch's own seed for every input.
  std::vector<std::uint64_t> seed;
  // Per input: the quantile in (0, 1) it is held at, or NaN to draw it. Empty:
  // all drawn. The other members of a held input's copula are drawn given the
  // held value (conditionally), so at most one member of a copula may be held.
  std::vector<double> held;
};

}  // namespace negsim
