#pragma once
// How a party's expectations fall and its demands move as time runs out
// (docs/model.md, section 4), after the time-dependent tactics of
// Faratin, Sierra & Jennings (1998).

#include <cmath>

#include "negsim/model/utility.hpp"

namespace negsim {

// Elapsed share of the talks' time in round r (r = 1 is the first round):
//   t_r = min(1, r / T)
// where T is the process deadline when one is set and the horizon otherwise.
double negotiation_time(int round, int time_scale);

// Faratin's concession curve, the share of the way from full aspiration to the
// reservation utility conceded by time t in [0, 1]:
//   f(t) = k + (1 - k) t^(1/e)
// e < 1 Boulware (holds firm, concedes late), e = 1 linear, e > 1 Conceder;
// k in [0, 1] is the share conceded at once.
double concession_curve(double t, double e, double k);

// The same curve with log t precomputed and 1/e given, for the round loop:
// k + (1 - k) exp(log_t / e). log_t = -inf (t = 0) gives k.
inline double concession_curve_from_log(double log_t, double inverse_e, double k) {
  if (log_t >= 0) return 1.0;
  return k + (1.0 - k) * std::exp(log_t * inverse_e);
}

// Reservation utility: the least a party could ever settle for,
//   r_i = max(BATNA_i, u_i(worst package within its red lines)).
inline double reservation_utility(double batna, double red_line_utility) {
  return batna > red_line_utility ? batna : red_line_utility;
}

// Aspiration: the utility a party insists on once it has conceded the share f:
//   a_i = 1 - (1 - r_i) f
inline double aspiration(double f, double reservation) {
  return 1.0 - (1.0 - reservation) * f;
}

// Share of the remaining distance to the proposal that a rejecting party
// concedes this round, so that its cumulative concession tracks f(t):
//   gamma = (f - lambda) / (1 - lambda),   0 when f <= lambda, 1 when lambda >= 1
// lambda is the value of f at the party's previous concession (0 at the start).
inline double concession_step(double f, double conceded) {
  if (conceded >= 1) return 1.0;
  if (f <= conceded) return 0.0;
  const double step = (f - conceded) / (1.0 - conceded);
  return step < 1 ? step : 1.0;
}

// One issue's new demand after conceding the share `step` towards the
// proposal, never past the red line and never back towards the ideal
// (monotone concession, Rosenschein & Zlotkin 1994):
//   d' = clamp_to_red_line(d + gamma (x - d))   if |d' - p| >= |d - p|,
//   d' = d                                      otherwise.
// A proposal that asks less of the party than its demand on this issue
// leaves the demand where it is.
inline double concede(double demand, double proposal, double step, double ideal, double red_line) {
  const double moved = clamp_to_red_line(demand + step * (proposal - demand), ideal, red_line);
  return std::abs(moved - ideal) >= std::abs(demand - ideal) ? moved : demand;
}

}  // namespace negsim
