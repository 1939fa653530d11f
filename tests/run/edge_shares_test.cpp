// `negsim graph --weights`: how many branches took each transition, counted
// on the branches `negsim run` counts.
#include "negsim/run/edge_shares.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/run/runner.hpp"

namespace negsim {
namespace {

Scenario shipped(const std::string& name) {
  return load_scenario_file(std::string(NEGSIM_SOURCE_DIR) + "/scenarios/examples/" + name);
}

EdgeShares shares_of(const Simulator& simulator, std::uint64_t branches, int threads) {
  RunOptions options;
  options.branches = branches;
  options.seed = 11;
  options.threads = threads;
  return count_edge_shares(simulator, options);
}

// A branch ends in a terminal state at most once, by one transition: the
// branches that took a transition into the terminals of an outcome are
// exactly the branches `run_branches` counts in that outcome.
TEST(EdgeShares, TransitionsIntoTheEndingsCountTheOutcomesOfTheSameBranches) {
  for (const char* name : {"all_state_kinds.yaml", "ceasefire_then_referendum.yaml"}) {
    const Scenario scenario = shipped(name);
    const Simulator simulator(scenario);
    const std::uint64_t n = 3 * kChunkBranches + 101;
    const EdgeShares shares = shares_of(simulator, n, 2);
    ASSERT_EQ(shares.branches, n) << name;
    EXPECT_FALSE(shares.partial);
    RunOptions run;
    run.branches = n;
    run.seed = 11;
    const RunResult result = run_branches(simulator, run);

    const auto& states = scenario.process.states;
    const auto& transitions = scenario.process.transitions;
    int compared = 0;
    for (std::size_t o = 0; o + 1 < simulator.outcomes().size(); ++o) {
      const std::string& outcome = simulator.outcomes()[o];
      // An outcome given at the horizon is reached without a transition.
      if (std::any_of(states.begin(), states.end(),
                      [&](const State& s) { return s.horizon_outcome == outcome; }))
        continue;
      std::uint64_t into = 0;
      for (std::size_t t = 0; t < transitions.size(); ++t) {
        const State* to = scenario.state(transitions[t].to);
        if (to && to->kind == StateKind::terminal && to->outcome == outcome)
          into += shares.taken[t];
      }
      EXPECT_EQ(into, result.tally.outcome_count(o)) << name << ": " << outcome;
      ++compared;
    }
    EXPECT_GE(compared, 2) << name;
  }
}

TEST(EdgeShares, AreTheSameForAnyThreadCount) {
  const Simulator simulator(shipped("all_state_kinds.yaml"));
  const EdgeShares one = shares_of(simulator, 2 * kChunkBranches + 7, 1);
  const EdgeShares three = shares_of(simulator, 2 * kChunkBranches + 7, 3);
  EXPECT_EQ(one.taken, three.taken);
  EXPECT_GT(*std::max_element(one.taken.begin(), one.taken.end()), 0u);
  EXPECT_EQ(one.share(0), static_cast<double>(one.taken[0]) / (2 * kChunkBranches + 7));
}

TEST(EdgeShares, StopsOnCancelWithAPrefixOfTheBranches) {
  const Simulator simulator(shipped("all_state_kinds.yaml"));
  const std::atomic<bool> cancel{true};
  RunOptions options;
  options.branches = 5000;
  options.cancel = &cancel;
  const EdgeShares shares = count_edge_shares(simulator, options);
  EXPECT_TRUE(shares.partial);
  EXPECT_EQ(shares.branches, 0u);
  EXPECT_EQ(shares.share(0), 0.0);
}

}  // namespace
}  // namespace negsim
