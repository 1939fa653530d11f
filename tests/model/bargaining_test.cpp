// The bargaining mechanics, checked round by round: proposals stay inside the
// zone of possible agreement, verdicts follow docs/model.md section 6 exactly,
// concessions are monotone and follow Faratin's curve, and a deal that the
// stated positions allow is found. An observer re-derives every quantity
// independently of the simulator, so a plausible slip in the simulator (an
// acceptor that keeps its demand, a concession step of f instead of
// (f - lambda) / (1 - lambda), a reservation utility without the red lines, a
// verdict without the aspiration test) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "model/branch_state.hpp"
#include "model/compiled_scenario.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"
#include "support/test_scenarios.hpp"

namespace negsim {
namespace {

using detail::BranchState;
using detail::CompiledScenario;

// The file of issue 15: b accepts x = 0.5 early, a only by the deadline.
std::string creep_yaml(const std::string& rule, const std::string& a_extra = "",
                       const std::string& b_capability = "3", const std::string& knows = "true") {
  return fmt::format(R"(
scenario: {{id: creep, title: "one red line binds", as_of: 2026-01-01, horizon: 60}}
issues: [{{id: x, kind: continuous, range: {{low: 0, high: 1}}}}]
parties:
  - {{id: a, role: principal, capability: 1, tactic: {{e: 2, k: {}}}, demands: {{x: {{ideal: 1, red_line: 0.5}}}}}}
  - {{id: b, role: principal, capability: {}, tactic: conceder, demands: {{x: {{ideal: 0}}}}}}
process:
  initial: talks
  deadline: 10
  proposal_rule: {}
  mediator_knows_red_lines: {}
  states: [{{id: talks, kind: bargaining}}, {{id: deal, kind: terminal, outcome: agreement}}]
  transitions: [{{from: talks, to: deal, on: accepted}}]
)",
                     a_extra.empty() ? "0.6" : a_extra, b_capability, rule, knows);
}

struct DealStats {
  int branches = 0, agreed = 0, by_deadline = 0, at_least_half = 0;
};

DealStats run_creep(const Simulator& sim, int branches) {
  DealStats s;
  BranchResult r;
  for (int b = 0; b < branches; ++b) {
    sim.run_branch(kDefaultSeed, static_cast<std::uint64_t>(b), r);
    ++s.branches;
    if (!r.agreed) continue;
    ++s.agreed;
    s.by_deadline += r.agreed_round <= 10;
    s.at_least_half += r.package[0] >= 0.5 - 1e-12;
  }
  return s;
}

class Creep : public ::testing::TestWithParam<std::string> {};

TEST_P(Creep, AgreesBeforeTheDeadlineOnTheSideOfTheRedLine) {
  const DealStats s = run_creep(test::simulator_for(creep_yaml(GetParam())), 50);
  EXPECT_EQ(s.agreed, s.branches);
  EXPECT_EQ(s.by_deadline, s.branches);
  EXPECT_EQ(s.at_least_half, s.branches);
}

TEST_P(Creep, AgreesWhateverTheTacticsAndLeverage) {
  const DealStats s =
      run_creep(test::simulator_for(creep_yaml(GetParam(), "{dist: uniform, low: 0, high: 0.9}",
                                               "{dist: uniform, low: 0.2, high: 6}")),
                2000);
  EXPECT_GE(s.agreed, 0.99 * s.branches);
  EXPECT_EQ(s.by_deadline, s.agreed);
  EXPECT_EQ(s.at_least_half, s.agreed);
}

TEST_P(Creep, AMediatorWhoLearnsTheRedLineFindsTheDealToo) {
  const Simulator sim = test::simulator_for(creep_yaml(GetParam(), "", "3", "false"));
  const DealStats s = run_creep(sim, 20);
  EXPECT_EQ(s.agreed, s.branches);
  EXPECT_EQ(s.at_least_half, s.branches);
  std::ostringstream trace;
  BranchResult r;
  write_trace(sim, kDefaultSeed, 0, trace, r);
  if (GetParam() != "nash") {  // Nash starts inside the red lines: nothing to learn
    EXPECT_NE(trace.str().find("The mediator now knows a's red line on x."), std::string::npos)
        << trace.str();
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRule, Creep,
                         ::testing::Values("compromise", "weighted_median", "nash"));

TEST(Bargaining, RedLinesWithoutCommonGroundNeverAgree) {
  for (const char* rule : {"compromise", "weighted_median", "nash"}) {
    const std::string yaml = fmt::format(R"(
scenario: {{id: apart, title: Apart, as_of: 2026-01-01, horizon: 40}}
issues: [{{id: x, kind: continuous, range: {{low: 0, high: 1}}}}]
parties:
  - {{id: a, role: principal, tactic: conceder, demands: {{x: {{ideal: 1, red_line: 0.8}}}}}}
  - {{id: b, role: principal, tactic: conceder, demands: {{x: {{ideal: 0, red_line: 0.3}}}}}}
process:
  initial: talks
  deadline: 10
  proposal_rule: {}
  states: [{{id: talks, kind: bargaining}}, {{id: deal, kind: terminal, outcome: agreement}}]
  transitions: [{{from: talks, to: deal, on: accepted}}]
)",
                                         rule);
    const Simulator sim = test::simulator_for(yaml);
    const BranchResult r = sim.run_branch(kDefaultSeed, 0);
    EXPECT_FALSE(r.agreed) << rule;
    EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "unresolved") << rule;
    std::ostringstream trace;
    BranchResult again;
    write_trace(sim, kDefaultSeed, 0, trace, again);
    EXPECT_NE(trace.str().find("No zone of agreement on x: b <= 0.300, a >= 0.800 (red lines)."),
              std::string::npos)
        << rule;
  }
}

TEST(Bargaining, AProposalWorthMoreThanNoDealNeverStartsAWalkout) {
  // Every text is worth 0.5 to each side, just above their value of no deal
  // (0.47): however impatient they are (patience 1), nobody walks out, and
  // the deal comes once the clock has brought their aspirations down.
  const std::string yaml = R"(
scenario: {id: close, title: Close, as_of: 2026-01-01, horizon: 20}
issues: [{id: x, kind: continuous, range: {low: 0, high: 1}}]
parties:
  - {id: a, role: principal, batna: 0.47, patience: 1, demands: {x: {ideal: 1}}}
  - {id: b, role: principal, batna: 0.47, patience: 1, demands: {x: {ideal: 0}}}
process:
  initial: talks
  deadline: 8
  states:
    - {id: talks, kind: bargaining}
    - {id: deal, kind: terminal, outcome: agreement}
    - {id: gone, kind: terminal, outcome: walked_out}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: gone, on: walkout}
)";
  const Simulator sim = test::simulator_for(yaml);
  for (std::uint64_t b = 0; b < 20; ++b) {
    const BranchResult r = sim.run_branch(kDefaultSeed, b);
    EXPECT_EQ(sim.outcomes()[static_cast<std::size_t>(r.outcome)], "agreement") << b;
    EXPECT_LE(r.agreed_round, 8) << b;
  }
}

TEST(Bargaining, NashOnOptionsKeepsEveryPrincipalAboveNoDeal) {
  // The relaxed Nash split x = 0.34 + 0.3 * 0.34 = 0.442 lies nearest option
  // o1 (1/3), which gives a less than its value of no deal (0.34); o2 (2/3)
  // gives both a gain, so the mediator tables o2.
  const std::string yaml = R"(
scenario: {id: options, title: Options, as_of: 2026-01-01, horizon: 3}
issues: [{id: x, kind: ordinal, options: [o0, o1, o2, o3]}]
parties:
  - {id: a, role: principal, capability: 0.3, batna: 0.34, demands: {x: {ideal: o3}}}
  - {id: b, role: principal, capability: 0.7, batna: 0.32, demands: {x: {ideal: o0}}}
process:
  initial: talks
  proposal_rule: nash
  states: [{id: talks, kind: bargaining}, {id: deal, kind: terminal, outcome: agreement}]
  transitions: [{from: talks, to: deal, on: accepted}]
)";
  std::ostringstream trace;
  BranchResult r;
  write_trace(test::simulator_for(yaml), kDefaultSeed, 0, trace, r);
  EXPECT_NE(trace.str().find("Mediator's proposal (Nash bargaining rule):\n    x: o2\n"),
            std::string::npos)
      << trace.str();
}

// ---- The property test ------------------------------------------------------

// Re-derives each step of docs/model.md sections 2-6 from the branch's state,
// independently of the simulator's own functions, and counts what it checked.
class Oracle final : public BranchObserver {
 public:
  explicit Oracle(const CompiledScenario& c) : c_(c) {}

  int proposals = 0, verdicts = 0, concessions = 0, agreements = 0;
  std::vector<std::string> failures;

  void begin(std::uint64_t, std::uint64_t, const BranchState&) override {
    lambda_.assign(c_.parties.size(), 0.0);
    f_.assign(c_.parties.size(), 0.0);
  }
  void round(int round, int, double t) override {
    round_ = round;
    t_ = t;
  }
  void proposal(ProposalRule, bool, const BranchState& st) override {
    ++proposals;
    // Every issue inside the zone left by the principals' red lines, where
    // there is one; options stay options.
    for (std::size_t k = 0; k < c_.issue_options.size(); ++k) {
      double lower = 0, upper = 1;
      for (int p : c_.principals) {
        const auto& spec = c_.parties[static_cast<std::size_t>(p)];
        for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
          const Stance& s = st.stance[static_cast<std::size_t>(j)];
          if (static_cast<std::size_t>(s.issue) != k || std::isnan(s.red_line)) continue;
          if (c_.learn_red_lines && !st.revealed[static_cast<std::size_t>(j)]) continue;
          if (s.ideal >= s.red_line) lower = std::max(lower, s.red_line);
          if (s.ideal <= s.red_line) upper = std::min(upper, s.red_line);
        }
      }
      const double x = st.x[k];
      const int n = c_.issue_options[k];
      bool common = lower <= upper + 1e-9;
      if (n > 0) {
        common = false;
        for (int i = 0; i < n; ++i) {
          const double o = static_cast<double>(i) / (n - 1);
          common = common || (o >= lower - 1e-9 && o <= upper + 1e-9);
        }
        const double index = x * (n - 1);
        if (std::abs(index - std::round(index)) > 1e-9) fail("proposal off the options");
      }
      if (common && (x < lower - 1e-9 || x > upper + 1e-9))
        fail(fmt::format("issue {} proposal {} outside the zone [{}, {}]", k, x, lower, upper));
    }
  }
  void verdict(int party, const detail::Verdict& v, const BranchState& st) override {
    ++verdicts;
    const auto p = static_cast<std::size_t>(party);
    const auto& spec = c_.parties[p];
    double distance = 0, total = 0, worst = 0;
    bool crossed = false;
    for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
      const Stance& s = st.stance[static_cast<std::size_t>(j)];
      const double x = st.x[static_cast<std::size_t>(s.issue)];
      distance += s.salience * std::abs(x - s.ideal);
      total += s.salience;
      worst += s.salience * (std::isnan(s.red_line) ? std::max(s.ideal, 1 - s.ideal)
                                                    : std::abs(s.red_line - s.ideal));
      if (!std::isnan(s.red_line)) {
        const bool ok = s.ideal > s.red_line + 1e-9   ? x >= s.red_line - 1e-9
                        : s.ideal < s.red_line - 1e-9 ? x <= s.red_line + 1e-9
                                                      : std::abs(x - s.red_line) <= 1e-9;
        crossed = crossed || !ok;
      }
    }
    const double u = total > 0 ? std::clamp(1 - distance / total, 0.0, 1.0) : 1.0;
    const double u_rl = total > 0 ? std::clamp(1 - worst / total, 0.0, 1.0) : 1.0;
    const double batna = st.param[static_cast<std::size_t>(spec.batna)];
    const double e = 1 / st.inverse_e[p], k = st.k[p];
    const double f = t_ >= 1 ? 1.0 : k + (1 - k) * std::pow(t_, 1 / e);
    const double reservation = std::max(batna, u_rl);
    const double aspiration = 1 - (1 - reservation) * f;
    const bool accepts = !crossed && u >= aspiration - 1e-9 && u >= batna - 1e-9;
    if (std::abs(u - v.utility) > 1e-12) fail(fmt::format("utility {} != {}", v.utility, u));
    if (std::abs(f - v.f) > 1e-9) fail(fmt::format("f {} != {}", v.f, f));
    if (std::abs(aspiration - v.aspiration) > 1e-9)
      fail(fmt::format("aspiration {} != {}", v.aspiration, aspiration));
    // Verdicts within rounding of the threshold may go either way.
    const bool close = std::abs(u - aspiration) < 1e-9 || std::abs(u - batna) < 1e-9;
    if (accepts != v.accepts && !close)
      fail(fmt::format("party {} {} but the model says it should {}", party,
                       v.accepts ? "accepts" : "rejects", accepts ? "accept" : "reject"));
    f_[p] = v.f;
  }
  void agreement(int) override { ++agreements; }
  void concession(int party, bool adopted, double step, std::span<const double> before,
                  const BranchState& st) override {
    ++concessions;
    const auto p = static_cast<std::size_t>(party);
    const auto& spec = c_.parties[p];
    double expected_step = 1.0;
    if (!adopted) {
      const double f = f_[p], lambda = lambda_[p];
      expected_step = lambda >= 1   ? 1.0
                      : f <= lambda ? 0.0
                                    : std::min(1.0, (f - lambda) / (1 - lambda));
      lambda_[p] = std::max(lambda, f);
    }
    if (std::abs(step - expected_step) > 1e-12)
      fail(fmt::format("step {} != {}", step, expected_step));
    for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
      const Stance& s = st.stance[static_cast<std::size_t>(j)];
      const double d0 = before[static_cast<std::size_t>(j - spec.stance_begin)];
      const double d1 = st.demand(static_cast<std::size_t>(j));
      const double x = st.x[static_cast<std::size_t>(s.issue)];
      if (std::abs(d1 - s.ideal) < std::abs(d0 - s.ideal) - 1e-12)
        fail(fmt::format("party {} moved back towards its ideal: {} -> {} (ideal {})", party, d0,
                         d1, s.ideal));
      // The demand goes the share `step` of the way, unless that would mean
      // asking for more; a red line stops it.
      double moved = d0 + expected_step * (x - d0);
      if (!std::isnan(s.red_line)) {
        if (s.ideal > s.red_line + 1e-9)
          moved = std::max(moved, s.red_line);
        else if (s.ideal < s.red_line - 1e-9)
          moved = std::min(moved, s.red_line);
        else
          moved = s.red_line;
      }
      const double expected = std::abs(moved - s.ideal) >= std::abs(d0 - s.ideal) ? moved : d0;
      if (std::abs(d1 - expected) > 1e-12)
        fail(fmt::format("party {} demand {} -> {}, expected {}", party, d0, d1, expected));
    }
  }

 private:
  void fail(std::string what) {
    if (failures.size() < 20) failures.push_back(fmt::format("round {}: {}", round_, what));
  }
  const CompiledScenario& c_;
  std::vector<double> lambda_, f_;
  int round_ = 0;
  double t_ = 0;
};

// A random negotiation: 2 to 4 principals, a mediator, 1 to 3 issues
// (continuous and ordinal), any rule, random tactics and red lines.
std::string random_yaml(std::mt19937_64& gen) {
  std::uniform_real_distribution<double> unit(0, 1);
  const auto pick = [&](int n) { return static_cast<int>(gen() % static_cast<unsigned>(n)); };
  const int issues = 1 + pick(3), principals = 2 + pick(3);
  const char* rules[] = {"compromise", "weighted_median", "nash"};
  std::string yaml = fmt::format(
      "scenario: {{id: random, title: Random, as_of: 2026-01-01, horizon: {}}}\nissues:\n",
      10 + pick(30));
  std::vector<bool> ordinal;
  for (int k = 0; k < issues; ++k) {
    ordinal.push_back(pick(2) == 1);
    yaml += ordinal.back()
                ? fmt::format("  - {{id: i{}, kind: ordinal, options: [o0, o1, o2, o3]}}\n", k)
                : fmt::format("  - {{id: i{}, kind: continuous, range: {{low: 0, high: 1}}}}\n", k);
  }
  yaml += "parties:\n";
  for (int p = 0; p <= principals; ++p) {
    const bool mediator = p == principals;
    yaml += fmt::format(
        "  - id: p{}\n    role: {}\n    capability: {:.3f}\n    batna: {:.3f}\n    costs: "
        "{{per_round: {:.4f}}}\n    tactic: {{e: {:.3f}, k: {:.3f}}}\n    demands:\n",
        p, mediator ? "mediator" : "principal", 0.1 + 2 * unit(gen), 0.5 * unit(gen),
        0.02 * unit(gen), 0.1 + 3 * unit(gen), 0.3 * unit(gen));
    for (int k = 0; k < issues; ++k) {
      if (!mediator && pick(4) == 0 && k > 0) continue;  // indifferent to this issue
      if (ordinal[k]) {
        const int ideal = pick(4);
        const int red = pick(4);
        yaml += fmt::format("      i{}: {{ideal: o{}, salience: {:.3f}{}}}\n", k, ideal,
                            0.1 + unit(gen),
                            mediator || pick(2) ? "" : fmt::format(", red_line: o{}", red));
      } else {
        const double ideal = unit(gen), red = unit(gen);
        yaml += fmt::format("      i{}: {{ideal: {:.3f}, salience: {:.3f}{}}}\n", k, ideal,
                            0.1 + unit(gen),
                            mediator || pick(2) ? "" : fmt::format(", red_line: {:.3f}", red));
      }
    }
  }
  yaml += fmt::format(R"(process:
  initial: talks
  deadline: {}
  proposal_rule: {}
  mediator_knows_red_lines: {}
  states:
    - {{id: talks, kind: bargaining}}
    - {{id: deal, kind: terminal, outcome: agreement}}
    - {{id: out, kind: terminal, outcome: walkout}}
  transitions:
    - {{from: talks, to: deal, on: accepted}}
    - {{from: talks, to: out, on: walkout}}
)",
                      5 + pick(20), rules[pick(3)], pick(3) ? "true" : "false");
  return yaml;
}

TEST(Bargaining, EveryRoundFollowsTheModelOnRandomNegotiations) {
  std::mt19937_64 gen(20260123);
  int proposals = 0, verdicts = 0, concessions = 0, agreements = 0;
  for (int n = 0; n < 300; ++n) {
    const std::string yaml = random_yaml(gen);
    const Simulator sim = test::simulator_for(yaml);
    Oracle oracle(sim.compiled());
    BranchResult r;
    for (std::uint64_t b = 0; b < 3; ++b) sim.run_branch(kDefaultSeed, b, r, &oracle);
    ASSERT_TRUE(oracle.failures.empty()) << yaml << "\n" << oracle.failures.front();
    proposals += oracle.proposals;
    verdicts += oracle.verdicts;
    concessions += oracle.concessions;
    agreements += oracle.agreements;
  }
  // The sample exercised every step many times.
  EXPECT_GT(proposals, 5000);
  EXPECT_GT(concessions, 5000);
  EXPECT_GT(agreements, 100);
  EXPECT_GT(verdicts, proposals);
}

}  // namespace
}  // namespace negsim
