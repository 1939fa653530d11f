// What the model does, checked on scenarios whose answer is known.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

double agreement_share(const Simulator& sim, int branches) {
  int agreed = 0;
  BranchResult r;
  for (int b = 0; b < branches; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    agreed += sim.outcomes()[static_cast<std::size_t>(r.outcome)] == "agreement";
  }
  return static_cast<double>(agreed) / branches;
}

// A principal whose cost of no deal is `cost` per round; everything else
// about both sides is uncertain.
std::string cost_yaml(double cost) {
  const std::string a = fmt::format(R"(    capability: {{dist: uniform, low: 0.5, high: 1.5}}
    batna: {{dist: uniform, low: 0.2, high: 0.6}}
    costs: {{per_round: {}}}
    patience: {{dist: uniform, low: 2, high: 10}}
    tactic: {{e: {{dist: uniform, low: 0.1, high: 3}}}}
    demands:
      share: {{ideal: 1, red_line: {{dist: uniform, low: 0.2, high: 0.6}}}}
      guarantee: {{ideal: strong, salience: 0.5}})",
                                    cost);
  const std::string b = R"(    capability: {dist: uniform, low: 0.5, high: 1.5}
    batna: {dist: uniform, low: 0.2, high: 0.6}
    costs: {per_round: 0.01}
    patience: {dist: uniform, low: 2, high: 10}
    tactic: {e: {dist: uniform, low: 0.1, high: 3}}
    demands:
      share: {ideal: 0, red_line: {dist: uniform, low: 0.4, high: 0.8}}
      guarantee: {ideal: none, salience: 0.5})";
  return test::two_party_yaml(a, b);
}

TEST(SimulatorBehaviour, RaisingACostPerRoundNeverLowersTheAgreementShare) {
  double previous = -1;
  for (double cost : {0.0, 0.005, 0.01, 0.02, 0.04, 0.08}) {
    const double share = agreement_share(test::simulator_for(cost_yaml(cost)), 2000);
    EXPECT_GE(share, previous) << "cost per round " << cost;
    previous = share;
  }
  // The lever matters: the costliest no-deal gives clearly more agreements.
  EXPECT_GT(agreement_share(test::simulator_for(cost_yaml(0.08)), 2000),
            agreement_share(test::simulator_for(cost_yaml(0.0)), 2000) + 0.05);
}

TEST(SimulatorBehaviour, AnAgreedPackageNeverCrossesARedLine) {
  // Red lines are fixed here so the test can check them; everything else is
  // uncertain, and the mediator pulls towards packages beyond them.
  const std::string a = R"(    capability: {dist: uniform, low: 0.2, high: 2}
    batna: {dist: uniform, low: 0, high: 0.5}
    costs: {per_round: {dist: uniform, low: 0, high: 0.03}}
    patience: {dist: uniform, low: 2, high: 20}
    tactic: {e: {dist: uniform, low: 0.1, high: 4}}
    demands:
      share: {ideal: 1, red_line: 0.45}
      guarantee: {ideal: strong, red_line: weak, salience: {dist: uniform, low: 0, high: 2}})";
  const std::string b = R"(    capability: {dist: uniform, low: 0.2, high: 2}
    batna: {dist: uniform, low: 0, high: 0.5}
    costs: {per_round: {dist: uniform, low: 0, high: 0.03}}
    patience: {dist: uniform, low: 2, high: 20}
    tactic: {e: {dist: uniform, low: 0.1, high: 4}}
    demands:
      share: {ideal: 0, red_line: 0.6}
      guarantee: {ideal: none, salience: {dist: uniform, low: 0, high: 2}})";
  for (const char* rule : {"compromise", "weighted_median", "nash"}) {
    std::string yaml = test::two_party_yaml(a, b);
    yaml.replace(yaml.find("  deadline: 20"), 14,
                 std::string("  deadline: 20\n  proposal_rule: ") + rule);
    const Simulator sim = test::simulator_for(yaml);
    BranchResult r;
    int agreed = 0;
    for (std::uint64_t branch = 0; branch < 3000; ++branch) {
      sim.run_branch(kDefaultSeed, branch, r);
      if (!r.agreed) continue;
      ++agreed;
      ASSERT_GE(r.package[0], 0.45 - 1e-9) << rule << " branch " << branch;
      ASSERT_LE(r.package[0], 0.6 + 1e-9) << rule << " branch " << branch;
      ASSERT_GE(r.package[1], 1) << rule << " branch " << branch;  // at least "weak"
      ASSERT_EQ(r.package[1], std::round(r.package[1]));           // an option
    }
    EXPECT_GT(agreed, 300) << rule;  // the property was exercised
  }
}

TEST(SimulatorBehaviour, EffectsChangeTheParametersFromThenOn) {
  // A dominant mediator all but dictates the proposal; a shock in round 1
  // moves its ideal on the share from 0.5 to 0.8.
  const std::string a = R"(    batna: 0.1
    tactic: conceder
    demands:
      share: {ideal: 1})";
  const std::string b = R"(    batna: 0.1
    tactic: conceder
    demands:
      share: {ideal: 0})";
  std::string yaml = test::two_party_yaml(a, b);
  yaml.replace(yaml.find("capability: 0.5"), 15, "capability: 100");
  const std::string shock = R"(
events:
  - id: new_line
    label: The mediator changes its line
    chance: 1
    effects:
      - {target: parties.m.demands.share.ideal, set: 0.8}
)";
  std::string shocked = yaml;
  shocked.insert(shocked.find("process:"), shock);

  const BranchResult before = test::simulator_for(yaml).run_branch(kDefaultSeed, 0);
  const BranchResult after = test::simulator_for(shocked).run_branch(kDefaultSeed, 0);
  ASSERT_TRUE(before.agreed);
  ASSERT_TRUE(after.agreed);
  EXPECT_NEAR(before.package[0], 0.5, 0.02);
  EXPECT_NEAR(after.package[0], 0.8, 0.02);
  EXPECT_EQ(after.fired, std::vector<std::uint32_t>{1});
  EXPECT_GT(after.utility[0], before.utility[0]);
}

TEST(SimulatorBehaviour, EventsFireOnlyInTheirStates) {
  // Three rounds of prelude, then talks that can never succeed (red lines do
  // not overlap) until the deadline in round 10.
  const std::string a = R"(    patience: 50
    demands:
      share: {ideal: 1, red_line: 0.9})";
  const std::string b = R"(    patience: 50
    demands:
      share: {ideal: 0, red_line: 0.1})";
  const std::string events = R"(
events:
  - {id: in_prelude, label: Prelude noise, chance: 1, states: [prelude], repeats: true}
  - {id: in_talks, label: Talks noise, chance: 1, states: [talks], repeats: true}
  - {id: anywhere, label: Noise, chance: 1, repeats: true}
  - {id: once, label: Once, chance: 1}
)";
  const std::string process = R"(
process:
  initial: prelude
  deadline: 10
  states:
    - {id: prelude, kind: pause, max_rounds: 3}
    - {id: talks, kind: bargaining}
    - {id: breakdown, kind: terminal, outcome: no_deal}
  transitions:
    - {from: prelude, to: talks, on: round_limit}
    - {from: talks, to: breakdown, on: deadline}
)";
  const Simulator sim = test::simulator_for(test::two_party_yaml(a, b, events, process));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "no_deal");
  EXPECT_EQ(r.end_round, 10);
  EXPECT_EQ(r.path, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(r.fired, (std::vector<std::uint32_t>{3, 7, 10, 1}));
}

TEST(SimulatorBehaviour, ShockChancesHoldPerRound) {
  // 30 rounds in a pause state: a repeating event with chance 0.1 fires
  // 30 x 0.1 = 3 times on average; a one-off one fires with 1 - 0.9^30.
  const std::string events = R"(
events:
  - {id: often, label: Often, chance: 0.1, repeats: true}
  - {id: once, label: Once, chance: 0.1}
)";
  const std::string process = R"(
process:
  initial: wait
  states:
    - {id: wait, kind: pause}
    - {id: never, kind: terminal, outcome: never}
  transitions:
    - {from: wait, to: never, event: unused}
)";
  std::string yaml = test::two_party_yaml(test::kPartyA, test::kPartyB, events, process);
  yaml.replace(yaml.find("events:\n"), 8, "events:\n  - {id: unused, label: Unused, chance: 0}\n");
  const Simulator sim = test::simulator_for(yaml);
  const int n = 4000;
  double fired = 0, once = 0;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    EXPECT_EQ(r.outcome, sim.unresolved_outcome());
    fired += r.fired[1];
    once += r.fired[2];
  }
  EXPECT_NEAR(fired / n, 3.0, 4 * std::sqrt(2.7 / n));
  const double p = 1 - std::pow(0.9, 30);
  EXPECT_NEAR(once / n, p, 4 * std::sqrt(p * (1 - p) / n));
}

TEST(SimulatorBehaviour, ChanceStatesResolveAtOnceInProportion) {
  const std::string process = R"(
process:
  initial: coin
  states:
    - {id: coin, kind: chance}
    - {id: heads, kind: terminal, outcome: heads}
    - {id: tails, kind: terminal, outcome: tails}
  transitions:
    - {from: coin, to: heads, probability: 0.3}
    - {from: coin, to: tails, probability: 0.7}
)";
  const Simulator sim =
      test::simulator_for(test::two_party_yaml(test::kPartyA, test::kPartyB, "", process));
  ASSERT_EQ(sim.outcomes(), (std::vector<std::string>{"heads", "tails", "unresolved"}));
  const int n = 4000;
  int heads = 0;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    EXPECT_EQ(r.end_round, 0);
    heads += r.outcome == 0;
  }
  EXPECT_NEAR(heads / double(n), 0.3, 4 * std::sqrt(0.21 / n));
}

TEST(SimulatorBehaviour, ProbabilityEdgesFirePerRound) {
  // Leaving with probability 0.2 per round: P(first round) = 0.2, mean 5.
  const std::string process = R"(
process:
  initial: wait
  states:
    - {id: wait, kind: pause}
    - {id: done, kind: terminal, outcome: done}
  transitions:
    - {from: wait, to: done, probability: 0.2}
)";
  std::string yaml = test::two_party_yaml(test::kPartyA, test::kPartyB, "", process);
  yaml.replace(yaml.find("horizon: 30"), 11, "horizon: 200");
  const Simulator sim = test::simulator_for(yaml);
  const int n = 4000;
  double first = 0, rounds = 0;
  BranchResult r;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    first += r.end_round == 1;
    rounds += r.end_round;
  }
  EXPECT_NEAR(first / n, 0.2, 4 * std::sqrt(0.16 / n));
  EXPECT_NEAR(rounds / n, 5.0, 4 * std::sqrt(20.0 / n));  // geometric: variance (1-p)/p^2
}

TEST(SimulatorBehaviour, AWalkoutComesAfterPatienceRoundsBelowTheBatna) {
  std::string a = test::kPartyA;
  a.replace(a.find("batna: 0.2"), 10, "batna: 0.95");
  a.replace(a.find("per_round: 0.01"), 15, "per_round: 0");
  a.replace(a.find("patience: 5"), 11, "patience: 3");
  const Simulator sim = test::simulator_for(test::two_party_yaml(a, test::kPartyB));
  std::ostringstream trace;
  BranchResult r;
  write_trace(sim, kDefaultSeed, 0, trace, r);
  EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "no_deal");
  EXPECT_EQ(r.end_round, 3);
  EXPECT_FALSE(r.agreed);
  EXPECT_NE(trace.str().find("a walks out"), std::string::npos) << trace.str();
}

TEST(SimulatorBehaviour, AgreementBeatsTheDeadlineInTheSameRound) {
  // Deadline in round 1: t = 1, so both sides are down to their reservation
  // utility and accept the mediator's middle package at once.
  std::string yaml = test::two_party_yaml(test::kPartyA, test::kPartyB);
  yaml.replace(yaml.find("deadline: 20"), 12, "deadline: 1");
  const Simulator sim = test::simulator_for(yaml);
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "agreement");
  EXPECT_EQ(r.end_round, 1);
  EXPECT_EQ(r.agreed_round, 1);
}

TEST(SimulatorBehaviour, RoundLimitAndRejectedMoveTheTalks) {
  // Talks that cannot succeed: each rejection sends them to a one-round
  // pause; the second visit to the talks hits their round limit of 2.
  const std::string a = R"(    patience: 50
    demands:
      share: {ideal: 1, red_line: 0.9})";
  const std::string b = R"(    patience: 50
    demands:
      share: {ideal: 0, red_line: 0.1})";
  const std::string process = R"(
process:
  initial: talks
  states:
    - {id: talks, kind: bargaining, max_rounds: 1}
    - {id: cooling, kind: pause, max_rounds: 1}
    - {id: stalled, kind: terminal, outcome: stalled}
  transitions:
    - {from: talks, to: cooling, on: rejected}
    - {from: talks, to: stalled, on: round_limit}
    - {from: cooling, to: talks, on: round_limit}
)";
  const Simulator sim = test::simulator_for(test::two_party_yaml(a, b, "", process));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  // round_limit outranks rejected, so the first round of talks already stalls.
  EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "stalled");
  EXPECT_EQ(r.end_round, 1);
  EXPECT_EQ(r.path, (std::vector<int>{0, 2}));
}

TEST(SimulatorBehaviour, RejectedAlternatesWithAPause) {
  const std::string a = R"(    patience: 50
    demands:
      share: {ideal: 1, red_line: 0.9})";
  const std::string b = R"(    patience: 50
    demands:
      share: {ideal: 0, red_line: 0.1})";
  const std::string process = R"(
process:
  initial: talks
  deadline: 6
  states:
    - {id: talks, kind: bargaining}
    - {id: cooling, kind: pause, max_rounds: 1}
    - {id: stalled, kind: terminal, outcome: stalled}
  transitions:
    - {from: talks, to: cooling, on: rejected}
    - {from: talks, to: stalled, on: deadline}
    - {from: cooling, to: talks, on: round_limit}
)";
  const Simulator sim = test::simulator_for(test::two_party_yaml(a, b, "", process));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  EXPECT_EQ(r.path, (std::vector<int>{0, 1, 0, 1, 0, 1, 0, 2}));
  EXPECT_EQ(r.end_round, 7);  // round 7 in talks is past the deadline
}

// The round loop looks at a state's edges only when one of its kinds of
// trigger happened this round (simulator.cpp, could_leave). Each kind, as the
// one way out of the talks, must still move them, in the round it happens.
// A new kind of trigger fails the first check until it has a case here.
TEST(SimulatorBehaviour, EveryKindOfTriggerAloneMovesTheTalks) {
  constexpr int kKinds = 7;
  EXPECT_STREQ(to_string(static_cast<Trigger>(kKinds)), "?")
      << "a new kind of trigger: give it a case below";
  // Both sides' red lines leave no common ground, so the talks never agree
  // (but for the `accepted` case, which gives them some).
  const std::string apart = R"(    patience: 50
    costs: {per_round: 0}
    demands:
      share: {ideal: 1, red_line: 0.9})";
  const std::string other = R"(    patience: 50
    costs: {per_round: 0}
    demands:
      share: {ideal: 0, red_line: 0.1})";
  for (int kind = 0; kind < kKinds; ++kind) {
    const auto trigger = static_cast<Trigger>(kind);
    const std::string name = to_string(trigger);
    std::string a = apart, b = other, events, states = "{id: talks, kind: bargaining}",
                edge = "on: " + name, deadline = "30";
    int round = 1;  // the round the trigger happens in
    switch (trigger) {
      case Trigger::accepted:
        a = test::kPartyA;
        b = test::kPartyB;
        deadline = "1";  // t = 1: both accept the mediator's middle package
        break;
      case Trigger::rejected:
        break;
      case Trigger::walkout:
        a.replace(a.find("patience: 50"), 12, "patience: 3\n    batna: 0.95");
        round = 3;
        break;
      case Trigger::round_limit:
        states = "{id: talks, kind: bargaining, max_rounds: 4}";
        round = 4;
        break;
      case Trigger::deadline:
        deadline = "6";
        round = 6;
        break;
      case Trigger::event:
        events = "events:\n  - {id: shock, chance: 1, states: [talks]}";
        edge = "event: shock";
        break;
      case Trigger::probability:
        edge = "probability: 1";
        break;
    }
    const std::string process = fmt::format(R"(
process:
  initial: talks
  deadline: {}
  states:
    - {}
    - {{id: left, kind: terminal, outcome: left}}
  transitions:
    - {{from: talks, to: left, {}}}
)",
                                            deadline, states, edge);
    const Simulator sim = test::simulator_for(test::two_party_yaml(a, b, events, process));
    const BranchResult r = sim.run_branch(kDefaultSeed, 0);
    EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "left") << name;
    EXPECT_EQ(r.end_round, round) << name;
    EXPECT_EQ(r.path, (std::vector<int>{0, 1})) << name;
  }
}

TEST(SimulatorBehaviour, NashFallsBackToCompromiseWhenNoDealBeatsNoDeal) {
  std::string a = test::kPartyA, b = test::kPartyB;
  a.replace(a.find("batna: 0.2"), 10, "batna: 0.9");
  b.replace(b.find("batna: 0.2"), 10, "batna: 0.9");
  std::string yaml = test::two_party_yaml(a, b);
  yaml.replace(yaml.find("  deadline: 20"), 14, "  deadline: 20\n  proposal_rule: nash");
  const Simulator sim = test::simulator_for(yaml);
  std::ostringstream trace;
  BranchResult r;
  write_trace(sim, kDefaultSeed, 0, trace, r);
  EXPECT_NE(trace.str().find("falls back from the Nash rule to the compromise rule"),
            std::string::npos);
}

TEST(Simulator, OutcomesAreTerminalLabelsInFileOrderThenUnresolved) {
  const std::string process = R"(
process:
  initial: talks
  deadline: 10
  states:
    - {id: talks, kind: bargaining}
    - {id: deal, kind: terminal, outcome: agreement}
    - {id: walk, kind: terminal, outcome: no_deal}
    - {id: deal_again, kind: terminal, outcome: agreement}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: walk, on: walkout}
    - {from: talks, to: deal_again, on: deadline}
)";
  std::string yaml = test::two_party_yaml(test::kPartyA, test::kPartyB, "", process);
  const Simulator sim = test::simulator_for(yaml);
  EXPECT_EQ(sim.outcomes(), (std::vector<std::string>{"agreement", "no_deal", "unresolved"}));
  EXPECT_EQ(sim.unresolved_outcome(), 2);
}

TEST(Simulator, RejectsAnUnusableProcess) {
  // The loader already refuses such a file; a Scenario built in code must be
  // refused as well.
  Scenario scenario =
      load_scenario_string(test::two_party_yaml(test::kPartyA, test::kPartyB), "island.yaml");
  State island;
  island.id = "island";
  island.kind = StateKind::terminal;
  island.outcome = "never";
  scenario.process.states.push_back(island);
  try {
    Simulator sim(scenario);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("island"), std::string::npos) << e.what();
  }
}

TEST(Simulator, RejectsAnEffectOnAParameterThatDoesNotExist) {
  const std::string events = R"(
events:
  - id: shock
    label: Shock
    chance: 0.5
    effects:
      - {target: parties.a.batna, add: 0.1}
)";
  Scenario scenario =
      load_scenario_string(test::two_party_yaml(test::kPartyA, test::kPartyB, events), "x.yaml");
  scenario.events[0].effects[0].target = "parties.zz.batna";
  try {
    Simulator sim(scenario);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].path, "events[0].effects[0].target");
    EXPECT_NE(e.diagnostics()[0].message.find("'parties.zz.batna' names no parameter"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace negsim
