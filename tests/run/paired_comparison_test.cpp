// The paired outcome table and the differences computed from it, checked
// against a direct computation over the per-branch differences d_b.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "negsim/model/rng.hpp"
#include "negsim/output/paired_comparison_json.hpp"
#include "negsim/run/paired_comparison.hpp"

namespace negsim {
namespace {

// Pairs drawn from a fixed stream: outcome of base and variant for branch b.
std::vector<std::pair<std::size_t, std::size_t>> some_pairs(std::size_t n, std::size_t k) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const Stream s(11, purpose_id("test:pairs"), 0);
  for (std::size_t b = 0; b < n; ++b) {
    const auto base = static_cast<std::size_t>(s.uniform(2 * b) * k);
    // The variant keeps the base's outcome 80% of the time.
    const double u = s.uniform(2 * b + 1);
    const auto variant = u < 0.8 ? base : static_cast<std::size_t>((u - 0.8) / 0.2 * k);
    out.emplace_back(base, std::min(variant, k - 1));
  }
  return out;
}

TEST(PairedTally, CountsTheTable) {
  PairedTally t(3);
  t.add(0, 0);
  t.add(0, 2);
  t.add(0, 2);
  t.add(1, 0);
  EXPECT_EQ(t.pairs(), 4u);
  EXPECT_EQ(t.count(0, 2), 2u);
  EXPECT_EQ(t.base_count(0), 3u);
  EXPECT_EQ(t.variant_count(0), 2u);
  EXPECT_EQ(t.variant_count(2), 2u);
  EXPECT_EQ(t.changed(), 3u);
  EXPECT_THROW(t.add(3, 0), std::invalid_argument);
  EXPECT_THROW(t.merge(PairedTally(2)), std::invalid_argument);
}

TEST(PairedTally, MergingIsExactlyAssociativeAndOrderFree) {
  const auto pairs = some_pairs(10000, 4);
  PairedTally whole(4);
  for (auto [b, v] : pairs) whole.add(b, v);
  std::vector<PairedTally> chunks(7, PairedTally(4));
  for (std::size_t i = 0; i < pairs.size(); ++i) chunks[i % 7].add(pairs[i].first, pairs[i].second);
  PairedTally forward(4), backward(4), nested(4);
  for (const auto& c : chunks) forward.merge(c);
  for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) backward.merge(*it);
  PairedTally left(4), right(4);
  for (std::size_t i = 0; i < 3; ++i) left.merge(chunks[i]);
  for (std::size_t i = 3; i < 7; ++i) right.merge(chunks[i]);
  nested.merge(right);
  nested.merge(left);
  EXPECT_EQ(forward, whole);
  EXPECT_EQ(backward, whole);
  EXPECT_EQ(nested, whole);
}

TEST(ComparePaired, MatchesADirectComputationOverTheBranches) {
  const std::size_t k = 3;
  const auto pairs = some_pairs(5000, k);
  PairedTally t(k);
  for (auto [b, v] : pairs) t.add(b, v);
  const auto c = compare_paired(t, {"a", "b", "c"}, "base", "variant");
  EXPECT_EQ(c.pairs, pairs.size());
  const double n = static_cast<double>(pairs.size());
  for (std::size_t o = 0; o < k; ++o) {
    std::vector<double> d, base, variant;
    for (auto [b, v] : pairs) {
      base.push_back(b == o);
      variant.push_back(v == o);
      d.push_back(double(v == o) - double(b == o));
    }
    const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
    double ss = 0;
    for (double x : d) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / (n - 1) / n);
    const double pb = std::accumulate(base.begin(), base.end(), 0.0) / n;
    const double pv = std::accumulate(variant.begin(), variant.end(), 0.0) / n;
    const auto& r = c.outcomes[o];
    EXPECT_NEAR(r.difference, mean, 1e-15);
    EXPECT_NEAR(r.paired_std_error, se, 1e-12);
    EXPECT_NEAR(r.paired_ci95.low, mean - kZ95 * se, 1e-12);
    EXPECT_NEAR(r.paired_ci95.high, mean + kZ95 * se, 1e-12);
    EXPECT_NEAR(r.unpaired_std_error, std::sqrt((pb * (1 - pb) + pv * (1 - pv)) / n), 1e-12);
    EXPECT_EQ(r.base_probability, pb);
    EXPECT_EQ(r.variant_probability, pv);
    // Gained and lost are the discordant pairs for this outcome.
    std::uint64_t gained = 0, lost = 0;
    for (auto [b, v] : pairs) {
      gained += (v == o && b != o);
      lost += (b == o && v != o);
    }
    EXPECT_EQ(r.gained, gained);
    EXPECT_EQ(r.lost, lost);
    // Most branches keep their outcome, so pairing narrows the interval.
    EXPECT_GT(r.narrowing(), 1.5);
  }
  std::uint64_t moved = 0;
  for (const auto& ch : c.changes) moved += ch.count;
  EXPECT_EQ(moved, c.changed);
  for (std::size_t i = 1; i < c.changes.size(); ++i)
    EXPECT_GE(c.changes[i - 1].count, c.changes[i].count);
}

TEST(ComparePaired, AScenarioComparedWithItselfDiffersByExactlyZero) {
  PairedTally t(3);
  for (auto [b, v] : some_pairs(4000, 3)) t.add(b, b);
  const auto c = compare_paired(t, {"a", "b", "c"}, "x", "x");
  EXPECT_EQ(c.changed, 0u);
  EXPECT_TRUE(c.changes.empty());
  for (const auto& r : c.outcomes) {
    EXPECT_EQ(r.difference, 0.0);
    EXPECT_EQ(r.paired_ci95.low, 0.0);
    EXPECT_EQ(r.paired_ci95.high, 0.0);
    EXPECT_GT(r.unpaired_ci95.high - r.unpaired_ci95.low, 0.0);
  }
}

TEST(ComparePaired, RejectsMismatchedLabels) {
  EXPECT_THROW(compare_paired(PairedTally(2), {"a"}, "b", "v"), std::invalid_argument);
}

TEST(MergeOutcomeLabels, KeepsTheBaseOrderAddsNewOnesAndUnresolvedLast) {
  std::vector<std::size_t> bm, vm;
  const auto merged = merge_outcome_labels({"deal", "collapse", "unresolved"},
                                           {"ceasefire", "deal", "unresolved"}, bm, vm);
  EXPECT_EQ(merged, (std::vector<std::string>{"deal", "collapse", "ceasefire", "unresolved"}));
  EXPECT_EQ(bm, (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(vm, (std::vector<std::size_t>{2, 0, 3}));
}

TEST(PairedComparisonJson, RoundTripsExactly) {
  PairedTally t(3);
  for (auto [b, v] : some_pairs(3333, 3)) t.add(b, v);
  const auto c = compare_paired(t, {"a", "b", "c"}, "base.yaml", "variant.yaml");
  const auto text = to_json(c).dump();
  EXPECT_EQ(paired_comparison_from_json(nlohmann::json::parse(text)), c);
  EXPECT_THROW(paired_comparison_from_json(nlohmann::json::parse(R"({"base": "x"})")),
               std::runtime_error);
}

}  // namespace
}  // namespace negsim
