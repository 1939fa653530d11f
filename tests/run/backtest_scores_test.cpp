// Scoring a case and a library: the forecasts taken from a summary at the
// scoring date, the outcome class at the horizon, the terms' ranges, the
// base rate's leave-one-out and the means, each against values worked out by
// hand.
#include "negsim/run/backtest_scores.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/calendar.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"
#include "support/summary_fixture.hpp"

namespace negsim {
namespace {

using testing_fixture::small_outcomes;
using testing_fixture::small_scenario;
using testing_fixture::small_tally;

// The small summary (support/summary_fixture.hpp): 10 weekly branches from
// 2026-01-01, horizon 10 (2026-03-12): six agreements (rounds 2, 3, 3, 4, 5,
// 8; shares 0.1 … 0.6; status options 0, 1, 1, 1, 2, 2), three no_deal in
// round 1, one unresolved. Milestone "signed" with every agreement.
struct SmallCase {
  Scenario scenario = small_scenario();
  Summary summary;
  Observation observed;
  SmallCase() {
    Provenance p;
    p.seed = 7;
    summary = summarise(scenario, small_outcomes(), small_tally(scenario), p);
    observed.scenario = scenario.id;
    observed.file = "small_talks.observed.yaml";
    observed.recorded_until = "2026-03-31";
    observed.outcome = "agreement";
    observed.outcome_date = "2026-01-22";  // round 3
    observed.milestones = {{"signed", std::string("2026-01-22"), {}}};
    observed.terms = {{"share", 0.35, "", {}}, {"status", 1, "de facto", {}}};
  }
  CaseScore score() const { return score_case(scenario, observed, summary); }
};

const EventForecast* event(const CaseScore& c, const std::string& id) {
  for (const auto& e : c.events)
    if (e.id == id) return &e;
  return nullptr;
}

TEST(BacktestScores, TheOutcomeAtTheHorizonAndTheEventsByTheScoringDate) {
  const CaseScore c = SmallCase().score();
  EXPECT_EQ(c.horizon_date, "2026-03-12");
  EXPECT_EQ(c.scored_round, 10);  // the record reaches past the horizon
  EXPECT_EQ(c.scored_until, "2026-03-12");
  EXPECT_DOUBLE_EQ(c.log_loss_floor, 1.0 / 20);
  ASSERT_TRUE(c.outcome);
  EXPECT_EQ(c.outcome->observed, "agreement");
  EXPECT_EQ(c.outcome->outcomes, (std::vector<std::string>{"agreement", "no_deal", "unresolved"}));
  EXPECT_EQ(c.outcome->groups,
            (std::vector<std::string>{"agreement", "no_agreement", "unresolved"}));
  EXPECT_EQ(c.outcome->model, (std::vector<double>{0.6, 0.3, 0.1}));
  // (0.6 − 1)² + 0.3² + 0.1² = 0.16 + 0.09 + 0.01
  EXPECT_NEAR(brier_score(c.outcome->model, c.outcome->observed_index()), 0.26, 1e-12);
  // A uniform forecast: (2/3)² + 2 (1/3)² = 2/3.
  EXPECT_NEAR(brier_score(c.outcome->uniform, 0), 2.0 / 3, 1e-12);

  // At the horizon "no agreement" is the complement of "agreement": scored once.
  ASSERT_EQ(c.events.size(), 2u);
  const EventForecast* agreement = event(c, "agreement");
  ASSERT_TRUE(agreement);
  EXPECT_TRUE(agreement->happened);
  EXPECT_DOUBLE_EQ(agreement->p.model, 0.6);
  EXPECT_DOUBLE_EQ(agreement->p.uniform, 0.5);
  EXPECT_FALSE(event(c, "no_agreement"));
  const EventForecast* signed_ = event(c, "signed");
  ASSERT_TRUE(signed_);
  EXPECT_EQ(signed_->kind, "milestone");
  EXPECT_TRUE(signed_->happened);
  EXPECT_DOUBLE_EQ(signed_->p.model, 0.6);

  // The median of the rounds 2, 3, 3, 4, 5, 8 against the observed round 3.
  const SmallCase sc;
  ASSERT_TRUE(c.timing);
  EXPECT_EQ(c.timing->basis, "outcome");
  EXPECT_EQ(c.timing->actual_round, 3);
  EXPECT_DOUBLE_EQ(c.timing->predicted_rounds, sc.summary.outcomes[0].rounds->p50);
  EXPECT_DOUBLE_EQ(c.timing->error_days, (c.timing->predicted_rounds - 3) * 7);
}

TEST(BacktestScores, ARecordEndingBeforeTheHorizonIsScoredAtItsLastRound) {
  SmallCase sc;
  sc.observed.recorded_until = "2026-01-25";  // round 3 ends 01-22, round 4 on 01-29
  const CaseScore c = sc.score();
  EXPECT_EQ(c.scored_round, 3);
  EXPECT_EQ(c.scored_until, "2026-01-22");
  ASSERT_FALSE(c.notes.empty());
  // Agreements by round 3: rounds 2, 3, 3 of ten branches.
  const EventForecast* agreement = event(c, "agreement");
  ASSERT_TRUE(agreement);
  EXPECT_DOUBLE_EQ(agreement->p.model, 0.3);
  EXPECT_TRUE(agreement->happened);
  // Before the horizon "no agreement" is its own question: three no_deal in round 1.
  const EventForecast* none = event(c, "no_agreement");
  ASSERT_TRUE(none);
  EXPECT_DOUBLE_EQ(none->p.model, 0.3);
  EXPECT_FALSE(none->happened);
  // A terminal state is final: the outcome at the horizon is known.
  ASSERT_TRUE(c.outcome);
  EXPECT_EQ(c.outcome->observed, "agreement");
}

TEST(BacktestScores, AnEventIsCountedInTheRoundItFellIn) {
  SmallCase sc;
  // Round 3 ends on 2026-01-22; a deal on the 23rd falls in round 4, after
  // the scoring round of a record ending on the 25th.
  sc.observed.recorded_until = "2026-01-25";
  sc.observed.outcome_date = "2026-01-23";
  sc.observed.milestones[0].date = "2026-01-23";
  const CaseScore c = sc.score();
  EXPECT_FALSE(event(c, "agreement")->happened);
  EXPECT_FALSE(event(c, "signed")->happened);
  EXPECT_EQ(c.timing->actual_round, 4);
}

TEST(BacktestScores, AnOutcomeAfterTheHorizonWasUnresolvedAtIt) {
  SmallCase sc;
  sc.observed.recorded_until = "2026-04-30";
  sc.observed.outcome_date = "2026-04-01";  // round 13 of a horizon of 10
  sc.observed.milestones[0].date = "2026-04-01";
  const CaseScore c = sc.score();
  ASSERT_TRUE(c.outcome);
  EXPECT_EQ(c.outcome->observed, "unresolved");
  EXPECT_DOUBLE_EQ(c.outcome->model[c.outcome->observed_index()], 0.1);
  EXPECT_FALSE(event(c, "agreement")->happened);
  EXPECT_FALSE(event(c, "signed")->happened);
  EXPECT_FALSE(c.timing);
}

TEST(BacktestScores, AnUnresolvedRecordBeforeTheHorizonDoesNotScoreTheOutcome) {
  SmallCase sc;
  sc.observed.recorded_until = "2026-02-01";
  sc.observed.outcome = "unresolved";
  sc.observed.outcome_date.clear();
  sc.observed.milestones[0].date.reset();
  sc.observed.terms.clear();
  const CaseScore c = sc.score();
  EXPECT_FALSE(c.outcome);
  EXPECT_FALSE(c.timing);
  EXPECT_FALSE(event(c, "agreement")->happened);
  ASSERT_TRUE(event(c, "no_agreement"));
  EXPECT_FALSE(event(c, "no_agreement")->happened);
}

TEST(BacktestScores, TermsAgainstTheObservedOutcomesRanges) {
  const SmallCase sc;
  const CaseScore c = sc.score();
  ASSERT_EQ(c.terms.size(), 2u);
  const TermCheck& share = c.terms[0];
  const Spread& s = sc.summary.outcomes[0].terms[0].value;
  EXPECT_EQ(share.basis, "outcome");
  EXPECT_EQ(share.packages, 6u);
  EXPECT_EQ(share.model50, (CentralRange{s.p25, s.p75}));
  EXPECT_EQ(share.model90, (CentralRange{s.p5, s.p95}));
  EXPECT_EQ(share.uniform50, (CentralRange{0.25, 0.75}));
  EXPECT_EQ(share.uniform90, (CentralRange{0.05, 0.95}));
  EXPECT_FALSE(share.option_share);

  // Status: options counted 1, 3, 2. The 25th percentile is the second option
  // (1 < 1.5 ≤ 4), the 75th the third (4 < 4.5 ≤ 6), the 5th the first.
  const TermCheck& status = c.terms[1];
  EXPECT_EQ(status.observed, "de facto");
  EXPECT_EQ(status.model50, (CentralRange{1, 2}));
  EXPECT_EQ(status.model90, (CentralRange{0, 2}));
  EXPECT_TRUE(status.model50.covers(status.value));
  ASSERT_TRUE(status.option_share);
  EXPECT_DOUBLE_EQ(*status.option_share, 0.5);
  // A uniform forecast over three options: the 25th percentile is the first
  // (0.75 ≤ 1), the 75th the third (2 < 2.25 ≤ 3).
  EXPECT_EQ(status.uniform50, (CentralRange{0, 2}));
  EXPECT_DOUBLE_EQ(range_width_share(status, status.model50), 2.0 / 3);
  EXPECT_DOUBLE_EQ(range_width_share(share, CentralRange{0.25, 0.75}), 0.5);
}

// Two agreement outcomes, mirror images of each other: their pooled median is
// the middle, and the pooled quartiles solve 0.02 x + x / 1050 = 0.5 (the two
// CDFs through their percentiles, linear in between): x = 525/22.
TEST(BacktestScores, TermsPooledOverAgreementOutcomes) {
  Scenario scenario = small_scenario();
  scenario.issues[0].high = 100;
  Summary summary;
  summary.provenance.horizon = 10;
  summary.provenance.branches = 200;
  const auto outcome = [](std::string id, bool agreement, std::uint64_t agreed, Spread spread) {
    OutcomeSummary o;
    o.id = std::move(id);
    o.agreement = agreement;
    o.count = o.agreed_count = agreed;
    if (agreed > 0) {
      IssueTerms t;
      t.issue = "share";
      t.kind = "continuous";
      t.value = spread;
      o.terms.push_back(t);
    }
    return o;
  };
  Spread low, high;
  low.p5 = 2.5, low.p10 = 5, low.p25 = 12.5, low.p50 = 25, low.p75 = 37.5, low.p90 = 45;
  low.p95 = 47.5;
  high.p5 = 52.5, high.p10 = 55, high.p25 = 62.5, high.p50 = 75, high.p75 = 87.5, high.p90 = 95;
  high.p95 = 97.5;
  summary.outcomes = {outcome("agreement", true, 100, low), outcome("deal_b", true, 100, high),
                      outcome("no_deal", false, 0, {})};
  Observation observed;
  observed.recorded_until = "2026-03-31";
  observed.outcome = "no_deal";
  observed.outcome_date = "2026-01-08";
  observed.terms = {{"share", 50, "", {}}};
  const CaseScore c = score_case(scenario, observed, summary);
  ASSERT_EQ(c.terms.size(), 1u);
  const TermCheck& t = c.terms[0];
  EXPECT_EQ(t.basis, "agreements");
  EXPECT_EQ(t.packages, 200u);
  EXPECT_NEAR(t.model50.low, 525.0 / 22, 1e-9);
  EXPECT_NEAR(t.model50.high, 100 - 525.0 / 22, 1e-9);
  EXPECT_TRUE(t.model50.covers(50));
}

TEST(BacktestScores, ATermWithoutAnyAgreedPackageIsNotScored) {
  SmallCase sc;
  for (auto& o : sc.summary.outcomes) {
    o.agreed_count = 0;
    o.terms.clear();
  }
  const CaseScore c = sc.score();
  ASSERT_EQ(c.terms.size(), 2u);
  EXPECT_FALSE(c.terms[0].scored());
  EXPECT_FALSE(c.terms[1].scored());
}

// A deal in round 1 of every branch.
const char* kCertain = R"(scenario:
  id: certain
  title: "A deal for sure"
  as_of: 2026-01-01
  horizon: 4
issues:
  - {id: share, label: "Share to A", kind: continuous, range: {low: 0, high: 1}}
parties:
  - {id: a, name: "A", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 1}}}
  - {id: b, name: "B", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 0}}}
events:
  - {id: go, label: "The deal is done", chance: 1, states: [wait]}
process:
  initial: wait
  milestones:
    - {id: done, label: "Deal done", states: [deal]}
  states:
    - {id: wait, kind: pause, max_rounds: 3}
    - {id: deal, kind: terminal, outcome: deal, agreement: true}
    - {id: none, kind: terminal, outcome: no_deal}
  transitions:
    - {from: wait, to: deal, event: go}
    - {from: wait, to: none, on: round_limit}
)";

TEST(BacktestScores, AnOutcomeCertainUnderTheModelScoresBrierZero) {
  const Scenario scenario = load_scenario_string(kCertain, "certain.yaml");
  const Simulator simulator(scenario);
  RunOptions run;
  run.branches = 1000;
  run.seed = 3;
  const Summary summary = summarise_run(simulator, run, run_branches(simulator, run));
  ASSERT_DOUBLE_EQ(summary.outcomes[0].probability, 1.0);
  const int round = static_cast<int>(summary.outcomes[0].rounds->p50);

  Observation observed;
  observed.scenario = "certain";
  observed.recorded_until = "2026-02-28";
  observed.outcome = "deal";
  observed.outcome_date = round_date("2026-01-01", 7, round);
  observed.milestones = {{"done", observed.outcome_date, {}}};
  const BacktestScores scores = score_library({score_case(scenario, observed, summary)});
  const CaseScore& c = scores.cases.at(0);
  ASSERT_TRUE(c.outcome);
  EXPECT_EQ(brier_score(c.outcome->model, c.outcome->observed_index()), 0.0);
  for (const auto& e : c.events) {
    EXPECT_TRUE(e.happened) << e.id;
    EXPECT_EQ(brier_score(e.p.model, e.happened), 0.0) << e.id;
  }
  EXPECT_EQ(scores.rows[0].kind, "outcome");
  EXPECT_EQ(scores.rows[0].brier.model, 0.0);
  // Certain, as N = 1000 branches can say: −ln(1 − 1/2000).
  EXPECT_DOUBLE_EQ(scores.rows[0].log_loss.model, -std::log(1 - 1.0 / 2000));
  ASSERT_TRUE(c.timing);
  EXPECT_EQ(c.timing->error_rounds, 0.0);
}

// Three cases made by hand, for the base rate (each against the other two)
// and the means.
std::vector<CaseScore> three_cases() {
  const auto binary = [](std::string kind, std::string id, bool happened, double p) {
    EventForecast e;
    e.kind = std::move(kind);
    e.id = std::move(id);
    e.happened = happened;
    e.p.model = p;
    e.p.uniform = 0.5;
    return e;
  };
  std::vector<CaseScore> cases(3);
  for (auto& c : cases) c.log_loss_floor = 0.001;
  cases[0].events = {binary("group", "agreement", true, 0.8), binary("milestone", "m1", true, 0.9),
                     binary("milestone", "m2", false, 0.2)};
  cases[0].outcome = OutcomeForecast{"deal",
                                     {"deal", "no_deal", "unresolved"},
                                     {"agreement", "no_agreement", "unresolved"},
                                     {0.7, 0.2, 0.1},
                                     {0, 0, 0},
                                     {1.0 / 3, 1.0 / 3, 1.0 / 3}};
  cases[1].events = {binary("group", "agreement", false, 0.3),
                     binary("milestone", "m1", false, 0.05)};
  cases[1].outcome = OutcomeForecast{"no_deal",
                                     {"deal", "no_deal", "unresolved"},
                                     {"agreement", "no_agreement", "unresolved"},
                                     {0.5, 0.5, 0.0},
                                     {0, 0, 0},
                                     {1.0 / 3, 1.0 / 3, 1.0 / 3}};
  cases[2].events = {binary("group", "agreement", true, 0.6)};
  cases[2].outcome = OutcomeForecast{"a1",
                                     {"a1", "a2", "n1", "unresolved"},
                                     {"agreement", "agreement", "no_agreement", "unresolved"},
                                     {0.25, 0.25, 0.25, 0.25},
                                     {0, 0, 0, 0},
                                     {0.25, 0.25, 0.25, 0.25}};
  return cases;
}

TEST(BacktestScores, TheBaseRateLeavesEachCaseOut) {
  const BacktestScores s = score_library(three_cases());
  // Agreement: case 0 against cases 1 (no) and 2 (yes): (1 + 1) / (2 + 2).
  EXPECT_DOUBLE_EQ(s.cases[0].events[0].p.base_rate, 0.5);
  EXPECT_DOUBLE_EQ(s.cases[1].events[0].p.base_rate, 0.75);  // two of two others: 3/4
  EXPECT_DOUBLE_EQ(s.cases[2].events[0].p.base_rate, 0.5);
  // Milestones: case 0 against case 1's one milestone, not reached: 1/3;
  // case 1 against case 0's two, one reached: 2/4.
  EXPECT_DOUBLE_EQ(s.cases[0].events[1].p.base_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.cases[0].events[2].p.base_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.cases[1].events[1].p.base_rate, 0.5);
  // Outcome groups of the other cases, each + 1 over n + 3: case 0 sees one
  // agreement and one no agreement: 2/5, 2/5, 1/5.
  const auto near = [](const std::vector<double>& got, const std::vector<double>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << i;
  };
  near(s.cases[0].outcome->base_rate, {0.4, 0.4, 0.2});
  near(s.cases[1].outcome->base_rate, {0.6, 0.2, 0.2});  // two agreements
  // Case 2's agreement group (2/5) is split between its two agreement outcomes.
  near(s.cases[2].outcome->base_rate, {0.2, 0.2, 0.4, 0.2});
}

TEST(BacktestScores, MeanScoresByKind) {
  const BacktestScores s = score_library(three_cases());
  ASSERT_EQ(s.rows.size(), 5u);
  const ScoreRow& outcome = s.rows[0];
  EXPECT_EQ(outcome.forecasts, 3u);
  // Model: 0.14 (0.09 + 0.04 + 0.01), 0.5 (0.25 + 0.25), 0.75 (0.5625 + 3 × 0.0625).
  EXPECT_NEAR(outcome.brier.model, (0.14 + 0.5 + 0.75) / 3, 1e-12);
  // Base rate: 0.56, 1.04, 0.88.
  EXPECT_NEAR(outcome.brier.base_rate, (0.56 + 1.04 + 0.88) / 3, 1e-12);
  EXPECT_NEAR(outcome.log_loss.model, (-std::log(0.7) - std::log(0.5) - std::log(0.25)) / 3, 1e-12);

  const ScoreRow& agreement = s.rows[1];
  EXPECT_EQ(agreement.kind, "agreement");
  EXPECT_EQ(agreement.forecasts, 3u);
  EXPECT_NEAR(agreement.brier.model, (0.04 + 0.09 + 0.16) / 3, 1e-12);
  EXPECT_NEAR(agreement.brier.base_rate, (0.25 + 0.5625 + 0.25) / 3, 1e-12);
  EXPECT_NEAR(agreement.brier.uniform, 0.25, 1e-12);
  EXPECT_NEAR(agreement.log_loss.uniform, std::log(2.0), 1e-12);
  EXPECT_EQ(s.rows[2].kind, "no_agreement");
  EXPECT_EQ(s.rows[2].forecasts, 0u);
  EXPECT_EQ(s.rows[3].kind, "milestone");
  EXPECT_EQ(s.rows[3].forecasts, 3u);
  EXPECT_NEAR(s.rows[3].brier.model, (0.01 + 0.04 + 0.0025) / 3, 1e-12);
  EXPECT_EQ(s.rows[4].kind, "binary");
  EXPECT_EQ(s.rows[4].forecasts, 6u);

  // Calibration: 0.05 (no) and 0.2 (no), 0.3 (no), 0.6, 0.8 and 0.9 (yes).
  std::uint64_t total = 0;
  for (const auto& b : s.calibration) total += b.forecasts;
  EXPECT_EQ(total, 6u);
  EXPECT_EQ(s.calibration[0].forecasts, 1u);
  EXPECT_EQ(s.calibration[9].forecasts, 1u);
  EXPECT_EQ(s.calibration[9].happened, 1u);
}

TEST(BacktestScores, CoverageAndTimingTotals) {
  auto cases = three_cases();
  TermCheck inside;
  inside.kind = "continuous";
  inside.low = 0, inside.high = 1, inside.value = 0.5, inside.basis = "outcome";
  inside.model50 = {0.4, 0.6}, inside.model90 = {0.2, 0.8};
  inside.uniform50 = {0.25, 0.75}, inside.uniform90 = {0.05, 0.95};
  TermCheck option;
  option.kind = "ordinal";
  option.low = 0, option.high = 2, option.value = 2, option.basis = "agreements";
  option.model50 = {1, 1}, option.model90 = {0, 2};
  option.uniform50 = {0, 2}, option.uniform90 = {0, 2};
  TermCheck unscored;
  unscored.kind = "continuous";
  cases[0].terms = {inside, option, unscored};
  cases[0].timing = TimingCheck{"outcome", 2, 1, 1, 7};
  cases[1].timing = TimingCheck{"outcome", 1, 4, -3, -21};
  const BacktestScores s = score_library(cases);
  const CoverageTotals& c = s.coverage;
  EXPECT_EQ(c.terms, 3u);
  EXPECT_EQ(c.scored, 2u);
  EXPECT_EQ(c.model50, 1u);
  EXPECT_EQ(c.model90, 2u);
  EXPECT_EQ(c.uniform50, 2u);
  EXPECT_NEAR(c.model_width50, (0.2 + 1.0 / 3) / 2, 1e-12);
  EXPECT_NEAR(c.model_width90, (0.6 + 1.0) / 2, 1e-12);
  EXPECT_EQ(s.timing.cases, 2u);
  EXPECT_DOUBLE_EQ(s.timing.mean_error_days, -7);
  EXPECT_DOUBLE_EQ(s.timing.mean_abs_error_days, 14);
  EXPECT_DOUBLE_EQ(s.timing.median_abs_error_days, 14);
}

}  // namespace
}  // namespace negsim
