// One branch is a pure function of (scenario, seed, branch index).
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "model/compiled_scenario.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

bool same(const BranchResult& a, const BranchResult& b) {
  return a.outcome == b.outcome && a.end_round == b.end_round && a.agreed == b.agreed &&
         a.agreed_round == b.agreed_round && a.package == b.package && a.utility == b.utility &&
         a.path == b.path && a.fired == b.fired;
}

const std::string kUncertainEvents = R"(
events:
  - id: pressure
    label: Pressure on B
    chance: {dist: uniform, low: 0.05, high: 0.2}
    repeats: true
    effects:
      - {target: parties.b.costs.per_round, add: {dist: uniform, low: 0, high: 0.01}}
  - id: sweetener
    label: A sweetener for A
    chance: 0.1
    effects:
      - {target: parties.a.demands.share.red_line, add: -0.1}
)";

std::string uncertain_yaml() {
  const std::string a = R"(    capability: {dist: uniform, low: 0.5, high: 1.5}
    batna: {dist: triangular, low: 0.1, mode: 0.2, high: 0.4}
    costs: {per_round: 0.01}
    patience: {dist: discrete, values: [3, 5, 8], weights: [1, 1, 1]}
    tactic: {e: {dist: uniform, low: 0.2, high: 2}}
    demands:
      share: {ideal: 1, red_line: {dist: uniform, low: 0.2, high: 0.5}}
      guarantee: {ideal: strong, red_line: weak, salience: 0.5})";
  return test::two_party_yaml(a, test::kPartyB, kUncertainEvents);
}

TEST(SimulatorDeterminism, WithoutUncertaintyEveryBranchIsTheSame) {
  const Simulator sim = test::simulator_for(test::two_party_yaml(test::kPartyA, test::kPartyB));
  const BranchResult first = sim.run_branch(kDefaultSeed, 0);
  EXPECT_TRUE(first.agreed);
  for (std::uint64_t b : {1u, 2u, 17u, 999u, 123456u}) {
    EXPECT_TRUE(same(first, sim.run_branch(kDefaultSeed, b))) << "branch " << b;
    EXPECT_TRUE(same(first, sim.run_branch(42, b))) << "seed 42, branch " << b;
  }
}

TEST(SimulatorDeterminism, WithUncertaintyBranchesDiffer) {
  const Simulator sim = test::simulator_for(uncertain_yaml());
  const BranchResult first = sim.run_branch(kDefaultSeed, 0);
  int differ = 0;
  for (std::uint64_t b = 1; b < 50; ++b) differ += !same(first, sim.run_branch(kDefaultSeed, b));
  EXPECT_GT(differ, 40);
}

TEST(SimulatorDeterminism, ABranchIsTheSameAloneOrAfterOthers) {
  const Simulator sim = test::simulator_for(uncertain_yaml());
  const Simulator other = test::simulator_for(test::two_party_yaml(test::kPartyA, test::kPartyB));
  std::vector<BranchResult> alone;
  for (std::uint64_t b = 0; b < 40; ++b) {
    const Simulator fresh = test::simulator_for(uncertain_yaml());
    alone.push_back(fresh.run_branch(kDefaultSeed, b));
  }
  // The same branches in reverse order, interleaved with another scenario's
  // branches on the same thread, reusing one result object.
  BranchResult reused;
  for (std::uint64_t b = 40; b-- > 0;) {
    other.run_branch(7, b + 1000, reused);
    sim.run_branch(kDefaultSeed, b, reused);
    EXPECT_TRUE(same(alone[b], reused)) << "branch " << b;
  }
}

// Nash with three principals starts each round from the round before's
// solution (nash.hpp): nothing of it may pass from one branch to the next.
TEST(SimulatorDeterminism, ANashBranchIsTheSameInAnyOrder) {
  const Simulator sim(
      load_scenario_file(std::string(NEGSIM_SOURCE_DIR) + "/scenarios/history/dayton_1995.yaml"));
  ASSERT_EQ(sim.compiled().principals.size(), 3u);
  std::vector<BranchResult> forward(40);
  for (std::uint64_t b = 0; b < 40; ++b) sim.run_branch(kDefaultSeed, b, forward[b]);
  int agreed = 0;
  BranchResult reused;
  for (std::uint64_t b = 40; b-- > 0;) {
    sim.run_branch(kDefaultSeed, b, reused);
    EXPECT_TRUE(same(forward[b], reused)) << "branch " << b;
    agreed += reused.agreed;
  }
  EXPECT_GT(agreed, 10);  // packages to compare
}

TEST(SimulatorDeterminism, TraceTellsTheSameBranchEveryTime) {
  const Simulator sim = test::simulator_for(uncertain_yaml());
  for (std::uint64_t b : {0u, 3u, 11u}) {
    std::ostringstream first, second;
    BranchResult traced, again;
    write_trace(sim, kDefaultSeed, b, first, traced);
    write_trace(sim, kDefaultSeed, b, second, again);
    EXPECT_EQ(first.str(), second.str());
    EXPECT_TRUE(same(traced, again));
    // Tracing does not change the branch.
    EXPECT_TRUE(same(traced, sim.run_branch(kDefaultSeed, b))) << "branch " << b;
  }
}

TEST(SimulatorDeterminism, SeedChangesTheDraws) {
  const Simulator sim = test::simulator_for(uncertain_yaml());
  int differ = 0;
  for (std::uint64_t b = 0; b < 30; ++b)
    differ += !same(sim.run_branch(1, b), sim.run_branch(2, b));
  EXPECT_GT(differ, 20);
}

}  // namespace
}  // namespace negsim
