#include "negsim/model/nash.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

// The log of the Nash product is -inf where a bargainer does not gain, which no
// line search can climb out of. Phase 1 therefore maximises
//   sum_i w_i L_eta(u_i(x) - d_i),
// where L_eta is log z for z >= eta and its second-order Taylor expansion at
// eta below: concave, twice differentiable, finite everywhere, and falling
// like -z^2 / (2 eta^2) when z < 0. As eta shrinks, every maximiser is pushed
// into the region where all bargainers gain, if there is one. Phase 2 polishes
// with eta = 1e-12, where L_eta is log on every package that matters.
constexpr double kEtaSchedule[] = {1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-9};
constexpr double kFinalEta = 1e-12;
constexpr int kMaxSweeps = 500;
constexpr double kStepTolerance = 1e-13;

double penalised_log(double z, double eta) {
  if (z >= eta) return std::log(z);
  const double d = z - eta;
  return std::log(eta) + d / eta - d * d / (2 * eta * eta);
}
double penalised_log_d1(double z, double eta) {
  return z >= eta ? 1 / z : (2 * eta - z) / (eta * eta);
}
double penalised_log_d2(double z, double eta) {
  return z >= eta ? -1 / (z * z) : -1 / (eta * eta);
}

// Cyclic coordinate ascent shared by both solvers. Problem provides
//   std::size_t dimension(); double min_slack();
//   void line_search(std::size_t k, double eta, double lower, double upper, std::span<double> x);
//   bool finish(std::span<double> x, lower, upper): replaces x by the
//     maximiser and returns true when it can find it and prove it the only one.
// Because every utility is a sum of one-issue terms (or, for the general
// solver, assumed concave), a point where no single issue can be improved is
// the maximum.
// One sweep of exact line searches over every issue; returns the largest move.
template <class Problem>
double sweep_once(Problem& problem, double eta, std::span<double> x, std::span<const double> lower,
                  std::span<const double> upper) {
  double moved = 0;
  for (std::size_t k = 0; k < problem.dimension(); ++k) {
    const double before = x[k];
    problem.line_search(k, eta, lower[k], upper[k], x);
    moved = std::max(moved, std::abs(x[k] - before));
  }
  return moved;
}

template <class Problem>
bool ascend(Problem& problem, std::span<double> x, std::span<const double> lower,
            std::span<const double> upper) {
  const auto sweep = [&](double eta) {
    for (int i = 0; i < kMaxSweeps; ++i) {
      if (sweep_once(problem, eta, x, lower, upper) <= kStepTolerance) break;
      // Cyclic ascent converges only linearly when several issues sit
      // between ideals at once; a joint Newton step finishes it.
      if (eta == kFinalEta && problem.finish(x, lower, upper)) break;
    }
  };
  if (!(problem.min_slack() > 0)) {
    for (double eta : kEtaSchedule) {
      sweep(eta);
      if (problem.min_slack() > 0) break;
    }
    if (!(problem.min_slack() > 0)) return false;
  }
  sweep(kFinalEta);
  return problem.min_slack() > 0;
}

// From a package where every bargainer gains, sweeps at the final eta, each
// followed by Problem::finish; true only when finish proved the maximiser
// within `sweeps` sweeps (x is then that maximiser).
template <class Problem>
bool ascend_to_proof(Problem& problem, std::span<double> x, std::span<const double> lower,
                     std::span<const double> upper, int sweeps) {
  if (!(problem.min_slack() > 0)) return false;
  for (int i = 0; i < sweeps; ++i) {
    sweep_once(problem, kFinalEta, x, lower, upper);
    if (problem.finish(x, lower, upper)) return true;
  }
  return false;
}

// The loss l(d) on one issue (utility.hpp) and its first two derivatives in
// the distance d. Closeness is kept above 1e-12 so that the slope of a
// concave loss stays finite at the far end of the range.
double loss_d1(double d, double rho) {
  if (rho == 1) return 1.0;
  const double closeness = std::max(1e-12, 1.0 - d);
  return rho * std::pow(closeness, rho - 1);
}
double loss_d2(double d, double rho) {
  if (rho == 1) return 0.0;
  const double closeness = std::max(1e-12, 1.0 - d);
  return rho * (1 - rho) * std::pow(closeness, rho - 2);
}

class LinearProblem {
 public:
  // Slacks are left to set_point(). The per-issue terms are built from the
  // stances, or kept from the last call when the caller says they are the
  // same (NashWorkspace::same_stances).
  LinearProblem(std::size_t issues, std::span<const NashBargainer> bargainers, NashWorkspace& ws)
      : ws_(ws), bargainers_(bargainers), issues_(issues) {
    const std::size_t n = bargainers.size();
    ws_.weight.resize(n);
    ws_.disagreement.resize(n);
    ws_.slack.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      ws_.weight[i] = std::max(0.0, bargainers[i].weight);
      ws_.disagreement[i] = bargainers[i].disagreement;
    }
    if (!(ws_.same_stances && ws_.terms_built_for == n && ws_.term_begin.size() == issues + 1))
      build_terms();
    ws_.knots.resize(ws_.terms.size() + 2);
    ws_.base.resize(ws_.terms.size());
  }

  std::size_t dimension() const { return issues_; }
  // Whether some bargainer cares about issue k, so that the solver moves it.
  bool moves(std::size_t k) const { return has_terms(k); }

  // Every bargainer's slack at x: where the ascent starts.
  void set_point(std::span<const double> x) {
    for (std::size_t i = 0; i < bargainers_.size(); ++i)
      ws_.slack[i] = utility(x, bargainers_[i].stances) - bargainers_[i].disagreement;
  }

  double min_slack() const {
    double m = std::numeric_limits<double>::infinity();
    for (double z : ws_.slack) m = std::min(m, z);
    return m;
  }

  // Exact maximisation along issue k. Each bargainer's slack is a_i - b_i|x - p_i|,
  // so the objective is concave and smooth between the ideals (the knots):
  // find the knot interval where the derivative changes sign, then solve
  // F'(x) = 0 inside it by Newton's method safeguarded with bisection.
  void line_search(std::size_t k, double eta, double lower, double upper, std::span<double> x) {
    const auto first = static_cast<std::size_t>(ws_.term_begin[k]);
    const auto last = static_cast<std::size_t>(ws_.term_begin[k + 1]);
    if (first == last || !(upper >= lower)) return;
    const double xk = x[k];
    std::size_t nk = 0;
    ws_.knots[nk++] = lower;
    for (std::size_t t = first; t < last; ++t) {
      const auto& term = ws_.terms[t];
      ws_.base[t] = ws_.slack[static_cast<std::size_t>(term.party)] +
                    term.b * issue_loss(std::abs(xk - term.p), term.rho);
      if (term.p > lower && term.p < upper) ws_.knots[nk++] = term.p;
    }
    ws_.knots[nk++] = upper;
    std::sort(ws_.knots.begin() + 1, ws_.knots.begin() + static_cast<std::ptrdiff_t>(nk) - 1);

    // One-sided derivative at x: side = +1 right, -1 left (matters only on a knot).
    // With curvature rho < 1 the loss bends: z = base - b l(|x - p|), so
    // z' = -b l'(d) dir and z'' = -b l''(d); for rho = 1 these are the linear forms.
    const auto derivative = [&](double at, int side) {
      double g = 0;
      for (std::size_t t = first; t < last; ++t) {
        const auto& term = ws_.terms[t];
        const double d = std::abs(at - term.p);
        const double z = ws_.base[t] - term.b * issue_loss(d, term.rho);
        const double dir = at > term.p ? 1.0 : at < term.p ? -1.0 : static_cast<double>(side);
        const double slope = term.rho == 1 ? term.b : term.b * loss_d1(d, term.rho);
        g -= ws_.weight[static_cast<std::size_t>(term.party)] * penalised_log_d1(z, eta) * slope *
             dir;
      }
      return g;
    };
    // The derivative from the right and the second derivative together, for
    // Newton's method: one pass over the terms instead of two (the same
    // expressions, so the same values, as two passes).
    const auto both = [&](double at, double& g, double& h) {
      g = 0;
      h = 0;
      for (std::size_t t = first; t < last; ++t) {
        const auto& term = ws_.terms[t];
        const double d = std::abs(at - term.p);
        const double z = ws_.base[t] - term.b * issue_loss(d, term.rho);
        const double dir = at < term.p ? -1.0 : 1.0;  // from the right on a knot
        const double w = ws_.weight[static_cast<std::size_t>(term.party)];
        const double slope = term.rho == 1 ? term.b : term.b * loss_d1(d, term.rho);
        g -= w * penalised_log_d1(z, eta) * slope * dir;
        if (term.rho == 1) {
          h += w * penalised_log_d2(z, eta) * term.b * term.b;
        } else {
          h += w * (penalised_log_d2(z, eta) * slope * slope -
                    penalised_log_d1(z, eta) * term.b * loss_d2(d, term.rho));
        }
      }
    };

    // Both one-sided derivatives at a knot in one pass: they differ only in
    // the terms whose ideal is the knot.
    const auto sides = [&](double at, double& left, double& right) {
      left = 0;
      right = 0;
      for (std::size_t t = first; t < last; ++t) {
        const auto& term = ws_.terms[t];
        const double d = std::abs(at - term.p);
        const double z = ws_.base[t] - term.b * issue_loss(d, term.rho);
        const double slope = term.rho == 1 ? term.b : term.b * loss_d1(d, term.rho);
        const double pull =
            ws_.weight[static_cast<std::size_t>(term.party)] * penalised_log_d1(z, eta) * slope;
        left -= pull * (at > term.p ? 1.0 : -1.0);
        right -= pull * (at < term.p ? -1.0 : 1.0);
      }
    };

    double best = upper;
    if (derivative(lower, +1) <= 0) {
      best = lower;
    } else {
      for (std::size_t j = 1; j < nk; ++j) {
        const double a = ws_.knots[j - 1], b = ws_.knots[j];
        if (b <= a) continue;
        double left = 0, right = 0;
        sides(b, left, right);
        if (left <= 0) {
          best = solve_in_segment(a, b, both);
          break;
        }
        if (j + 1 < nk && right <= 0) {
          best = b;  // the maximum sits on a kink: some bargainer's ideal
          break;
        }
      }
    }
    x[k] = best;
    for (std::size_t t = first; t < last; ++t) {
      const auto& term = ws_.terms[t];
      ws_.slack[static_cast<std::size_t>(term.party)] =
          ws_.base[t] - term.b * issue_loss(std::abs(best - term.p), term.rho);
    }
  }

  // The maximiser found, and proved the only one, by Newton's method on the
  // issues that sit strictly between two knots at x, the others held on
  // their knot. Within those segments each slack is smooth, so the objective
  // F = sum_i w_i log z_i is too, and Newton converges in a few steps where
  // cyclic ascent needs dozens of sweeps. The point reached is accepted only
  // when it satisfies, with a margin, the conditions that make it the one
  // maximiser (Rockafellar 1970, sections 23 and 27): F' = 0 on every free
  // issue, F'(x-) > 0 > F'(x+) on every issue held at an ideal, the slope
  // pointing out of the box on an issue held at a bound, and -F'' positive
  // definite on the free issues. Because each slack is a sum of one-issue
  // terms, F's slope in any direction is the sum of those one-sided slopes,
  // so these conditions leave no other package as good. Otherwise x is left
  // as it was and false returned: the caller goes on with the ascent, so a
  // flat or degenerate optimum is chosen exactly as before.
  bool finish(std::span<double> x, std::span<const double> lower, std::span<const double> upper) {
    const std::size_t n = ws_.weight.size();
    auto& trial = ws_.trial;
    auto& z = ws_.trial_slack;
    auto& free = ws_.free_issues;
    trial.resize(issues_);
    std::copy(x.begin(), x.end(), trial.begin());
    z.resize(n);
    // The free issues, strictly between the knots next to them, with the
    // segment a Newton step must stay in.
    free.clear();
    ws_.segment_low.clear();
    ws_.segment_high.clear();
    bool curved = false;
    for (std::size_t k = 0; k < issues_; ++k) {
      if (!has_terms(k) || !(upper[k] > lower[k])) continue;
      if (on_knot(k, x[k], lower[k], upper[k])) continue;
      double a = lower[k], b = upper[k];
      for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t) {
        const auto& term = ws_.terms[static_cast<std::size_t>(t)];
        if (term.p < x[k]) a = std::max(a, term.p);
        if (term.p > x[k]) b = std::min(b, term.p);
        curved = curved || term.rho != 1;
      }
      free.push_back(static_cast<int>(k));
      ws_.segment_low.push_back(a);
      ws_.segment_high.push_back(b);
    }
    // The slacks at x.
    for (std::size_t i = 0; i < n; ++i) z[i] = 1 - ws_.disagreement[i];
    for (std::size_t k = 0; k < issues_; ++k)
      for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t) {
        const auto& term = ws_.terms[static_cast<std::size_t>(t)];
        z[static_cast<std::size_t>(term.party)] -=
            term.b * issue_loss(std::abs(x[k] - term.p), term.rho);
      }
    for (double v : z)
      if (!(v > 0)) return false;
    const std::size_t m = free.size();
    ws_.slope.resize(n * std::max<std::size_t>(m, 1));
    ws_.matrix.resize(m * m);
    ws_.step.resize(m);
    // With linear losses each slack's slope is constant within the segments,
    // so it is worked out once; a curved loss needs it at every step.
    if (!curved) slopes_at(trial, z);
    constexpr int kNewtonSteps = 30;
    bool converged = m == 0;
    double previous_step = 0;
    for (int it = 0; it < kNewtonSteps && !converged; ++it) {
      if (curved) slopes_at(trial, z);
      if (!newton_step(z)) return false;
      double largest = 0;
      for (std::size_t j = 0; j < m; ++j) {
        const auto k = static_cast<std::size_t>(free[j]);
        const double next = trial[k] + ws_.step[j];
        // Leaving the segment means the free issues were guessed wrong.
        if (!(next > ws_.segment_low[j] && next < ws_.segment_high[j])) return false;
        largest = std::max(largest, std::abs(ws_.step[j]));
        if (curved) {
          for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t) {
            const auto& term = ws_.terms[static_cast<std::size_t>(t)];
            z[static_cast<std::size_t>(term.party)] +=
                term.b * (issue_loss(std::abs(trial[k] - term.p), term.rho) -
                          issue_loss(std::abs(next - term.p), term.rho));
          }
        } else {
          for (std::size_t i = 0; i < n; ++i) z[i] += ws_.slope[i * m + j] * ws_.step[j];
        }
        trial[k] = next;
      }
      for (double v : z)
        if (!(v > 0)) return false;
      // Newton's error squares each step: after a step of size s what is left
      // is about C s^2, with C estimated from two steps as s / s_before^2.
      // Done when that is at the last bits of a position in [0, 1].
      const double left_over =
          previous_step > 0 ? largest / (previous_step * previous_step) * largest * largest : 1.0;
      converged = largest <= 1e-9 || left_over <= 1e-16;
      previous_step = largest;
    }
    if (!converged || !optimal_at(trial, z, lower, upper)) return false;
    std::copy(trial.begin(), trial.end(), x.begin());
    std::copy(z.begin(), z.end(), ws_.slack.begin());
    return true;
  }

 private:
  // The per-issue terms (CSR) of the bargainers' stances.
  void build_terms() {
    const std::size_t n = bargainers_.size(), issues = issues_;
    const auto& bargainers = bargainers_;
    ws_.terms_built_for = n;
    ws_.term_begin.assign(issues + 1, 0);
    for (const NashBargainer& b : bargainers)
      for (const Stance& s : b.stances)
        if (s.salience > 0) ++ws_.term_begin[static_cast<std::size_t>(s.issue) + 1];
    for (std::size_t k = 0; k < issues; ++k) ws_.term_begin[k + 1] += ws_.term_begin[k];
    ws_.terms.resize(static_cast<std::size_t>(ws_.term_begin[issues]));
    // Fill each issue's terms in bargainer order; begin[k] serves as the
    // cursor and is shifted back afterwards.
    std::vector<int>& begin = ws_.term_begin;
    for (std::size_t i = 0; i < n; ++i) {
      double total = 0;
      for (const Stance& s : bargainers[i].stances) total += std::max(0.0, s.salience);
      if (total <= 0) continue;
      for (const Stance& s : bargainers[i].stances) {
        if (!(s.salience > 0)) continue;
        ws_.terms[static_cast<std::size_t>(begin[static_cast<std::size_t>(s.issue)]++)] =
            NashWorkspace::Term{static_cast<int>(i), s.salience / total, s.ideal, s.curvature};
      }
    }
    for (std::size_t k = issues; k > 0; --k) begin[k] = begin[k - 1];
    begin[0] = 0;
  }

  bool has_terms(std::size_t k) const { return ws_.term_begin[k] < ws_.term_begin[k + 1]; }

  // Whether `at` is a knot of issue k: a bound or an ideal inside the box.
  bool on_knot(std::size_t k, double at, double lower, double upper) const {
    if (at == lower || at == upper) return true;
    for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t)
      if (at == ws_.terms[static_cast<std::size_t>(t)].p) return true;
    return false;
  }

  // dz_i / dx_k on the free issues at x into ws_.slope (bargainer-major),
  // and the curvature of concave losses, -w_i / z_i * b * l''(d) >= 0, into
  // ws_.curvature.
  void slopes_at(std::span<const double> x, std::span<const double> z) {
    const auto& free = ws_.free_issues;
    const std::size_t m = free.size(), n = z.size();
    auto& slope = ws_.slope;
    std::fill(slope.begin(), slope.begin() + static_cast<std::ptrdiff_t>(n * m), 0.0);
    ws_.curvature.assign(m, 0.0);
    for (std::size_t j = 0; j < m; ++j) {
      const auto k = static_cast<std::size_t>(free[j]);
      for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t) {
        const auto& term = ws_.terms[static_cast<std::size_t>(t)];
        const auto i = static_cast<std::size_t>(term.party);
        const double d = std::abs(x[k] - term.p);
        const double dir = x[k] > term.p ? 1.0 : -1.0;
        slope[i * m + j] -= term.b * loss_d1(d, term.rho) * dir;
        if (term.rho != 1) ws_.curvature[j] += ws_.weight[i] / z[i] * term.b * loss_d2(d, term.rho);
      }
    }
  }

  // The Newton step on the free issues into ws_.step: A step = g with
  // g = F' and A = -F'' (Cholesky), from the slopes of slopes_at(); false
  // when A is not positive definite, i.e. when F is flat in some direction.
  bool newton_step(std::span<const double> z) {
    const std::size_t m = ws_.free_issues.size(), n = z.size();
    const auto& slope = ws_.slope;
    auto& a = ws_.matrix;
    auto& g = ws_.step;
    if (m == 1) {  // the usual case, in closed form
      double g0 = 0, a0 = ws_.curvature[0];
      for (std::size_t i = 0; i < n; ++i) {
        const double r = ws_.weight[i] / z[i];
        g0 += r * slope[i];
        a0 += r / z[i] * slope[i] * slope[i];
      }
      if (!(a0 > 0)) return false;
      g[0] = g0 / a0;
      return true;
    }
    if (m == 2) {  // two issues, by elimination with the same pivot test
      double g0 = 0, g1 = 0, a00 = ws_.curvature[0], a11 = ws_.curvature[1], a01 = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double r = ws_.weight[i] / z[i], q = r / z[i];
        const double s0 = slope[2 * i], s1 = slope[2 * i + 1];
        g0 += r * s0;
        g1 += r * s1;
        a00 += q * s0 * s0;
        a11 += q * s1 * s1;
        a01 += q * s0 * s1;
      }
      const double scale = std::max(a00, a11);
      if (!(a00 > 1e-10 * scale)) return false;
      const double l = a01 / a00, pivot = a11 - a01 * l;
      if (!(pivot > 1e-10 * scale)) return false;
      g[1] = (g1 - l * g0) / pivot;
      g[0] = (g0 - a01 * g[1]) / a00;
      return true;
    }
    for (std::size_t j = 0; j < m; ++j) a[j * m + j] = ws_.curvature[j];
    for (std::size_t j = 0; j < m; ++j) {
      double gj = 0;
      for (std::size_t i = 0; i < n; ++i) gj += ws_.weight[i] / z[i] * slope[i * m + j];
      g[j] = gj;
      for (std::size_t l = 0; l <= j; ++l) {
        double v = l == j ? a[j * m + j] : 0.0;
        for (std::size_t i = 0; i < n; ++i)
          v += ws_.weight[i] / (z[i] * z[i]) * slope[i * m + j] * slope[i * m + l];
        a[j * m + l] = v;
      }
    }
    // Cholesky A = L L^T in the lower triangle, refusing a pivot that is
    // small against the diagonal: a direction in which F is (nearly) flat.
    double scale = 0;
    for (std::size_t j = 0; j < m; ++j) scale = std::max(scale, a[j * m + j]);
    if (!(scale > 0)) return false;
    for (std::size_t j = 0; j < m; ++j) {
      double d = a[j * m + j];
      for (std::size_t l = 0; l < j; ++l) d -= a[j * m + l] * a[j * m + l];
      if (!(d > 1e-10 * scale)) return false;
      const double root = std::sqrt(d);
      a[j * m + j] = root;
      for (std::size_t r = j + 1; r < m; ++r) {
        double v = a[r * m + j];
        for (std::size_t l = 0; l < j; ++l) v -= a[r * m + l] * a[j * m + l];
        a[r * m + j] = v / root;
      }
    }
    for (std::size_t j = 0; j < m; ++j) {  // L y = g
      for (std::size_t l = 0; l < j; ++l) g[j] -= a[j * m + l] * g[l];
      g[j] /= a[j * m + j];
    }
    for (std::size_t j = m; j-- > 0;) {  // L^T step = y
      for (std::size_t r = j + 1; r < m; ++r) g[j] -= a[r * m + j] * g[r];
      g[j] /= a[j * m + j];
    }
    return true;
  }

  // The optimality conditions of finish(), checked on every issue with a
  // margin against the size of the slopes that meet there.
  bool optimal_at(std::span<const double> x, std::span<const double> z,
                  std::span<const double> lower, std::span<const double> upper) const {
    constexpr double kBalanced = 1e-9, kStrict = 1e-9;
    for (std::size_t k = 0; k < issues_; ++k) {
      if (!has_terms(k) || !(upper[k] > lower[k])) continue;
      double left = 0, right = 0, size = 0;
      for (int t = ws_.term_begin[k]; t < ws_.term_begin[k + 1]; ++t) {
        const auto& term = ws_.terms[static_cast<std::size_t>(t)];
        const auto i = static_cast<std::size_t>(term.party);
        const double d = std::abs(x[k] - term.p);
        const double pull = ws_.weight[i] / z[i] * term.b * loss_d1(d, term.rho);
        left -= pull * (x[k] > term.p ? 1.0 : -1.0);
        right -= pull * (x[k] < term.p ? -1.0 : 1.0);
        size += pull;
      }
      if (!(size > 0)) return false;
      if (x[k] == lower[k]) {
        if (!(right < -kStrict * size)) return false;
      } else if (x[k] == upper[k]) {
        if (!(left > kStrict * size)) return false;
      } else if (on_knot(k, x[k], lower[k], upper[k])) {
        if (!(left > kStrict * size && right < -kStrict * size)) return false;
      } else if (!(std::abs(left) <= kBalanced * size)) {
        return false;
      }
    }
    return true;
  }

  // Root of the decreasing F' on (a, b), given F'(a+) > 0 >= F'(b-);
  // both(x, g, h) gives F'(x+) and F''(x).
  template <class B>
  static double solve_in_segment(double a, double b, const B& both) {
    double x = 0.5 * (a + b);
    for (int i = 0; i < 200 && b - a > 1e-15; ++i) {
      double g = 0, h = 0;
      both(x, g, h);
      if (g == 0) return x;
      if (g > 0)
        a = x;
      else
        b = x;
      double next = h < 0 ? x - g / h : 0.5 * (a + b);
      if (!(next > a && next < b)) next = 0.5 * (a + b);
      if (std::abs(next - x) <= 1e-16 * std::max(1.0, std::abs(x))) return next;
      x = next;
    }
    return x;
  }

  NashWorkspace& ws_;
  std::span<const NashBargainer> bargainers_;
  std::size_t issues_ = 0;
};

class GeneralProblem {
 public:
  GeneralProblem(std::span<const UtilityFunction> u, std::span<const double> w,
                 std::span<const double> d, std::span<const double> x)
      : u_(u), w_(w), d_(d), x_(x) {}

  std::size_t dimension() const { return x_.size(); }

  double min_slack() const {
    double m = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < u_.size(); ++i) m = std::min(m, u_[i](x_) - d_[i]);
    return m;
  }

  // No closed form to finish with: the ascent runs to its end.
  bool finish(std::span<double>, std::span<const double>, std::span<const double>) { return false; }

  // Golden-section search: the objective is concave along every issue.
  void line_search(std::size_t k, double eta, double lower, double upper, std::span<double> x) {
    const auto value = [&](double at) {
      const double keep = x[k];
      x[k] = at;
      double f = 0;
      for (std::size_t i = 0; i < u_.size(); ++i) f += w_[i] * penalised_log(u_[i](x) - d_[i], eta);
      x[k] = keep;
      return f;
    };
    const double start = x[k];
    const double inv_phi = (std::sqrt(5.0) - 1) / 2;
    double a = lower, b = upper;
    double c = b - inv_phi * (b - a), e = a + inv_phi * (b - a);
    double fc = value(c), fe = value(e);
    for (int i = 0; i < 200 && b - a > 1e-15; ++i) {
      if (fc >= fe) {
        b = e;
        e = c;
        fe = fc;
        c = b - inv_phi * (b - a);
        fc = value(c);
      } else {
        a = c;
        c = e;
        fc = fe;
        e = a + inv_phi * (b - a);
        fe = value(e);
      }
    }
    const double found = 0.5 * (a + b);
    if (value(found) >= value(start)) x[k] = found;
  }

 private:
  std::span<const UtilityFunction> u_;
  std::span<const double> w_, d_;
  std::span<const double> x_;
};

// Two bargainers: the exact solution along the Pareto frontier. On an issue
// both care about, every efficient package lies between their ideals (within
// the box); moving it a share theta of the way from 1's ideal to 2's costs 1
// beta1 * theta and gains 2 beta2 * theta in utility. The frontier is
// therefore traced by handing over issues in decreasing order of
// beta2 / beta1 (a fractional knapsack), and along each piece the objective
// w1 log(z1 - beta1 theta) + w2 log(z2 + beta2 theta) has the closed-form
// maximiser
//   theta* = (w2 beta2 z1 - w1 beta1 z2) / (beta1 beta2 (w1 + w2)).
// The objective is concave along the frontier, so the first piece whose
// theta* is below 1 holds the solution.
bool nash_two(std::span<double> x, std::span<const double> lower, std::span<const double> upper,
              std::span<const NashBargainer> bargainers, NashWorkspace& ws) {
  const std::size_t issues = x.size();
  // Per issue: b (utility per unit distance) and ideal of each bargainer.
  ws.base.assign(4 * issues, 0.0);
  for (int i = 0; i < 2; ++i) {
    double total = 0;
    for (const Stance& s : bargainers[static_cast<std::size_t>(i)].stances)
      total += std::max(0.0, s.salience);
    if (total <= 0) continue;
    for (const Stance& s : bargainers[static_cast<std::size_t>(i)].stances) {
      if (!(s.salience > 0)) continue;
      const auto k = static_cast<std::size_t>(s.issue);
      ws.base[4 * k + static_cast<std::size_t>(2 * i)] = s.salience / total;
      ws.base[4 * k + static_cast<std::size_t>(2 * i) + 1] = s.ideal;
    }
  }
  const double w1 = std::max(0.0, bargainers[0].weight), w2 = std::max(0.0, bargainers[1].weight);
  double z1 = 1 - bargainers[0].disagreement, z2 = 1 - bargainers[1].disagreement;
  ws.transfers.clear();
  for (std::size_t k = 0; k < issues; ++k) {
    const double b1 = ws.base[4 * k], p1 = ws.base[4 * k + 1];
    const double b2 = ws.base[4 * k + 2], p2 = ws.base[4 * k + 3];
    if (b1 > 0)
      x[k] = std::clamp(p1, lower[k], upper[k]);  // start at 1's best
    else if (b2 > 0)
      x[k] = std::clamp(p2, lower[k], upper[k]);
    z1 -= b1 * std::abs(x[k] - p1);
    z2 -= b2 * std::abs(x[k] - p2);
    if (b1 > 0 && b2 > 0) {
      const double to = std::clamp(p2, lower[k], upper[k]);
      const double length = std::abs(to - x[k]);
      if (length > 0)
        ws.transfers.push_back({static_cast<int>(k), b1 * length, b2 * length, x[k], to});
    }
  }
  if (!(z1 > 0)) return false;
  // Insertion sort: stable, allocation-free, and there are only a few issues.
  const auto before = [](const NashWorkspace::Transfer& a, const NashWorkspace::Transfer& b) {
    return a.gain * b.cost > b.gain * a.cost;  // higher gain per unit of cost first
  };
  for (std::size_t i = 1; i < ws.transfers.size(); ++i) {
    const NashWorkspace::Transfer t = ws.transfers[i];
    std::size_t j = i;
    for (; j > 0 && before(t, ws.transfers[j - 1]); --j) ws.transfers[j] = ws.transfers[j - 1];
    ws.transfers[j] = t;
  }
  for (const auto& t : ws.transfers) {
    double theta = (w2 * t.gain * z1 - w1 * t.cost * z2) / (t.cost * t.gain * (w1 + w2));
    if (!(w1 + w2 > 0)) theta = 0;
    theta = std::clamp(theta, 0.0, 1.0);
    x[static_cast<std::size_t>(t.issue)] = t.from + theta * (t.to - t.from);
    z1 -= t.cost * theta;
    z2 += t.gain * theta;
    if (theta < 1) break;
  }
  return z1 > 0 && z2 > 0;
}

}  // namespace

bool nash_solution(std::span<double> x, std::span<const double> lower,
                   std::span<const double> upper, std::span<const NashBargainer> bargainers,
                   NashWorkspace& workspace) {
  if (bargainers.empty()) return false;
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = std::clamp(x[k], lower[k], upper[k]);
  // The closed form of nash_two holds for linear utilities only.
  const auto linear = [](const NashBargainer& b) {
    for (const Stance& s : b.stances)
      if (s.curvature != 1) return false;
    return true;
  };
  if (bargainers.size() == 2 && linear(bargainers[0]) && linear(bargainers[1]))
    return nash_two(x, lower, upper, bargainers, workspace);
  LinearProblem problem(x.size(), bargainers, workspace);
  // First the previous solution: when it is still on the same knots, Newton
  // moves it to this round's maximiser in a step or two. Issues no bargainer
  // cares about keep their place in x, as the ascent would leave them.
  auto& previous = workspace.previous;
  if (workspace.has_previous && previous.size() == x.size()) {
    workspace.start.assign(x.begin(), x.end());
    // With two earlier solutions, the step between them is taken once more:
    // the values of no deal erode round by round, so the solution drifts
    // steadily, and Newton then needs a step less.
    const bool drift = workspace.has_before && workspace.before.size() == x.size();
    for (std::size_t k = 0; k < x.size(); ++k)
      if (problem.moves(k))
        x[k] = std::clamp(drift ? 2 * previous[k] - workspace.before[k] : previous[k], lower[k],
                          upper[k]);
    // When it is not, the optimum has moved past a knot: a few sweeps from
    // there find the new knots. Only a proved maximiser is kept; otherwise
    // the ascent starts again from the given package, as it always did.
    bool proved = problem.finish(x, lower, upper);
    if (!proved) {
      problem.set_point(x);
      proved = ascend_to_proof(problem, x, lower, upper, 4);
    }
    if (proved) {
      workspace.remember(x);
      return true;
    }
    std::copy(workspace.start.begin(), workspace.start.end(), x.begin());
  }
  // A bargainer that cannot beat its disagreement value even with every issue
  // at its own ideal (within the box) rules out any deal.
  for (const NashBargainer& b : bargainers) {
    double distance = 0, total = 0;
    for (const Stance& s : b.stances) {
      const double best = std::clamp(s.ideal, lower[static_cast<std::size_t>(s.issue)],
                                     upper[static_cast<std::size_t>(s.issue)]);
      distance += s.salience * issue_loss(std::abs(best - s.ideal), s.curvature);
      total += s.salience;
    }
    const double best_utility = total > 0 ? 1 - distance / total : 1.0;
    if (!(best_utility > b.disagreement)) {
      workspace.forget();
      return false;
    }
  }
  problem.set_point(x);
  const bool found = ascend(problem, x, lower, upper);
  if (found)
    workspace.remember(x);
  else
    workspace.forget();
  return found;
}

std::optional<std::vector<double>> nash_solution(std::span<const UtilityFunction> utilities,
                                                 std::span<const double> weights,
                                                 std::span<const double> disagreement,
                                                 std::span<const double> lower,
                                                 std::span<const double> upper,
                                                 std::vector<double> start) {
  if (utilities.empty()) return std::nullopt;
  for (std::size_t k = 0; k < start.size(); ++k)
    start[k] = std::clamp(start[k], lower[k], upper[k]);
  GeneralProblem problem(utilities, weights, disagreement, start);
  if (!ascend(problem, std::span<double>(start), lower, upper)) return std::nullopt;
  return start;
}

}  // namespace negsim
