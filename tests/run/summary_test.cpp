#include "negsim/run/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "support/summary_fixture.hpp"

namespace negsim {
namespace {

using namespace testing_fixture;

TEST(Summary, GivesOutcomeProbabilitiesWithWilsonIntervals) {
  const Summary s = small_summary();
  ASSERT_EQ(s.outcomes.size(), 3u);
  EXPECT_EQ(s.outcomes[0].id, "agreement");
  EXPECT_EQ(s.outcomes[0].label, "Deal, signed");  // the only terminal state with it
  EXPECT_EQ(s.outcomes[1].label, "No deal");       // two states: the id, made readable
  EXPECT_EQ(s.outcomes[2].label, "Unresolved at the horizon");
  EXPECT_TRUE(s.outcomes[2].unresolved);
  EXPECT_EQ(s.outcomes[0].count, 6u);
  EXPECT_DOUBLE_EQ(s.outcomes[0].probability, 0.6);
  EXPECT_DOUBLE_EQ(s.outcomes[1].probability, 0.3);
  EXPECT_EQ(s.outcomes[0].ci95, wilson_interval(6, 10));
  EXPECT_DOUBLE_EQ(s.outcomes[0].std_error, proportion_std_error(6, 10));
  EXPECT_EQ(s.most_likely(), 0u);
}

TEST(Summary, GivesTimeToOutcomeAndTheUnresolvedShare) {
  const Summary s = small_summary();
  ASSERT_TRUE(s.outcomes[0].rounds.has_value());
  const Spread& r = *s.outcomes[0].rounds;  // 2, 3, 3, 4, 5, 8
  EXPECT_DOUBLE_EQ(r.mean, 25.0 / 6.0);
  EXPECT_EQ(r.p10, 2);
  EXPECT_EQ(r.p50, 3);
  EXPECT_EQ(r.p90, 8);
  ASSERT_TRUE(s.timing.rounds.has_value());  // 1, 1, 1, 2, 3, 3, 4, 5, 8
  EXPECT_EQ(s.timing.resolved, 9u);
  EXPECT_EQ(s.timing.rounds->p50, 3);
  EXPECT_EQ(s.timing.rounds->p10, 1);
  EXPECT_DOUBLE_EQ(s.timing.unresolved_share, 0.1);
  EXPECT_EQ(s.timing.unresolved_ci95, wilson_interval(1, 10));
  EXPECT_EQ(s.outcomes[2].rounds->p50, 10);
}

TEST(Summary, GivesAgreedTermsAndUtilities) {
  const Summary s = small_summary();
  const OutcomeSummary& deal = s.outcomes[0];
  EXPECT_EQ(deal.agreed_count, 6u);
  ASSERT_EQ(deal.terms.size(), 2u);
  const IssueTerms& share = deal.terms[0];
  EXPECT_EQ(share.issue, "share");
  EXPECT_EQ(share.unit, "share");
  EXPECT_EQ(share.kind, "continuous");
  EXPECT_NEAR(share.value.mean, 0.35, 1e-9);  // fixed-point sums: exact to 2^-32
  // Sample sd of 0.1 … 0.6 is sqrt(0.035); se = sd / sqrt(6).
  EXPECT_NEAR(share.value.std_error, std::sqrt(0.035 / 6), 1e-8);
  // Quantiles are exact to one bin (0.1% of the range); bin edges are not exact in binary.
  const double bin = 0.001 + 1e-12;
  EXPECT_NEAR(share.value.p50, 0.3, bin);
  EXPECT_NEAR(share.value.p5, 0.1, bin);
  EXPECT_NEAR(share.value.p95, 0.6, bin);
  EXPECT_LE(share.value.p95, 0.1 * 6);  // never beyond the largest agreed value
  EXPECT_GE(share.value.p5, 0.1);
  EXPECT_TRUE(share.options.empty());
  const IssueTerms& status = deal.terms[1];
  ASSERT_EQ(status.options.size(), 3u);
  EXPECT_EQ(status.options[1].option, "de facto");
  EXPECT_EQ(status.options[1].count, 3u);
  EXPECT_DOUBLE_EQ(status.options[1].share, 0.5);
  EXPECT_EQ(status.value.p50, 1);
  EXPECT_NEAR(status.value.mean, 7.0 / 6.0, 1e-9);
  ASSERT_EQ(deal.utility.size(), 2u);
  EXPECT_EQ(deal.utility[1].name, "Party B");
  EXPECT_NEAR(deal.utility[0].utility.mean, 0.625, 1e-9);
  EXPECT_NEAR(deal.utility[1].utility.mean, 0.65, 1e-9);
  EXPECT_TRUE(s.outcomes[1].terms.empty());
}

TEST(Summary, QuantilesOfAPointMassAreThePoint) {
  // Every agreement gives A nothing: the bin is [0, 0.001), but the median is 0.
  const Scenario scenario = small_scenario();
  Tally t(TallyLayout::for_scenario(scenario, 3));
  for (int i = 0; i < 5; ++i) {
    BranchResult r;
    r.outcome = 0;
    r.end_round = 2;
    r.agreed = true;
    r.package = {0.0, 1.0};
    r.utility = {0.3, 0.7};
    r.path = {0, 1};
    r.fired = {0u, 0u};
    r.milestone_round = {2};
    t.add(r);
  }
  const Summary s = summarise(scenario, small_outcomes(), t, {});
  const Spread& share = s.outcomes[0].terms[0].value;
  EXPECT_EQ(share.mean, 0.0);
  EXPECT_EQ(share.p5, 0.0);
  EXPECT_EQ(share.p50, 0.0);
  EXPECT_EQ(share.p95, 0.0);
  const Spread& u = s.outcomes[0].utility[1].utility;
  EXPECT_DOUBLE_EQ(u.p5, 0.7);
  EXPECT_DOUBLE_EQ(u.p95, 0.7);
}

TEST(Summary, GivesPathsMostFrequentFirst) {
  const Summary s = small_summary();
  ASSERT_EQ(s.paths.size(), 3u);
  EXPECT_EQ(s.paths[0].states, (std::vector<std::string>{"talks", "deal"}));
  EXPECT_EQ(s.paths[0].labels, (std::vector<std::string>{"Talks", "Deal, signed"}));
  EXPECT_EQ(s.paths[0].count, 6u);
  EXPECT_DOUBLE_EQ(s.paths[0].share, 0.6);
  EXPECT_EQ(s.paths[1].states, (std::vector<std::string>{"talks", "breakdown"}));
  EXPECT_EQ(s.paths[1].labels, (std::vector<std::string>{"Talks", "breakdown"}));
  EXPECT_EQ(s.paths[2].states, (std::vector<std::string>{"talks"}));
}

TEST(Summary, ShowsTheStartAndTheEndOfALongPath) {
  const Scenario scenario = small_scenario();
  Tally t(TallyLayout::for_scenario(scenario, 3));
  BranchResult r;
  r.outcome = 1;
  r.end_round = 9;
  r.path.assign(20, 0);  // talks again and again, then the walkout
  r.path.back() = 3;
  r.fired = {0u, 0u};
  r.milestone_round = {-1};
  t.add(r);
  const Summary s = summarise(scenario, small_outcomes(), t, {});
  ASSERT_EQ(s.paths.size(), 1u);
  EXPECT_TRUE(s.paths[0].truncated);
  std::vector<std::string> expected(14, "talks");
  expected.push_back("…");
  expected.push_back("walkout");
  EXPECT_EQ(s.paths[0].states, expected);
  EXPECT_EQ(s.paths[0].labels.back(), "walkout");
}

TEST(Summary, ComparesOutcomesWithAndWithoutEachShock) {
  const Summary s = small_summary();
  ASSERT_EQ(s.shocks.size(), 2u);
  const ShockSummary& strike = s.shocks[0];
  EXPECT_EQ(strike.fired_branches, 5u);
  EXPECT_EQ(strike.firings, 8u);
  EXPECT_DOUBLE_EQ(strike.fired_share, 0.5);
  ASSERT_EQ(strike.effects.size(), 3u);
  const ShockEffect& deal = strike.effects[0];  // 2 of 5 with, 4 of 5 without
  EXPECT_EQ(deal.outcome, "agreement");
  EXPECT_DOUBLE_EQ(deal.fired, 0.4);
  EXPECT_DOUBLE_EQ(deal.not_fired, 0.8);
  EXPECT_DOUBLE_EQ(deal.difference, 0.4 - 0.8);
  EXPECT_EQ(deal.ci95, proportion_difference_interval(2, 5, 4, 5));
  EXPECT_DOUBLE_EQ(strike.effects[1].difference, 0.6);
  EXPECT_TRUE(s.shocks[1].effects.empty());  // never fired: nothing to compare
}

TEST(Summary, RecordsProvenance) {
  const Summary s = small_summary();
  const Provenance& p = s.provenance;
  EXPECT_EQ(p.engine_version, NEGSIM_VERSION);
  EXPECT_EQ(p.scenario_id, "small_talks");
  EXPECT_EQ(p.scenario_sha256, std::string(64, 'a'));
  EXPECT_EQ(p.scenario_file, "small_talks.yaml");
  EXPECT_EQ(p.round_label, "week");
  EXPECT_EQ(p.horizon, 10);
  EXPECT_EQ(p.branches, 10u);
  EXPECT_EQ(p.seed, 7u);
  EXPECT_EQ(p.threads, 2);
  EXPECT_EQ(p.date, "2026-01-23T09:30:00Z");
}

TEST(Summary, RejectsOutcomeLabelsThatDoNotFitTheTally) {
  const Scenario s = small_scenario();
  EXPECT_THROW(summarise(s, {"agreement", "unresolved"}, small_tally(s), {}),
               std::invalid_argument);
}

}  // namespace
}  // namespace negsim
