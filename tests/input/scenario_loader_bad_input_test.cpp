// One malformed scenario per class of mistake (tests/data/bad/), each with the
// exact first message, line and column an analyst gets.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "negsim/input/scenario_loader.hpp"

namespace negsim {
namespace {

const std::string kBad = std::string(NEGSIM_SOURCE_DIR) + "/tests/data/bad/";

struct BadCase {
  const char* file;  // tests/data/bad/<file>.yaml
  int line, column;
  const char* path;
  const char* message;
};

std::ostream& operator<<(std::ostream& out, const BadCase& c) {
  return out << c.file;
}

// The first problem of each file (problems come in file order).
const BadCase kCases[] = {
    {"bad_date", 5, 10, "scenario.as_of",
     "expected a date written YYYY-MM-DD, got the text '2026-02-30'"},
    {"bad_id", 28, 9, "events[0].id",
     "expected an id (a letter, then letters, digits, '_' or '-'), got the text 'energy shock'"},
    {"chance_state_engine_trigger", 42, 7, "process.transitions[1]",
     "'vote' is a chance state, resolved at once by probability, so its transitions need "
     "probability: instead of on: accepted"},
    {"continuous_with_options", 12, 5, "issues[0].options",
     "options are only for ordinal and binary issues; a continuous issue has a range"},
    {"dangling_event", 42, 43, "process.transitions[2].event",
     "unknown event 'shocks'; did you mean 'shock'?"},
    {"dangling_event_state", 30, 14, "events[0].states[0]",
     "unknown state 'talk'; did you mean 'talks'?"},
    {"dangling_initial", 34, 12, "process.initial",
     "unknown state 'start'; the states are: talks, deal, breakdown"},
    {"dangling_issue", 26, 7, "parties[1].demands.shares",
     "unknown issue 'shares'; did you mean 'share'?"},
    {"dangling_party", 32, 18, "events[0].effects[0].target",
     "unknown party 'c' in 'parties.c.batna'; the parties are: a, b"},
    {"dangling_state", 40, 25, "process.transitions[0].to",
     "unknown state 'dael'; did you mean 'deal'?"},
    {"distribution_low_above_high", 24, 17, "parties[1].capability",
     "low (1.5) is greater than high (0.5)"},
    {"distribution_outside_range", 26, 35, "parties[1].demands.share.red_line",
     "the normal distribution can produce values from -inf to inf, but the value must be between 0 "
     "and 1 (the range of issue 'share'); narrow it or cut it off with min and max"},
    {"distribution_sd_negative", 24, 17, "parties[1].capability", "sd must be 0 or more, got -0.2"},
    {"distribution_truncation_empty", 24, 17, "parties[1].capability",
     "truncation to [2, 3] leaves no probability: the uniform distribution never (or practically "
     "never) produces a value there"},
    {"distribution_unknown_kind", 24, 24, "parties[1].capability.dist",
     "unknown distribution 'unifrom'; did you mean 'uniform'?"},
    {"distribution_wrong_parameter", 24, 17, "parties[1].capability",
     "missing required key 'low' for a uniform distribution"},
    {"duplicate_id", 22, 9, "parties[1].id",
     "party id 'a' is already used by parties[0]; each party needs its own id"},
    {"duplicate_key", 20, 5, "parties[0].batna",
     "key 'batna' is given twice (first at line 18); keep only one"},
    {"effect_on_absent_red_line", 34, 52, "events[0].effects[2].add",
     "party 'b' has no red line on issue 'share', so add would change nothing; give the demand a "
     "red_line, or use set to create one when the event fires"},
    {"effect_set_out_of_range", 32, 40, "events[0].effects[0].set",
     "expected a number between 0 and 1 (the range of parties.b.batna), got 1.1"},
    {"effect_two_operations", 32, 45, "events[0].effects[0].multiply",
     "an effect takes exactly one of add, multiply or set; this one has both 'add' and 'multiply'"},
    {"effect_unknown_parameter", 32, 18, "events[0].effects[0].target",
     "'bantna' is not a parameter of a party; did you mean 'batna'?"},
    {"empty", 0, 0, "",
     "the file is empty; a scenario needs the keys scenario, issues, parties and process"},
    {"leaves_terminal", 43, 7, "process.transitions[3]",
     "a transition cannot leave terminal state 'deal': a terminal state ends the talks"},
    {"merge_key", 18, 5, "parties[0].<<",
     "YAML merge keys (<<) are not supported; write the keys out"},
    {"missing_required_key", 12, 5, "issues[1]",
     "missing required key 'kind' (continuous, ordinal or binary)"},
    {"missing_section", 2, 1, "", "missing required key 'process'"},
    {"negative_salience", 26, 50, "parties[1].demands.share.salience",
     "expected a number of at least 0, got -1"},
    {"not_whole_number", 6, 12, "scenario.horizon",
     "expected a whole number from 1 to 10000, got 10.5"},
    {"ordinal_option_unknown", 21, 45, "parties[0].demands.guarantees.red_line",
     "unknown option 'pledge' of issue 'guarantees'; did you mean 'pledges'?"},
    {"probability_above_one", 29, 13, "events[0].chance",
     "expected a number between 0 and 1, got 1.5"},
    {"range_inverted", 11, 12, "issues[0].range", "low (1) must be less than high (1)"},
    {"red_line_outside_range", 26, 35, "parties[1].demands.share.red_line",
     "expected a number between 0 and 1 (the range of issue 'share'), got 1.7"},
    {"second_document", 43, 1, "",
     "a second YAML document starts here; a scenario file holds exactly one (remove the '---' or "
     "what follows the end of the scenario)"},
    {"several_problems", 6, 12, "scenario.horizon",
     "expected a whole number from 1 to 10000, got 0"},
    {"syntax_bad_indent", 19, 15, "",
     "YAML syntax error: illegal map value; a ': ' inside a value (put the value in quotes) or a "
     "key indented wrongly?"},
    // Where the '{' opened, not where yaml-cpp gave up (issue 12).
    {"syntax_unclosed_flow", 20, 14, "",
     "YAML syntax error: this '{' is not closed with '}' (the parser gave up at line 21, "
     "column 17)"},
    {"tab_indentation", 18, 1, "", "a tab is used for indentation; YAML indents with spaces only"},
    {"terminal_without_outcome", 38, 7, "process.states[2]",
     "missing required key 'outcome' for a terminal state (e.g. agreement, no_deal)"},
    {"top_level_list", 2, 1, "",
     "expected a map with the keys scenario, issues, parties and process, got a list"},
    {"transition_no_trigger", 41, 7, "process.transitions[1]",
     "a transition needs one of on, event, deadline or probability"},
    {"transition_two_triggers", 41, 49, "process.transitions[1].probability",
     "a transition takes exactly one of on, event, deadline or probability; this one has both 'on' "
     "and "
     "'probability'"},
    {"unknown_enum", 23, 11, "parties[1].role",
     "unknown role 'princippal'; did you mean 'principal'?"},
    {"unknown_key_top_level", 27, 1, "event",
     "unknown key 'event' at the top level; did you mean 'events'?"},
    {"unknown_key_typo", 26, 40, "parties[1].demands.share.salince",
     "unknown key 'salince' in a demand; did you mean 'salience'?"},
    {"wrong_type_list", 18, 12, "parties[0].batna",
     "expected a number or a distribution ({dist: uniform, low: ..., high: ...}), got a list"},
    {"wrong_type_quoted_number", 6, 12, "scenario.horizon",
     "expected a whole number from 1 to 10000, got the text '10' (numbers are written without "
     "quotes)"},
    {"number_as_percentage", 29, 13, "events[0].chance",
     "expected a number or a distribution ({dist: uniform, low: ..., high: ...}), got the text "
     "'8%' (write a percentage as a share: 0.08 for 8%)"},
    {"number_with_decimal_comma", 18, 12, "parties[0].batna",
     "expected a number or a distribution ({dist: uniform, low: ..., high: ...}), got the text "
     "'0,2' (write decimals with a point: 0.2)"},
    {"batch_file_as_scenario", 5, 1, "",
     "this is a batch file (a list of scenarios to run side by side), not a scenario; run it "
     "with `negsim batch FILE`"},
    {"wrong_type_text", 29, 13, "events[0].chance",
     "expected a number or a distribution ({dist: uniform, low: ..., high: ...}), got the text "
     "'often'"},
};

std::vector<Diagnostic> file_problems(const std::string& name) {
  try {
    load_scenario_file(kBad + name + ".yaml");
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, FirstProblemIsExact) {
  const BadCase& c = GetParam();
  const auto found = file_problems(c.file);
  ASSERT_FALSE(found.empty()) << c.file << " was accepted";
  const Diagnostic& d = found.front();
  EXPECT_EQ(d.file, kBad + c.file + ".yaml");
  EXPECT_EQ(d.line, c.line);
  EXPECT_EQ(d.column, c.column);
  EXPECT_EQ(d.path, c.path);
  EXPECT_EQ(d.message, c.message);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.file);
                         });

TEST(BadInputCorpus, EveryFileHasAnExpectation) {
  std::set<std::string> expected;
  for (const BadCase& c : kCases) expected.insert(c.file);
  for (const auto& entry : std::filesystem::directory_iterator(kBad)) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_TRUE(expected.count(entry.path().stem().string()))
        << entry.path().filename() << " has no expected message in kCases";
  }
}

TEST(BadInputCorpus, EveryProblemInAFileIsReportedInFileOrder) {
  const auto found = file_problems("several_problems");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].path, "scenario.horizon");
  EXPECT_EQ(found[1].path, "parties[1].demands.share.salience");
  EXPECT_EQ(found[1].line, 26);
  EXPECT_EQ(found[1].column, 50);
  EXPECT_EQ(found[1].message, "expected a number of at least 0, got -2");
  EXPECT_EQ(found[2].path, "process.transitions[0].on");
  EXPECT_EQ(found[2].line, 40);
  EXPECT_EQ(found[2].column, 35);
  EXPECT_EQ(found[2].message, "unknown engine event 'acepted'; did you mean 'accepted'?");
}

TEST(BadInputCorpus, AParameterOfAnotherDistributionKindIsExplained) {
  const auto found = file_problems("distribution_wrong_parameter");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].path, "parties[1].capability.mean");
  EXPECT_EQ(found[1].line, 24);
  EXPECT_EQ(found[1].column, 33);
  EXPECT_EQ(found[1].message,
            "a uniform distribution has no 'mean'; it takes dist, low, high, min, max");
}

TEST(BadInputCorpus, AMistakeIsNotRepeatedAtEveryReference) {
  // The event's id is wrong; the transition naming it is not reported as well.
  EXPECT_EQ(file_problems("bad_id").size(), 1u);
  EXPECT_EQ(file_problems("unknown_key_top_level").size(), 1u);
  EXPECT_EQ(file_problems("missing_section").size(), 1u);
}

TEST(BadInputCorpus, ToStringGivesTheAnalystsLine) {
  const auto found = file_problems("red_line_outside_range");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].to_string(),
            kBad +
                "red_line_outside_range.yaml:26:35: error: parties[1].demands.share.red_line: "
                "expected a number between 0 and 1 (the range of issue 'share'), got 1.7");
}

}  // namespace
}  // namespace negsim
