#pragma once
// A small hand-made scenario and tally with known figures, shared by the
// summary and report tests.

#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/run/tally.hpp"

namespace negsim::testing_fixture {

inline Scenario small_scenario() {
  Scenario s;
  s.id = "small_talks";
  s.title = "Small talks, for testing";
  s.round_label = "week";
  s.round_days = 7;
  s.horizon = 10;
  s.as_of = "2026-01-01";
  s.file = "small_talks.yaml";
  s.sha256 = std::string(64, 'a');
  Issue share;
  share.id = "share";
  share.label = "Share to A";
  share.kind = IssueKind::continuous;
  share.low = 0;
  share.high = 1;
  share.unit = "share";
  Issue status;
  status.id = "status";
  status.label = "Status";
  status.kind = IssueKind::ordinal;
  status.options = {"none", "de facto", "de jure"};
  status.low = 0;
  status.high = 2;
  s.issues = {share, status};
  Party a, b;
  a.id = "a";
  a.name = "Party A";
  b.id = "b";
  b.name = "Party B";
  s.parties = {a, b};
  Event strike;
  strike.id = "strike";
  strike.label = "Energy strikes";
  Event quiet;
  quiet.id = "quiet";
  quiet.label = "Never happens";
  s.events = {strike, quiet};
  State talks, deal, breakdown, walkout;
  talks.id = "talks";
  talks.label = "Talks";
  deal.id = "deal";
  deal.label = "Deal, signed";
  deal.kind = StateKind::terminal;
  deal.outcome = "agreement";
  deal.agreement = true;
  breakdown.id = "breakdown";
  breakdown.kind = StateKind::terminal;
  breakdown.outcome = "no_deal";
  walkout.id = "walkout";
  walkout.kind = StateKind::terminal;
  walkout.outcome = "no_deal";
  s.process.initial = "talks";
  s.process.states = {talks, deal, breakdown, walkout};
  s.process.milestones = {Milestone{"signed", "Deal signed", {"deal"}, {}}};
  return s;
}

inline std::vector<std::string> small_outcomes() {
  return {"agreement", "no_deal", "unresolved"};
}

// Ten branches: six agreements (rounds 2, 3, 3, 4, 5, 8; shares 0.1 … 0.6;
// status options 0, 1, 1, 1, 2, 2), three breakdowns after one round, one
// unresolved. The strike fires in two agreements and all three breakdowns.
inline Tally small_tally(const Scenario& s) {
  Tally t(TallyLayout::for_scenario(s, 3));
  const int rounds[] = {2, 3, 3, 4, 5, 8};
  const double options[] = {0, 1, 1, 1, 2, 2};
  for (int i = 0; i < 6; ++i) {
    BranchResult r;
    r.outcome = 0;
    r.end_round = rounds[i];
    r.agreed = true;
    r.agreed_round = r.first_agreed_round = rounds[i];
    r.milestone_round = {rounds[i]};
    r.package = {0.1 * (i + 1), options[i]};
    r.utility = {0.5 + 0.05 * i, 0.9 - 0.1 * i};
    r.path = {0, 1};
    r.fired = {i < 2 ? 1u : 0u, 0u};
    t.add(r);
  }
  for (int i = 0; i < 3; ++i) {
    BranchResult r;
    r.outcome = 1;
    r.end_round = 1;
    r.milestone_round = {-1};
    r.path = {0, 2};
    r.fired = {2u, 0u};
    t.add(r);
  }
  BranchResult r;
  r.outcome = 2;
  r.end_round = 10;
  r.milestone_round = {-1};
  r.path = {0};
  r.fired = {0u, 0u};
  t.add(r);
  return t;
}

inline Provenance small_provenance() {
  Provenance p;
  p.seed = 7;
  p.threads = 2;
  p.wall_seconds = 1.25;
  p.date = "2026-01-23T09:30:00Z";
  return p;
}

inline Summary small_summary() {
  const Scenario s = small_scenario();
  return summarise(s, small_outcomes(), small_tally(s), small_provenance());
}

}  // namespace negsim::testing_fixture
