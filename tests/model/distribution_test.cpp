#include "negsim/model/distribution.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace negsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Standard normal quantiles (tables; independent of the implementation).
constexpr double kZ975 = 1.959963984540054;
constexpr double kZ95 = 1.6448536269514722;

Distribution uniform(double low, double high) {
  Distribution d;
  d.kind = DistKind::uniform;
  d.low = low;
  d.high = high;
  return d;
}
Distribution normal(double mean, double sd) {
  Distribution d;
  d.kind = DistKind::normal;
  d.mean = mean;
  d.sd = sd;
  return d;
}
Distribution triangular(double low, double mode, double high) {
  Distribution d;
  d.kind = DistKind::triangular;
  d.low = low;
  d.mode = mode;
  d.high = high;
  return d;
}
Distribution beta(double a, double b, double low = 0, double high = 1) {
  Distribution d;
  d.kind = DistKind::beta;
  d.alpha = a;
  d.beta = b;
  d.low = low;
  d.high = high;
  return d;
}
Distribution lognormal(double mu, double sigma) {
  Distribution d;
  d.kind = DistKind::lognormal;
  d.mu = mu;
  d.sigma = sigma;
  return d;
}
Distribution discrete(std::vector<double> values, std::vector<double> weights) {
  Distribution d;
  d.kind = DistKind::discrete;
  d.values = std::move(values);
  d.weights = std::move(weights);
  return d;
}
Distribution truncated(Distribution d, std::optional<double> min, std::optional<double> max) {
  d.min = min;
  d.max = max;
  return d;
}

TEST(DistributionQuantile, FixedIsItsValue) {
  const auto d = Distribution::constant(0.3);
  EXPECT_EQ(d.quantile(0.0), 0.3);
  EXPECT_EQ(d.quantile(0.99), 0.3);
  EXPECT_EQ(d.support_min(), 0.3);
  EXPECT_EQ(d.support_max(), 0.3);
}

TEST(DistributionQuantile, UniformIsLinear) {
  const auto d = uniform(2, 6);
  for (double u : {0.0, 0.1, 0.5, 0.9}) EXPECT_NEAR(d.quantile(u), 2 + 4 * u, 1e-12) << u;
}

// The plain uniform takes an inline shortcut; its ends are nudged like every
// other kind's (u = 0 to 2^-60, u = 1 to 1 - 2^-53) and stay within [low, high].
TEST(DistributionQuantile, UniformEndsAreNudgedInside) {
  const auto unit = uniform(0, 1);
  EXPECT_EQ(unit.quantile(0.0), 0x1p-60);
  EXPECT_EQ(unit.quantile(1.0), 1 - 0x1p-53);
  const auto d = uniform(2, 6);
  EXPECT_EQ(d.quantile(1.0), 6);  // 6 - 2^-51 rounds to 6: still within
  // The same numbers as the general path, reached here through a truncation
  // that cuts nothing.
  const auto cut_nothing = truncated(uniform(2, 6), 2.0, 6.0);
  for (double u : {0.0, 0.125, 0.5, 0.75})
    EXPECT_DOUBLE_EQ(d.quantile(u), cut_nothing.quantile(u)) << u;
}

TEST(DistributionQuantile, NormalMatchesTabulatedQuantiles) {
  const auto d = normal(10, 2);
  EXPECT_NEAR(d.quantile(0.5), 10, 1e-12);
  EXPECT_NEAR(d.quantile(0.975), 10 + 2 * kZ975, 1e-10);
  EXPECT_NEAR(d.quantile(0.025), 10 - 2 * kZ975, 1e-10);
  EXPECT_NEAR(d.quantile(0.95), 10 + 2 * kZ95, 1e-10);
}

TEST(DistributionQuantile, NormalStaysFiniteAtZero) {
  // u = 0 has probability 2^-53 per draw; it must not produce -infinity.
  EXPECT_TRUE(std::isfinite(normal(0, 1).quantile(0.0)));
  EXPECT_LT(normal(0, 1).quantile(0.0), -8);
}

TEST(DistributionQuantile, TriangularMatchesClosedForm) {
  const auto d = triangular(0, 1, 3);  // F(mode) = 1/3
  for (double u : {0.05, 0.2, 1.0 / 3})
    EXPECT_NEAR(d.quantile(u), std::sqrt(u * 3 * 1), 1e-12) << u;
  for (double u : {0.5, 0.8, 0.99})
    EXPECT_NEAR(d.quantile(u), 3 - std::sqrt((1 - u) * 3 * 2), 1e-12) << u;
}

TEST(DistributionQuantile, BetaMatchesClosedForms) {
  for (double u : {0.1, 0.36, 0.81}) {
    EXPECT_NEAR(beta(2, 1).quantile(u), std::sqrt(u), 1e-12) << u;          // F(x) = x^2
    EXPECT_NEAR(beta(1, 2).quantile(u), 1 - std::sqrt(1 - u), 1e-12) << u;  // F = 1-(1-x)^2
    EXPECT_NEAR(beta(1, 1, 2, 4).quantile(u), 2 + 2 * u, 1e-12) << u;       // scaled uniform
  }
}

TEST(DistributionQuantile, LognormalIsExpOfNormal) {
  const auto d = lognormal(0.5, 0.25);
  EXPECT_NEAR(d.quantile(0.5), std::exp(0.5), 1e-12);
  EXPECT_NEAR(d.quantile(0.975), std::exp(0.5 + 0.25 * kZ975), 1e-10);
}

TEST(DistributionQuantile, DiscreteFollowsCumulativeWeightsInValueOrder) {
  const auto d = discrete({3, 1, 2}, {1, 1, 2});  // sorted: 1 (1/4), 2 (2/4), 3 (1/4)
  EXPECT_EQ(d.quantile(0.0), 1);
  EXPECT_EQ(d.quantile(0.24), 1);
  EXPECT_EQ(d.quantile(0.25), 2);
  EXPECT_EQ(d.quantile(0.74), 2);
  EXPECT_EQ(d.quantile(0.75), 3);
  EXPECT_EQ(d.quantile(0.999), 3);
}

TEST(DistributionQuantile, DiscreteSkipsZeroWeights) {
  const auto d = discrete({1, 2, 3}, {1, 0, 1});
  EXPECT_EQ(d.quantile(0.49), 1);
  EXPECT_EQ(d.quantile(0.5), 3);
  EXPECT_EQ(d.support_min(), 1);
  EXPECT_EQ(d.support_max(), 3);
  EXPECT_EQ(discrete({1, 2, 3}, {0, 1, 0}).support_max(), 2);
}

TEST(DistributionTruncation, UniformBecomesUniformOnTheIntersection) {
  const auto d = truncated(uniform(0, 10), 2, 4);
  for (double u : {0.0, 0.25, 0.5, 0.9}) EXPECT_NEAR(d.quantile(u), 2 + 2 * u, 1e-12) << u;
  EXPECT_EQ(d.support_min(), 2);
  EXPECT_EQ(d.support_max(), 4);
  const auto wider = truncated(uniform(0, 1), -5, 5);
  EXPECT_EQ(wider.support_min(), 0);
  EXPECT_EQ(wider.support_max(), 1);
}

TEST(DistributionTruncation, HalfNormal) {
  // N(0,1) cut at 0: Q(u) = Phi^-1((1 + u) / 2).
  const auto d = truncated(normal(0, 1), 0.0, std::nullopt);
  EXPECT_NEAR(d.quantile(0.9), kZ95, 1e-10);
  EXPECT_NEAR(d.quantile(0.95), kZ975, 1e-10);
  EXPECT_EQ(d.support_min(), 0);
  EXPECT_EQ(d.support_max(), kInf);
}

TEST(DistributionTruncation, FarUpperTailKeepsItsPrecision) {
  // F(10) rounds to 1 in double precision; the survival function does not.
  const auto d = truncated(normal(0, 1), 10.0, std::nullopt);
  ASSERT_FALSE(d.problem().has_value());
  const double median = d.quantile(0.5);
  const double s10 = 0.5 * std::erfc(10 / std::sqrt(2.0));
  EXPECT_NEAR(0.5 * std::erfc(median / std::sqrt(2.0)) / (s10 / 2), 1.0, 1e-8);
  EXPECT_GT(median, 10);
  EXPECT_LT(median, 10.2);
}

TEST(DistributionTruncation, TriangularCutInTheMiddle) {
  // Triangular(0, 1, 2) cut to [0.5, 1.5]: mass 3/4, symmetric, median 1.
  const auto d = truncated(triangular(0, 1, 2), 0.5, 1.5);
  EXPECT_NEAR(d.quantile(0.5), 1.0, 1e-12);
  EXPECT_NEAR(d.quantile(0.0), 0.5, 1e-6);
  // F(x) on [0.5, 1]: (x^2 - 0.25) / 2 / 0.75; at u = 0.25, x^2 = 0.25 + 0.375.
  EXPECT_NEAR(d.quantile(0.25), std::sqrt(0.625), 1e-12);
}

TEST(DistributionTruncation, DiscreteDropsValuesOutside) {
  const auto d = truncated(discrete({1, 2, 3}, {5, 1, 1}), 1.5, std::nullopt);
  EXPECT_EQ(d.quantile(0.0), 2);
  EXPECT_EQ(d.quantile(0.49), 2);
  EXPECT_EQ(d.quantile(0.5), 3);
  EXPECT_EQ(d.support_min(), 2);
}

TEST(DistributionTruncation, LognormalSupportStartsAtZero) {
  EXPECT_EQ(lognormal(0, 1).support_min(), 0);
  EXPECT_EQ(lognormal(0, 1).support_max(), kInf);
  EXPECT_EQ(truncated(lognormal(0, 1), std::nullopt, 3.0).support_max(), 3);
}

TEST(DistributionQuantile, MonotoneAndInsideTheSupportForEveryKind) {
  const std::vector<Distribution> all = {
      uniform(0, 1),
      normal(0, 1),
      triangular(0, 0.2, 1),
      beta(0.5, 3, 1, 2),
      lognormal(0, 1),
      discrete({0, 1, 5}, {1, 2, 3}),
      truncated(normal(1, 3), 0.0, 1.0),
      truncated(beta(2, 5), 0.5, std::nullopt),
      truncated(lognormal(0, 2), 1.0, 50.0),
      truncated(normal(0, 1), std::nullopt, -6.0),
  };
  for (const auto& d : all) {
    double previous = -kInf;
    for (int i = 0; i < 1000; ++i) {
      const double u = i / 1000.0;
      const double x = d.quantile(u);
      ASSERT_TRUE(std::isfinite(x)) << to_string(d.kind) << " u=" << u;
      ASSERT_GE(x, previous) << to_string(d.kind) << " u=" << u;
      ASSERT_GE(x, d.support_min()) << to_string(d.kind);
      ASSERT_LE(x, d.support_max()) << to_string(d.kind);
      previous = x;
    }
  }
}

TEST(DistributionQuantile, PointMassesNeedNoInversion) {
  EXPECT_EQ(normal(4, 0).quantile(0.3), 4);
  EXPECT_EQ(uniform(2, 2).quantile(0.7), 2);
  EXPECT_EQ(triangular(1, 1, 1).quantile(0.1), 1);
  EXPECT_FALSE(normal(4, 0).problem().has_value());
}

TEST(DistributionProblem, UsableDistributionsHaveNone) {
  for (const auto& d : {uniform(0, 1), normal(0, 1), triangular(0, 0, 1), beta(2, 3),
                        lognormal(0, 1), discrete({1}, {1}), truncated(normal(0, 1), -1.0, 1.0)})
    EXPECT_FALSE(d.problem().has_value()) << to_string(d.kind) << ": " << *d.problem();
}

TEST(DistributionProblem, NamesTheImpossibleParameter) {
  EXPECT_EQ(normal(0, -1).problem(), "sd must be 0 or more, got -1");
  EXPECT_EQ(uniform(2, 1).problem(), "low (2) is greater than high (1)");
  EXPECT_EQ(triangular(0, 5, 1).problem(), "mode (5) must lie between low (0) and high (1)");
  EXPECT_EQ(beta(0, 1).problem(), "alpha must be greater than 0, got 0");
  EXPECT_EQ(beta(1, -2).problem(), "beta must be greater than 0, got -2");
  EXPECT_EQ(beta(1, 1, 3, 2).problem(), "low (3) is greater than high (2)");
  EXPECT_EQ(lognormal(0, 0).problem(), "sigma must be greater than 0, got 0");
}

TEST(DistributionProblem, DiscreteValuesAndWeights) {
  EXPECT_EQ(discrete({}, {}).problem(), "values must list at least one value");
  EXPECT_EQ(discrete({1, 2}, {1}).problem(),
            "values and weights must have the same length, got 2 values and 1 weight");
  EXPECT_EQ(discrete({1, 2}, {1, -1}).problem(), "weights must be 0 or more, got -1");
  EXPECT_EQ(discrete({1, 2}, {0, 0}).problem(), "weights must not all be 0");
}

TEST(DistributionProblem, Truncation) {
  EXPECT_EQ(truncated(normal(0, 1), 2.0, 1.0).problem(), "min (2) is greater than max (1)");
  EXPECT_EQ(truncated(uniform(0, 1), 2.0, 3.0).problem(),
            "truncation to [2, 3] leaves no probability: the uniform distribution never (or "
            "practically never) produces a value there");
  EXPECT_EQ(truncated(lognormal(0, 1), std::nullopt, -1.0).problem(),
            "truncation to [-inf, -1] leaves no probability: the lognormal distribution never "
            "(or practically never) produces a value there");
  EXPECT_EQ(truncated(discrete({1, 2}, {1, 1}), 3.0, std::nullopt).problem(),
            "truncation to [3, inf] leaves no probability: the discrete distribution never (or "
            "practically never) produces a value there");
  // Mass ~1e-2000: not representable, so no value could ever be drawn.
  EXPECT_TRUE(truncated(normal(0, 1), 100.0, std::nullopt).problem().has_value());
  EXPECT_TRUE(truncated(normal(5, 0), 6.0, std::nullopt).problem().has_value());
}

TEST(DistributionProblem, NonFiniteNumbers) {
  EXPECT_EQ(Distribution::constant(std::nan("")).problem(),
            "the value must be a finite number, got nan");
  EXPECT_EQ(uniform(0, kInf).problem(), "high must be a finite number, got inf");
  EXPECT_EQ(truncated(normal(0, 1), std::nullopt, std::nan("")).problem(),
            "max must be a finite number, got nan");
}

// Issue 12: every distribution problem() accepts can be sampled quickly to a
// finite value; the numerical extremes that hung Boost or gave NaN are
// refused with a message.
TEST(DistributionProblem, RefusesNumericalExtremes) {
  for (const Distribution& d :
       {beta(2, 1e20), beta(1e30, 1e30), beta(1e300, 1e300), beta(1e-300, 1),
        truncated(beta(1e30, 1e30), 0.5, 0.6), uniform(-1e308, 1e308), triangular(-1e308, 0, 1e308),
        beta(2, 2, -1e308, 1e308), normal(0.5, 1e307), normal(1.7e308, 1e307), lognormal(0, 1e300),
        lognormal(710, 0.1), discrete({0.1, 0.2}, {1e308, 1e308})})
    EXPECT_TRUE(d.problem().has_value()) << to_string(d.kind);
}

TEST(DistributionProblem, WhatItAcceptsSamplesFastAndFinite) {
  for (const Distribution& d :
       {beta(1e-4, 1e-4), beta(1e6, 1e6), beta(1e-4, 1e6), beta(1e6, 1e-4),
        truncated(beta(1e6, 1e6), 0.4999, 0.5001), truncated(beta(1e6, 1), 0.9, 1),
        uniform(-1e300, 1e300), normal(0, 1e300), lognormal(0, 17), lognormal(-690, 0.1),
        discrete({0, 1}, {1e307, 1e307})}) {
    ASSERT_FALSE(d.problem().has_value()) << to_string(d.kind) << ": " << *d.problem();
    const auto start = std::chrono::steady_clock::now();
    for (double u : {0.0, 1e-300, 1e-16, 0.25, 0.5, 0.75, 1 - 1e-16, 1.0})
      EXPECT_TRUE(std::isfinite(d.quantile(u))) << to_string(d.kind) << " at " << u;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1)
        << to_string(d.kind);
  }
}

}  // namespace
}  // namespace negsim
