#pragma once
// What runs one branch of the talks. A Simulator is compiled once from a
// Scenario (immutable afterwards, shared by every thread); run_branch is a pure
// function of (scenario, seed, branch index).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"

namespace negsim {

class BranchObserver;
struct InputDraws;
namespace detail {
struct CompiledScenario;
}

// The seed used when the analyst gives none, so that every command reproduces
// the same figures by default.
inline constexpr std::uint64_t kDefaultSeed = 20260123;

// Everything one branch produced. Reused between branches to avoid allocation.
struct BranchResult {
  int outcome = -1;             // index into Simulator::outcomes()
  int end_round = 0;            // rounds played when the branch ended (= horizon if unresolved)
  bool agreed = false;          // every principal accepted a package at some point
  int agreed_round = -1;        // round of the (last) acceptance
  int first_agreed_round = -1;  // round of the first acceptance
  // When agreed: per issue, issue units (option index for discrete issues);
  // empty otherwise. With agendas, NaN for an issue no agreement covered.
  std::vector<double> package;
  std::vector<double> utility;  // when agreed: per party, utility of `package`; empty otherwise
  std::vector<int> path;        // state indices in order of entry, starting with the initial
  std::vector<std::uint32_t> fired;  // per event: how many times it fired
  // Per milestone (process.milestones): the round it was first reached, -1 never.
  std::vector<int> milestone_round;
  // Per uncertain input (uncertain_inputs() order, input_draws.hpp): the value
  // drawn, as written in the scenario (issue units; option index for ordinal
  // and binary demands), before any shock changed it.
  std::vector<double> inputs;
};

class Simulator {
 public:
  // Compiles the scenario; throws InputError when its process graph is unusable.
  explicit Simulator(const Scenario& scenario);
  ~Simulator();
  Simulator(Simulator&&) noexcept;
  Simulator& operator=(Simulator&&) noexcept;

  const Scenario& scenario() const;
  // Outcome labels: the distinct outcomes of terminal states in order of first
  // appearance in the file, then "unresolved" (horizon reached) last.
  const std::vector<std::string>& outcomes() const;
  int unresolved_outcome() const { return static_cast<int>(outcomes().size()) - 1; }

  // Runs branch `branch` under `seed`. An observer, when given, is told every
  // step (branch_observer.hpp; `negsim trace` is one, see trace.hpp).
  void run_branch(std::uint64_t seed, std::uint64_t branch, BranchResult& out,
                  BranchObserver* observer = nullptr) const;
  BranchResult run_branch(std::uint64_t seed, std::uint64_t branch) const;
  // The same with the uncertain inputs drawn as `draws` says (input_draws.hpp);
  // every other draw is the branch's own, as above.
  void run_branch(std::uint64_t seed, std::uint64_t branch, const InputDraws& draws,
                  BranchResult& out, BranchObserver* observer = nullptr) const;

  // The flat form branches run on (internal to the engine: observers read it).
  const detail::CompiledScenario& compiled() const;

 private:
  void run_planned(std::uint64_t seed, std::uint64_t branch, const InputDraws* draws,
                   BranchResult& out, BranchObserver* observer) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace negsim
