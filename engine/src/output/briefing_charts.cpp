#include "negsim/output/briefing_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report_format.hpp"

namespace negsim {

using namespace report;

const char* const kNoiseCaveat =
    "The 95% intervals measure Monte Carlo noise only (how precisely negsim computed what the "
    "scenario implies), not whether the scenario's assumptions are right.";

namespace {

// "Abu Dhabi talks (with --set x=1) · 100,000 branches · seed 7": under every title.
std::string run_subtitle(const Provenance& p) {
  return title_with_overrides(p) + " · " + thousands(p.branches) + " branches · seed " +
         std::to_string(p.seed) + (p.partial ? " · PARTIAL (interrupted)" : "");
}

std::string run_caption(const Provenance& p) {
  std::string caption = "negsim " + p.engine_version + " · " + p.scenario_file;
  if (!p.overrides.empty()) caption += " with " + overrides_phrase(p.overrides);
  return caption + " · " + p.date + ". Intervals: Monte Carlo noise only.";
}

// The axis of a continuous term: from the lowest 5th to the highest 95th
// percentile over the outcomes, widened to round numbers.
std::pair<double, double> term_range(const std::vector<QuantileRow>& rows) {
  double lo = rows.front().p5, hi = rows.front().p95;
  for (const QuantileRow& r : rows) {
    lo = std::min(lo, r.p5);
    hi = std::max(hi, r.p95);
  }
  if (!(hi > lo)) {
    const double pad = std::max(std::abs(lo) * 0.1, 0.5);
    return {lo - pad, hi + pad};
  }
  const double span = hi - lo;
  const double magnitude = std::pow(10.0, std::floor(std::log10(span / 4)));
  return {std::floor(lo / magnitude) * magnitude, std::ceil(hi / magnitude) * magnitude};
}

void add_terms_charts(const Summary& summary, std::vector<Chart>& charts) {
  const Provenance& p = summary.provenance;
  // Issues in the order the first agreement outcome lists them, then any other.
  std::vector<std::string> issues;
  std::map<std::string, const IssueTerms*> first;
  for (const OutcomeSummary& o : summary.outcomes)
    for (const IssueTerms& t : o.terms)
      if (first.emplace(t.issue, &t).second) issues.push_back(t.issue);
  for (const std::string& issue : issues) {
    const IssueTerms& model = *first.at(issue);
    Chart chart;
    chart.name = chart_name({"terms", issue});
    chart.title = "Agreed terms: " + label_or_id(model.label, model.issue);
    chart.subtitle = run_subtitle(p);
    chart.caption = run_caption(p);
    if (!model.options.empty()) {
      StackedChart body;
      for (const OptionShare& s : model.options)
        body.categories.push_back(readable_option(s.option));
      for (const OutcomeSummary& o : summary.outcomes)
        for (const IssueTerms& t : o.terms) {
          if (t.issue != issue) continue;
          StackedRow row;
          row.label = o.label;
          for (const OptionShare& s : t.options) row.shares.push_back(s.share);
          body.rows.push_back(std::move(row));
        }
      chart.x_label = "share of the agreements in each outcome that settled this issue";
      chart.body = std::move(body);
    } else {
      QuantileChart body;
      for (const OutcomeSummary& o : summary.outcomes)
        for (const IssueTerms& t : o.terms)
          if (t.issue == issue)
            body.rows.push_back(
                {o.label, t.value.p5, t.value.p25, t.value.p50, t.value.p75, t.value.p95});
      std::tie(body.low, body.high) = term_range(body.rows);
      chart.x_label = (model.unit.empty() ? std::string("value") : model.unit) +
                      ": median (thick line), middle half (box), 90% range (whiskers)";
      chart.body = std::move(body);
    }
    charts.push_back(std::move(chart));
  }
}

}  // namespace

std::vector<Chart> summary_charts(const Summary& summary) {
  std::vector<Chart> charts;
  const Provenance& p = summary.provenance;
  if (summary.outcomes.empty() || p.branches == 0) return charts;

  Chart outcomes;
  outcomes.name = "outcomes";
  std::string horizon = "within " + duration(p.horizon, p, false);
  for (const ReachSummary& g : summary.groups)
    if (!g.curve.empty() && !g.curve.back().date.empty()) horizon = "by " + g.curve.back().date;
  outcomes.title = "How the talks end: chance of each outcome " + horizon;
  outcomes.subtitle = run_subtitle(p);
  outcomes.x_label = "probability, with 95% interval";
  outcomes.caption = run_caption(p);
  BarChart bars;
  for (const OutcomeSummary& o : summary.outcomes)
    bars.bars.push_back({o.label, o.probability, o.ci95, probability_cell(o)});
  bars.max = 1;
  double top = 0;
  for (const OutcomeSummary& o : summary.outcomes) top = std::max(top, o.ci95.high);
  // A scale to the largest interval reads better than 0–100% when all are small.
  if (top < 0.5)
    bars.max = top <= 0.1 ? std::max(0.01, std::ceil(top * 50) / 50) : std::ceil(top * 10) / 10;
  outcomes.body = std::move(bars);
  charts.push_back(std::move(outcomes));

  std::vector<const ReachSummary*> reach;
  for (const ReachSummary& g : summary.groups) reach.push_back(&g);
  for (const ReachSummary& m : summary.milestones) reach.push_back(&m);
  if (!reach.empty() && !reach.front()->curve.empty()) {
    Chart curves;
    curves.name = "milestones";
    curves.title = "Chance of reaching each point by a date";
    curves.subtitle = run_subtitle(p);
    curves.caption = run_caption(p) + " Shaded: 95% interval.";
    StepChart steps;
    for (const CurvePoint& c : reach.front()->curve)
      steps.x_labels.push_back(c.date.empty() ? p.round_label + " " + std::to_string(c.round)
                                              : c.date);
    curves.x_label = reach.front()->curve.front().date.empty()
                         ? plural_rounds(p) + " from the start"
                         : "calendar date (one " + p.round_label + " per step)";
    for (const ReachSummary* r : reach) {
      ChartSeries series;
      series.label = r->label + " " + percent(r->probability, percent_decimals(r->ci95));
      for (const CurvePoint& c : r->curve) {
        series.values.push_back(c.probability);
        series.intervals.push_back(c.ci95);
      }
      steps.series.push_back(std::move(series));
    }
    curves.body = std::move(steps);
    charts.push_back(std::move(curves));
  }

  add_terms_charts(summary, charts);

  const OutcomeSummary& focus = summary.outcomes[summary.most_likely()];
  if (summary.drivers && !summary.drivers->empty()) {
    Chart drivers;
    drivers.name = "drivers";
    drivers.title = "Key drivers: effect of each shock on the chance of " + focus.label;
    drivers.subtitle = run_subtitle(p);
    drivers.x_label = "percentage points: as written minus if the shock could never happen";
    drivers.caption = run_caption(p) + " Paired runs on the same seed; bars 95% intervals.";
    DivergingChart body;
    for (const ShockDriver& d : *summary.drivers) {
      const DriverEffect* e = driver_effect(d, focus.id);
      if (e == nullptr) continue;
      const int decimals = percent_decimals(e->ci95);
      body.bars.push_back({label_or_id(d.label, d.id), e->difference, e->ci95,
                           points(e->difference, decimals) + " (" + points(e->ci95.low, decimals) +
                               " to " + points(e->ci95.high, decimals) + ")"});
    }
    drivers.body = std::move(body);
    charts.push_back(std::move(drivers));
  } else {
    const auto key = key_drivers(summary, 8);
    if (!key.empty()) {
      Chart shocks;
      shocks.name = "shocks";
      shocks.title = "Shocks and " + focus.label + ": association, not effect";
      shocks.subtitle = run_subtitle(p);
      shocks.x_label = "percentage points: where the shock happened minus where it did not";
      shocks.caption =
          "Longer branches see more shocks, so this is not the effect of a shock; "
          "run with --drivers for that. " +
          run_caption(p);
      DivergingChart body;
      for (const Driver& d : key) {
        const ShockSummary& s = summary.shocks[d.shock];
        const ShockEffect& e = s.effects[d.effect];
        body.bars.push_back({label_or_id(s.label, s.id), e.difference, e.ci95,
                             points(e.difference) + " (" + points(e.ci95.low) + " to " +
                                 points(e.ci95.high) + ")"});
      }
      shocks.body = std::move(body);
      charts.push_back(std::move(shocks));
    }
  }
  return charts;
}

std::vector<Chart> batch_charts(const BatchReport& report) {
  std::vector<Chart> charts;
  // Outcomes in order of first appearance, as the batch tables list them.
  std::vector<std::string> ids, labels;
  for (const BatchEntry& e : report.entries) {
    if (!e.summary) continue;
    for (const OutcomeSummary& o : e.summary->outcomes)
      if (std::find(ids.begin(), ids.end(), o.id) == ids.end()) {
        ids.push_back(o.id);
        labels.push_back(o.label);
      }
  }
  if (ids.empty()) return charts;
  Chart chart;
  chart.name = "outcomes";
  chart.title = "Outcomes of each entry" + (report.title.empty() ? "" : ": " + report.title);
  chart.subtitle = report.file + (report.partial ? " · PARTIAL (interrupted)" : "");
  chart.x_label = "probability of each outcome";
  chart.caption = "Each entry on its own scenario and overrides; see the table for 95% intervals.";
  StackedChart body;
  body.categories = labels;
  for (const BatchEntry& e : report.entries) {
    if (!e.summary) continue;
    StackedRow row;
    row.label = e.name;
    for (const std::string& id : ids) {
      double share = 0;
      for (const OutcomeSummary& o : e.summary->outcomes)
        if (o.id == id) share = o.probability;
      row.shares.push_back(share);
    }
    body.rows.push_back(std::move(row));
  }
  chart.body = std::move(body);
  charts.push_back(std::move(chart));
  return charts;
}

std::vector<Chart> sweep_charts(const SweepReport& report) {
  std::vector<Chart> charts;
  const SweepResult& r = report.result;
  if (r.axes.empty() || r.points.empty()) return charts;
  const SweepAxis& axis = r.axes[0];
  const std::size_t n0 = axis.values().size();
  const std::size_t n1 = r.axes.size() > 1 ? r.axes[1].values().size() : 1;
  // For a 2-D sweep, one chart per value of the second parameter (at most six).
  const std::size_t shown = std::min<std::size_t>(n1, 6);
  for (std::size_t j = 0; j < shown; ++j) {
    const std::size_t col = n1 <= 6 ? j : j * (n1 - 1) / 5;
    Chart chart;
    chart.name = r.axes.size() > 1 ? "sweep-" + std::to_string(j + 1) : "sweep";
    chart.title = "Outcomes as " + axis.key + " varies";
    chart.subtitle = report.scenario;
    if (!report.overrides.empty()) chart.subtitle += " with " + overrides_phrase(report.overrides);
    if (r.axes.size() > 1)
      chart.subtitle += " · " + r.axes[1].key + " = " + exact_number(r.axes[1].values()[col]);
    chart.subtitle += " · " + thousands(report.branches) + " branches per point";
    chart.x_label = axis.key;
    chart.caption = "Common random numbers: every point runs on seed " +
                    std::to_string(report.seed) + ". Dashed: where the most likely outcome tips.";
    LineChart body;
    body.x = axis.values();
    for (std::size_t k = 0; k < r.outcomes.size(); ++k) {
      ChartSeries series;
      series.label = label_of(report.labels, r.outcomes[k]);
      for (std::size_t i = 0; i < n0; ++i) {
        const SweepPoint& point = r.at(i, col);
        series.values.push_back(
            point.ok() && k < point.probabilities.size() ? point.probabilities[k] : 0.0);
      }
      body.series.push_back(std::move(series));
    }
    for (const TippingPoint& t : r.tipping_points) {
      if (t.axis != 0) continue;
      if (r.axes.size() > 1 && (!t.other || *t.other != r.axes[1].values()[col])) continue;
      body.markers.push_back({t.at, "tips at " + exact_number(std::round(t.at * 1e4) / 1e4)});
    }
    chart.body = std::move(body);
    charts.push_back(std::move(chart));
  }
  return charts;
}

std::vector<Chart> compare_charts(const CompareReport& report) {
  std::vector<Chart> charts;
  for (std::size_t v = 0; v < report.comparisons.size(); ++v) {
    const PairedComparison& c = report.comparisons[v];
    Chart chart;
    chart.name = "differences-" + std::to_string(v + 1);
    chart.title = "What changes: " + c.variant + " against " + c.base;
    chart.subtitle = thousands(c.pairs) + " paired branches · seed " + std::to_string(report.seed) +
                     (report.partial ? " · PARTIAL (interrupted)" : "");
    chart.x_label = "percentage points: variant minus base, paired 95% interval";
    chart.caption =
        "Both sides run on the same random numbers, so the difference is due to the "
        "change. " +
        std::string(kNoiseCaveat);
    DivergingChart body;
    for (const OutcomeDifference& d : c.outcomes) {
      const int decimals = percent_decimals(d.paired_ci95);
      body.bars.push_back({label_of(report.labels, d.outcome), d.difference, d.paired_ci95,
                           points(d.difference, decimals) + " (" +
                               points(d.paired_ci95.low, decimals) + " to " +
                               points(d.paired_ci95.high, decimals) + ")"});
    }
    chart.body = std::move(body);
    charts.push_back(std::move(chart));
  }
  return charts;
}

}  // namespace negsim
