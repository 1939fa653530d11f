// `extends: base.yaml`: merge rules, chains, cycles, and messages that point
// into the file a value came from.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "input/scenario_compose.hpp"
#include "input/scenario_extends.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

class Extends : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = negsim::test_support::scratch_path("dir");
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "variants");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

const char* kBase = R"(scenario:
  id: base
  title: "Base case"
  horizon: 20
  sources: {a: "Source A"}
issues:
  - {id: donetsk, kind: continuous, range: {low: 0, high: 1}}
parties:
  - id: ukraine
    batna: {dist: uniform, low: 0.1, high: 0.3}
    demands:
      donetsk: {ideal: 0, red_line: 0.4}
  - id: russia
    batna: 0.4
    costs: {per_round: 0.01}
events:
  - id: strikes
    chance: 0.1
    effects:
      - {target: parties.ukraine.batna, add: -0.02}
      - {target: parties.russia.batna, add: 0.01}
  - {id: breakthrough, chance: 0.05}
process:
  initial: talks
  states:
    - {id: talks, kind: bargaining}
    - {id: pause, kind: pause}
    - {id: deal, kind: terminal, outcome: agreement}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: pause, event: strikes}
    - {from: pause, to: talks, probability: 0.2}
    - {from: pause, to: deal, on: round_limit}
)";

TEST_F(Extends, StatesOnlyWhatDiffers) {
  write("base.yaml", kBase);
  const auto variant = write("variants/v.yaml", R"(extends: ../base.yaml
scenario:
  id: variant
  sources: {b: "Source B"}
parties:
  - id: ukraine
    batna: {dist: normal, mean: 0.2, sd: 0.05}
    demands:
      donetsk: {red_line: 0.1}
  - id: europe
    role: observer
events:
  - {id: breakthrough, remove: true}
  - id: strikes
    chance: 0.3
    effects:
      - {target: parties.russia.batna, add: 0.05}
)");
  const ComposedScenario c = compose_scenario_file(variant);
  const YAML::Node& r = c.root;
  EXPECT_FALSE(r["extends"].IsDefined());
  // Maps merge key by key.
  EXPECT_EQ(r["scenario"]["id"].as<std::string>(), "variant");
  EXPECT_EQ(r["scenario"]["title"].as<std::string>(), "Base case");
  EXPECT_EQ(r["scenario"]["sources"]["a"].as<std::string>(), "Source A");
  EXPECT_EQ(r["scenario"]["sources"]["b"].as<std::string>(), "Source B");
  // A distribution replaces whole; demands merge.
  const YAML::Node ukraine = r["parties"][0];
  EXPECT_EQ(ukraine["batna"]["dist"].as<std::string>(), "normal");
  EXPECT_FALSE(ukraine["batna"]["low"].IsDefined());
  EXPECT_EQ(ukraine["demands"]["donetsk"]["ideal"].as<double>(), 0);
  EXPECT_EQ(ukraine["demands"]["donetsk"]["red_line"].as<double>(), 0.1);
  // Lists of id'd items merge by id: kept in order, new ids appended, removals honoured.
  ASSERT_EQ(r["parties"].size(), 3u);
  EXPECT_EQ(r["parties"][1]["id"].as<std::string>(), "russia");
  EXPECT_EQ(r["parties"][2]["id"].as<std::string>(), "europe");
  ASSERT_EQ(r["events"].size(), 1u);
  EXPECT_EQ(r["events"][0]["id"].as<std::string>(), "strikes");
  EXPECT_EQ(r["events"][0]["chance"].as<double>(), 0.3);
  EXPECT_FALSE(r["events"][0]["remove"].IsDefined());
  // Other lists replace.
  ASSERT_EQ(r["events"][0]["effects"].size(), 1u);
  EXPECT_EQ(r["events"][0]["effects"][0]["add"].as<double>(), 0.05);
  EXPECT_EQ(r["process"]["states"].size(), 3u);
  EXPECT_EQ(r["process"]["transitions"].size(), 4u);
  EXPECT_EQ(c.files, (std::vector<std::string>{variant, (dir_ / "base.yaml").generic_string()}));
  EXPECT_TRUE(c.composed());
}

TEST_F(Extends, GivesTheSameTreeAsTheEditedFile) {
  write("base.yaml", kBase);
  const auto variant =
      write("v.yaml", "extends: base.yaml\nparties:\n  - {id: russia, batna: 0.2}\n");
  std::string edited = kBase;
  edited.replace(edited.find("batna: 0.4"), 10, "batna: 0.2");
  const auto c = compose_scenario_file(variant);
  EXPECT_EQ(c.text, canonical_yaml(YAML::Load(edited)));
}

TEST_F(Extends, TransitionsMergeByTheirEndsAndTrigger) {
  write("base.yaml", kBase);
  const auto variant = write("v.yaml", R"(extends: base.yaml
process:
  transitions:
    - {from: pause, to: talks, probability: 0.05}
    - {from: talks, to: pause, event: strikes, remove: true}
    - {from: talks, to: deal, on: deadline}
)");
  const YAML::Node t = compose_scenario_file(variant).root["process"]["transitions"];
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0]["on"].as<std::string>(), "accepted");
  EXPECT_EQ(t[1]["probability"].as<double>(), 0.05);  // changed in place
  EXPECT_EQ(t[2]["on"].as<std::string>(), "round_limit");
  EXPECT_EQ(t[3]["on"].as<std::string>(), "deadline");  // a new one, appended

  const auto bad = write("w.yaml", R"(extends: base.yaml
process:
  transitions:
    - {from: talks, to: pause, event: strike, remove: true}
)");
  try {
    compose_scenario_file(bad);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              bad +
                  ":4:7: error: process.transitions[0]: cannot remove transition 'talks → pause "
                  "(event strike)': the scenario this file extends has no transition like it "
                  "(did you mean 'talks → pause (event strikes)'?)");
  }
}

TEST_F(Extends, MapValueRemoveDeletesTheKey) {
  write("base.yaml", kBase);
  const auto variant = write("v.yaml",
                             "extends: base.yaml\nparties:\n  - id: ukraine\n    demands:\n      "
                             "donetsk: {red_line: {remove: true}}\n");
  const auto c = compose_scenario_file(variant);
  EXPECT_FALSE(c.root["parties"][0]["demands"]["donetsk"]["red_line"].IsDefined());
  EXPECT_TRUE(c.root["parties"][0]["demands"]["donetsk"]["ideal"].IsDefined());
}

TEST_F(Extends, FollowsChains) {
  write("base.yaml", kBase);
  write("variants/middle.yaml", "extends: ../base.yaml\nscenario: {horizon: 30, id: middle}\n");
  const auto top = write("variants/top.yaml", "extends: middle.yaml\nscenario: {id: top}\n");
  const auto c = compose_scenario_file(top);
  EXPECT_EQ(c.root["scenario"]["id"].as<std::string>(), "top");
  EXPECT_EQ(c.root["scenario"]["horizon"].as<int>(), 30);
  EXPECT_EQ(c.root["scenario"]["title"].as<std::string>(), "Base case");
  EXPECT_EQ(c.files.size(), 3u);
}

TEST_F(Extends, DetectsCycles) {
  const auto a = write("a.yaml", "extends: b.yaml\nscenario: {id: a}\n");
  write("b.yaml", "extends: a.yaml\nscenario: {id: b}\n");
  try {
    compose_scenario_file(a);
    FAIL() << "a cycle was accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.file, (dir_ / "b.yaml").generic_string());
    EXPECT_EQ(d.line, 1);
    EXPECT_EQ(d.column, 10);
    EXPECT_EQ(d.message, "files extend each other in a circle: " + a + " -> " +
                             (dir_ / "b.yaml").generic_string() + " -> " +
                             (dir_ / "a.yaml").generic_string());
  }
  const auto self = write("self.yaml", "extends: self.yaml\n");
  EXPECT_THROW(compose_scenario_file(self), InputError);
}

// Every file of a chain is read by the one reader, with the one size limit
// of a scenario file (the bases used to be read up to 16 MiB).
TEST_F(Extends, ABaseOverTheSizeLimitIsRefusedLikeAScenarioFile) {
  write("huge.yaml", "# " + std::string(kMaxScenarioFileBytes, 'x') + "\n");
  const auto variant = write("v.yaml", "extends: huge.yaml\n");
  try {
    compose_scenario_file(variant);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].path, "extends");
    EXPECT_EQ(e.diagnostics()[0].message,
              "cannot read '" + (dir_ / "huge.yaml").generic_string() +
                  "': the file is larger than 1024 KiB, the limit for a scenario file; "
                  "scenarios are usually well under 100 KiB");
  }
}

TEST_F(Extends, ReportsAMissingBaseAndBadRemovals) {
  const auto missing = write("v.yaml", "extends: nowhere.yaml\n");
  try {
    compose_scenario_file(missing);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].path, "extends");
    EXPECT_EQ(e.diagnostics()[0].message.rfind(
                  "cannot read '" + (dir_ / "nowhere.yaml").generic_string() + "'", 0),
              0u)
        << e.diagnostics()[0].message;
  }
  write("base.yaml", kBase);
  const auto bad = write("w.yaml", "extends: base.yaml\nparties:\n  - {id: rusia, remove: true}\n");
  try {
    compose_scenario_file(bad);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              bad +
                  ":3:5: error: parties[0]: cannot remove party 'rusia': the scenario this file "
                  "extends has no party with that id (did you mean 'russia'?)");
  }
}

TEST_F(Extends, MessagesPointIntoTheFileTheValueCameFrom) {
  const auto base = write("base.yaml", kBase);
  const auto variant = write("v.yaml", R"(extends: base.yaml
parties:
  - id: russia
    batna: 7
  - id: europe
    role: observer
)");
  const auto c = compose_scenario_file(variant);
  const auto at = [&](const YAML::Node& n, const std::string& path) {
    return Diagnostic{variant, n.Mark().line + 1, n.Mark().column + 1, path, "bad"};
  };
  std::vector<Diagnostic> found = {
      at(c.root["parties"][1]["batna"], "parties[1].batna"),  // the variant's
      at(c.root["parties"][1]["costs"]["per_round"], "parties[1].costs.per_round"),  // the base's
      at(c.root["parties"][0]["demands"]["donetsk"]["red_line"],
         "parties[0].demands.donetsk.red_line"),            // the base's
      {variant, 0, 0, "parties[1]", "missing key 'name'"},  // a merged map: the variant's item
      at(c.root["parties"][2]["role"], "parties[2].role")};
  c.attribute(found);
  // Positions in the base, found by parsing it on its own.
  const YAML::Node own = YAML::Load(kBase);
  const auto in_base = [&](const YAML::Node& n, const std::string& path) {
    return fmt::format("{}:{}:{}: error: {}: bad", base, n.Mark().line + 1, n.Mark().column + 1,
                       path);
  };
  EXPECT_EQ(found[0].to_string(), variant + ":4:12: error: parties[1].batna: bad");
  EXPECT_EQ(found[1].to_string(),
            in_base(own["parties"][1]["costs"]["per_round"], "parties[1].costs.per_round"));
  EXPECT_EQ(found[2].to_string(), in_base(own["parties"][0]["demands"]["donetsk"]["red_line"],
                                          "parties[0].demands.donetsk.red_line"));
  EXPECT_EQ(found[3].to_string(), variant + ":3:5: error: parties[1]: missing key 'name'");
  EXPECT_EQ(found[4].to_string(), variant + ":6:11: error: parties[2].role: bad");
}

TEST_F(Extends, OverridesApplyAfterTheMergeAndTakePrecedenceInMessages) {
  write("base.yaml", kBase);
  const auto variant = write("v.yaml", "extends: base.yaml\nscenario: {id: v}\n");
  const auto c = compose_scenario_file(variant, {"parties.russia.costs.per_round=-1"});
  EXPECT_EQ(c.root["parties"][1]["costs"]["per_round"].as<int>(), -1);
  std::vector<Diagnostic> found = {{variant, 1, 1, "parties[1].costs.per_round", "must be >= 0"}};
  c.attribute(found);
  EXPECT_EQ(found[0].to_string(),
            "--set parties.russia.costs.per_round=-1: error: parties[1].costs.per_round: must be "
            ">= 0");
}

TEST_F(Extends, APlainFileIsNotComposed) {
  const auto base = write("base.yaml", kBase);
  const auto c = compose_scenario_file(base);
  EXPECT_FALSE(c.composed());
  EXPECT_EQ(c.text, kBase);  // its own bytes, comments and all
  std::vector<Diagnostic> found = {{base, 3, 3, "scenario.title", "bad"}};
  c.attribute(found);
  EXPECT_EQ(found[0].file, base);
  // Whatever is not a map is left for validation to explain.
  for (const char* text : {"", "~\n", "hello\n", "[1, 2]\n"}) {
    const auto odd = compose_scenario_text(text, "odd.yaml");
    EXPECT_FALSE(odd.composed()) << text;
    EXPECT_EQ(odd.text, text);
  }
}

TEST(CanonicalYaml, ParsesBackToTheSameTree) {
  const char* text = R"(a: {x: 1, y: "yes", z: "0.5"}
b:
  - "no"
  - yes
  - ~
  - 'it''s: fine'
c: [1, 2.50, -3e-2]
d: >
  folded
  text
)";
  const std::string once = canonical_yaml(YAML::Load(text));
  EXPECT_EQ(canonical_yaml(YAML::Load(once)), once);
  const YAML::Node back = YAML::Load(once);
  EXPECT_EQ(back["a"]["y"].Tag(), "!");  // still a quoted string, not a boolean
  EXPECT_EQ(back["b"][0].Scalar(), "no");
  EXPECT_EQ(back["b"][0].Tag(), "!");
  EXPECT_EQ(back["b"][1].Tag(), "?");
  EXPECT_TRUE(back["b"][2].IsNull());
  EXPECT_EQ(back["c"][1].Scalar(), "2.50");  // numbers keep their spelling
  EXPECT_EQ(back["d"].Scalar(), "folded text\n");
}

TEST(CanonicalYaml, KeepsAliasesSoAliasBombsStaySmall) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += fmt::format("{}: &{} [", c, c);
    for (int i = 0; i < 10; ++i) bomb += fmt::format("{}*{}", i ? ", " : "", char(c - 1));
    bomb += "]\n";
  }
  const std::string text = canonical_yaml(YAML::Load(bomb));  // 10^10 leaves if expanded
  EXPECT_LT(text.size(), 4 * bomb.size());
}

}  // namespace
}  // namespace negsim
