#pragma once
// Statistics of Monte Carlo estimates, computed from exact integer counts so
// that every figure is a pure function of the counts (see tally.hpp).

#include <cstdint>
#include <span>

namespace negsim {

// Two-sided 95% quantile of the standard normal distribution, Φ⁻¹(0.975).
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;

  double half_width() const { return (high - low) / 2; }
  bool contains(double x) const { return low <= x && x <= high; }
  bool operator==(const Interval&) const = default;
};

// Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3):
// the p with |k/n − p| ≤ z·sqrt(p(1 − p)/n). Unlike the normal approximation it
// stays inside [0, 1] and is sensible for 0 or n successes. [0, 1] when n = 0.
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z = kZ95);

// Monte Carlo standard error of a proportion estimate: sqrt(p(1 − p)/n); 0 when n = 0.
double proportion_std_error(std::uint64_t successes, std::uint64_t trials);

// Interval for the difference p1 − p2 of two independent proportions by
// Newcombe's hybrid score method (Newcombe 1998b, method 10), built from the
// two Wilson intervals. Stays within [−1, 1] and behaves at 0 and n.
Interval proportion_difference_interval(std::uint64_t successes1, std::uint64_t trials1,
                                        std::uint64_t successes2, std::uint64_t trials2,
                                        double z = kZ95);

// Quantile of integer values 0..counts.size()−1 held as a histogram: the
// smallest value x whose cumulative count reaches q·N (the inverse of the
// empirical CDF, Hyndman & Fan type 1). q in [0, 1]; q = 0 gives the smallest
// value present. Returns −1 when the histogram is empty.
double discrete_quantile(std::span<const std::uint64_t> counts, double q);

// Quantile of a continuous value counted in equal bins over [low, high]: finds
// the bin where the cumulative count reaches q·N and interpolates linearly
// inside it (values taken as spread evenly over their bin), so the error is at
// most one bin width. q = 0 gives the lower edge of the first occupied bin.
// Returns low when the histogram is empty.
double binned_quantile(std::span<const std::uint64_t> counts, double low, double high, double q);

// Mean and Monte Carlo standard error of the mean from a count, a sum and a
// sum of squares: se = sqrt(sample variance / n). se = 0 when n < 2.
struct MeanEstimate {
  double mean = 0;
  double std_error = 0;
};
MeanEstimate mean_estimate(double n, double sum, double sum_squares);

}  // namespace negsim
