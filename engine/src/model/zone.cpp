#include "negsim/model/zone.hpp"

#include <cmath>

#include "negsim/model/proposal.hpp"

namespace negsim {

namespace {
// The first option at or above position `low` and the last at or below `high`
// (option i sits at i / (options - 1)); a position within kPositionTolerance of
// an option counts as on it.
double first_option_from(double low, int options) {
  const double steps = options - 1;
  return std::ceil(low * steps - kPositionTolerance * steps);
}
double last_option_to(double high, int options) {
  const double steps = options - 1;
  return std::floor(high * steps + kPositionTolerance * steps);
}
}  // namespace

bool IssueZone::common(int options) const {
  if (options < 2) return lower <= upper + kPositionTolerance;
  return first_option_from(lower, options) <= last_option_to(upper, options);
}

double nearest_in_zone(double x, const IssueZone& zone, int options) {
  if (options < 2) {
    if (!zone.common(0)) return x;
    return x < zone.lower ? zone.lower : x > zone.upper ? zone.upper : x;
  }
  const double snapped = snap_to_option(x, options);
  if (!zone.common(options)) return snapped;
  const double steps = options - 1;
  const double first = first_option_from(zone.lower, options);
  const double last = last_option_to(zone.upper, options);
  const double index = std::round(snapped * steps);
  return (index < first ? first : index > last ? last : index) / steps;
}

}  // namespace negsim
