#pragma once
// Where the mediator puts each issue of its proposal (docs/model.md, section
// 5). Rules work issue by issue on normalised positions, except the
// Nash rule (nash.hpp), which trades issues against each other.

#include <cmath>
#include <span>

namespace negsim {

// One party's pull on one issue: its current demand and its weight
// w_ik = c_i s_ik (capability times salience).
struct Pull {
  double position = 0;
  double weight = 0;
};

// Compromise model (Thomson et al. 2006; Leinaweaver & Thomson 2014):
//   x_k = sum_i w_ik d_ik / sum_i w_ik
// When every weight is 0 each pull counts equally; with no pulls at all the
// issue goes to the middle of its range (0.5).
inline double compromise_position(std::span<const Pull> pulls) {
  if (pulls.empty()) return 0.5;
  double num = 0, den = 0;
  for (const Pull& p : pulls) {
    num += p.weight * p.position;
    den += p.weight;
  }
  if (den > 0) return num / den;
  double sum = 0;
  for (const Pull& p : pulls) sum += p.position;
  return sum / static_cast<double>(pulls.size());
}

// Weighted median (Black 1948): the position m with at most half the weight
// strictly on either side of it. Pulls with weight 0 are ignored (all of them
// counting equally when every weight is 0; 0.5 with no pulls). When the
// weight splits exactly in half between two positions (lower and upper medians
// differ), the midpoint of the two. Sorts `pulls` by position.
double weighted_median_position(std::span<Pull> pulls);

// Ordinal and binary issues: the nearest option to a normalised position, for
// an issue with `options` options (>= 2) at positions i / (options - 1).
// Exactly half-way rounds to the higher option.
inline double snap_to_option(double x, int options) {
  if (options < 2) return 0.0;
  const double steps = options - 1;
  const double clamped = x < 0 ? 0.0 : x > 1 ? 1.0 : x;
  // clamped * steps + 0.5 >= 0, so truncation is floor (and much cheaper).
  const double index = static_cast<double>(static_cast<long long>(clamped * steps + 0.5));
  return (index < steps ? index : steps) / steps;
}

}  // namespace negsim
