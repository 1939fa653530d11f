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

#include "model/branch_state.hpp"
#include "model/compiled_scenario.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"

namespace negsim::detail {

class TraceWriter final : public BranchObserver {
 public:
  TraceWriter(std::ostream& out, const Scenario& scenario, const CompiledScenario& compiled)
      : out_(out), s_(scenario), c_(compiled) {}

  void begin(std::uint64_t seed, std::uint64_t branch, const BranchState& st) override;
  void opening(int state) override;
  void round(int round, int state, double t) override;
  void shock(int event, std::uint32_t times) override;
  void effect(const EffectSpec& effect, double operand, double before, double after) override;
  void proposal(ProposalRule rule, bool nash_failed, const BranchState& st) override;
  void verdict(int party, const Verdict& v, const BranchState& st) override;
  void revealed(int party, int stance) override;
  void clock_restarted(int round, int end) override;
  void agreement(int round) override;
  void concession(int party, bool adopted, double step, std::span<const double> before,
                  const BranchState& st) override;
  void walkout(int party, int rounds) override;
  void erosion(std::span<const double> before, const BranchState& st) override;
  void transition(int from, int to, const TransitionCause& cause, const BranchState& st) override;
  void ending(const BranchResult& result, const BranchState& st) override;

 private:
  std::string party_name(int party) const;
  std::string state_name(int state) const;
  // A normalised position on issue k in the issue's own terms.
  std::string position(int issue, double x, bool with_unit = true) const;
  std::string param_value(int param, double value) const;

  std::ostream& out_;
  const Scenario& s_;
  const CompiledScenario& c_;
  std::vector<char> without_zone_;  // per issue: shown as without common ground
};

}  // namespace negsim::detail
