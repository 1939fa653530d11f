#pragma once
// How often the talks moved along each transition of the process: the share
// of branches that took it at least once (`negsim graph --weights` draws it).
// The branches are those `negsim run` counts with the same seed, run by the
// same wave loop, so the counts are the same for any thread count.

#include <cstdint>
#include <vector>

#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"

namespace negsim {

struct EdgeShares {
  std::vector<std::uint64_t> taken;  // per process transition: branches that took it
  std::uint64_t branches = 0;        // branches counted: exactly 0..branches−1
  bool partial = false;              // cancelled before every planned branch had run

  // taken[transition] / branches; 0 when nothing ran.
  double share(std::size_t transition) const;
};

// Runs `options.branches` branches (seed, threads, cancel and progress as for
// run_branches; a precision target is not used here) and counts, for each
// transition, the branches that took it at least once.
EdgeShares count_edge_shares(const Simulator& simulator, const RunOptions& options);

}  // namespace negsim
