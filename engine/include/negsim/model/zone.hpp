#pragma once
// The zone of possible agreement on one issue (docs/model.md, section 5.4):
// the positions that lie within every principal's red line. Proposals are kept
// inside it wherever the red lines leave common ground, so that a package the
// mediator tables is never refused for a red line it could have respected.

#include <cmath>
#include <span>

#include "negsim/model/utility.hpp"

namespace negsim {

struct IssueZone {
  double lower = 0, upper = 1;       // normalised positions
  int lower_by = -1, upper_by = -1;  // stance whose red line sets the bound; -1: the range's end

  // Whether some position lies within every red line. For an ordinal or
  // binary issue with `options` options (0 for a continuous issue), some
  // option must lie in [lower, upper].
  bool common(int options) const;
};

namespace detail {
// std::floor and std::ceil through an integer conversion: without SSE4.1 the
// library's are function calls, made twice per ordinal issue of every
// proposal. Same value for |v| < 2^52 (beyond, v is already whole);
// only the sign of a zero result can differ, which no caller below sees
// (they compare option indices and divide non-negative ones).
inline double fast_floor(double v) {
  if (!(std::abs(v) < 0x1p52)) return std::floor(v);
  const auto whole = static_cast<double>(static_cast<long long>(v));  // towards zero
  return whole > v ? whole - 1 : whole;
}
inline double fast_ceil(double v) {
  if (!(std::abs(v) < 0x1p52)) return std::ceil(v);
  const auto whole = static_cast<double>(static_cast<long long>(v));
  return whole < v ? whole + 1 : whole;
}
// The first option at or above position `low` and the last at or below `high`
// (option i sits at i / (options - 1)); a position within kPositionTolerance of
// an option counts as on it.
inline double first_option_from(double low, int options) {
  const double steps = options - 1;
  return fast_ceil(low * steps - kPositionTolerance * steps);
}
inline double last_option_to(double high, int options) {
  const double steps = options - 1;
  return fast_floor(high * steps + kPositionTolerance * steps);
}
}  // namespace detail

inline bool IssueZone::common(int options) const {
  if (options < 2) return lower <= upper + kPositionTolerance;
  return detail::first_option_from(lower, options) <= detail::last_option_to(upper, options);
}

// Narrows `zone` by the red line of one stance (index `stance`, reported in
// lower_by/upper_by): positions beyond the red line leave the zone. A stance
// without a red line leaves it as it is.
inline void narrow(IssueZone& zone, const Stance& s, int stance) {
  if (!s.has_red_line()) return;
  if (s.ideal >= s.red_line && s.red_line > zone.lower) {
    zone.lower = s.red_line;
    zone.lower_by = stance;
  }
  if (s.ideal <= s.red_line && s.red_line < zone.upper) {
    zone.upper = s.red_line;
    zone.upper_by = stance;
  }
}

// The position nearest to x inside the zone: for a continuous issue (options
// = 0) x clamped to [lower, upper]; for an ordinal or binary issue the option
// nearest to x among those inside the zone (exactly half-way: the higher).
// Without common ground the zone says nothing: x itself (snapped to the
// nearest option for a discrete issue).
// What nearest_in_zone needs of a zone besides x, worked out once per zone:
// whether it has common ground and, for an ordinal or binary issue, its
// first and last options (indices).
struct ZoneOptions {
  double first = 0, last = 0;
  bool common = true;
};
inline ZoneOptions zone_options(const IssueZone& zone, int options) {
  if (options < 2) return {0, 0, zone.common(0)};
  const double first = detail::first_option_from(zone.lower, options);
  const double last = detail::last_option_to(zone.upper, options);
  return {first, last, first <= last};
}

// nearest_in_zone with the zone's ZoneOptions given: the simulator tables
// many proposals in the same zone. Inline: it runs for every issue of every
// proposal.
inline double nearest_in_zone(double x, const IssueZone& zone, int options,
                              const ZoneOptions& bounds) {
  if (options < 2) {
    if (!bounds.common) return x;
    return x < zone.lower ? zone.lower : x > zone.upper ? zone.upper : x;
  }
  // snap_to_option(x, options) as an option index.
  const double steps = options - 1;
  const double clamped = x < 0 ? 0.0 : x > 1 ? 1.0 : x;
  double index = static_cast<double>(static_cast<long long>(clamped * steps + 0.5));
  if (index > steps) index = steps;
  if (!bounds.common) return index / steps;  // no common option: x snapped
  return (index < bounds.first ? bounds.first : index > bounds.last ? bounds.last : index) / steps;
}
inline double nearest_in_zone(double x, const IssueZone& zone, int options) {
  return nearest_in_zone(x, zone, options, zone_options(zone, options));
}

}  // namespace negsim
