#include "negsim/run/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z) {
  if (trials == 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(std::min(successes, trials)) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
  // At k = 0 and k = n the exact bound is 0 or 1; rounding must not move it.
  const double low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  const double high = successes >= trials ? 1.0 : std::min(1.0, centre + half);
  return {low, high};
}

double proportion_std_error(std::uint64_t successes, std::uint64_t trials) {
  if (trials == 0) return 0.0;
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(std::min(successes, trials)) / n;
  return std::sqrt(p * (1 - p) / n);
}

Interval proportion_difference_interval(std::uint64_t successes1, std::uint64_t trials1,
                                        std::uint64_t successes2, std::uint64_t trials2, double z) {
  if (trials1 == 0 || trials2 == 0) return {-1.0, 1.0};
  const double p1 = static_cast<double>(successes1) / static_cast<double>(trials1);
  const double p2 = static_cast<double>(successes2) / static_cast<double>(trials2);
  const Interval w1 = wilson_interval(successes1, trials1, z);
  const Interval w2 = wilson_interval(successes2, trials2, z);
  const double d = p1 - p2;
  const double low = d - std::hypot(p1 - w1.low, w2.high - p2);
  const double high = d + std::hypot(w1.high - p1, p2 - w2.low);
  return {std::max(-1.0, low), std::min(1.0, high)};
}

namespace {
std::uint64_t total(std::span<const std::uint64_t> counts) {
  std::uint64_t n = 0;
  for (const auto c : counts) n += c;
  return n;
}
}  // namespace

double discrete_quantile(std::span<const std::uint64_t> counts, double q) {
  const std::uint64_t n = total(counts);
  if (n == 0) return -1;
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(n);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    if (counts[i] > 0 && static_cast<double>(cumulative) >= target) return static_cast<double>(i);
  }
  return static_cast<double>(counts.size() - 1);
}

double binned_quantile(std::span<const std::uint64_t> counts, double low, double high, double q) {
  const std::uint64_t n = total(counts);
  if (n == 0 || counts.empty()) return low;
  const double width = (high - low) / static_cast<double>(counts.size());
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(n);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    const double before = static_cast<double>(cumulative);
    cumulative += counts[i];
    if (static_cast<double>(cumulative) >= target) {
      const double fraction =
          std::clamp((target - before) / static_cast<double>(counts[i]), 0.0, 1.0);
      return low + (static_cast<double>(i) + fraction) * width;
    }
  }
  return high;
}

MeanEstimate mean_estimate(double n, double sum, double sum_squares) {
  if (n <= 0) return {};
  const double mean = sum / n;
  if (n < 2) return {mean, 0.0};
  // Sample variance from raw moments; clamp the tiny negatives rounding can give.
  const double variance = std::max(0.0, (sum_squares - n * mean * mean) / (n - 1));
  return {mean, std::sqrt(variance / n)};
}

}  // namespace negsim
