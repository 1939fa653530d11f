#include "negsim/model/utility.hpp"

#include <algorithm>

namespace negsim {

namespace {

// 1 - sum_j s_j loss_j / sum_j s_j, clamped to [0, 1]; 1 when nothing weighs.
template <class Loss>
double worst_package_utility(std::span<const Stance> stances, Loss loss) {
  double distance = 0, total = 0;
  for (std::size_t j = 0; j < stances.size(); ++j) {
    distance += stances[j].salience * loss(j);
    total += stances[j].salience;
  }
  if (total <= 0) return 1.0;
  return std::clamp(1.0 - distance / total, 0.0, 1.0);
}

}  // namespace

double red_line_utility(std::span<const Stance> stances) {
  return worst_package_utility(stances, [&](std::size_t j) { return worst_loss(stances[j]); });
}

double red_line_utility(std::span<const Stance> stances, std::span<const double> worst_losses) {
  return worst_package_utility(stances, [&](std::size_t j) { return worst_losses[j]; });
}

}  // namespace negsim
