#pragma once
// The running estimate of each outcome by branch count: after every chunk of
// branches (kChunkBranches, in branch order), the outcome counts so far, so
// that a reader sees when more branches stop changing the answer
// (`negsim run --convergence`). Counts are of the prefix 0..n−1 and so the
// same for any thread count.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/run/statistics.hpp"

namespace negsim {

struct ConvergencePoint {
  std::uint64_t branches = 0;
  std::vector<std::uint64_t> counts;  // per outcome
  bool operator==(const ConvergencePoint&) const = default;
};

struct Convergence {
  std::vector<std::string> outcomes, labels;  // ids and labels, the summary's order
  std::vector<ConvergencePoint> points;       // branches ascending
  bool operator==(const Convergence&) const = default;
};

// At most about `count` points spread evenly on a logarithmic scale of the
// branches, always with the first and the last.
std::vector<ConvergencePoint> thinned(const std::vector<ConvergencePoint>& points,
                                      std::size_t count = 120);

// Outcome `o`'s estimate at a point, and its 95% Wilson interval.
double share_at(const ConvergencePoint& point, std::size_t outcome);
Interval interval_at(const ConvergencePoint& point, std::size_t outcome);

}  // namespace negsim
