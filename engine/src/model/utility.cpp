#include "negsim/model/utility.hpp"

#include <algorithm>

namespace negsim {

double red_line_utility(std::span<const Stance> stances) {
  double distance = 0, total = 0;
  for (const Stance& s : stances) {
    const double worst =
        s.has_red_line() ? std::abs(s.red_line - s.ideal) : std::max(s.ideal, 1.0 - s.ideal);
    distance += s.salience * issue_loss(worst, s.curvature);
    total += s.salience;
  }
  if (total <= 0) return 1.0;
  return std::clamp(1.0 - distance / total, 0.0, 1.0);
}

}  // namespace negsim
