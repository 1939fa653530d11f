#pragma once
// What a package of terms is worth to one party, and which terms it can never
// accept (docs/model.md, section 2). Everything here works on
// normalised positions: each issue's range mapped onto [0, 1] (ordinal and
// binary issues: option index / (options - 1)).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace negsim {

// Positions closer than this count as equal, so that a package exactly on a
// red line is not rejected because of rounding in the last bit.
inline constexpr double kPositionTolerance = 1e-9;

// One party's demand on one issue, in normalised positions.
struct Stance {
  int issue = 0;     // index into the scenario's issues
  double ideal = 0;  // p_ik: the position the party wants most
  double red_line = std::numeric_limits<double>::quiet_NaN();  // worst acceptable; NaN = none
  double salience = 1;  // s_ik >= 0: how much the issue matters to the party
  // rho_ik in (0, 1]: risk attitude. 1 is linear; below 1 the party values a
  // partial win more than its share (docs/model.md 2.1).
  double curvature = 1;

  bool has_red_line() const { return !std::isnan(red_line); }
};

// The loss on one issue at distance d = |x - p| from the ideal:
//   l(d) = d                    (rho = 1)
//   l(d) = 1 - (1 - d)^rho      (rho < 1)
// so that the issue's closeness 1 - l(d) is (1 - d)^rho.
inline double issue_loss(double distance, double curvature) {
  if (curvature == 1) return distance;
  const double closeness = distance >= 1 ? 0.0 : 1.0 - distance;
  return 1.0 - std::pow(closeness, curvature);
}

// Salience-weighted closeness to the ideal, in [0, 1]:
//   u_i(x) = 1 - sum_k s_ik l_ik(|x_k - p_ik|) / sum_k s_ik
// over the issues the party has demands on (1 when all its saliences are 0:
// a party that cares about nothing is content with anything). With every
// curvature at 1 it is linear: 1 - sum_k s_ik |x_k - p_ik| / sum_k s_ik.
// Linear = true says that every curvature is 1 (the simulator knows it of a
// scenario that neither sets nor moves one) and skips the test: same value.
template <bool Linear = false>
inline double utility(std::span<const double> x, std::span<const Stance> stances) {
  double distance = 0, total = 0;
  for (const Stance& s : stances) {
    const double d = std::abs(x[static_cast<std::size_t>(s.issue)] - s.ideal);
    distance += s.salience * (Linear || s.curvature == 1 ? d : issue_loss(d, s.curvature));
    total += s.salience;
  }
  if (total <= 0) return 1.0;
  const double u = 1.0 - distance / total;
  return u < 0 ? 0.0 : u > 1 ? 1.0 : u;
}

// A position is acceptable when it lies on the ideal's side of the red line,
// the red line included. When the ideal sits on the red line, only that
// position is acceptable. Without a red line every position is acceptable.
inline bool within_red_line(double x, double ideal, double red_line) {
  if (std::isnan(red_line)) return true;
  if (ideal > red_line + kPositionTolerance) return x >= red_line - kPositionTolerance;
  if (ideal < red_line - kPositionTolerance) return x <= red_line + kPositionTolerance;
  return std::abs(x - red_line) <= kPositionTolerance;
}

// Index (into `stances`) of the first stance whose red line the package x
// crosses, or -1 when it crosses none.
inline int crossed_red_line(std::span<const double> x, std::span<const Stance> stances) {
  for (std::size_t j = 0; j < stances.size(); ++j) {
    const Stance& s = stances[j];
    if (!within_red_line(x[static_cast<std::size_t>(s.issue)], s.ideal, s.red_line))
      return static_cast<int>(j);
  }
  return -1;
}

// The acceptable position nearest to x: x itself, or the red line when x lies
// beyond it.
inline double clamp_to_red_line(double x, double ideal, double red_line) {
  if (std::isnan(red_line)) return x;
  if (ideal > red_line + kPositionTolerance) return x < red_line ? red_line : x;
  if (ideal < red_line - kPositionTolerance) return x > red_line ? red_line : x;
  return red_line;
}

// The loss on one issue at the worst position the stance accepts: its red
// line, or the end of the range farthest from the ideal when it has none.
inline double worst_loss(const Stance& s) {
  const double worst =
      s.has_red_line() ? std::abs(s.red_line - s.ideal) : std::max(s.ideal, 1.0 - s.ideal);
  return issue_loss(worst, s.curvature);
}

// The utility of the worst package the party can accept: every issue at its
// worst acceptable position (worst_loss). It is the floor of the party's
// reservation utility.
double red_line_utility(std::span<const Stance> stances);
// The same from each stance's worst_loss, worked out beforehand (the
// simulator keeps them while the stances stand).
double red_line_utility(std::span<const Stance> stances, std::span<const double> worst_losses);

}  // namespace negsim
