#include "negsim/model/utility.hpp"

#include <algorithm>

namespace negsim {

double red_line_utility(std::span<const Stance> stances) {
  double distance = 0, total = 0;
  for (const Stance& s : stances) {
    distance += s.salience * worst_loss(s);
    total += s.salience;
  }
  if (total <= 0) return 1.0;
  return std::clamp(1.0 - distance / total, 0.0, 1.0);
}

double red_line_utility(std::span<const Stance> stances, std::span<const double> worst_losses) {
  double distance = 0, total = 0;
  for (std::size_t j = 0; j < stances.size(); ++j) {
    distance += stances[j].salience * worst_losses[j];
    total += stances[j].salience;
  }
  if (total <= 0) return 1.0;
  return std::clamp(1.0 - distance / total, 0.0, 1.0);
}

}  // namespace negsim
