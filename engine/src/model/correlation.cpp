#include "negsim/model/correlation.hpp"

// Before any Boost.Math header (it says why).
#include "boost_math_tables.hpp"

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <numbers>

namespace negsim {

namespace {

namespace bp = boost::math::policies;
// As distribution.cpp: never throw while sampling, and no promotion to long
// double, so that the values are the same on every build.
using Policy =
    bp::policy<bp::domain_error<bp::ignore_error>, bp::pole_error<bp::ignore_error>,
               bp::overflow_error<bp::ignore_error>, bp::evaluation_error<bp::ignore_error>,
               bp::promote_float<false>, bp::promote_double<false>>;

// Pivots and residuals this small count as zero: the rounding of the
// arcsine conversion and of the sums, not a real violation.
constexpr double kTolerance = 1e-10;

}  // namespace

double normal_correlation_from_rank(double rank) {
  return 2 * std::sin(std::numbers::pi * rank / 6);
}

double rank_correlation_from_normal(double r) {
  return 6 / std::numbers::pi * std::asin(r / 2);
}

CholeskyFactor cholesky_semidefinite(const std::vector<double>& a, std::size_t n) {
  CholeskyFactor f;
  f.lower.assign(n * n, 0.0);
  auto& l = f.lower;
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    const double tolerance = kTolerance * static_cast<double>(n);
    if (d < -tolerance) {
      f.failed = static_cast<int>(j);
      break;
    }
    const double pivot = d > tolerance ? std::sqrt(d) : 0.0;
    l[j * n + j] = pivot;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      if (pivot > 0) {
        l[i * n + j] = s / pivot;
      } else if (std::abs(s) > tolerance) {
        // A zero pivot leaves no room for a correlation with row j: the
        // 2×2 block of rows j and i is not semi-definite once j is fixed.
        f.failed = static_cast<int>(i);
        break;
      }
    }
    if (f.failed >= 0) break;
  }
  if (!f.ok()) f.lower.clear();
  return f;
}

double normal_cdf(double z) {
  return 0.5 * boost::math::erfc(-z / std::numbers::sqrt2, Policy());
}

double normal_quantile(double p) {
  return -std::numbers::sqrt2 * boost::math::erfc_inv(2 * p, Policy());
}

}  // namespace negsim
