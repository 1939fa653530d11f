#pragma once
// An uncertain number: a plain value or a probability distribution, sampled by
// inverse CDF so that one uniform draw gives one value on every platform.

#include <optional>
#include <string>
#include <vector>

namespace negsim {

enum class DistKind { fixed, uniform, normal, triangular, beta, lognormal, discrete };

const char* to_string(DistKind kind);

struct Distribution {
  DistKind kind = DistKind::fixed;
  double value = 0;                     // fixed
  double low = 0, high = 1;             // uniform, triangular; beta is scaled onto [low, high]
  double mode = 0;                      // triangular
  double mean = 0, sd = 1;              // normal
  double alpha = 1, beta = 1;           // beta
  double mu = 0, sigma = 1;             // lognormal: parameters of the underlying normal
  std::vector<double> values, weights;  // discrete (weights need not sum to 1)
  std::optional<double> min, max;       // truncation (any kind but fixed)

  static Distribution constant(double v) {
    Distribution d;
    d.value = v;
    return d;
  }
  bool is_fixed() const { return kind == DistKind::fixed; }

  // Inverse CDF of the (truncated) distribution at u in [0, 1).
  double quantile(double u) const {
    // Inline for the plain uniform, the most common kind in scenarios, which the
    // simulator samples at the start of every branch; same value as the general path.
    if (kind == DistKind::uniform && !min && !max && low < high) {
      u = !(u > 0) ? kSmallestU : u >= 1 ? kLargestU : u;
      const double x = low + u * (high - low);
      return x < low ? low : x > high ? high : x;
    }
    return quantile_general(u);
  }
  // Smallest and largest values the distribution can produce (after truncation).
  double support_min() const;
  double support_max() const;
  // Why the distribution cannot be sampled (sd < 0, low > high, truncation that
  // excludes all mass, ...), or nullopt when it is usable.
  std::optional<std::string> problem() const;

  // u = 0 would give -infinity for unbounded kinds, u = 1 +infinity: both are
  // nudged into the open interval.
  static constexpr double kSmallestU = 0x1p-60;
  static constexpr double kLargestU = 1 - 0x1p-53;

 private:
  double quantile_general(double u) const;
};

}  // namespace negsim
