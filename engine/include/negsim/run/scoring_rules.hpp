#pragma once
// Proper scoring rules for probability forecasts, and the calibration table:
// the arithmetic of `negsim backtest`, kept free of files and summaries so that
// each rule can be checked against values computed by hand
// (docs/validation.md, "How the scores are computed").

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace negsim {

// Brier (1950) score of a binary forecast: (p − o)², o = 1 when it happened.
// 0 is a perfect forecast, 0.25 that of a coin, 1 a certain forecast that was wrong.
double brier_score(double p, bool happened);
// Multi-class Brier score (Brier's original form): Σ_k (p_k − o_k)² over the
// classes, o_k = 1 for the observed class only. Between 0 and 2.
double brier_score(std::span<const double> p, std::size_t observed);

// The bound of log loss forecasts for a Monte Carlo estimate from `branches`
// branches: 1/(2N). A probability the model puts at 0 or 1 only says that no
// branch, or every branch, did it; it is read as 1/(2N) or 1 − 1/(2N).
double log_loss_floor(std::uint64_t branches);
// `p` clamped to [floor, 1 − floor].
double clamp_probability(double p, double floor);
// Log loss (natural logarithm, in nats) of a binary forecast with `p` clamped:
// −ln p when it happened, −ln(1 − p) when not. A coin scores ln 2 ≈ 0.693.
double log_loss(double p, bool happened, double floor);
// Multi-class log loss: −ln p_observed, clamped the same way.
double log_loss(std::span<const double> p, std::size_t observed, double floor);

// The rule of succession (Laplace): (k + 1) / (n + 2), the base rate of an event
// seen k times in n trials that never says 0 or 1.
double rule_of_succession(std::uint64_t k, std::uint64_t n);

// A central range of a predictive distribution: [quantile (1−level)/2,
// quantile (1+level)/2], e.g. the 25th to 75th percentile for level 0.5.
struct CentralRange {
  double low = 0, high = 0;
  bool covers(double x) const { return low <= x && x <= high; }
  bool operator==(const CentralRange&) const = default;
};

// One binary forecast as the calibration table counts it.
struct BinaryOutcome {
  double p = 0;
  bool happened = false;
};

// Forecasts whose probability lies in [low, high) (the last bin includes 1).
struct CalibrationBin {
  double low = 0, high = 0;
  std::uint64_t forecasts = 0, happened = 0;
  double mean_forecast = 0;       // mean predicted probability in the bin; 0 when empty
  double observed_frequency = 0;  // happened / forecasts; 0 when empty
  bool operator==(const CalibrationBin&) const = default;
};

// `bins` equal bins of predicted probability over [0, 1] (0–10%, …, 90–100%
// for 10): how often the events given each probability happened. A bin holds
// p with low ≤ p < high; the last also p = 1.
std::vector<CalibrationBin> calibration_table(std::span<const BinaryOutcome> forecasts,
                                              int bins = 10);

}  // namespace negsim
