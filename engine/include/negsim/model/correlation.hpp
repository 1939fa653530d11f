#pragma once
// Rank correlations between uncertain inputs, sampled with a Gaussian copula
// (docs/model.md 11.1): each input keeps its own stream and its
// own distribution; only the normal scores of the uniforms are mixed.

#include <cstddef>
#include <vector>

namespace negsim {

// The correlation of the normal scores that gives Spearman's rank correlation
// `rank` between two inputs: 2 sin(π·rank/6) (Pearson 1907). It is 0, ±1 at
// 0, ±1 and differs from `rank` by at most 0.018 in between.
double normal_correlation_from_rank(double rank);

// The inverse: Spearman's ρ of two inputs whose normal scores correlate `r`.
double rank_correlation_from_normal(double r);

// Lower-triangular L with L·Lᵀ = A, for a symmetric positive semi-definite A
// (n×n, row-major). A zero pivot (a singular A, e.g. a correlation of 1) gives
// a zero column, so every semi-definite matrix has a factor.
struct CholeskyFactor {
  std::vector<double> lower;  // n×n, row-major; empty when `failed` ≥ 0
  // −1, or the first row at which A proved not positive semi-definite: the
  // leading (failed + 1)×(failed + 1) block has a negative eigenvalue.
  int failed = -1;
  bool ok() const { return failed < 0; }
};
CholeskyFactor cholesky_semidefinite(const std::vector<double>& a, std::size_t n);

// The standard normal CDF Φ and its inverse Φ⁻¹ (Boost.Math, double precision).
double normal_cdf(double z);
double normal_quantile(double p);

}  // namespace negsim
