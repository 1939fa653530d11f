// --set KEY_PATH=VALUE on the YAML tree: resolution by id and index, what
// may be created, the errors an analyst sees, and attribution of validation
// messages to the override that caused them.
#include <gtest/gtest.h>

#include "input/scenario_compose.hpp"
#include "input/scenario_overrides.hpp"

namespace negsim {
namespace {

const char* kTalks = R"(scenario:
  id: talks
  horizon: 20
issues:
  - id: donetsk
    kind: continuous
    range: {low: 0, high: 1}
parties:
  - id: ukraine
    batna: 0.3
    demands:
      donetsk: {ideal: 0, salience: 1}
  - id: russia
    batna: 0.4
    costs: {per_round: 0.01}
    tactic: boulware
    demands:
      donetsk: {ideal: 1, red_line: 0.8}
events:
  - id: energy_strikes
    chance: 0.1
process:
  initial: talks
  states:
    - {id: talks, kind: bargaining, max_rounds: 10}
    - {id: deal, kind: terminal, outcome: agreement}
  transitions:
    - {from: talks, to: deal, on: accepted}
)";

struct Applied {
  YAML::Node root;
  std::vector<Override> overrides;
  std::vector<Diagnostic> diagnostics;
};

Applied apply(const std::vector<std::string>& overrides, const char* text = kTalks) {
  Applied a;
  a.root = YAML::Load(text);
  a.overrides = apply_overrides(a.root, overrides, a.diagnostics);
  return a;
}

std::string only_message(const Applied& a) {
  EXPECT_EQ(a.diagnostics.size(), 1u);
  return a.diagnostics.empty() ? std::string() : a.diagnostics.front().to_string();
}

TEST(ApplyOverrides, NamesListItemsByIdAndRecordsTheIndexPath) {
  const auto a = apply({"parties.russia.costs.per_round=0.05", "events.energy_strikes.chance=0.3",
                        "process.states.talks.max_rounds=4", "scenario.horizon=30"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  ASSERT_EQ(a.overrides.size(), 4u);
  EXPECT_EQ(a.overrides[0].resolved, "parties[1].costs.per_round");
  EXPECT_EQ(a.overrides[1].resolved, "events[0].chance");
  EXPECT_EQ(a.overrides[2].resolved, "process.states[0].max_rounds");
  EXPECT_EQ(a.overrides[3].resolved, "scenario.horizon");
  EXPECT_EQ(a.root["parties"][1]["costs"]["per_round"].as<double>(), 0.05);
  EXPECT_EQ(a.root["events"][0]["chance"].as<double>(), 0.3);
  EXPECT_EQ(a.root["process"]["states"][0]["max_rounds"].as<int>(), 4);
  EXPECT_EQ(a.root["scenario"]["horizon"].as<int>(), 30);
}

TEST(ApplyOverrides, AcceptsListIndicesAndMapKeysUnderItems) {
  const auto a = apply({"parties[1].batna=0.25", "parties.ukraine.demands.donetsk.ideal=0.1",
                        "process.transitions[0].to=talks"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.overrides[0].resolved, "parties[1].batna");
  EXPECT_EQ(a.overrides[1].resolved, "parties[0].demands.donetsk.ideal");
  EXPECT_EQ(a.overrides[2].resolved, "process.transitions[0].to");
  EXPECT_EQ(a.root["parties"][1]["batna"].as<double>(), 0.25);
  EXPECT_EQ(a.root["process"]["transitions"][0]["to"].as<std::string>(), "talks");
}

// Transitions have no ids: they are named by the states they join, as
// parameter key paths, reports and `negsim trace` name them.
const char* kTransitions = R"(process:
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: breakdown, on: walkout}
    - {from: talks, to: breakdown, on: deadline}
    - {from: pause, to: talks, probability: 0.1}
    - {from: pause, to: breakdown, probability: 0.02}
    - {from: pause, to: breakdown, on: round_limit}
)";

TEST(ApplyOverrides, NamesATransitionByTheStatesItJoins) {
  const auto a = apply({"process.transitions[pause->talks].probability=0.3",
                        "process.transitions.pause->talks.probability=0.4",
                        "process.transitions[talks->deal].on=walkout"},
                       kTransitions);
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.overrides[0].resolved, "process.transitions[3].probability");
  EXPECT_EQ(a.overrides[1].resolved, "process.transitions[3].probability");
  EXPECT_EQ(a.overrides[2].resolved, "process.transitions[0].on");
  EXPECT_EQ(a.root["process"]["transitions"][3]["probability"].as<double>(), 0.4);
  EXPECT_EQ(a.root["process"]["transitions"][0]["on"].as<std::string>(), "walkout");
}

TEST(ApplyOverrides, OfTwoTransitionsBetweenTheSameStatesTheKeyThatFollowsPicksOne) {
  // pause -> breakdown is a chance per round and a round limit: only one has a probability.
  const auto a = apply({"process.transitions[pause->breakdown].probability=0.05"}, kTransitions);
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.overrides[0].resolved, "process.transitions[4].probability");
  EXPECT_EQ(
      only_message(apply({"process.transitions[talks->breakdown].on=accepted"}, kTransitions)),
      "--set process.transitions[talks->breakdown].on=accepted: error: 'process.transitions' "
      "has 2 transitions from 'talks' to 'breakdown' (process.transitions[1] on walkout, "
      "process.transitions[2] on deadline); name one by its position");
}

TEST(ApplyOverrides, AnUnknownTransitionListsTheTransitionsThereAre) {
  EXPECT_EQ(
      only_message(apply({"process.transitions[talks->dael].probability=0.1"}, kTransitions)),
      "--set process.transitions[talks->dael].probability=0.1: error: 'process.transitions' has "
      "no transition from 'talks' to 'dael' (did you mean 'talks->deal'?); its transitions are "
      "talks->deal, talks->breakdown, pause->talks, pause->breakdown");
  EXPECT_EQ(only_message(apply({"process.transitions[talks->].probability=0.1"}, kTransitions)),
            "--set process.transitions[talks->].probability=0.1: error: 'talks->' names no "
            "transition; name one by the states it joins, e.g. "
            "process.transitions[talks->deal]");
}

TEST(ApplyOverrides, NamesAListItemByItsIdInBracketsToo) {
  const auto a = apply({"parties[russia].batna=0.45", "events[energy_strikes].chance=0.2",
                        "parties[ukraine].demands.donetsk.ideal=0.1"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.overrides[0].resolved, "parties[1].batna");
  EXPECT_EQ(a.overrides[1].resolved, "events[0].chance");
  EXPECT_EQ(a.overrides[2].resolved, "parties[0].demands.donetsk.ideal");
  EXPECT_EQ(a.root["parties"][1]["batna"].as<double>(), 0.45);
  EXPECT_EQ(only_message(apply({"parties[rusia].batna=0.3"})),
            "--set parties[rusia].batna=0.3: error: no party with id 'rusia' (did you mean "
            "'russia'?)");
}

TEST(ApplyOverrides, ParsesTheValueAsYaml) {
  const auto a = apply({"parties.ukraine.batna={dist: uniform, low: 0.1, high: 0.4}"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  const YAML::Node batna = a.root["parties"][0]["batna"];
  ASSERT_TRUE(batna.IsMap());
  EXPECT_EQ(batna["dist"].as<std::string>(), "uniform");
  EXPECT_EQ(batna["high"].as<double>(), 0.4);
}

TEST(ApplyOverrides, CreatesAKeyWhoseParentExists) {
  const auto a = apply({"parties.ukraine.demands.donetsk.red_line=0.2"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.overrides[0].resolved, "parties[0].demands.donetsk.red_line");
  EXPECT_EQ(a.root["parties"][0]["demands"]["donetsk"]["red_line"].as<double>(), 0.2);
}

TEST(ApplyOverrides, GivesTheSameTreeAsEditingTheFile) {
  std::string edited = kTalks;
  const std::string from = "costs: {per_round: 0.01}";
  edited.replace(edited.find(from), from.size(), "costs: {per_round: 0.05}");
  const auto a = apply({"parties.russia.costs.per_round=0.05"});
  ASSERT_TRUE(a.diagnostics.empty());
  EXPECT_EQ(canonical_yaml(a.root), canonical_yaml(YAML::Load(edited)));
}

TEST(ApplyOverrides, ALaterOverrideOfTheSameKeyWins) {
  const auto a = apply({"parties.russia.batna=0.1", "parties[1].batna=0.2"});
  ASSERT_TRUE(a.diagnostics.empty());
  EXPECT_EQ(a.root["parties"][1]["batna"].as<double>(), 0.2);
}

TEST(ApplyOverrides, UnknownIdSuggestsTheNearestOne) {
  EXPECT_EQ(only_message(apply({"parties.rusia.batna=0.3"})),
            "--set parties.rusia.batna=0.3: error: no party with id 'rusia' (did you mean "
            "'russia'?)");
  EXPECT_EQ(only_message(apply({"events.energy_strike.chance=0.3"})),
            "--set events.energy_strike.chance=0.3: error: no event with id 'energy_strike' (did "
            "you mean 'energy_strikes'?)");
  EXPECT_EQ(only_message(apply({"process.states.tlaks.max_rounds=2"})),
            "--set process.states.tlaks.max_rounds=2: error: no state with id 'tlaks' (did you "
            "mean 'talks'?)");
  EXPECT_EQ(only_message(apply({"parties.usa.batna=0.3"})),
            "--set parties.usa.batna=0.3: error: no party with id 'usa'");
}

TEST(ApplyOverrides, APathThroughAMissingKeyIsAnError) {
  EXPECT_EQ(only_message(apply({"parties.ukraine.costs.per_round=0.1"})),
            "--set parties.ukraine.costs.per_round=0.1: error: 'parties.ukraine' has no key "
            "'costs'");
  EXPECT_EQ(only_message(apply({"parties.russia.cost.per_round=0.1"})),
            "--set parties.russia.cost.per_round=0.1: error: 'parties.russia' has no key 'cost' "
            "(did you mean 'costs'?)");
}

TEST(ApplyOverrides, ExplainsPathsThatCannotBeFollowed) {
  EXPECT_EQ(only_message(apply({"parties[5].batna=0.1"})),
            "--set parties[5].batna=0.1: error: 'parties' has 2 items, so there is no [5] (use 0 "
            "to 1)");
  EXPECT_EQ(only_message(apply({"parties.russia.tactic.e=0.5"})),
            "--set parties.russia.tactic.e=0.5: error: 'parties.russia.tactic' is the single "
            "value 'boulware', so it has no 'e'");
  EXPECT_EQ(only_message(apply({"process.transitions.first.to=deal"})),
            "--set process.transitions.first.to=deal: error: transitions have no ids; name one by "
            "the states it joins, e.g. process.transitions[talks->deal], or by its position, e.g. "
            "process.transitions[0]");
  EXPECT_EQ(only_message(apply({"scenario[horizon]=3"})),
            "--set scenario[horizon]=3: error: 'scenario' is a map, not a list, so it has no "
            "[horizon]");
  EXPECT_EQ(only_message(apply({"scenario[0]=1"})),
            "--set scenario[0]=1: error: 'scenario' is a map, not a list, so it has no [0]");
}

TEST(ApplyOverrides, RejectsMalformedOverrides) {
  EXPECT_EQ(only_message(apply({"scenario.horizon"})),
            "--set scenario.horizon: error: no '='; expected KEY_PATH=VALUE, e.g. "
            "parties.russia.batna=0.3");
  EXPECT_EQ(only_message(apply({"scenario.horizon="})),
            "--set scenario.horizon=: error: nothing after '='; expected KEY_PATH=VALUE, e.g. "
            "scenario.horizon=0.3");
  EXPECT_EQ(only_message(apply({"=3"})),
            "--set =3: error: nothing before '='; expected KEY_PATH=VALUE");
  EXPECT_EQ(only_message(apply({"scenario..horizon=3"})),
            "--set scenario..horizon=3: error: the key path 'scenario..horizon' has an empty part "
            "(two dots in a row, or a leading dot)");
  EXPECT_EQ(only_message(apply({"parties[].batna=3"})),
            "--set parties[].batna=3: error: the key path 'parties[].batna' has '[]'; name a list "
            "item by its position, e.g. [0], or by its id, e.g. [russia]");
  EXPECT_EQ(only_message(apply({"parties[1x].batna=3"})),
            "--set parties[1x].batna=3: error: the key path 'parties[1x].batna' has '[1x]'; name "
            "a list item by its position, e.g. [0], or by its id, e.g. [russia]");
  const auto bad_yaml = apply({"parties.russia.batna={dist: uniform"});
  ASSERT_EQ(bad_yaml.diagnostics.size(), 1u);
  EXPECT_EQ(bad_yaml.diagnostics[0].file, "--set parties.russia.batna={dist: uniform");
  EXPECT_NE(bad_yaml.diagnostics[0].message.find("is not valid YAML"), std::string::npos);
}

TEST(ApplyOverrides, ReportsEveryBadOverrideAndAppliesTheGoodOnes) {
  const auto a = apply({"parties.rusia.batna=0.3", "scenario.horizon=40", "nope.x=1"});
  EXPECT_EQ(a.diagnostics.size(), 2u);
  ASSERT_EQ(a.overrides.size(), 1u);
  EXPECT_EQ(a.root["scenario"]["horizon"].as<int>(), 40);
}

TEST(ApplyOverrides, RefusesToWriteThroughAnAliasButMayReplaceIt) {
  const char* aliased = R"(costs: &c {per_round: 0.01}
parties:
  - {id: a, costs: *c, batna: &b 0.3}
  - {id: b, costs: *c, batna: *b}
)";
  EXPECT_EQ(only_message(apply({"parties.a.costs.per_round=0.5"}, aliased)),
            "--set parties.a.costs.per_round=0.5: error: parties[0].costs is a YAML alias: the "
            "same value is used elsewhere in the file, and an override here would change every "
            "place at once; give it its own value in the file first");
  // Replacing the aliased value itself changes this place only.
  const auto a = apply({"parties.a.batna=0.9"}, aliased);
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  EXPECT_EQ(a.root["parties"][0]["batna"].as<double>(), 0.9);
  EXPECT_EQ(a.root["parties"][1]["batna"].as<double>(), 0.3);
}

TEST(AttributeToOverrides, NamesTheOverrideInsteadOfTheFileLine) {
  const auto a = apply({"parties.russia.costs.per_round=-1", "parties.ukraine.batna={dist: x}"});
  ASSERT_TRUE(a.diagnostics.empty());
  std::vector<Diagnostic> found = {
      {"talks.yaml", 16, 24, "parties[1].costs.per_round", "must be at least 0"},
      {"talks.yaml", 3, 1, "parties[0].batna.dist", "unknown distribution 'x'"},
      {"talks.yaml", 9, 5, "parties[0].batnax", "unknown key"},  // not below the override
      {"talks.yaml", 12, 3, "", "no path"}};
  EXPECT_EQ(attribute_to_overrides(found, a.overrides), 2);
  EXPECT_EQ(found[0].to_string(),
            "--set parties.russia.costs.per_round=-1: error: parties[1].costs.per_round: must be "
            "at least 0");
  EXPECT_EQ(found[1].to_string(),
            "--set parties.ukraine.batna={dist: x}: error: parties[0].batna.dist: unknown "
            "distribution 'x'");
  EXPECT_EQ(found[2].to_string(), "talks.yaml:9:5: error: parties[0].batnax: unknown key");
  EXPECT_EQ(found[3].to_string(), "talks.yaml:12:3: error: no path");
}

TEST(AttributeToOverrides, TheMostSpecificOverrideWins) {
  const auto a = apply({"parties.russia={id: russia, batna: 2}", "parties.russia.batna=3"});
  ASSERT_TRUE(a.diagnostics.empty()) << only_message(a);
  std::vector<Diagnostic> found = {{"t.yaml", 1, 1, "parties[1].batna", "must be at most 1"},
                                   {"t.yaml", 1, 1, "parties[1]", "missing key 'name'"}};
  attribute_to_overrides(found, a.overrides);
  EXPECT_EQ(found[0].file, "--set parties.russia.batna=3");
  EXPECT_EQ(found[1].file, "--set parties.russia={id: russia, batna: 2}");
}

TEST(KeyPathWithin, MatchesWholeStepsOnly) {
  EXPECT_TRUE(key_path_within("parties[1].batna", "parties[1]"));
  EXPECT_TRUE(key_path_within("parties[1]", "parties[1]"));
  EXPECT_TRUE(key_path_within("parties[1][0]", "parties[1]"));
  EXPECT_FALSE(key_path_within("parties[10].batna", "parties[1]"));
  EXPECT_FALSE(key_path_within("parties[1].batnax", "parties[1].batna"));
  EXPECT_TRUE(key_path_within("anything", ""));
}

}  // namespace
}  // namespace negsim
