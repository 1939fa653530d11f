#pragma once
// Sweeping one or two assumptions over a grid, and where the most likely
// outcome tips.
//
// Each grid point is the scenario with `--set KEY=value` overrides, run on the
// same seed: the points share their random numbers (common random numbers),
// so the curves are smooth and a tipping point reflects the assumption, not
// noise between independent runs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "negsim/run/statistics.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

struct SweepAxis {
  std::string key;  // KEY_PATH, as for --set
  double low = 0, high = 1;
  int steps = 2;  // grid points from low to high inclusive

  // The grid values, evenly spaced; each is rounded to 12 significant digits
  // so that 0:1:11 gives 0.3 and not 0.30000000000000004.
  std::vector<double> values() const;
  bool operator==(const SweepAxis&) const = default;
};

// Parses "KEY=LOW:HIGH:STEPS" (STEPS >= 2 points, at most 1000); throws
// InputError naming `--vary TEXT` when it is malformed.
SweepAxis parse_vary(const std::string& text);

// The override text for one value: "KEY=0.3" (shortest exact decimal).
std::string vary_override(const SweepAxis& axis, double value);

struct SweepPoint {
  std::vector<double> values;  // one per axis
  std::vector<std::uint64_t> counts;
  std::vector<double> probabilities;  // one per outcome of the sweep
  std::vector<Interval> ci95;
  std::uint64_t branches = 0;
  std::size_t most_likely = 0;  // first of equals
  std::string error;            // the point could not run (e.g. a value out of range)
  bool ok() const { return error.empty(); }
  bool operator==(const SweepPoint&) const = default;
};

// Where the most likely outcome changes between two neighbouring grid points.
struct TippingPoint {
  std::size_t axis = 0;          // the parameter that varies across the tip
  std::optional<double> other;   // 2-D sweeps: the other parameter's value on this line
  double before = 0, after = 0;  // the grid values either side
  double at = 0;                 // where the two outcomes' probabilities cross (linear)
  std::string from, to;          // most likely outcome before and after
  bool operator==(const TippingPoint&) const = default;
};

struct SweepResult {
  std::vector<SweepAxis> axes;        // one or two
  std::vector<std::string> outcomes;  // labels, in the scenario's order
  // Row-major over the axes: the last axis varies fastest.
  std::vector<SweepPoint> points;
  std::vector<TippingPoint> tipping_points;
  bool operator==(const SweepResult&) const = default;

  const SweepPoint& at(std::size_t i, std::size_t j = 0) const;
};

// Fills each point's `most_likely` and returns the tipping points along every
// grid line (for two axes: along axis 0 for each value of axis 1, then along
// axis 1 for each value of axis 0). Points that failed to run break a line.
std::vector<TippingPoint> find_tipping_points(SweepResult& result);

// The grid points, row-major (the last axis varies fastest); each holds one value per axis.
std::vector<std::vector<double>> sweep_grid(const std::vector<SweepAxis>& axes);

// Builds the result from the summary of each grid point (in sweep_grid order;
// a missing summary is a point that could not run, `errors[i]` saying why):
// outcomes of every point together (unresolved last), probabilities and
// intervals per point, and the tipping points.
SweepResult assemble_sweep(const std::vector<SweepAxis>& axes,
                           const std::vector<std::optional<Summary>>& summaries,
                           const std::vector<std::string>& errors);

}  // namespace negsim
