#pragma once
// `negsim sweep`: a scenario run at every point of a grid of one or two
// assumptions on one seed (common random numbers), each point recorded in the
// results store (or its stored result reused), and where the most likely
// outcome tips.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/output/sweep_report.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/sweep.hpp"
#include "negsim/whatif/context.hpp"

namespace negsim {

// Sweeps run many points; a fifth of a single run's branches keeps a 11-point
// sweep about as long as two runs, and common random numbers keep the curves smooth.
inline constexpr std::uint64_t kDefaultSweepBranches = kDefaultBranches / 5;

struct SweepPlan {
  std::string file;                    // the scenario swept
  std::vector<std::string> vary;       // KEY=LOW:HIGH:STEPS, as given
  std::vector<std::string> overrides;  // --set applied at every point
  std::vector<SweepAxis> axes;         // parsed from `vary`
};

// Checks the sweep before anything runs: one or two --vary of different keys,
// and the file, the keys and the overrides all valid at the first grid point
// (later points may still fail for their own values). Throws InputError.
SweepPlan plan_sweep(const std::string& file, const std::vector<std::string>& vary,
                     const std::vector<std::string>& overrides);

struct SweepOptions {
  std::uint64_t branches = kDefaultSweepBranches;  // per grid point
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
};

// Runs the grid points in order (the last axis varies fastest). A point that
// cannot run is reported (could_not_run) and breaks no other; Ctrl-C stops
// after the point running, and the report is partial.
SweepReport run_sweep(const SweepPlan& plan, const SweepOptions& options,
                      const WhatIfContext& context);

}  // namespace negsim
