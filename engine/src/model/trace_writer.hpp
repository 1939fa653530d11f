#pragma once
// The narrative that `negsim trace` prints: one branch, round by round, in
// words an analyst can check against the model (docs/model.md). Only the
// Simulator calls it, and only when a trace was asked for; it is the one place
// where running a branch formats text.

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "branch_state.hpp"
#include "compiled_scenario.hpp"
#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"

namespace negsim::detail {

// Why the talks moved from one state to another.
struct TransitionCause {
  const EdgeSpec* edge = nullptr;
  double draw = 0;  // probability edges: the uniform draw that chose it
};

class TraceWriter {
 public:
  TraceWriter(std::ostream& out, const Scenario& scenario, const CompiledScenario& compiled)
      : out_(out), s_(scenario), c_(compiled) {}

  void begin(std::uint64_t seed, std::uint64_t branch, const BranchState& st);
  void opening(int state);
  void round(int round, int state, double t);
  void shock(int event, std::uint32_t times);
  void effect(const EffectSpec& effect, double operand, double before, double after);
  void proposal(ProposalRule rule, bool nash_failed, const BranchState& st);
  void verdict(int party, const Verdict& v, const BranchState& st);
  void agreement(int round);
  void concession(int party, bool adopted, double step, std::span<const double> before,
                  const BranchState& st);
  void walkout(int party, int rounds);
  void erosion(std::span<const double> before, const BranchState& st);
  void transition(int from, int to, const TransitionCause& cause, const BranchState& st);
  void ending(const BranchResult& result, const BranchState& st);

 private:
  std::string party_name(int party) const;
  std::string state_name(int state) const;
  // A normalised position on issue k in the issue's own terms.
  std::string position(int issue, double x, bool with_unit = true) const;
  std::string param_value(int param, double value) const;

  std::ostream& out_;
  const Scenario& s_;
  const CompiledScenario& c_;
};

}  // namespace negsim::detail
