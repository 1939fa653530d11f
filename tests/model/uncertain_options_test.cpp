// Uncertain ideals and red lines on ordinal issues: a discrete distribution
// over options, drawn once per branch like any uncertain parameter.
#include <gtest/gtest.h>

#include <cmath>

#include "model/branch_state.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/simulator.hpp"
#include "support/load_problems.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

const char* kYaml = R"(
scenario: {id: opts, title: Options, as_of: 2026-01-01, horizon: 4}
issues: [{id: status, kind: ordinal, options: [none, de_facto, de_jure]}]
parties:
  - id: a
    role: principal
    demands:
      status: {ideal: de_jure, red_line: {dist: discrete, values: [de_jure, de_facto], weights: [3, 1]}}
  - id: b
    role: principal
    demands:
      status: {ideal: {dist: discrete, values: [none, de_facto], weights: [1, 1]}}
process:
  initial: talks
  states: [{id: talks, kind: bargaining}, {id: deal, kind: terminal, outcome: agreement}]
  transitions: [{from: talks, to: deal, on: accepted}]
)";

struct FirstState final : BranchObserver {
  double a_red = 0, b_ideal = 0;
  void begin(std::uint64_t, std::uint64_t, const detail::BranchState& st) override {
    a_red = st.stance[0].red_line;
    b_ideal = st.stance[1].ideal;
  }
};

TEST(UncertainOptions, AreDrawnWithTheirWeights) {
  const Simulator sim = test::simulator_for(kYaml);
  FirstState seen;
  BranchResult r;
  int de_facto_red = 0, none_ideal = 0, off_option = 0;
  const int n = 20000;
  for (int b = 0; b < n; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r, &seen);
    de_facto_red += seen.a_red == 0.5;
    none_ideal += seen.b_ideal == 0.0;
    off_option +=
        (seen.a_red != 0.5 && seen.a_red != 1.0) + (seen.b_ideal != 0 && seen.b_ideal != 0.5);
  }
  EXPECT_EQ(off_option, 0);
  // Binomial: 4 standard errors.
  EXPECT_NEAR(de_facto_red / double(n), 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
  EXPECT_NEAR(none_ideal / double(n), 0.5, 4 * std::sqrt(0.25 / n));
}

TEST(UncertainOptions, NameOptionsOfTheIssue) {
  std::string yaml = kYaml;
  test::replace_once(yaml, "[de_jure, de_facto]", "[de_jure, de_fakto]");
  test::replace_once(yaml, "{dist: discrete, values: [none", "{dist: uniform, values: [none");
  const auto problems = test_support::load_problems(yaml);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "8:77: parties[0].demands.status.red_line.values[1]: unknown option 'de_fakto' of "
            "issue 'status'; did you mean 'de_facto'?");
  EXPECT_EQ(problems[1],
            "12:30: parties[1].demands.status.ideal.dist: an uncertain option of issue 'status' "
            "takes dist: discrete (values are options, each with a weight), got the text "
            "'uniform'");
}

// Both lists of a discrete option distribution are read to the end, so that
// every faulty item is reported, and a missing list is named with what it holds.
TEST(UncertainOptions, ReportEveryFaultOfTheirLists) {
  std::string yaml = kYaml;
  test::replace_once(yaml, "weights: [3, 1]", "weights: [3, many]");
  test::replace_once(yaml, "values: [none, de_facto], weights: [1, 1]", "weights: [1, 1]");
  const auto problems = test_support::load_problems(yaml);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "8:101: parties[0].demands.status.red_line.weights[1]: expected a number, got the text "
            "'many'");
  EXPECT_EQ(
      problems[1],
      "12:23: parties[1].demands.status.ideal: missing required key 'values' (a list of options)");
}

}  // namespace
}  // namespace negsim
