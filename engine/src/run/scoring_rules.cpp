#include "negsim/run/scoring_rules.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace negsim {

double brier_score(double p, bool happened) {
  const double d = p - (happened ? 1.0 : 0.0);
  return d * d;
}

double brier_score(std::span<const double> p, std::size_t observed) {
  if (observed >= p.size()) throw std::out_of_range("brier_score: observed class out of range");
  double sum = 0;
  for (std::size_t k = 0; k < p.size(); ++k) sum += brier_score(p[k], k == observed);
  return sum;
}

double log_loss_floor(std::uint64_t branches) {
  return branches == 0 ? 0.5 : 1.0 / (2.0 * static_cast<double>(branches));
}

double clamp_probability(double p, double floor) {
  return std::clamp(p, floor, 1.0 - floor);
}

double log_loss(double p, bool happened, double floor) {
  const double q = clamp_probability(p, floor);
  return -std::log(happened ? q : 1.0 - q);
}

double log_loss(std::span<const double> p, std::size_t observed, double floor) {
  if (observed >= p.size()) throw std::out_of_range("log_loss: observed class out of range");
  return -std::log(clamp_probability(p[observed], floor));
}

double rule_of_succession(std::uint64_t k, std::uint64_t n) {
  return (static_cast<double>(k) + 1.0) / (static_cast<double>(n) + 2.0);
}

std::vector<CalibrationBin> calibration_table(std::span<const BinaryOutcome> forecasts, int bins) {
  if (bins < 1) throw std::invalid_argument("calibration_table: at least one bin");
  std::vector<CalibrationBin> table(static_cast<std::size_t>(bins));
  std::vector<double> sums(table.size(), 0.0);
  for (std::size_t b = 0; b < table.size(); ++b) {
    table[b].low = static_cast<double>(b) / bins;
    table[b].high = static_cast<double>(b + 1) / bins;
  }
  for (const auto& f : forecasts) {
    // floor(p * bins) with p = 1 in the last bin; p * bins is exact at every
    // bin edge k/bins for the 10 bins used, so 0.1 lands in the second bin.
    const double p = std::clamp(f.p, 0.0, 1.0);
    auto b = static_cast<std::size_t>(std::floor(p * bins));
    b = std::min(b, table.size() - 1);
    table[b].forecasts += 1;
    table[b].happened += f.happened ? 1 : 0;
    sums[b] += f.p;
  }
  for (std::size_t b = 0; b < table.size(); ++b) {
    if (table[b].forecasts == 0) continue;
    const auto n = static_cast<double>(table[b].forecasts);
    table[b].mean_forecast = sums[b] / n;
    table[b].observed_frequency = static_cast<double>(table[b].happened) / n;
  }
  return table;
}

}  // namespace negsim
