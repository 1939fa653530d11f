#include "negsim/model/concession.hpp"

#include <algorithm>

namespace negsim {

double negotiation_time(int round, int time_scale) {
  if (time_scale <= 0) return 1.0;
  return std::clamp(static_cast<double>(round) / time_scale, 0.0, 1.0);
}

double concession_curve(double t, double e, double k) {
  if (t >= 1) return 1.0;
  if (t <= 0) return k;
  return k + (1.0 - k) * std::pow(t, 1.0 / e);
}

}  // namespace negsim
