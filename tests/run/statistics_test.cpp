#include "negsim/run/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace negsim {
namespace {

// Reference bounds are the two roots of (n + z²)p² − (2k + z²)p + k²/n = 0,
// i.e. the p with |k/n − p| = z·sqrt(p(1 − p)/n), solved with mpmath at 40
// digits (z = 1.959963984540054) — a derivation independent of the closed
// form the code uses.
struct WilsonCase {
  std::uint64_t k, n;
  double low, high;
};

TEST(WilsonInterval, MatchesHighPrecisionReferenceValues) {
  const WilsonCase cases[] = {
      {0, 10, 0.0, 0.277532799863},
      {10, 10, 0.722467200137, 1.0},
      {3, 10, 0.107791267406, 0.603221852539},
      {50, 100, 0.403831530366, 0.596168469634},
      {300, 1000, 0.272406842477, 0.329123860917},
      {1, 29, 0.00611321429276, 0.171755218793},
  };
  for (const auto& c : cases) {
    const Interval i = wilson_interval(c.k, c.n);
    EXPECT_NEAR(i.low, c.low, 1e-11) << c.k << " of " << c.n;
    EXPECT_NEAR(i.high, c.high, 1e-11) << c.k << " of " << c.n;
  }
}

TEST(WilsonInterval, MatchesNewcombe1998PublishedExamples) {
  // Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3
  // (score interval without continuity correction), given to 4 decimals.
  const WilsonCase cases[] = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const auto& c : cases) {
    const Interval i = wilson_interval(c.k, c.n);
    EXPECT_NEAR(i.low, c.low, 5e-5) << c.k << " of " << c.n;
    EXPECT_NEAR(i.high, c.high, 5e-5) << c.k << " of " << c.n;
  }
}

TEST(WilsonInterval, IsExactlyZeroAndOneAtTheEndsAndWholeRangeWithoutTrials) {
  EXPECT_EQ(wilson_interval(0, 7).low, 0.0);
  EXPECT_EQ(wilson_interval(7, 7).high, 1.0);
  EXPECT_EQ(wilson_interval(0, 0), (Interval{0.0, 1.0}));
}

TEST(WilsonInterval, NarrowsLikeOneOverRootN) {
  const double h1 = wilson_interval(300, 1000).half_width();
  const double h2 = wilson_interval(30000, 100000).half_width();
  EXPECT_NEAR(h1 / h2, 10.0, 0.05);
  // For large n the half-width approaches z·sqrt(p(1 − p)/n).
  EXPECT_NEAR(h2, kZ95 * std::sqrt(0.3 * 0.7 / 100000), 1e-6);
}

TEST(ProportionStdError, IsBinomialStandardError) {
  EXPECT_DOUBLE_EQ(proportion_std_error(3, 10), std::sqrt(0.3 * 0.7 / 10));
  EXPECT_EQ(proportion_std_error(0, 10), 0.0);
  EXPECT_EQ(proportion_std_error(0, 0), 0.0);
}

TEST(ProportionDifferenceInterval, MatchesNewcombe1998bPublishedExamples) {
  // Newcombe (1998b), Statistics in Medicine 17:873-890, Table II, method 10
  // (hybrid score interval from Wilson intervals), given to 4 decimals.
  struct Case {
    std::uint64_t k1, n1, k2, n2;
    double low, high;
  };
  const Case cases[] = {
      {56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090},
      {6, 7, 2, 7, 0.0582, 0.8062},     {5, 56, 0, 29, -0.0381, 0.1926},
      {0, 10, 0, 20, -0.1611, 0.2775},  {0, 10, 0, 10, -0.2775, 0.2775},
      {10, 10, 0, 20, 0.6791, 1.0000},  {10, 10, 0, 10, 0.6075, 1.0000},
  };
  for (const auto& c : cases) {
    const Interval i = proportion_difference_interval(c.k1, c.n1, c.k2, c.n2);
    EXPECT_NEAR(i.low, c.low, 5e-5) << c.k1 << "/" << c.n1 << " - " << c.k2 << "/" << c.n2;
    EXPECT_NEAR(i.high, c.high, 5e-5) << c.k1 << "/" << c.n1 << " - " << c.k2 << "/" << c.n2;
  }
}

TEST(DiscreteQuantile, IsTheInverseEmpiricalCdf) {
  // Values 0,0,1,1,1,2,2,2,2,2.
  const std::vector<std::uint64_t> counts{2, 3, 5};
  EXPECT_EQ(discrete_quantile(counts, 0.0), 0);
  EXPECT_EQ(discrete_quantile(counts, 0.2), 0);  // F(0) = 0.2 reaches it
  EXPECT_EQ(discrete_quantile(counts, 0.21), 1);
  EXPECT_EQ(discrete_quantile(counts, 0.5), 1);  // F(1) = 0.5
  EXPECT_EQ(discrete_quantile(counts, 0.51), 2);
  EXPECT_EQ(discrete_quantile(counts, 1.0), 2);
  EXPECT_EQ(discrete_quantile(std::vector<std::uint64_t>{0, 0, 4}, 0.0), 2);
  EXPECT_EQ(discrete_quantile(std::vector<std::uint64_t>{0, 0, 0}, 0.5), -1);
}

TEST(BinnedQuantile, InterpolatesWithinTheBin) {
  // Four values in bin 3 of ten bins over [0, 10]: spread over [3, 4).
  std::vector<std::uint64_t> counts(10, 0);
  counts[3] = 4;
  EXPECT_DOUBLE_EQ(binned_quantile(counts, 0, 10, 0.0), 3.0);
  EXPECT_DOUBLE_EQ(binned_quantile(counts, 0, 10, 0.5), 3.5);
  EXPECT_DOUBLE_EQ(binned_quantile(counts, 0, 10, 1.0), 4.0);
  // One value per bin is the uniform distribution on [0, 10].
  const std::vector<std::uint64_t> uniform(10, 1);
  EXPECT_DOUBLE_EQ(binned_quantile(uniform, 0, 10, 0.25), 2.5);
  EXPECT_DOUBLE_EQ(binned_quantile(uniform, 0, 10, 0.9), 9.0);
  EXPECT_DOUBLE_EQ(binned_quantile(uniform, -5, 5, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(binned_quantile(std::vector<std::uint64_t>(10, 0), 1, 2, 0.5), 1.0);
}

TEST(MeanEstimate, IsSampleMeanWithStandardErrorOfTheMean) {
  // 1, 2, 3, 4: mean 2.5, sample variance 5/3.
  const MeanEstimate m = mean_estimate(4, 10, 30);
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  EXPECT_DOUBLE_EQ(m.std_error, std::sqrt(5.0 / 3.0 / 4.0));
  EXPECT_EQ(mean_estimate(1, 7, 49).std_error, 0.0);
  EXPECT_EQ(mean_estimate(0, 0, 0).mean, 0.0);
}

}  // namespace
}  // namespace negsim
