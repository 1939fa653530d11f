#pragma once
// The asymmetric Nash bargaining solution over the issue space (docs/model.md,
// section 5.3): Nash (1950), with weights after Kalai (1977).
//
//   maximise  sum_i w_i log(u_i(x) - d_i)  over the packages x in a box,
//   subject to u_i(x) > d_i for every bargainer i,
//
// with w_i its capability and d_i its disagreement value (current BATNA).
// The objective is concave, so the maximum is found by cyclic coordinate
// ascent with exact line searches. A package where every bargainer gains is
// first found with a smooth penalty (see nash.cpp), so the solver never needs
// a feasible starting point.

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "negsim/model/utility.hpp"

namespace negsim {

// One bargainer with additive utilities over issues (utility.hpp), linear or
// with curvature rho <= 1 (concave) per issue.
struct NashBargainer {
  double weight = 1;        // w_i >= 0
  double disagreement = 0;  // d_i
  std::span<const Stance> stances;
};

// Scratch reused between calls so that the round loop allocates nothing.
struct NashWorkspace {
  struct Term {
    int party = 0;
    double b = 0;    // s_ik / sum_k s_ik: how fast utility falls per unit distance
    double p = 0;    // the party's ideal on this issue
    double rho = 1;  // the stance's curvature (utility.hpp)
  };
  std::vector<int> term_begin;  // per issue, into terms (CSR)
  std::vector<Term> terms;
  std::vector<double> weight, disagreement, slack;  // per bargainer; slack = u_i - d_i
  std::vector<double> base, knots;                  // per line search
  struct Transfer {  // two bargainers: one issue handed from 1's ideal towards 2's
    int issue = 0;
    double cost = 0, gain = 0;  // utility lost by 1 and won by 2 over the whole way
    double from = 0, to = 0;
  };
  std::vector<Transfer> transfers;
  // The joint Newton step on the issues that sit between two ideals (nash.cpp,
  // LinearProblem::finish): trial package, slacks, per-bargainer slopes,
  // the system and the issues it is over.
  std::vector<double> trial, trial_slack, slope, curvature, matrix, step, segment_low, segment_high;
  std::vector<int> free_issues;
  // The previous solution of this workspace, the first package tried: in
  // consecutive rounds of one branch the solution moves little. A solution
  // tried this way is kept only when it is verified to be the one maximiser
  // (nash.cpp), so it changes the result in the last bits at most; forget()
  // at the start of each branch, so that not even those depend on which
  // branch a thread ran before.
  std::vector<double> previous, before, start;  // the last two solutions
  bool has_previous = false, has_before = false;
  void forget() { has_previous = has_before = false; }
  void remember(std::span<const double> x) {
    before.swap(previous);
    has_before = has_previous;
    previous.assign(x.begin(), x.end());
    has_previous = true;
  }
  // Set by a caller that knows the bargainers and their stances are exactly
  // those of the previous call on this workspace (the simulator clears it
  // whenever a stance is refreshed): the per-issue terms are then reused.
  bool same_stances = false;
  std::size_t terms_built_for = 0;
};

// Asymmetric Nash solution for bargainers with additive utilities, x_k in
// [lower_k, upper_k]. `x` holds the starting point (which decides among
// equally good packages: the ascent stops at the first it reaches) and
// receives the solution. Returns false, leaving x unspecified, when no package
// in the box gives every bargainer more than its disagreement value.
bool nash_solution(std::span<double> x, std::span<const double> lower,
                   std::span<const double> upper, std::span<const NashBargainer> bargainers,
                   NashWorkspace& workspace);

// The same solution for any concave utilities given as functions of the
// package, with golden-section line searches. Slower; used to check the
// solver against closed forms with non-linear utilities.
using UtilityFunction = std::function<double(std::span<const double>)>;
std::optional<std::vector<double>> nash_solution(std::span<const UtilityFunction> utilities,
                                                 std::span<const double> weights,
                                                 std::span<const double> disagreement,
                                                 std::span<const double> lower,
                                                 std::span<const double> upper,
                                                 std::vector<double> start);

}  // namespace negsim
