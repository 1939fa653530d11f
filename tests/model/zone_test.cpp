#include "negsim/model/zone.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace negsim {
namespace {

Stance stance(double ideal, double red_line) {
  Stance s;
  s.ideal = ideal;
  s.red_line = red_line;
  return s;
}

TEST(IssueZone, IsWhatEveryRedLineLeaves) {
  IssueZone z;
  narrow(z, stance(1.0, 0.5), 0);                                       // at least 0.5
  narrow(z, stance(0.0, 0.7), 1);                                       // at most 0.7
  narrow(z, stance(0.2, std::numeric_limits<double>::quiet_NaN()), 2);  // no red line
  EXPECT_DOUBLE_EQ(z.lower, 0.5);
  EXPECT_DOUBLE_EQ(z.upper, 0.7);
  EXPECT_EQ(z.lower_by, 0);
  EXPECT_EQ(z.upper_by, 1);
  EXPECT_TRUE(z.common(0));
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.2, z, 0), 0.5);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.9, z, 0), 0.7);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.6, z, 0), 0.6);
}

TEST(IssueZone, WithoutCommonGroundLeavesThePositionAlone) {
  IssueZone z;
  narrow(z, stance(1.0, 0.8), 0);
  narrow(z, stance(0.0, 0.3), 1);
  EXPECT_FALSE(z.common(0));
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.55, z, 0), 0.55);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.55, z, 3), 0.5);  // still snapped to an option
}

TEST(IssueZone, AnIdealOnItsRedLineIsTheOnlyAcceptablePosition) {
  IssueZone z;
  narrow(z, stance(0.4, 0.4), 0);
  EXPECT_DOUBLE_EQ(z.lower, 0.4);
  EXPECT_DOUBLE_EQ(z.upper, 0.4);
  EXPECT_TRUE(z.common(0));
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.9, z, 0), 0.4);
}

TEST(IssueZone, OnAnOrdinalIssueTakesTheNearestOptionInside) {
  // Four options at 0, 1/3, 2/3 and 1; red lines leave options 1 and 2.
  IssueZone z;
  narrow(z, stance(1.0, 1.0 / 3), 0);
  narrow(z, stance(0.0, 2.0 / 3), 1);
  ASSERT_TRUE(z.common(4));
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.0, z, 4), 1.0 / 3);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.95, z, 4), 2.0 / 3);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.6, z, 4), 2.0 / 3);
  EXPECT_DOUBLE_EQ(nearest_in_zone(0.45, z, 4), 1.0 / 3);
}

TEST(IssueZone, OnAnOrdinalIssueNeedsAnOptionBetweenTheRedLines) {
  // Red lines at 0.4 and 0.6 (between options 1/3 and 2/3): no option fits.
  IssueZone z;
  narrow(z, stance(1.0, 0.4), 0);
  narrow(z, stance(0.0, 0.6), 1);
  EXPECT_TRUE(z.common(0));
  EXPECT_FALSE(z.common(4));
}

}  // namespace
}  // namespace negsim
