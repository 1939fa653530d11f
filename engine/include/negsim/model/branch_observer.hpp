#pragma once
// What a branch tells whoever watches it play, step by step. The model
// defines this interface and calls it only when an observer is given (the
// untraced loop is compiled without the calls); the output layer implements it
// to write `negsim trace` (trace_writer), and tests implement it to check
// mechanics round by round. Callbacks see the branch's working memory, whose
// layout is internal to the engine (engine/src/branch_state.hpp).

#include <cstdint>
#include <span>

#include "negsim/model/scenario.hpp"

namespace negsim {

struct BranchResult;

namespace detail {
struct BranchState;
struct CompiledScenario;
struct EffectSpec;
struct EdgeSpec;
struct Verdict;
}  // namespace detail

// Why the talks moved from one state to another.
struct TransitionCause {
  const detail::EdgeSpec* edge = nullptr;
  double draw = 0;         // probability edges: the uniform draw that chose it
  double probability = 0;  // probability edges: the probability it had
};

class BranchObserver {
 public:
  virtual ~BranchObserver() = default;

  virtual void begin(std::uint64_t /*seed*/, std::uint64_t /*branch*/,
                     const detail::BranchState& /*st*/) {}
  virtual void opening(int /*state*/) {}
  virtual void round(int /*round*/, int /*state*/, double /*t*/) {}
  virtual void shock(int /*event*/, std::uint32_t /*times*/) {}
  virtual void effect(const detail::EffectSpec& /*effect*/, double /*operand*/, double /*before*/,
                      double /*after*/) {}
  // The deadline that ends the concession clock moved: the clock runs again
  // from `round` to `end`.
  virtual void clock_restarted(int /*round*/, int /*end*/) {}
  virtual void proposal(ProposalRule /*rule*/, bool /*nash_failed*/,
                        const detail::BranchState& /*st*/) {}
  virtual void verdict(int /*party*/, const detail::Verdict& /*v*/,
                       const detail::BranchState& /*st*/) {}
  virtual void revealed(int /*party*/, int /*stance*/) {}
  virtual void agreement(int /*round*/) {}
  // `adopted`: the party accepted and asks for no more than the proposal.
  virtual void concession(int /*party*/, bool /*adopted*/, double /*step*/,
                          std::span<const double> /*before*/, const detail::BranchState& /*st*/) {}
  virtual void walkout(int /*party*/, int /*rounds*/) {}
  virtual void erosion(std::span<const double> /*before*/, const detail::BranchState& /*st*/) {}
  virtual void transition(int /*from*/, int /*to*/, const TransitionCause& /*cause*/,
                          const detail::BranchState& /*st*/) {}
  virtual void ending(const BranchResult& /*result*/, const detail::BranchState& /*st*/) {}
};

}  // namespace negsim
