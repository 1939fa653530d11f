// Overrides and extends through the scenario loader: the same results as
// the edited file, and the same messages, naming the override or the file
// each value came from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

// Two parties split a pie; B's leverage and A's BATNA are uncertain, so the
// outcome depends on the draws and on the overridden values.
const char* kPieYaml = R"(scenario:
  id: pie
  title: "Split the pie"
  as_of: 2026-01-01
  round: {label: day, days: 1}
  horizon: 30
issues:
  - id: share_to_a
    label: "Share to A"
    kind: continuous
    range: {low: 0, high: 1}
parties:
  - id: a
    name: "Party A"
    role: principal
    capability: 1
    batna: {dist: uniform, low: 0.1, high: 0.5}
    costs: {per_round: 0.01}
    patience: 5
    tactic: {e: 1.0}
    demands:
      share_to_a: {ideal: 1.0, red_line: 0.3}
  - id: b
    name: "Party B"
    role: principal
    capability: {dist: uniform, low: 0.5, high: 1.5}
    batna: 0.2
    costs: {per_round: 0.01}
    patience: 5
    tactic: boulware
    demands:
      share_to_a: {ideal: 0.0, red_line: 0.7}
events:
  - id: outside_offer
    label: "B receives an outside offer"
    chance: 0.05
    states: [talks]
    effects:
      - {target: parties.b.batna, add: 0.1}
process:
  initial: talks
  deadline: 20
  states:
    - {id: talks, kind: bargaining, label: "Talks"}
    - {id: deal, kind: terminal, outcome: agreement, label: "Deal"}
    - {id: breakdown, kind: terminal, outcome: no_deal, label: "Breakdown"}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: breakdown, on: walkout}
    - {from: talks, to: breakdown, on: deadline}
)";

std::string with_replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

Tally run(const Scenario& scenario, std::uint64_t branches = 4000) {
  const Simulator simulator(scenario);
  RunOptions options;
  options.branches = branches;
  options.seed = 11;
  options.threads = 1;
  return run_branches(simulator, options).tally;
}

std::vector<Diagnostic> problems(const std::string& text, const std::string& name,
                                 const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_string(text, name, LoadOptions{overrides});
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

TEST(OverrideLoad, GivesTheSameResultsAsTheEditedFile) {
  const std::string edited_costs =
      with_replaced(kPieYaml, "    costs: {per_round: 0.01}\n    patience: 5\n    tactic: {e: 1.0}",
                    "    costs: {per_round: 0.05}\n    patience: 5\n    tactic: {e: 1.0}");
  const Scenario overridden =
      load_scenario_string(kPieYaml, "pie.yaml", LoadOptions{{"parties.a.costs.per_round=0.05"}});
  const Scenario edited = load_scenario_string(edited_costs, "pie.yaml");
  const Tally base = run(load_scenario_string(kPieYaml, "pie.yaml"));
  const Tally a = run(overridden), b = run(edited);
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == base);  // the override did change something

  // A distribution given inline, on a key that names a list item by id.
  const std::string edited_dist =
      with_replaced(kPieYaml, "    capability: {dist: uniform, low: 0.5, high: 1.5}",
                    "    capability: {dist: triangular, low: 0.2, mode: 0.4, high: 2}");
  EXPECT_TRUE(
      run(load_scenario_string(
          kPieYaml, "pie.yaml",
          LoadOptions{
              {"parties.b.capability={dist: triangular, low: 0.2, mode: 0.4, high: 2}"}})) ==
      run(load_scenario_string(edited_dist, "pie.yaml")));
}

TEST(OverrideLoad, TheScenarioHashCoversTheOverrides) {
  const Scenario plain = load_scenario_string(kPieYaml, "pie.yaml");
  const Scenario a =
      load_scenario_string(kPieYaml, "pie.yaml", LoadOptions{{"scenario.horizon=31"}});
  const Scenario b =
      load_scenario_string(kPieYaml, "pie.yaml", LoadOptions{{"scenario.horizon=31"}});
  EXPECT_NE(a.sha256, plain.sha256);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(a.horizon, 31);
}

TEST(OverrideLoad, ABadOverrideGetsTheMessageTheBadFileWouldNamingTheOverride) {
  const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> cases = {
      {"parties.b.capability=-1",
       {"    capability: {dist: uniform, low: 0.5, high: 1.5}", "    capability: -1"}},
      {"parties.a.batna={dist: uniform, low: 0.5, high: 0.1}",
       {"    batna: {dist: uniform, low: 0.1, high: 0.5}",
        "    batna: {dist: uniform, low: 0.5, high: 0.1}"}},
      {"parties.a.demands.share_to_a.red_line=1.5",
       {"{ideal: 1.0, red_line: 0.3}", "{ideal: 1.0, red_line: 1.5}"}},
      {"events.outside_offer.chance=2", {"    chance: 0.05", "    chance: 2"}},
      {"process.initial=talk", {"  initial: talks", "  initial: talk"}},
      {"parties.b.tactic=bulware", {"    tactic: boulware", "    tactic: bulware"}},
  };
  for (const auto& [override_text, edit] : cases) {
    SCOPED_TRACE(override_text);
    const auto from_file = problems(with_replaced(kPieYaml, edit.first, edit.second), "pie.yaml");
    const auto from_override = problems(kPieYaml, "pie.yaml", {override_text});
    ASSERT_EQ(from_file.size(), 1u);
    ASSERT_EQ(from_override.size(), 1u);
    const Diagnostic& f = from_file[0];
    const Diagnostic& o = from_override[0];
    EXPECT_EQ(f.file, "pie.yaml");
    EXPECT_GT(f.line, 0);
    EXPECT_EQ(o.message, f.message);
    EXPECT_EQ(o.path, f.path);
    EXPECT_EQ(o.file, "--set " + override_text);
    EXPECT_EQ(o.line, 0);
    EXPECT_EQ(o.to_string(), "--set " + override_text + ": error: " + f.path + ": " + f.message);
  }
}

TEST(OverrideLoad, AnOverrideThatCannotBeAppliedIsReportedWithoutValidating) {
  const auto found = problems(kPieYaml, "pie.yaml", {"parties.c.batna=0.3"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].to_string(), "--set parties.c.batna=0.3: error: no party with id 'c'");
}

class ExtendsLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = negsim::test_support::scratch_path("dir");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(ExtendsLoad, AVariantStatingOnlyWhatDiffersRunsLikeTheEditedFile) {
  write("pie.yaml", kPieYaml);
  const auto variant =
      write("variant.yaml", R"(# B's outside offer is likelier and A is costlier to keep waiting
extends: pie.yaml
scenario: {id: pie_variant}
parties:
  - id: a
    costs: {per_round: 0.02}
events:
  - id: outside_offer
    chance: 0.2
)");
  std::string edited = with_replaced(kPieYaml, "  id: pie\n", "  id: pie_variant\n");
  edited =
      with_replaced(edited, "    costs: {per_round: 0.01}\n    patience: 5\n    tactic: {e: 1.0}",
                    "    costs: {per_round: 0.02}\n    patience: 5\n    tactic: {e: 1.0}");
  edited = with_replaced(edited, "    chance: 0.05", "    chance: 0.2");
  const Scenario s = load_scenario_file(variant);
  EXPECT_EQ(s.id, "pie_variant");
  EXPECT_EQ(s.file, variant);
  EXPECT_TRUE(run(s) == run(load_scenario_string(edited, "edited.yaml")));
}

TEST_F(ExtendsLoad, MessagesPointIntoTheFileTheBadValueCameFrom) {
  const auto base =
      write("pie.yaml", with_replaced(kPieYaml, "    chance: 0.05", "    chance: 1.5"));
  const auto variant =
      write("variant.yaml", "extends: pie.yaml\nparties:\n  - id: b\n    batna: -0.5\n");
  std::vector<Diagnostic> found;
  try {
    load_scenario_file(variant);
  } catch (const InputError& e) {
    found = e.diagnostics();
  }
  ASSERT_EQ(found.size(), 2u);
  const auto from_base =
      problems(with_replaced(kPieYaml, "    chance: 0.05", "    chance: 1.5"), base);
  ASSERT_EQ(from_base.size(), 1u);
  bool saw_base = false, saw_variant = false;
  for (const auto& d : found) {
    if (d.path == "events[0].chance") {
      saw_base = true;
      EXPECT_EQ(d.to_string(), from_base[0].to_string());  // the base's own file, line and column
    } else {
      saw_variant = true;
      EXPECT_EQ(d.file, variant);
      EXPECT_EQ(d.line, 4);
      EXPECT_EQ(d.column, 12);
      EXPECT_EQ(d.path, "parties[1].batna");
    }
  }
  EXPECT_TRUE(saw_base);
  EXPECT_TRUE(saw_variant);
}

}  // namespace
}  // namespace negsim
