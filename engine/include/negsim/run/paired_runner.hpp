#pragma once
// Runs a base scenario and a variant on the same branch indices and seed, and
// tallies the pair of outcomes of every branch (paired_comparison.hpp) along
// with each side's own Tally, so that each also gets its full summary.
//
// The parallel pattern is the runner's (runner.hpp): fixed chunks of branch
// indices, each counting into its own slot, merged in chunk order, in waves so
// that Ctrl-C stops within a branch's time with branches 0..N−1 done. Every count
// is an integer, so the result is bit-identical for any thread count.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/model/simulator.hpp"
#include "negsim/run/paired_comparison.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/tally.hpp"

namespace negsim {

struct PairedRunResult {
  std::vector<std::string>
      outcomes;                // base's outcomes, then the variant's new ones, unresolved last
  PairedTally pairs;           // indexed by `outcomes`
  Tally base, variant;         // each side's own tally, in its own outcome order
  std::uint64_t branches = 0;  // the prefix 0..branches−1 ran on both sides
  bool partial = false;
  int threads = 0;
  double wall_seconds = 0;
};

// `options.precision` is not used: a comparison runs exactly `options.branches`
// (with a share, this process's share_of() them).
PairedRunResult run_paired(const Simulator& base, const Simulator& variant,
                           const RunOptions& options);

}  // namespace negsim
