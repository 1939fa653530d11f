#pragma once
// `negsim trace`: one branch told round by round, in words an analyst can
// check against docs/model.md.

#include <cstdint>
#include <ostream>

#include "negsim/model/simulator.hpp"

namespace negsim {

// Runs branch `branch` of `simulator` under `seed`, writing its narrative to
// `out`; the branch's result goes to `result`, as run_branch would give it.
void write_trace(const Simulator& simulator, std::uint64_t seed, std::uint64_t branch,
                 std::ostream& out, BranchResult& result);

}  // namespace negsim
