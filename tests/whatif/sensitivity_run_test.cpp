// `negsim sensitivity` in-process: --param checked before anything runs, a
// plain number given a range becomes an input whose tornado and indices are
// known in closed form, an uncertain ordinal input takes part by option name,
// and the analysis is recorded in the results store and round-trips through
// the JSON the store keeps.
#include "negsim/whatif/sensitivity_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

using SensitivityRun = test_support::WhatIfFixture;
using test_support::Heard;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return diagnostics_text(e);
  }
  return "no error";
}

TEST_F(SensitivityRun, ParamsAreCheckedBeforeAnythingRuns) {
  const std::string file = path("window.yaml");
  EXPECT_NE(error_of([&] {
              plan_sensitivity(file, {}, {"events.window.chance=0.6:0.2"}, "", "");
            }).find("LOW must be below HIGH"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              plan_sensitivity(file, {}, {"events.window.chance=0.2"}, "", "");
            }).find("expected LOW:HIGH after '='"),
            std::string::npos);
  // A number already uncertain keeps its distribution: --set changes it.
  EXPECT_NE(error_of([&] {
              plan_sensitivity(file, {"events.window.chance={dist: uniform, low: 0.1, high: 0.5}"},
                               {"events.window.chance=0.2:0.6"}, "", "");
            }).find("is uncertain already"),
            std::string::npos);
  EXPECT_NE(error_of([&] { plan_sensitivity(file, {}, {}, "dael", ""); }).find("dael"),
            std::string::npos);
  const SensitivityPlan plan = plan_sensitivity(file, {}, {"events.window.chance=0.2:0.6"}, "", "");
  EXPECT_EQ(plan.varied, (std::vector<std::string>{"events.window.chance"}));
  // One input: 3 · 1 + 3 = 6 runs per base branch, so at most 166,666,666
  // base branches; more is refused before anything runs or is allocated.
  SensitivityRunOptions huge;
  huge.rows = 200'000'000;
  EXPECT_NE(error_of([&] {
              run_sensitivity_analysis(plan, huge, {nullptr, false, nullptr, nullptr});
            })
                .find("200000000 base branches x 6 runs each (1 inputs) is more than the "
                      "1000000000 branches an analysis may keep in memory; use at most 166666666 "
                      "base branches"),
            std::string::npos);
}

TEST_F(SensitivityRun, AParamGivenARangeHasItsClosedFormTornadoAndIndex) {
  // The deal happens iff the window's one draw u falls below its chance c, so
  // P(deal | c) = c with c ~ U(0.2, 0.6) under --param:
  //   tornado: c at its 10th and 90th percentiles, 0.24 and 0.56: swing 0.32;
  //   indices: Var E[Y|c] = Var c = 0.4²/12, Var Y = 0.4 · 0.6, so
  //   S_c = 0.0133/0.24 = 0.0556; c's total index is E_u[Var_c(Y | u)]/V, and
  //   Y | u is a coin of P(c > u), linear from 1 to 0 over u in [0.2, 0.6]:
  //   0.4 · (1/6) / 0.24 = 0.278; the draw u has 1 − S_c in total (two factors).
  ResultsStore store(path("results.db"));
  Heard heard;
  SensitivityRunOptions options;
  options.rows = 20000;
  options.replicates = 200;
  const SensitivityPlan plan =
      plan_sensitivity(path("window.yaml"), {}, {"events.window.chance=0.2:0.6"}, "deal", "");
  const SensitivityReport report =
      run_sensitivity_analysis(plan, options, {&store, false, nullptr, &heard});
  EXPECT_FALSE(report.partial);
  ASSERT_EQ(report.inputs.size(), 1u);
  EXPECT_TRUE(report.inputs[0].varied);
  EXPECT_EQ(report.inputs[0].distribution, "uniform from 0.2 to 0.6");
  ASSERT_TRUE(report.tornado);
  ASSERT_EQ(report.tornado->bars.size(), 1u);
  const TornadoBar& bar = report.tornado->bars[0];
  EXPECT_NEAR(bar.low_value, 0.24, 1e-12);
  EXPECT_NEAR(bar.high_value, 0.56, 1e-12);
  // Paired: the held-low deals are a subset of the held-high ones, so the
  // swing's interval is about √(0.32 · 0.68 / N) wide: ±0.0065.
  EXPECT_TRUE(bar.swing_ci95.contains(0.32)) << bar.swing;
  EXPECT_LT(bar.swing_ci95.half_width(), 0.01);
  EXPECT_EQ(bar.changed, static_cast<std::uint64_t>(std::llround(bar.swing * 20000)));
  ASSERT_TRUE(report.indices);
  ASSERT_EQ(report.indices->factors.size(), 2u);  // c, and the chance within the branch
  const double s_c = (0.16 / 12) / 0.24;
  const SobolIndex& c = report.indices->factors[0];
  EXPECT_NEAR(c.first, s_c, 2 * c.first_ci95.half_width()) << c.first;
  EXPECT_NEAR(c.total, 0.4 / 6 / 0.24, 2 * c.total_ci95.half_width()) << c.total;
  const SobolIndex& u = report.indices->factors[1];
  EXPECT_NEAR(u.total, 1 - s_c, 2 * u.total_ci95.half_width()) << u.total;

  // Recorded, and what the store keeps renders the same report.
  const auto stored = store.list();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].kind, "sensitivity");
  EXPECT_EQ(stored[0].status, "complete");
  const auto record = store.run(stored[0].id);
  ASSERT_TRUE(record);
  EXPECT_EQ(sensitivity_report_from_json(nlohmann::json::parse(record->summary_json)), report);
}

TEST_F(SensitivityRun, ByADateCountsOnlyTheRoundsEndedByThen) {
  // Weekly rounds from 2026-01-01: the window's one round ends on 2026-01-08.
  const std::string file = path("window.yaml");
  EXPECT_NE(error_of([&] {
              plan_sensitivity(file, {}, {"events.window.chance=0.2:0.6"}, "deal", "2025-12-31");
            }).find("before the scenario's as_of date, 2026-01-01"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              plan_sensitivity(file, {}, {"events.window.chance=0.2:0.6"}, "deal", "8 Jan");
            }).find("expected a date YYYY-MM-DD"),
            std::string::npos);
  SensitivityRunOptions options;
  options.rows = 2000;
  options.replicates = 20;
  const WhatIfContext none{nullptr, false, nullptr, nullptr};
  const SensitivityReport by_eighth = run_sensitivity_analysis(
      plan_sensitivity(file, {}, {"events.window.chance=0.2:0.6"}, "deal", "2026-01-08"), options,
      none);
  EXPECT_EQ(by_eighth.by_round, 1);
  EXPECT_FALSE(by_eighth.by_horizon);
  EXPECT_GT(by_eighth.tornado->base, 0.3);
  // A day earlier no round has ended: nothing is reached, nothing varies.
  const SensitivityReport by_seventh = run_sensitivity_analysis(
      plan_sensitivity(file, {}, {"events.window.chance=0.2:0.6"}, "deal", "2026-01-07"), options,
      none);
  EXPECT_EQ(by_seventh.by_round, 0);
  EXPECT_EQ(by_seventh.tornado->base, 0);
  EXPECT_EQ(by_seventh.tornado->bars[0].swing, 0);
  EXPECT_EQ(by_seventh.indices->variance, 0);
}

TEST_F(SensitivityRun, AnUncertainOrdinalInputIsHeldAtItsOptions) {
  // An ordinal red line that this pause never consults: it is an input, held
  // at options by name, and changes nothing, so its swing and indices are 0.
  std::string text = test_support::kWindowScenario;
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("issues:\n",
          "issues:\n  - {id: guarantee, kind: ordinal, options: [none, weak, strong]}\n");
  replace("demands: {share: {ideal: 1}}",
          "demands: {share: {ideal: 1}, guarantee: {ideal: strong, red_line: {dist: discrete, "
          "values: [none, weak], weights: [1, 1]}}}");
  const std::string file = write("ordinal.yaml", text);
  SensitivityRunOptions options;
  options.rows = 2000;
  options.replicates = 50;
  const SensitivityReport report = run_sensitivity_analysis(
      plan_sensitivity(file, {}, {}, "deal", ""), options, {nullptr, false, nullptr, nullptr});
  const auto& bars = report.tornado->bars;
  const auto it = std::find_if(bars.begin(), bars.end(), [](const TornadoBar& b) {
    return b.input == "parties.a.demands.guarantee.red_line";
  });
  ASSERT_NE(it, bars.end());
  EXPECT_EQ(it->low_option, "none");
  EXPECT_EQ(it->high_option, "weak");
  EXPECT_EQ(it->swing, 0);
  EXPECT_EQ(report.indices->factors[0].total, 0);
}

}  // namespace
}  // namespace negsim
