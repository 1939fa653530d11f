#pragma once
// The tornado: the target's probability with one input held at a low and a
// high quantile of its distribution (10th and 90th percentiles by default),
// every other input and all chance drawn as in the base branches (common
// random numbers: the A, low_i and high_i blocks of sensitivity_design.hpp).
// An input tied to others by rank correlations is held with its partners
// drawn given it. Bars are sorted by swing, the largest first.

#include <cstdint>
#include <string>
#include <vector>

#include "negsim/run/sensitivity_design.hpp"
#include "negsim/run/statistics.hpp"

namespace negsim {

struct TornadoBar {
  std::string input;                     // key path
  double low_value = 0, high_value = 0;  // the held values, in the file's units
  std::string low_option, high_option;   // ordinal and binary inputs: the options
  double low = 0, high = 0;              // the target's probability with the input held there
  Interval low_ci95, high_ci95;          // Wilson
  double swing = 0;                      // high − low
  Interval swing_ci95;                   // paired: branch by branch on the same rows
  std::uint64_t changed = 0;             // rows whose indicator differs between low and high
  bool operator==(const TornadoBar&) const = default;
};

struct Tornado {
  double low_quantile = 0.1, high_quantile = 0.9;
  std::uint64_t rows = 0;
  double base = 0;  // the target's probability in the base branches (block A)
  Interval base_ci95;
  std::vector<TornadoBar> bars;  // largest |swing| first; equal swings in input order
  bool operator==(const Tornado&) const = default;
};

Tornado tornado(const SensitivityDesign& design, const SensitivityMarks& marks);

}  // namespace negsim
