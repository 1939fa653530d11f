#include "negsim/model/proposal.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {
// Relative slack when testing whether the cumulative weight is exactly half:
// sums of the same weights in a different order differ in the last bits.
constexpr double kHalfTolerance = 1e-12;
}  // namespace

double weighted_median_position(std::span<Pull> pulls) {
  if (pulls.empty()) return 0.5;
  double total = 0;
  for (const Pull& p : pulls) total += std::max(0.0, p.weight);
  const bool equal = !(total > 0);
  if (equal) total = static_cast<double>(pulls.size());
  // Insertion sort: a handful of parties, and it allocates nothing.
  for (std::size_t i = 1; i < pulls.size(); ++i) {
    const Pull p = pulls[i];
    std::size_t j = i;
    for (; j > 0 && pulls[j - 1].position > p.position; --j) pulls[j] = pulls[j - 1];
    pulls[j] = p;
  }
  const double half = total / 2;
  double cumulative = 0;
  for (std::size_t i = 0; i < pulls.size(); ++i) {
    const double w = equal ? 1.0 : std::max(0.0, pulls[i].weight);
    if (w <= 0) continue;
    cumulative += w;
    if (cumulative >= half - kHalfTolerance * total) {
      if (cumulative > half + kHalfTolerance * total) return pulls[i].position;
      // Exactly half the weight at or below this position: the upper median is
      // the next position that carries weight.
      for (std::size_t j = i + 1; j < pulls.size(); ++j)
        if (equal || pulls[j].weight > 0) return 0.5 * (pulls[i].position + pulls[j].position);
      return pulls[i].position;
    }
  }
  return pulls.back().position;
}

}  // namespace negsim
