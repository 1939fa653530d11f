#include "negsim/run/tally.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "negsim/model/rng.hpp"

namespace negsim {
namespace {

// Three outcomes (the last is "unresolved"), horizon 10, a continuous issue on
// [0, 100] and an ordinal issue with three options, two parties, two events,
// two milestones.
TallyLayout test_layout() {
  TallyLayout layout;
  layout.outcomes = 3;
  layout.horizon = 10;
  layout.issues = {{false, Tally::kContinuousBins, 0.0, 100.0}, {true, 3, 0.0, 2.0}};
  layout.parties = 2;
  layout.events = 2;
  layout.milestones = 2;
  return layout;
}

BranchResult result(int outcome, int end_round, std::vector<int> path,
                    std::vector<std::uint32_t> fired = {0, 0}) {
  BranchResult r;
  r.outcome = outcome;
  r.end_round = end_round;
  r.path = std::move(path);
  r.fired = std::move(fired);
  r.milestone_round = {-1, -1};
  return r;
}

BranchResult agreed(int outcome, int end_round, double value, double option, double u0, double u1) {
  BranchResult r = result(outcome, end_round, {0, 1});
  r.agreed = true;
  r.package = {value, option};
  r.utility = {u0, u1};
  return r;
}

// Varied pseudo-random results from the project's own counter-based generator.
std::vector<BranchResult> random_results(std::uint64_t seed, int n) {
  std::vector<BranchResult> results;
  for (int b = 0; b < n; ++b) {
    const Stream s(seed, purpose_id("test:tally"), static_cast<std::uint64_t>(b));
    const int outcome = static_cast<int>(s.uniform(0) * 3);
    BranchResult r = result(outcome, static_cast<int>(s.uniform(1) * 11),
                            {0, static_cast<int>(s.uniform(2) * 3), 2},
                            {static_cast<std::uint32_t>(s.uniform(3) * 3),
                             static_cast<std::uint32_t>(s.uniform(4) < 0.2)});
    // Milestone m reached in a round up to the end, or never (-1).
    for (int m = 0; m < 2; ++m)
      r.milestone_round[static_cast<std::size_t>(m)] =
          s.uniform(9 + static_cast<std::uint64_t>(m)) < 0.5
              ? static_cast<int>(s.uniform(11 + static_cast<std::uint64_t>(m)) * (r.end_round + 1))
              : -1;
    if (outcome == 0) {
      r.agreed = true;
      r.package = {s.uniform(5) * 100, std::floor(s.uniform(6) * 3)};
      r.utility = {s.uniform(7), s.uniform(8)};
    }
    results.push_back(std::move(r));
  }
  return results;
}

Tally tally_of(const std::vector<BranchResult>& results, std::size_t begin, std::size_t end) {
  Tally t(test_layout());
  for (std::size_t i = begin; i < end; ++i) t.add(results[i]);
  return t;
}

TEST(Tally, CountsOutcomesRoundsAndEvents) {
  Tally t(test_layout());
  t.add(result(0, 3, {0, 1}, {1, 0}));
  t.add(result(0, 3, {0, 1}, {2, 1}));
  t.add(result(2, 10, {0}, {0, 0}));
  t.add(result(1, 42, {0, 2}, {0, 1}));  // rounds beyond the horizon count at the horizon
  EXPECT_EQ(t.branches(), 4u);
  EXPECT_EQ(t.outcome_count(0), 2u);
  EXPECT_EQ(t.outcome_count(1), 1u);
  EXPECT_EQ(t.outcome_count(2), 1u);
  EXPECT_EQ(t.end_rounds(0)[3], 2u);
  EXPECT_EQ(t.end_rounds(1)[10], 1u);
  EXPECT_EQ(t.end_rounds(2)[10], 1u);
  EXPECT_EQ(t.end_rounds(0).size(), 11u);
  EXPECT_EQ(t.fired_branches(0), 2u);
  EXPECT_EQ(t.fire_total(0), 3u);
  EXPECT_EQ(t.fired_outcome(0, 0), 2u);
  EXPECT_EQ(t.fired_branches(1), 2u);
  EXPECT_EQ(t.fired_outcome(1, 0), 1u);
  EXPECT_EQ(t.fired_outcome(1, 1), 1u);
  EXPECT_EQ(t.fired_outcome(1, 2), 0u);
  EXPECT_EQ(t.paths().at({0, 1}), 2u);
  EXPECT_EQ(t.paths().at({0}), 1u);
  EXPECT_EQ(t.agreed_count(0), 0u);
  EXPECT_TRUE(t.terms(0, 0).empty());
}

TEST(Tally, BinsAgreedTermsAndUtilities) {
  Tally t(test_layout());
  t.add(agreed(0, 2, 52.35, 1.0, 0.25, 1.0));
  t.add(agreed(0, 2, 100.0, 2.0, 0.0, 0.9999));
  t.add(agreed(1, 2, -5.0, 0.4, 0.5, 0.5));  // below the range: counts at its low end
  EXPECT_EQ(t.agreed_count(0), 2u);
  EXPECT_EQ(t.agreed_count(1), 1u);
  const auto value = t.terms(0, 0);
  ASSERT_EQ(value.size(), 1000u);
  EXPECT_EQ(value[523], 1u);  // 52.35 on [0, 100] is in bin [52.3, 52.4)
  EXPECT_EQ(value[999], 1u);  // the top of the range falls in the last bin
  const auto option = t.terms(0, 1);
  ASSERT_EQ(option.size(), 3u);
  EXPECT_EQ(option[1], 1u);
  EXPECT_EQ(option[2], 1u);
  EXPECT_EQ(t.terms(1, 0)[0], 1u);
  EXPECT_EQ(t.terms(1, 1)[0], 1u);  // option index 0.4 rounds to option 0
  EXPECT_EQ(t.utility(0, 0)[250], 1u);
  EXPECT_EQ(t.utility(0, 0)[0], 1u);
  EXPECT_EQ(t.utility(0, 1)[999], 2u);
  // Fixed-point sums of positions: (0.5235 + 1.0) and (0.5 + 1.0) in units of 2^-32.
  EXPECT_NEAR(t.term_sum(0, 0) / Tally::kFixedPointScale, 1.5235, 1e-9);
  EXPECT_NEAR(t.term_sum(0, 1) / Tally::kFixedPointScale, 1.5, 1e-9);
  EXPECT_NEAR(t.term_sum_squares(0, 0) / Tally::kFixedPointScale, 0.5235 * 0.5235 + 1.0, 1e-9);
  EXPECT_NEAR(t.utility_sum(0, 0) / Tally::kFixedPointScale, 0.25, 1e-9);
  // Exact extremes of the positions.
  EXPECT_DOUBLE_EQ(t.term_min(0, 0), 0.5235);
  EXPECT_EQ(t.term_max(0, 0), 1.0);
  EXPECT_EQ(t.term_min(1, 0), 0.0);
  EXPECT_EQ(t.utility_min(0, 0), 0.0);
  EXPECT_EQ(t.utility_max(0, 0), 0.25);
  EXPECT_EQ(t.term_min(2, 0), std::numeric_limits<double>::infinity());  // no agreement
}

TEST(Tally, TruncatesLongPaths) {
  Tally t(test_layout());
  std::vector<int> path(20);
  std::iota(path.begin(), path.end(), 0);
  t.add(result(2, 10, path));
  // The first 14 states, a gap, and the state it ended in.
  std::vector<int> expected(path.begin(), path.begin() + Tally::kMaxPathStates - 2);
  expected.push_back(Tally::kPathEllipsis);
  expected.push_back(19);
  ASSERT_EQ(expected.size(), Tally::kMaxPathStates);
  EXPECT_EQ(t.paths().at(expected), 1u);
  path.resize(Tally::kMaxPathStates);  // exactly at the limit: kept whole
  t.add(result(2, 10, path));
  EXPECT_EQ(t.paths().at(path), 1u);
  EXPECT_EQ(t.paths().size(), 2u);
}

TEST(Tally, RejectsResultsThatDoNotFitTheLayout) {
  Tally t(test_layout());
  EXPECT_THROW(t.add(result(3, 1, {0})), std::invalid_argument);
  EXPECT_THROW(t.add(result(-1, 1, {0})), std::invalid_argument);
  EXPECT_THROW(t.add(result(0, 1, {0}, {0})), std::invalid_argument);
  BranchResult short_package = agreed(0, 1, 1.0, 1.0, 0.5, 0.5);
  short_package.package.pop_back();
  try {
    t.add(short_package);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "tally: branch result has 1 package values, the scenario has 2");
  }
  EXPECT_EQ(t.branches(), 0u);
  TallyLayout other = test_layout();
  other.horizon = 11;
  EXPECT_THROW(t.merge(Tally(other)), std::invalid_argument);
}

TEST(TallyMerge, IsAssociative) {
  const auto results = random_results(11, 3000);
  const Tally a = tally_of(results, 0, 700), b = tally_of(results, 700, 1900),
              c = tally_of(results, 1900, 3000);
  Tally left = a;  // (a + b) + c
  left.merge(b);
  left.merge(c);
  Tally bc = b;  // a + (b + c)
  bc.merge(c);
  Tally right = a;
  right.merge(bc);
  EXPECT_TRUE(left == right);
  EXPECT_TRUE(left == tally_of(results, 0, 3000));
  EXPECT_GT(left.agreed_count(0), 0u);
  EXPECT_GT(left.paths().size(), 1u);
  // The milestone curves are merged too: every reach counted once.
  for (std::size_t m = 0; m < 2; ++m) {
    const auto rounds = left.milestone_rounds(m);
    std::uint64_t reached = 0;
    for (const auto& r : results) reached += r.milestone_round[m] >= 0;
    EXPECT_EQ(std::accumulate(rounds.begin(), rounds.end(), std::uint64_t{0}), reached);
    EXPECT_GT(reached, 0u);
  }
}

TEST(TallyMerge, IsIndependentOfOrder) {
  const auto results = random_results(12, 4000);
  std::vector<Tally> parts;
  for (std::size_t i = 0; i < 4000; i += 250) parts.push_back(tally_of(results, i, i + 250));
  Tally forward(test_layout());
  for (const Tally& part : parts) forward.merge(part);

  // Merge in a shuffled order, and also by pairwise tree reduction.
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size() - 1; i > 0; --i) {
    const Stream s(5, purpose_id("test:shuffle"), i);
    std::swap(order[i], order[static_cast<std::size_t>(s.uniform(0) * static_cast<double>(i + 1))]);
  }
  Tally shuffled(test_layout());
  for (const std::size_t i : order) shuffled.merge(parts[i]);

  std::vector<Tally> level = parts;
  while (level.size() > 1) {
    std::vector<Tally> next;
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) {
      next.push_back(level[i + 1]);  // right into left, deliberately reversed
      next.back().merge(level[i]);
    }
    if (level.size() % 2 == 1) next.push_back(level.back());
    level = std::move(next);
  }

  EXPECT_TRUE(forward == shuffled);
  EXPECT_TRUE(forward == level.front());
  EXPECT_TRUE(forward == tally_of(results, 0, 4000));
  EXPECT_EQ(forward.branches(), 4000u);
}

TEST(TallyMerge, WithAnEmptyTallyChangesNothing) {
  const auto results = random_results(13, 500);
  Tally t = tally_of(results, 0, 500);
  const Tally before = t;
  t.merge(Tally(test_layout()));
  EXPECT_TRUE(t == before);
  Tally empty(test_layout());
  empty.merge(before);
  EXPECT_TRUE(empty == before);
}

TEST(TallyLayout, FollowsTheScenario) {
  Scenario s;
  s.horizon = 26;
  Issue money;
  money.kind = IssueKind::continuous;
  money.low = 10;
  money.high = 20;
  Issue status;
  status.kind = IssueKind::ordinal;
  status.options = {"none", "de facto", "de jure"};
  s.issues = {money, status};
  s.parties.resize(4);
  s.events.resize(5);
  const TallyLayout layout = TallyLayout::for_scenario(s, 3);
  EXPECT_EQ(layout.outcomes, 3u);
  EXPECT_EQ(layout.horizon, 26);
  EXPECT_EQ(layout.parties, 4u);
  EXPECT_EQ(layout.events, 5u);
  ASSERT_EQ(layout.issues.size(), 2u);
  EXPECT_EQ(layout.issues[0], (IssueAxis{false, Tally::kContinuousBins, 10.0, 20.0}));
  EXPECT_EQ(layout.issues[1], (IssueAxis{true, 3, 0.0, 2.0}));
}

// Tally::encode carries a tally between processes (MPI ranks, --shard parts).
TEST(TallyCodec, DecodesToAnEqualTallyThatMergesTheSame) {
  const auto results = random_results(5, 3000);
  const Tally a = tally_of(results, 0, 1700), b = tally_of(results, 1700, 3000);
  const Tally decoded = Tally::decode(a.encode());
  EXPECT_TRUE(decoded == a);
  EXPECT_EQ(decoded.encode(), a.encode());  // equal tallies, equal bytes (paths in order)
  Tally merged = Tally::decode(b.encode());
  merged.merge(decoded);
  EXPECT_TRUE(merged == tally_of(results, 0, 3000));
  // Exact minima and maxima, and the empty tally, survive too.
  EXPECT_EQ(decoded.term_min(0, 0), a.term_min(0, 0));
  EXPECT_TRUE(Tally::decode(Tally(test_layout()).encode()) == Tally(test_layout()));
}

TEST(TallyCodec, RefusesBytesCutShortDamagedOrOfAnotherKind) {
  const std::string bytes = tally_of(random_results(6, 200), 0, 200).encode();
  EXPECT_THROW(Tally::decode(bytes.substr(0, bytes.size() - 8)), std::invalid_argument);
  EXPECT_THROW(Tally::decode(bytes + std::string(8, '\0')), std::invalid_argument);
  EXPECT_THROW(Tally::decode(""), std::invalid_argument);
  EXPECT_THROW(Tally::decode("not a tally at all, just text"), std::invalid_argument);
  // A horizon so large that its counts could not fit in the bytes.
  std::string huge = bytes;
  huge[16 + 7] = '\x7f';
  EXPECT_THROW(Tally::decode(huge), std::invalid_argument);
}

}  // namespace
}  // namespace negsim
