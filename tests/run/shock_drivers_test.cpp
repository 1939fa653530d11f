// The key drivers: the paired effect of each shock against the scenario with
// the shock made impossible. A shock without effect gets exactly zero even
// where the associational table (summary.shocks) shows a clear difference;
// a shock with a closed-form effect gets it inside its interval; and the
// result does not depend on the number of threads.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/summary_json.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/shock_drivers.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {
namespace {

std::string driver_data(const std::string& name) {
  return std::string(NEGSIM_SOURCE_DIR) + "/tests/data/" + name;
}

#if defined(NEGSIM_TSAN) || defined(NEGSIM_ASAN)
constexpr std::uint64_t kDriverBranches = 5000;
#else
constexpr std::uint64_t kDriverBranches = 20000;
#endif

RunOptions driver_options(std::uint64_t branches, int threads = 2) {
  RunOptions o;
  o.branches = branches;
  o.seed = 11;
  o.threads = threads;
  return o;
}

const DriverEffect& effect_on(const ShockDriver& d, const std::string& outcome) {
  for (const DriverEffect& e : d.outcomes)
    if (e.outcome == outcome) return e;
  throw std::runtime_error("no outcome " + outcome);
}

TEST(WithoutEvent, MakesTheEventImpossibleAndDropsEffectsThatWouldRaiseItsChance) {
  const Scenario s = load_scenario_string(R"(
scenario: {id: t, title: T, as_of: 2026-01-01, horizon: 5}
issues:
  - {id: share, label: Share, kind: continuous, range: {low: 0, high: 1}}
parties:
  - {id: a, name: A, role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 1}}}
  - {id: b, name: B, role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 0}}}
events:
  - id: x
    label: X
    chance: {dist: uniform, low: 0.1, high: 0.3}
  - id: y
    label: Y
    chance: 0.5
    effects:
      - {target: events.x.chance, set: 0.9}
      - {target: parties.a.batna, add: 0.1}
process:
  initial: talks
  states:
    - {id: talks, kind: pause, max_rounds: 3}
    - {id: end, kind: terminal, outcome: end}
  transitions:
    - {from: talks, to: end, on: round_limit}
)");
  const Scenario v = without_event(s, "x");
  ASSERT_EQ(v.events.size(), 2u);
  EXPECT_TRUE(v.events[0].chance.is_fixed());
  EXPECT_EQ(v.events[0].chance.fixed_value(), 0.0);
  EXPECT_EQ(v.events[0].chance.path, s.events[0].chance.path);  // keys the same stream
  ASSERT_EQ(v.events[1].effects.size(), 1u);
  EXPECT_EQ(v.events[1].effects[0].target, "parties.a.batna");
  EXPECT_FALSE(s.events[0].chance.is_fixed());  // the base is not touched
  EXPECT_THROW(without_event(s, "z"), std::invalid_argument);
}

TEST(ShockDrivers, AShockWithoutEffectGetsExactlyZeroWhereTheAssociationIsNotZero) {
  const Simulator sim(load_scenario_file(driver_data("shock_drivers/idle_shock.yaml")));
  const RunOptions o = driver_options(kDriverBranches);

  // The associational table: "late" is far more common where the shock fired,
  // only because late branches had more weeks for it to fire in.
  const RunResult run = run_branches(sim, o);
  const Summary summary = summarise(sim.scenario(), sim.outcomes(), run.tally, Provenance{});
  ASSERT_EQ(summary.shocks.size(), 1u);
  ASSERT_FALSE(summary.shocks[0].effects.empty());
  const ShockEffect& late_association = summary.shocks[0].effects[1];
  ASSERT_EQ(late_association.outcome, "late");
  EXPECT_GT(late_association.difference, 0.1);
  EXPECT_GT(late_association.ci95.low, 0.0);

  const ShockDriversResult r = shock_drivers(sim, o);
  EXPECT_FALSE(r.partial);
  ASSERT_EQ(r.drivers.size(), 1u);
  const ShockDriver& d = r.drivers[0];
  EXPECT_EQ(d.id, "noise");
  EXPECT_EQ(d.label, "Noise");
  EXPECT_EQ(d.branches, kDriverBranches);
  EXPECT_EQ(d.changed_branches, 0u);
  ASSERT_EQ(d.outcomes.size(), sim.outcomes().size());
  for (const DriverEffect& e : d.outcomes) {
    EXPECT_EQ(e.difference, 0.0) << e.outcome;
    EXPECT_EQ(e.ci95.low, 0.0) << e.outcome;
    EXPECT_EQ(e.ci95.high, 0.0) << e.outcome;
    EXPECT_EQ(e.probability, e.probability_without) << e.outcome;
  }
  // The probabilities as written are the run's own.
  EXPECT_EQ(effect_on(d, "late").probability, summary.outcomes[1].probability);
}

TEST(ShockDrivers, AShockThatEndsTheTalksHasItsClosedFormEffectInsideTheInterval) {
  const Simulator sim(load_scenario_file(driver_data("shock_drivers/trigger_shock.yaml")));
  const ShockDriversResult r = shock_drivers(sim, driver_options(kDriverBranches));
  ASSERT_EQ(r.drivers.size(), 1u);
  const ShockDriver& d = r.drivers[0];
  const double expected = 1 - std::pow(0.8, 5);  // P(deal) with the shock; 0 without it
  const DriverEffect& deal = effect_on(d, "deal");
  EXPECT_EQ(deal.probability_without, 0.0);
  EXPECT_LE(deal.ci95.low, expected);
  EXPECT_GE(deal.ci95.high, expected);
  // Without the shock no branch ends in a deal, so the paired differences are
  // 0/1 draws with mean p: the interval is the binomial one, about
  // ±1.96 sqrt(p(1 − p)/n) (the sanitizer builds run fewer branches).
  const double half_width = 1.96 * std::sqrt(expected * (1 - expected) / kDriverBranches);
  EXPECT_NEAR(deal.ci95.high - deal.ci95.low, 2 * half_width, 0.1 * half_width);
  const DriverEffect& stalemate = effect_on(d, "stalemate");
  EXPECT_EQ(stalemate.probability_without, 1.0);
  EXPECT_LE(stalemate.ci95.low, -expected);
  EXPECT_GE(stalemate.ci95.high, -expected);
  // Every deal is a branch the shock changed (stalemate without it).
  EXPECT_EQ(static_cast<double>(d.changed_branches), deal.probability * kDriverBranches);
}

TEST(ShockDrivers, SortsByTheEffectOnTheMostLikelyOutcomeAndIgnoresThreads) {
  const Simulator sim(load_scenario_file(driver_data("runner/busy_talks.yaml")));
  const ShockDriversResult one = shock_drivers(sim, driver_options(kDriverBranches / 4, 1));
  const ShockDriversResult two = shock_drivers(sim, driver_options(kDriverBranches / 4, 2));
  ASSERT_EQ(one.drivers.size(), sim.scenario().events.size());
  EXPECT_TRUE(one.drivers == two.drivers);

  const RunResult run = run_branches(sim, driver_options(kDriverBranches / 4));
  const Summary summary = summarise(sim.scenario(), sim.outcomes(), run.tally, Provenance{});
  const std::string& top = summary.outcomes[summary.most_likely()].id;
  for (std::size_t i = 1; i < one.drivers.size(); ++i)
    EXPECT_GE(std::abs(effect_on(one.drivers[i - 1], top).difference),
              std::abs(effect_on(one.drivers[i], top).difference));
}

TEST(ShockDrivers, StopsWhenCancelledAndSaysSo) {
  const Simulator sim(load_scenario_file(driver_data("runner/busy_talks.yaml")));
  std::atomic<bool> cancel{true};
  RunOptions o = driver_options(kDriverBranches);
  o.cancel = &cancel;
  const ShockDriversResult r = shock_drivers(sim, o);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(r.drivers.empty());
}

TEST(ShockDrivers, KeepsTheShocksComparedBeforeACancel) {
  const Simulator sim(load_scenario_file(driver_data("runner/busy_talks.yaml")));
  std::atomic<bool> cancel{false};
  RunOptions o = driver_options(3000);
  o.cancel = &cancel;
  std::vector<std::string> started;
  const ShockDriversResult r =
      shock_drivers(sim, o, [&](std::size_t i, std::size_t n, const Event& e) {
        EXPECT_EQ(n, 2u);
        EXPECT_EQ(i, started.size());
        started.push_back(e.id);
        if (i == 1) cancel = true;  // Ctrl-C as the second comparison starts
      });
  EXPECT_EQ(started, (std::vector<std::string>{"strike", "summit"}));
  EXPECT_TRUE(r.partial);
  ASSERT_EQ(r.drivers.size(), 1u);  // the second ran no branch: left out
  EXPECT_EQ(r.drivers[0].id, "strike");
  EXPECT_EQ(r.drivers[0].branches, 3000u);
}

TEST(ShockDrivers, RoundTripThroughSummaryJson) {
  const Simulator sim(load_scenario_file(driver_data("shock_drivers/trigger_shock.yaml")));
  const RunResult run = run_branches(sim, driver_options(2000));
  Summary summary = summarise(sim.scenario(), sim.outcomes(), run.tally, Provenance{});
  EXPECT_FALSE(to_json(summary).contains("drivers"));  // only when asked for
  EXPECT_FALSE(summary_from_json(to_json(summary)).drivers.has_value());
  summary.drivers = shock_drivers(sim, driver_options(2000)).drivers;
  const nlohmann::json j = to_json(summary);
  ASSERT_TRUE(j.contains("drivers"));
  EXPECT_EQ(j["drivers"][0]["id"], "breakthrough");
  EXPECT_EQ(j["drivers"][0]["outcomes"][0]["id"], "deal");
  EXPECT_TRUE(j["drivers"][0]["outcomes"][0]["ci95"].is_array());
  EXPECT_TRUE(summary_from_json(j) == summary);
}

}  // namespace
}  // namespace negsim
