#include "negsim/model/utility.hpp"
#include "support/red_line.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace negsim {
namespace {

using test_support::kNoRedLine;

TEST(Utility, IsOneMinusSalienceWeightedDistance) {
  // Two issues: distance 0.5 with salience 1 and 0.25 with salience 3.
  const std::vector<Stance> stances = {{0, 1.0, kNoRedLine, 1.0}, {1, 0.0, kNoRedLine, 3.0}};
  const std::vector<double> x = {0.5, 0.25};
  EXPECT_DOUBLE_EQ(utility(x, stances), 1.0 - (1 * 0.5 + 3 * 0.25) / 4.0);
}

TEST(Utility, IgnoresIssuesWithoutADemand) {
  const std::vector<Stance> stances = {{1, 0.2, kNoRedLine, 2.0}};
  EXPECT_DOUBLE_EQ(utility(std::vector<double>{0.9, 0.2}, stances), 1.0);
  EXPECT_DOUBLE_EQ(utility(std::vector<double>{0.0, 0.7}, stances), 0.5);
}

TEST(Utility, StaysWithinZeroAndOne) {
  const std::vector<Stance> stances = {{0, 0.0, kNoRedLine, 1.0}, {1, 1.0, kNoRedLine, 1.0}};
  EXPECT_DOUBLE_EQ(utility(std::vector<double>{1.0, 0.0}, stances), 0.0);
  EXPECT_DOUBLE_EQ(utility(std::vector<double>{0.0, 1.0}, stances), 1.0);
}

TEST(Utility, IsOneForAPartyThatCaresAboutNothing) {
  const std::vector<Stance> stances = {{0, 0.0, kNoRedLine, 0.0}};
  EXPECT_DOUBLE_EQ(utility(std::vector<double>{1.0}, stances), 1.0);
}

TEST(RedLine, AcceptsTheIdealsSideInclusive) {
  // Ideal above the red line: at or above it is acceptable.
  EXPECT_TRUE(within_red_line(0.3, 1.0, 0.3));
  EXPECT_TRUE(within_red_line(0.9, 1.0, 0.3));
  EXPECT_FALSE(within_red_line(0.29, 1.0, 0.3));
  // Ideal below the red line: at or below it.
  EXPECT_TRUE(within_red_line(0.7, 0.0, 0.7));
  EXPECT_FALSE(within_red_line(0.71, 0.0, 0.7));
  // Rounding in the last bits does not cross a red line.
  EXPECT_TRUE(within_red_line(0.3 - 1e-12, 1.0, 0.3));
}

TEST(RedLine, OnTheIdealOnlyThatPositionIsAcceptable) {
  EXPECT_TRUE(within_red_line(0.5, 0.5, 0.5));
  EXPECT_FALSE(within_red_line(0.6, 0.5, 0.5));
  EXPECT_FALSE(within_red_line(0.4, 0.5, 0.5));
}

TEST(RedLine, NoRedLineAcceptsEverything) {
  EXPECT_TRUE(within_red_line(0.0, 1.0, kNoRedLine));
  EXPECT_TRUE(within_red_line(1.0, 0.0, kNoRedLine));
}

TEST(RedLine, CrossedRedLineNamesTheFirstStanceCrossed) {
  const std::vector<Stance> stances = {{0, 1.0, 0.3, 1.0}, {1, 0.0, 0.5, 1.0}};
  EXPECT_EQ(crossed_red_line(std::vector<double>{0.5, 0.5}, stances), -1);
  EXPECT_EQ(crossed_red_line(std::vector<double>{0.5, 0.6}, stances), 1);
  EXPECT_EQ(crossed_red_line(std::vector<double>{0.1, 0.6}, stances), 0);
}

TEST(RedLine, ClampStopsAtTheRedLine) {
  EXPECT_DOUBLE_EQ(clamp_to_red_line(0.1, 1.0, 0.3), 0.3);
  EXPECT_DOUBLE_EQ(clamp_to_red_line(0.5, 1.0, 0.3), 0.5);
  EXPECT_DOUBLE_EQ(clamp_to_red_line(0.9, 0.0, 0.7), 0.7);
  EXPECT_DOUBLE_EQ(clamp_to_red_line(0.9, 0.0, kNoRedLine), 0.9);
}

TEST(RedLineUtility, IsTheUtilityOfTheWorstAcceptablePackage) {
  // Issue 0: red line 0.3 from ideal 1 (distance 0.7); issue 1: no red line,
  // ideal 0.2, so the worst is the far end 1 (distance 0.8).
  const std::vector<Stance> stances = {{0, 1.0, 0.3, 1.0}, {1, 0.2, kNoRedLine, 3.0}};
  EXPECT_DOUBLE_EQ(red_line_utility(stances), 1.0 - (0.7 + 3 * 0.8) / 4.0);
  EXPECT_DOUBLE_EQ(red_line_utility(stances), utility(std::vector<double>{0.3, 1.0}, stances));
}

}  // namespace
}  // namespace negsim
