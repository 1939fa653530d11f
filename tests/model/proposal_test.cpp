#include "negsim/model/proposal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "negsim/model/rng.hpp"

namespace negsim {
namespace {

TEST(Compromise, IsTheCapabilityTimesSalienceWeightedMean) {
  // c = {1, 2, 0.5}, s = {1, 0.5, 4}, x = {0.9, 0.1, 0.4}.
  const std::vector<Pull> pulls = {{0.9, 1 * 1.0}, {0.1, 2 * 0.5}, {0.4, 0.5 * 4.0}};
  const double expected = (1 * 0.9 + 1 * 0.1 + 2 * 0.4) / (1 + 1 + 2);
  EXPECT_DOUBLE_EQ(compromise_position(pulls), expected);
}

TEST(Compromise, EqualWeightsWhenNoOneHasWeightAndMiddleWhenNoOneCares) {
  EXPECT_DOUBLE_EQ(compromise_position(std::vector<Pull>{{0.2, 0}, {0.6, 0}}), 0.4);
  EXPECT_DOUBLE_EQ(compromise_position(std::vector<Pull>{}), 0.5);
}

TEST(WeightedMedian, IsThePositionWithHalfTheWeightOnEitherSide) {
  std::vector<Pull> pulls = {{0.9, 1}, {0.1, 1}, {0.4, 3}};
  EXPECT_DOUBLE_EQ(weighted_median_position(pulls), 0.4);
  pulls = {{0.9, 5}, {0.1, 1}, {0.4, 3}};
  EXPECT_DOUBLE_EQ(weighted_median_position(pulls), 0.9);
}

TEST(WeightedMedian, ExactTieGoesToTheMidpoint) {
  std::vector<Pull> pulls = {{0.2, 1}, {0.8, 1}};
  EXPECT_DOUBLE_EQ(weighted_median_position(pulls), 0.5);
  pulls = {{0.0, 2}, {0.3, 1}, {0.6, 1}, {1.0, 2}};  // half at or below 0.3
  EXPECT_DOUBLE_EQ(weighted_median_position(pulls), 0.45);
}

TEST(WeightedMedian, IgnoresPullsWithoutWeight) {
  std::vector<Pull> pulls = {{0.0, 0}, {0.7, 2}, {1.0, 1}};
  EXPECT_DOUBLE_EQ(weighted_median_position(pulls), 0.7);
}

TEST(WeightedMedian, MinimisesTheWeightedDistanceOnRandomData) {
  // The weighted median is a minimiser of sum_i w_i |x_i - m| (Black 1948: the
  // Condorcet winner for single-peaked preferences).
  const Stream stream(11, purpose_id("test:median"), 0);
  std::uint64_t draw = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + trial % 7;
    std::vector<Pull> pulls;
    for (int i = 0; i < n; ++i)
      pulls.push_back({stream.uniform(draw++), std::floor(stream.uniform(draw++) * 4)});
    const std::vector<Pull> original = pulls;
    const double m = weighted_median_position(pulls);
    const auto cost = [&](double at) {
      double c = 0;
      bool any = false;
      for (const Pull& p : original) any = any || p.weight > 0;
      for (const Pull& p : original) c += (any ? p.weight : 1.0) * std::abs(p.position - at);
      return c;
    };
    for (const Pull& p : original)
      EXPECT_LE(cost(m), cost(p.position) + 1e-12) << "trial " << trial;
  }
}

TEST(SnapToOption, PicksTheNearestOptionHalfWayUp) {
  EXPECT_DOUBLE_EQ(snap_to_option(0.0, 4), 0.0);
  EXPECT_DOUBLE_EQ(snap_to_option(0.2, 4), 1.0 / 3);
  EXPECT_DOUBLE_EQ(snap_to_option(0.5, 4), 2.0 / 3);  // half-way between 1/3 and 2/3
  EXPECT_DOUBLE_EQ(snap_to_option(0.49, 2), 0.0);
  EXPECT_DOUBLE_EQ(snap_to_option(0.5, 2), 1.0);
  EXPECT_DOUBLE_EQ(snap_to_option(1.3, 3), 1.0);
}

}  // namespace
}  // namespace negsim
