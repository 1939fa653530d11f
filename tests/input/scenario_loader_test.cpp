// Round trips: every construct of the scenario language reaches the Scenario
// with the value, key path and position written in the file.
#include <gtest/gtest.h>

#include <cmath>

#include <yaml-cpp/yaml.h>

#include "input/scenario_yaml.hpp"
#include "negsim/input/scenario_loader.hpp"

namespace negsim {
namespace {

const std::string kData = std::string(NEGSIM_SOURCE_DIR) + "/tests/data/";

Scenario every_construct() {
  return load_scenario_file(kData + "good/every_construct.yaml");
}

void expect_fixed(const Uncertain& u, double value, const std::string& path) {
  EXPECT_TRUE(u.is_fixed()) << path;
  EXPECT_EQ(u.fixed_value(), value) << path;
  EXPECT_EQ(u.path, path);
}

TEST(ScenarioLoader, ScenarioBlock) {
  const Scenario s = every_construct();
  EXPECT_EQ(s.id, "every_construct");
  EXPECT_EQ(s.title, "Every construct");
  EXPECT_EQ(s.as_of, "2024-02-29");
  EXPECT_EQ(s.description, "Not a real negotiation.");
  EXPECT_EQ(s.round_label, "week");
  EXPECT_EQ(s.round_days, 7);
  EXPECT_EQ(s.horizon, 40);
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.sources.at("s1"), "A source");
  EXPECT_EQ(s.sources.at("nash1950"), "Nash, J. (1950). The bargaining problem.");
  EXPECT_EQ(s.file, kData + "good/every_construct.yaml");
}

TEST(ScenarioLoader, RoundDefaultsToSevenDayRounds) {
  const Scenario s = load_scenario_file(NEGSIM_SOURCE_DIR "/tests/data/good/minimal.yaml");
  EXPECT_EQ(s.round_label, "round");
  EXPECT_EQ(s.round_days, 7);
  EXPECT_EQ(s.description, "");
  EXPECT_TRUE(s.sources.empty());
  EXPECT_TRUE(s.events.empty());
}

TEST(ScenarioLoader, Issues) {
  const Scenario s = every_construct();
  ASSERT_EQ(s.issues.size(), 4u);
  const Issue& territory = s.issues[0];
  EXPECT_EQ(territory.id, "territory");
  EXPECT_EQ(territory.label, "Share of territory handed over");
  EXPECT_EQ(territory.kind, IssueKind::continuous);
  EXPECT_EQ(territory.low, 0);
  EXPECT_EQ(territory.high, 100);
  EXPECT_EQ(territory.low_label, "none");
  EXPECT_EQ(territory.high_label, "all");
  EXPECT_EQ(territory.unit, "percent");
  EXPECT_EQ(territory.loc.line, 15);
  EXPECT_EQ(territory.loc.column, 5);

  const Issue& guarantees = s.issues[1];
  EXPECT_EQ(guarantees.kind, IssueKind::ordinal);
  EXPECT_EQ(guarantees.options, (std::vector<std::string>{"none", "pledges", "treaty", "troops"}));
  EXPECT_EQ(guarantees.low, 0);
  EXPECT_EQ(guarantees.high, 3);

  const Issue& referendum = s.issues[2];
  EXPECT_EQ(referendum.kind, IssueKind::binary);
  EXPECT_EQ(referendum.label, "referendum");  // defaults to the id
  EXPECT_EQ(referendum.options, (std::vector<std::string>{"no", "yes"}));
  EXPECT_EQ(referendum.high, 1);
  EXPECT_EQ(s.issues[3].options, (std::vector<std::string>{"refused", "granted"}));
}

TEST(ScenarioLoader, DistributionsOfEveryKind) {
  const Scenario s = every_construct();
  const Party& north = s.parties[0];

  const Distribution& capability = north.capability.dist;
  EXPECT_EQ(capability.kind, DistKind::normal);
  EXPECT_EQ(capability.mean, 1);
  EXPECT_EQ(capability.sd, 0.2);
  EXPECT_EQ(capability.min, 0.5);
  EXPECT_EQ(capability.max, 1.5);
  EXPECT_EQ(north.capability.path, "parties.north.capability");
  EXPECT_EQ(north.capability.loc.line, 35);
  EXPECT_EQ(north.capability.loc.column, 17);

  const Distribution& batna = north.batna.dist;
  EXPECT_EQ(batna.kind, DistKind::beta);
  EXPECT_EQ(batna.alpha, 2);
  EXPECT_EQ(batna.beta, 5);
  EXPECT_EQ(batna.low, 0);  // beta defaults to [0, 1]
  EXPECT_EQ(batna.high, 1);
  EXPECT_FALSE(batna.min.has_value());

  const Distribution& cost = north.cost_per_round.dist;
  EXPECT_EQ(cost.kind, DistKind::lognormal);
  EXPECT_EQ(cost.mu, -5);
  EXPECT_EQ(cost.sigma, 0.5);
  EXPECT_EQ(cost.max, 0.05);
  EXPECT_EQ(north.cost_per_round.path, "parties.north.costs.per_round");

  // Discrete values come back in ascending order with their weights.
  const Distribution& patience = north.patience.dist;
  EXPECT_EQ(patience.kind, DistKind::discrete);
  EXPECT_EQ(patience.values, (std::vector<double>{4, 8, 12}));
  EXPECT_EQ(patience.weights, (std::vector<double>{2, 1, 1}));

  const Distribution& e = north.tactic.e.dist;
  EXPECT_EQ(e.kind, DistKind::triangular);
  EXPECT_EQ(e.low, 0.1);
  EXPECT_EQ(e.mode, 0.3);
  EXPECT_EQ(e.high, 0.9);
  EXPECT_EQ(north.tactic.e.path, "parties.north.tactic.e");
  expect_fixed(north.tactic.k, 0.1, "parties.north.tactic.k");
  EXPECT_EQ(north.tactic.name, "");

  const Distribution& red_line = north.demands[0].red_line->dist;
  EXPECT_EQ(red_line.kind, DistKind::uniform);
  EXPECT_EQ(red_line.low, 10);
  EXPECT_EQ(red_line.high, 30);
}

TEST(ScenarioLoader, PartiesAndDefaults) {
  const Scenario s = every_construct();
  ASSERT_EQ(s.parties.size(), 4u);
  const Party& north = s.parties[0];
  EXPECT_EQ(north.id, "north");
  EXPECT_EQ(north.name, "North");
  EXPECT_EQ(north.role, Role::principal);
  EXPECT_EQ(north.loc.line, 32);
  EXPECT_EQ(north.loc.column, 5);

  const Party& south = s.parties[1];
  EXPECT_EQ(south.name, "south");  // defaults to the id
  expect_fixed(south.capability, 1, "parties.south.capability");
  EXPECT_EQ(south.capability.loc.line, 0);  // not written in the file
  expect_fixed(south.batna, 0.3, "parties.south.batna");
  expect_fixed(south.cost_per_round, -0.002, "parties.south.costs.per_round");
  expect_fixed(south.patience, 6, "parties.south.patience");

  const Party& broker = s.parties[2];
  EXPECT_EQ(broker.role, Role::mediator);
  expect_fixed(broker.capability, 2, "parties.broker.capability");
  expect_fixed(broker.batna, 0, "parties.broker.batna");
  expect_fixed(broker.cost_per_round, 0, "parties.broker.costs.per_round");
  expect_fixed(broker.patience, 40, "parties.broker.patience");  // the horizon

  const Party& watcher = s.parties[3];
  EXPECT_EQ(watcher.role, Role::observer);
  EXPECT_TRUE(watcher.demands.empty());
}

TEST(ScenarioLoader, NamedTactics) {
  const Scenario s = every_construct();
  const auto expect_tactic = [](const Party& p, const std::string& name, double e) {
    EXPECT_EQ(p.tactic.name, name) << p.id;
    expect_fixed(p.tactic.e, e, "parties." + p.id + ".tactic.e");
    expect_fixed(p.tactic.k, 0, "parties." + p.id + ".tactic.k");
  };
  expect_tactic(s.parties[1], "hardliner", 0.05);
  expect_tactic(s.parties[2], "conceder", 2);
  expect_tactic(s.parties[3], "boulware", 0.2);
  const Scenario minimal = load_scenario_file(kData + "good/minimal.yaml");
  expect_tactic(minimal.parties[0], "linear", 1);  // the default
}

TEST(ScenarioLoader, DemandsOnEveryKindOfIssue) {
  const Scenario s = every_construct();
  const Party& north = s.parties[0];
  ASSERT_EQ(north.demands.size(), 3u);

  const Demand& territory = north.demands[0];
  EXPECT_EQ(territory.issue, "territory");
  expect_fixed(territory.ideal, 0, "parties.north.demands.territory.ideal");
  EXPECT_EQ(territory.red_line->path, "parties.north.demands.territory.red_line");
  expect_fixed(territory.salience, 2, "parties.north.demands.territory.salience");
  EXPECT_EQ(territory.ideal.loc.line, 41);
  EXPECT_EQ(territory.ideal.loc.column, 26);

  // Ordinal and binary demands hold option indices.
  const Demand& guarantees = north.demands[1];
  expect_fixed(guarantees.ideal, 3, "parties.north.demands.guarantees.ideal");
  expect_fixed(*guarantees.red_line, 2, "parties.north.demands.guarantees.red_line");
  expect_fixed(guarantees.salience, 1, "parties.north.demands.guarantees.salience");

  const Demand& referendum = north.demands[2];
  expect_fixed(referendum.ideal, 1, "parties.north.demands.referendum.ideal");         // yes
  expect_fixed(*referendum.red_line, 0, "parties.north.demands.referendum.red_line");  // false

  const Demand& amnesty = *s.parties[1].demand("amnesty");
  expect_fixed(amnesty.ideal, 1, "parties.south.demands.amnesty.ideal");
  expect_fixed(*amnesty.red_line, 0, "parties.south.demands.amnesty.red_line");
  EXPECT_FALSE(s.parties[1].demand("guarantees")->red_line.has_value());
}

TEST(ScenarioLoader, EventsAndEffects) {
  const Scenario s = every_construct();
  ASSERT_EQ(s.events.size(), 2u);
  const Event& offensive = s.events[0];
  EXPECT_EQ(offensive.id, "offensive");
  EXPECT_EQ(offensive.label, "A major offensive");
  EXPECT_EQ(offensive.chance.dist.kind, DistKind::beta);
  EXPECT_EQ(offensive.chance.dist.high, 0.2);
  EXPECT_EQ(offensive.chance.path, "events.offensive.chance");
  EXPECT_EQ(offensive.states, (std::vector<std::string>{"talks", "pause"}));
  EXPECT_TRUE(offensive.repeats);

  ASSERT_EQ(offensive.effects.size(), 12u);
  const auto expect_effect = [&](std::size_t i, const std::string& target, EffectOp op,
                                 std::optional<double> value) {
    const Effect& e = offensive.effects[i];
    EXPECT_EQ(e.target, target) << i;
    EXPECT_EQ(e.op, op) << i;
    EXPECT_EQ(e.value.path, "events.offensive.effects[" + std::to_string(i) + "]." + to_string(op));
    if (value) {
      EXPECT_TRUE(e.value.is_fixed()) << i;
      EXPECT_EQ(e.value.fixed_value(), *value) << i;
    }
  };
  expect_effect(0, "parties.north.batna", EffectOp::add, -0.05);
  expect_effect(1, "parties.south.capability", EffectOp::multiply, 1.2);
  expect_effect(2, "parties.north.demands.guarantees.red_line", EffectOp::set, 1);  // pledges
  expect_effect(3, "parties.north.demands.guarantees.ideal", EffectOp::add, -1);
  expect_effect(4, "parties.north.demands.territory.red_line", EffectOp::set, std::nullopt);
  EXPECT_EQ(offensive.effects[4].value.dist.kind, DistKind::uniform);
  expect_effect(5, "parties.south.costs.per_round", EffectOp::set, 0.01);
  expect_effect(6, "parties.south.patience", EffectOp::add, 2);
  expect_effect(7, "parties.north.tactic.e", EffectOp::multiply, 2);
  expect_effect(8, "parties.north.tactic.k", EffectOp::set, 0.5);
  expect_effect(9, "parties.south.demands.amnesty.salience", EffectOp::multiply, 0.5);
  expect_effect(10, "events.summit.chance", EffectOp::set, 0.3);
  // set may give a demand the red line it did not have.
  expect_effect(11, "parties.south.demands.guarantees.red_line", EffectOp::set, 1);
  EXPECT_EQ(offensive.effects[0].loc.line, 72);

  const Event& summit = s.events[1];
  EXPECT_EQ(summit.label, "summit");
  EXPECT_TRUE(summit.states.empty());  // every non-terminal state
  EXPECT_FALSE(summit.repeats);
  EXPECT_TRUE(summit.effects.empty());
}

TEST(ScenarioLoader, Process) {
  const Scenario s = every_construct();
  const Process& p = s.process;
  EXPECT_EQ(p.initial, "talks");
  ASSERT_TRUE(p.deadline.has_value());
  expect_fixed(*p.deadline, 30, "process.deadline");
  EXPECT_EQ(p.proposal_rule, ProposalRule::weighted_median);
  ASSERT_EQ(p.states.size(), 5u);
  EXPECT_EQ(p.states[0].kind, StateKind::bargaining);
  EXPECT_EQ(p.states[0].label, "Talks");
  ASSERT_TRUE(p.states[0].max_rounds.has_value());
  expect_fixed(*p.states[0].max_rounds, 20, "process.states.talks.max_rounds");
  EXPECT_EQ(p.states[0].proposal_rule, ProposalRule::nash);
  EXPECT_EQ(p.states[1].kind, StateKind::pause);
  EXPECT_EQ(p.states[1].label, "pause");
  EXPECT_FALSE(p.states[1].proposal_rule.has_value());
  EXPECT_EQ(p.states[2].kind, StateKind::chance);
  EXPECT_FALSE(p.states[2].max_rounds.has_value());
  EXPECT_EQ(p.states[3].kind, StateKind::terminal);
  EXPECT_EQ(p.states[3].outcome, "agreement");
  EXPECT_EQ(p.states[4].outcome, "no_deal");

  ASSERT_EQ(p.transitions.size(), 11u);
  const std::vector<Trigger> triggers = {
      Trigger::accepted,    Trigger::rejected,    Trigger::walkout,     Trigger::round_limit,
      Trigger::deadline,    Trigger::event,       Trigger::probability, Trigger::event,
      Trigger::round_limit, Trigger::probability, Trigger::probability};
  for (std::size_t i = 0; i < triggers.size(); ++i)
    EXPECT_EQ(p.transitions[i].trigger, triggers[i]) << i;
  EXPECT_EQ(p.transitions[5].event, "offensive");
  EXPECT_EQ(p.transitions[7].event, "summit");
  const Transition& reopen = p.transitions[6];
  EXPECT_EQ(reopen.from, "pause");
  EXPECT_EQ(reopen.to, "talks");
  EXPECT_EQ(reopen.probability.dist.kind, DistKind::uniform);
  EXPECT_EQ(reopen.probability.path, "process.transitions.pause->talks.probability");
  expect_fixed(p.transitions[9].probability, 0.7, "process.transitions.vote->deal.probability");
  EXPECT_EQ(p.transitions[9].loc.line, 107);
  EXPECT_EQ(p.transitions[9].loc.column, 7);
}

TEST(ScenarioLoader, ProposalRuleDefaultsToCompromise) {
  const Scenario s = load_scenario_file(kData + "good/minimal.yaml");
  EXPECT_EQ(s.process.proposal_rule, ProposalRule::compromise);
  EXPECT_FALSE(s.process.deadline.has_value());
}

TEST(ScenarioLoader, ShippedExampleLoads) {
  const Scenario s = load_scenario_file(NEGSIM_SOURCE_DIR "/scenarios/examples/split_the_pie.yaml");
  EXPECT_EQ(s.id, "split_the_pie");
  EXPECT_EQ(s.round_label, "day");
  EXPECT_EQ(s.round_days, 1);
  EXPECT_EQ(s.parties[1].tactic.name, "boulware");
  EXPECT_EQ(s.parties[1].capability.dist.kind, DistKind::uniform);
  EXPECT_EQ(s.events[0].effects[0].target, "parties.b.batna");
  EXPECT_EQ(s.process.transitions.size(), 3u);
}

TEST(ScenarioLoader, Sha256OfTheFileBytes) {
  // Reference digest from an independent implementation (Python hashlib).
  const std::string minimal =
      "scenario: {id: m, title: M, as_of: 2026-01-01, horizon: 3}\n"
      "issues: [{id: x, kind: binary}]\n"
      "parties: [{id: a, role: principal, demands: {x: {ideal: yes}}}]\n"
      "process:\n"
      "  initial: t\n"
      "  states: [{id: t, kind: bargaining}, {id: d, kind: terminal, outcome: deal}]\n"
      "  transitions: [{from: t, to: d, on: accepted}]\n";
  const Scenario s = load_scenario_string(minimal, "inline.yaml");
  EXPECT_EQ(s.sha256, "5e6970b03e6dc6ff2ccb4615049a132cca105c526e72699c0584e87d39983330");
  EXPECT_EQ(s.file, "inline.yaml");
}

TEST(ScenarioLoader, Utf8ByteOrderMarkIsAccepted) {
  const std::string text =
      "\xEF\xBB\xBF"
      "scenario: {id: m, title: M, as_of: 2026-01-01, horizon: 3}\n"
      "issues: [{id: x, kind: binary}]\n"
      "parties: [{id: a, role: principal, demands: {x: {ideal: yes}}}]\n"
      "process:\n"
      "  initial: t\n"
      "  states: [{id: t, kind: bargaining}, {id: d, kind: terminal, outcome: deal}]\n"
      "  transitions: [{from: t, to: d, on: accepted}]\n";
  EXPECT_EQ(load_scenario_string(text).id, "m");
}

TEST(ScenarioLoader, ValidatesAnAlreadyParsedTree) {
  // The entry point for callers that change the tree first (extends, overrides).
  YAML::Node root = YAML::LoadFile(kData + "good/minimal.yaml");
  root["scenario"]["horizon"] = 0;
  std::vector<Diagnostic> diagnostics;
  scenario_from_yaml(root, "changed.yaml", diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, "changed.yaml");
  EXPECT_EQ(diagnostics[0].line, 0);  // the new value has no place in any file
  EXPECT_EQ(diagnostics[0].path, "scenario.horizon");
  EXPECT_EQ(diagnostics[0].message, "expected a whole number from 1 to 10000, got 0");
}

}  // namespace
}  // namespace negsim
