// Observation files: read strictly against the scenario they observe, every
// problem with its file, line, column and key path.
#include "negsim/input/observation_loader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "negsim/input/scenario_loader.hpp"

namespace negsim {
namespace {

const char* kObservedScenario = R"(scenario:
  id: talks
  title: "Talks"
  as_of: 2026-01-01
  horizon: 10
issues:
  - {id: share, label: "Share to A", kind: continuous, range: {low: 0, high: 100}}
  - {id: status, label: "Status", kind: ordinal, options: [none, partial, full]}
parties:
  - {id: a, name: "A", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 100}}}
  - {id: b, name: "B", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 0}}}
process:
  initial: talks
  milestones:
    - {id: text_agreed, label: "Text agreed", states: [signing]}
  states:
    - {id: talks, kind: bargaining, max_rounds: 6}
    - {id: signing, kind: pause, max_rounds: 1}
    - {id: deal, kind: terminal, outcome: deal, agreement: true}
    - {id: none, kind: terminal, outcome: no_deal}
  transitions:
    - {from: talks, to: signing, on: accepted}
    - {from: talks, to: none, on: round_limit}
    - {from: talks, to: none, on: walkout}
    - {from: signing, to: deal, on: round_limit}
)";

const Scenario& scenario() {
  static const Scenario s = load_scenario_string(kObservedScenario, "talks.yaml");
  return s;
}

const char* kGood = R"(observed:
  scenario: talks
  recorded_until: 2026-03-31
  outcome: deal
  outcome_date: 2026-02-12
  milestones:
    text_agreed: 2026-02-05
  terms:
    status: partial
    share: 55
  sources:
    s1: "A citation"
  notes: >
    Why it was coded so.
)";

// The messages of `text` read as talks.observed.yaml, one per line.
std::string problems(const std::string& text) {
  try {
    load_observation_string(text, "talks.observed.yaml", scenario());
  } catch (const InputError& e) {
    return diagnostics_text(e);
  }
  return "";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ObservationLoader, ReadsEveryField) {
  const Observation o = load_observation_string(kGood, "talks.observed.yaml", scenario());
  EXPECT_EQ(o.scenario, "talks");
  EXPECT_EQ(o.recorded_until, "2026-03-31");
  EXPECT_EQ(o.outcome, "deal");
  EXPECT_TRUE(o.resolved());
  EXPECT_EQ(o.outcome_date, "2026-02-12");
  ASSERT_EQ(o.milestones.size(), 1u);
  EXPECT_EQ(o.milestones[0].id, "text_agreed");
  EXPECT_EQ(o.milestones[0].date, "2026-02-05");
  // In the scenario's issue order, whatever the file's.
  ASSERT_EQ(o.terms.size(), 2u);
  EXPECT_EQ(o.terms[0].issue, "share");
  EXPECT_DOUBLE_EQ(o.terms[0].value, 55);
  EXPECT_EQ(o.terms[1].issue, "status");
  EXPECT_EQ(o.terms[1].option, "partial");
  EXPECT_DOUBLE_EQ(o.terms[1].value, 1);
  EXPECT_EQ(o.sources.at("s1"), "A citation");
  EXPECT_EQ(o.notes, "Why it was coded so.\n");
  EXPECT_EQ(o.sha256.size(), 64u);
  EXPECT_EQ(o.file, "talks.observed.yaml");
}

TEST(ObservationLoader, NeverAndUnresolved) {
  const std::string text = R"(observed:
  scenario: talks
  recorded_until: 2026-02-01
  outcome: unresolved
  milestones:
    text_agreed: never
)";
  const Observation o = load_observation_string(text, "talks.observed.yaml", scenario());
  EXPECT_FALSE(o.resolved());
  EXPECT_TRUE(o.outcome_date.empty());
  ASSERT_EQ(o.milestones.size(), 1u);
  EXPECT_FALSE(o.milestones[0].date.has_value());
  EXPECT_TRUE(o.terms.empty());
}

TEST(ObservationLoader, UnknownOutcomeWithSuggestion) {
  EXPECT_EQ(problems(replaced(kGood, "outcome: deal", "outcome: dela")),
            "talks.observed.yaml:4:12: error: observed.outcome: 'dela' is not an outcome of "
            "scenario 'talks'; did you mean 'deal'?");
  EXPECT_EQ(problems(replaced(kGood, "outcome: deal", "outcome: agreement_reached")),
            "talks.observed.yaml:4:12: error: observed.outcome: 'agreement_reached' is not an "
            "outcome of scenario 'talks'; the outcomes are: deal, no_deal, unresolved");
}

TEST(ObservationLoader, UnknownIssueAndTermsOutOfRange) {
  EXPECT_EQ(problems(replaced(kGood, "    share: 55", "    shares: 55")),
            "talks.observed.yaml:10:5: error: observed.terms.shares: 'shares' is not an issue of "
            "scenario 'talks'; did you mean 'share'?");
  EXPECT_EQ(problems(replaced(kGood, "    share: 55", "    share: 150")),
            "talks.observed.yaml:10:12: error: observed.terms.share: expected a number between 0 "
            "and 100 (the range of issue 'share'), got the number 150");
  EXPECT_EQ(problems(replaced(kGood, "    share: 55", "    share: \"55\"")),
            "talks.observed.yaml:10:12: error: observed.terms.share: expected a number between 0 "
            "and 100 (the range of issue 'share'), got the text '55'");
  EXPECT_EQ(problems(replaced(kGood, "status: partial", "status: parital")),
            "talks.observed.yaml:9:13: error: observed.terms.status: expected an option of issue "
            "'status', got the text 'parital'; did you mean 'partial'?");
}

TEST(ObservationLoader, MilestonesMustBeTheScenariosAndEveryOne) {
  EXPECT_EQ(problems(replaced(kGood, "    text_agreed: 2026-02-05\n",
                              "    text_agreed: 2026-02-05\n    signed: never\n")),
            "talks.observed.yaml:8:5: error: observed.milestones.signed: 'signed' is not a "
            "milestone of scenario 'talks'; the milestones are: text_agreed");
}

TEST(ObservationLoader, MissingMilestonesAreNamed) {
  const std::string text = R"(observed:
  scenario: talks
  recorded_until: 2026-03-31
  outcome: no_deal
  outcome_date: 2026-02-12
  milestones: {}
)";
  EXPECT_EQ(problems(text),
            "talks.observed.yaml:6:15: error: observed.milestones: missing milestone text_agreed: "
            "give each the date it was reached, or never");
  EXPECT_EQ(problems(replaced(text, "  milestones: {}\n", "")),
            "talks.observed.yaml:2:3: error: observed: missing required key 'milestones' (for "
            "each milestone of the scenario, the date it was reached or never: text_agreed)");
}

TEST(ObservationLoader, DatesMustLieInTheRecord) {
  EXPECT_EQ(problems(replaced(kGood, "text_agreed: 2026-02-05", "text_agreed: 2026-04-05")),
            "talks.observed.yaml:7:18: error: observed.milestones.text_agreed: 2026-04-05 is after "
            "recorded_until 2026-03-31: the record must cover it");
  EXPECT_EQ(problems(replaced(kGood, "outcome_date: 2026-02-12", "outcome_date: 2025-12-12")),
            "talks.observed.yaml:5:17: error: observed.outcome_date: 2025-12-12 is before the "
            "scenario's as_of date 2026-01-01: the case must be written as of a date before what "
            "it forecasts");
  EXPECT_EQ(problems(replaced(kGood, "recorded_until: 2026-03-31", "recorded_until: 2025-03-31")),
            "talks.observed.yaml:3:19: error: observed.recorded_until: the record ends on "
            "2025-03-31, before the scenario's as_of date 2026-01-01\n"
            "talks.observed.yaml:5:17: error: observed.outcome_date: 2026-02-12 is after "
            "recorded_until 2025-03-31: the record must cover it\n"
            "talks.observed.yaml:7:18: error: observed.milestones.text_agreed: 2026-02-05 is after "
            "recorded_until 2025-03-31: the record must cover it");
  EXPECT_EQ(problems(replaced(kGood, "text_agreed: 2026-02-05", "text_agreed: 2026-02-30")),
            "talks.observed.yaml:7:18: error: observed.milestones.text_agreed: expected a date "
            "written YYYY-MM-DD or never (not reached by recorded_until), got the text "
            "'2026-02-30'");
}

TEST(ObservationLoader, OutcomeDateGoesWithAResolvedOutcomeOnly) {
  EXPECT_EQ(problems(replaced(kGood, "  outcome_date: 2026-02-12\n", "")),
            "talks.observed.yaml:2:3: error: observed: missing required key 'outcome_date' (the "
            "date 'deal' was reached)");
  EXPECT_EQ(problems(replaced(kGood, "outcome: deal", "outcome: unresolved")),
            "talks.observed.yaml:5:17: error: observed.outcome_date: an unresolved outcome has no "
            "date: leave outcome_date out, or name the outcome that was reached");
}

TEST(ObservationLoader, TheScenarioIdMustMatchAndKeysAreChecked) {
  EXPECT_EQ(problems(replaced(kGood, "scenario: talks", "scenario: other_talks")),
            "talks.observed.yaml:2:13: error: observed.scenario: this file observes scenario "
            "'other_talks', but the scenario it was read with is 'talks' (talks.yaml)");
  EXPECT_EQ(problems(replaced(kGood, "  notes:", "  note:")),
            "talks.observed.yaml:13:3: error: observed.note: unknown key 'note' in an "
            "observation; did you mean 'notes'?");
  EXPECT_EQ(problems("scenario:\n  id: talks\n"),
            "talks.observed.yaml:1:1: error: scenario: unknown key 'scenario' at the top of an "
            "observation file; expected one of: observed\n"
            "talks.observed.yaml:1:1: error: missing required key 'observed' (what happened, "
            "docs/validation.md)");
}

TEST(ObservationLoader, PathsBesideTheScenario) {
  EXPECT_TRUE(is_observation_file("a/b.observed.yaml"));
  EXPECT_TRUE(is_observation_file("b.observed.yml"));
  EXPECT_FALSE(is_observation_file("a/b.yaml"));
  EXPECT_EQ(observation_path("a/b.yaml"), "a/b.observed.yaml");
  EXPECT_EQ(observation_path("a/b.yml"), "a/b.observed.yml");
  EXPECT_EQ(observed_scenario_path("a/b.observed.yaml"), "a/b.yaml");
  EXPECT_EQ(observed_scenario_path("abu_dhabi_2026-03-10.observed.yaml"),
            "abu_dhabi_2026-03-10.yaml");
}

}  // namespace
}  // namespace negsim
