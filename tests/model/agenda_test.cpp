// Agendas of bargaining states (docs/model.md 9.3): a ceasefire track that
// settles one issue while another stays beyond reach.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/summary.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

// `front` (where the line is frozen) has common ground at 0.5; `status`
// has none (a wants at least 0.8, b at most 0.3). Talks on every issue can
// never agree; a ceasefire track on `front` alone can.
std::string two_track_yaml(const std::string& first_agenda) {
  return fmt::format(R"(
scenario: {{id: tracks, title: Tracks, as_of: 2026-01-01, horizon: 40}}
issues:
  - {{id: front, kind: continuous, range: {{low: 0, high: 1}}}}
  - {{id: status, kind: continuous, range: {{low: 0, high: 1}}}}
parties:
  - id: a
    role: principal
    tactic: conceder
    demands: {{front: {{ideal: 1, red_line: 0.5}}, status: {{ideal: 1, red_line: 0.8}}}}
  - id: b
    role: principal
    tactic: conceder
    demands: {{front: {{ideal: 0, red_line: 0.5}}, status: {{ideal: 0, red_line: 0.3}}}}
  - id: voters
    role: ratifier
    approval: {{threshold: 0.4, spread: 0.05}}
    demands: {{front: {{ideal: 0.5}}, status: {{ideal: 0}}}}
process:
  initial: ceasefire_talks
  deadline: 10
  milestones: [{{id: ceasefire, label: Ceasefire agreed, states: [ceasefire]}}]
  states:
    - {{id: ceasefire_talks, kind: bargaining{}}}
    - {{id: ceasefire, kind: pause, max_rounds: 2}}
    - {{id: vote, kind: chance}}
    - {{id: ceasefire_holds, kind: terminal, outcome: ceasefire_holds, agreement: true}}
    - {{id: rejected, kind: terminal, outcome: rejected}}
  transitions:
    - {{from: ceasefire_talks, to: ceasefire, on: accepted}}
    - {{from: ceasefire, to: vote, on: round_limit}}
    - {{from: vote, to: ceasefire_holds, probability: {{approval: {{by: voters}}}}}}
    - {{from: vote, to: rejected, probability: otherwise}}
)",
                     first_agenda);
}

TEST(Agenda, SettlesItsIssuesWhileOthersStayOpen) {
  const Simulator sim = test::simulator_for(two_track_yaml(", agenda: [front]"));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  ASSERT_TRUE(r.agreed);
  EXPECT_EQ(r.agreed_round, 10);  // both concede fully only at the deadline
  EXPECT_DOUBLE_EQ(r.package[0], 0.5);
  EXPECT_TRUE(std::isnan(r.package[1]));  // status was not on the agenda
  EXPECT_EQ(r.milestone_round, (std::vector<int>{10}));
  // The voters judge the terms settled so far: front at their ideal, u = 1,
  // so p = 1 / (1 + exp(-(1 - 0.4) / 0.05)): nearly always approved.
  int held = 0;
  BranchResult b;
  for (std::uint64_t i = 0; i < 200; ++i) {
    sim.run_branch(kDefaultSeed, i, b);
    held += sim.outcomes()[static_cast<std::size_t>(b.outcome)] == "ceasefire_holds";
  }
  EXPECT_EQ(held, 200);
}

TEST(Agenda, WithoutOneTheIssueBeyondReachBlocksEverything) {
  const Simulator sim = test::simulator_for(two_track_yaml(""));
  const BranchResult r = sim.run_branch(kDefaultSeed, 0);
  EXPECT_FALSE(r.agreed);
  EXPECT_EQ(r.milestone_round, (std::vector<int>{-1}));
  std::ostringstream trace;
  BranchResult again;
  write_trace(sim, kDefaultSeed, 0, trace, again);
  EXPECT_NE(trace.str().find("No zone of agreement on status: b <= 0.300, a >= 0.800"),
            std::string::npos);
}

TEST(Agenda, AStateNamesTheOutcomeOfBranchesStillThereAtTheHorizon) {
  // The ceasefire holds for the rest of the horizon: those branches end
  // "armistice", an agreement, rather than unresolved; their terms settle the
  // front line only.
  std::string yaml = two_track_yaml(", agenda: [front]");
  test::replace_once(
      yaml, "{id: ceasefire, kind: pause, max_rounds: 2}",
      "{id: ceasefire, kind: pause, max_rounds: 100, horizon_outcome: armistice, agreement: true}");
  const Simulator sim = test::simulator_for(yaml);
  EXPECT_EQ(sim.outcomes(),
            (std::vector<std::string>{"ceasefire_holds", "rejected", "armistice", "unresolved"}));
  RunOptions options;
  options.branches = 200;
  const RunResult run = run_branches(sim, options);
  const Summary s = summarise(sim.scenario(), sim.outcomes(), run.tally, {});
  const OutcomeSummary& armistice = s.outcomes[2];
  EXPECT_EQ(armistice.count, 200u);
  EXPECT_TRUE(armistice.agreement);
  EXPECT_EQ(armistice.label, "ceasefire at the horizon");
  ASSERT_EQ(armistice.terms.size(), 1u);  // the front line; status was never settled
  EXPECT_EQ(armistice.terms[0].issue, "front");
  EXPECT_EQ(armistice.terms[0].count, 200u);
  ASSERT_NE(s.group("agreement"), nullptr);
  EXPECT_EQ(s.group("agreement")->count, 200u);
  EXPECT_EQ(s.outcomes[3].count, 0u);  // nothing unresolved
}

}  // namespace
}  // namespace negsim
