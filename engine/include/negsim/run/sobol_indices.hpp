#pragma once
// Variance-based sensitivity indices of a target indicator Y (0/1 per branch)
// from the A, B and AB_f blocks of a Saltelli design (sensitivity_design.hpp),
// with bootstrap intervals (docs/sensitivity.md).
//
// With V = Var(Y) from the 2N values of A and B:
//   first-order  S_f  = (1/N) Σ f_B (f_ABf − f_A) / V       (Saltelli et al. 2010, eq. (b))
//   total        S_Tf = (1/2N) Σ (f_A − f_ABf)² / V         (Jansen 1999)
// S_f is the share of Var(Y) that factor f explains on its own, S_Tf the share
// it has a hand in, alone or with others. Both estimators use A and AB_f,
// which share everything but f (common random numbers), so a factor that
// changes few branches gets a small estimate with a narrow interval; Jansen's
// first-order form would compare B with AB_f, which share only f.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "negsim/run/statistics.hpp"

namespace negsim {

struct SobolIndex {
  double first = 0, total = 0;
  Interval first_ci95, total_ci95;  // bootstrap percentile intervals
  bool operator==(const SobolIndex&) const = default;
};

struct SobolEstimate {
  std::uint64_t rows = 0;           // N
  double mean = 0;                  // of Y over A and B
  double variance = 0;              // V; 0 when Y never varies (then every index is 0)
  std::vector<SobolIndex> factors;  // in the order of the AB blocks given
  // 1 − Σ S_f over the factors that are inputs: what no single input explains.
  double unexplained = 0;
  Interval unexplained_ci95;
  // 1 − Σ S_f over every factor (chance included): interactions only.
  double interactions = 0;
  Interval interactions_ci95;
  int replicates = 0;  // bootstrap resamples of the N rows
  bool operator==(const SobolEstimate&) const = default;
};

struct SobolOptions {
  int replicates = 500;    // bootstrap resamples; 0: no intervals
  std::uint64_t seed = 0;  // of the resampling (a stream of its own)
  int threads = 0;         // 0: every core; the result does not depend on it
};

// `a`, `b` and each of `mixed` hold the N rows' indicators; `is_input[f]` tells
// whether factor f is an input (counted in `unexplained`) or chance.
SobolEstimate sobol_indices(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                            const std::vector<std::vector<std::uint8_t>>& mixed,
                            const std::vector<bool>& is_input, const SobolOptions& options = {});

}  // namespace negsim
