// The scoring rules of the backtest against values computed by hand.
#include "negsim/run/scoring_rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace negsim {
namespace {

TEST(ScoringRules, BrierOfABinaryForecastIsTheSquaredError) {
  EXPECT_DOUBLE_EQ(brier_score(0.7, true), 0.09);  // (0.7 − 1)²
  EXPECT_DOUBLE_EQ(brier_score(0.7, false), 0.49);
  EXPECT_DOUBLE_EQ(brier_score(0.5, true), 0.25);  // a coin
  EXPECT_DOUBLE_EQ(brier_score(1.0, true), 0.0);
  EXPECT_DOUBLE_EQ(brier_score(0.0, true), 1.0);
}

TEST(ScoringRules, MultiClassBrierSumsOverEveryClass) {
  const std::vector<double> p{0.5, 0.3, 0.2};
  // (0.5 − 1)² + 0.3² + 0.2² = 0.25 + 0.09 + 0.04
  EXPECT_DOUBLE_EQ(brier_score(p, 0), 0.38);
  // 0.5² + 0.3² + (0.2 − 1)² = 0.25 + 0.09 + 0.64
  EXPECT_DOUBLE_EQ(brier_score(p, 2), 0.98);
  EXPECT_DOUBLE_EQ(brier_score(std::vector<double>{0, 1, 0}, 1), 0.0);
  EXPECT_DOUBLE_EQ(brier_score(std::vector<double>{1, 0, 0}, 1), 2.0);  // the worst
  EXPECT_THROW(brier_score(p, 3), std::out_of_range);
}

TEST(ScoringRules, LogLossInNatsWithTheMonteCarloFloor) {
  EXPECT_DOUBLE_EQ(log_loss_floor(20000), 1.0 / 40000);
  const double floor = log_loss_floor(20000);
  EXPECT_DOUBLE_EQ(log_loss(0.8, true, floor), -std::log(0.8));  // 0.2231…
  EXPECT_DOUBLE_EQ(log_loss(0.8, false, floor), -std::log(0.2));
  EXPECT_NEAR(log_loss(0.5, true, floor), 0.693147, 1e-6);  // ln 2
  // 0 read as 1/(2N): −ln(1/40000) = ln 40000 ≈ 10.597, never infinite.
  EXPECT_NEAR(log_loss(0.0, true, floor), 10.596635, 1e-6);
  EXPECT_NEAR(log_loss(1.0, false, floor), 10.596635, 1e-6);
  EXPECT_DOUBLE_EQ(log_loss(1.0, true, floor), -std::log(1 - 1.0 / 40000));
  EXPECT_DOUBLE_EQ(clamp_probability(0.3, floor), 0.3);
}

TEST(ScoringRules, MultiClassLogLossTakesTheObservedClass) {
  const std::vector<double> p{0.5, 0.3, 0.2, 0.0};
  EXPECT_DOUBLE_EQ(log_loss(p, 2, 0.001), -std::log(0.2));
  EXPECT_DOUBLE_EQ(log_loss(p, 3, 0.001), -std::log(0.001));
}

TEST(ScoringRules, RuleOfSuccession) {
  EXPECT_DOUBLE_EQ(rule_of_succession(3, 10), 4.0 / 12);
  EXPECT_DOUBLE_EQ(rule_of_succession(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(rule_of_succession(5, 5), 6.0 / 7);
}

TEST(ScoringRules, CentralRangesIncludeTheirEnds) {
  const CentralRange r{0.2, 0.4};
  EXPECT_TRUE(r.covers(0.2));
  EXPECT_TRUE(r.covers(0.4));
  EXPECT_TRUE(r.covers(0.3));
  EXPECT_FALSE(r.covers(0.41));
  EXPECT_FALSE(r.covers(0.19));
}

TEST(ScoringRules, CalibrationTableBinsByPredictedProbability) {
  const std::vector<BinaryOutcome> forecasts{{0.05, true}, {0.05, false}, {0.0, false},
                                             {0.1, true},  {0.95, true},  {1.0, false},
                                             {0.3, false}, {0.7, true}};
  const auto table = calibration_table(forecasts, 10);
  ASSERT_EQ(table.size(), 10u);
  EXPECT_DOUBLE_EQ(table[0].low, 0.0);
  EXPECT_DOUBLE_EQ(table[0].high, 0.1);
  // 0–10%: 0.05, 0.05 and 0; one happened.
  EXPECT_EQ(table[0].forecasts, 3u);
  EXPECT_EQ(table[0].happened, 1u);
  EXPECT_DOUBLE_EQ(table[0].mean_forecast, 0.1 / 3);
  EXPECT_DOUBLE_EQ(table[0].observed_frequency, 1.0 / 3);
  // 0.1 starts the second bin; 0.3 the fourth and 0.7 the eighth.
  EXPECT_EQ(table[1].forecasts, 1u);
  EXPECT_DOUBLE_EQ(table[1].observed_frequency, 1.0);
  EXPECT_EQ(table[3].forecasts, 1u);
  EXPECT_EQ(table[7].forecasts, 1u);
  // 90–100% holds 0.95 and 1.0; one of the two happened.
  EXPECT_EQ(table[9].forecasts, 2u);
  EXPECT_EQ(table[9].happened, 1u);
  EXPECT_DOUBLE_EQ(table[9].mean_forecast, 0.975);
  EXPECT_DOUBLE_EQ(table[9].observed_frequency, 0.5);
  // Empty bins say 0, not NaN.
  EXPECT_EQ(table[5].forecasts, 0u);
  EXPECT_EQ(table[5].observed_frequency, 0.0);
  EXPECT_EQ(table[5].mean_forecast, 0.0);
  std::uint64_t total = 0;
  for (const auto& b : table) total += b.forecasts;
  EXPECT_EQ(total, forecasts.size());
}

}  // namespace
}  // namespace negsim
