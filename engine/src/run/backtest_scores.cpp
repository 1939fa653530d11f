#include "negsim/run/backtest_scores.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include "negsim/model/calendar.hpp"
#include "negsim/run/statistics.hpp"

namespace negsim {

namespace {

constexpr const char* kAgreement = "agreement";
constexpr const char* kNoAgreement = "no_agreement";
constexpr std::array<const char*, 3> kClassGroups{kAgreement, kNoAgreement, kUnresolvedOutcome};

// The round in which something dated `date` happened: the first round that
// ends on or after it (round 0 for a date on or before as_of).
int round_of(const std::string& as_of, double round_days, const std::string& date) {
  const auto r = round_by_date(as_of, round_days, date);
  if (!r) throw std::invalid_argument("backtest: not a date: '" + date + "'");
  return round_date(as_of, round_days, *r) == date || days_from_iso(date) <= days_from_iso(as_of)
             ? *r
             : *r + 1;
}

double curve_at(const ReachSummary& reach, int round) {
  if (reach.curve.empty()) return reach.probability;
  const auto i = std::min(static_cast<std::size_t>(std::max(round, 0)), reach.curve.size() - 1);
  return reach.curve[i].probability;
}

const OutcomeSummary* find_outcome(const Summary& s, const std::string& id) {
  for (const auto& o : s.outcomes)
    if (o.id == id) return &o;
  return nullptr;
}

const IssueTerms* find_terms(const OutcomeSummary& o, const std::string& issue) {
  if (o.agreed_count == 0) return nullptr;
  for (const auto& t : o.terms)
    if (t.issue == issue) return &t;
  return nullptr;
}

std::string group_of(const OutcomeSummary& o) {
  return o.unresolved ? kUnresolvedOutcome : o.agreement ? kAgreement : kNoAgreement;
}

// The central range of discrete counts (option indices).
CentralRange discrete_range(const std::vector<std::uint64_t>& counts, double level) {
  return {discrete_quantile(counts, (1 - level) / 2), discrete_quantile(counts, (1 + level) / 2)};
}

// A continuous predictive distribution known by its percentiles: the CDF
// through (low, 0), (p5, .05), …, (p95, .95), (high, 1), linear in between.
double spread_cdf(const Spread& s, double low, double high, double x) {
  const std::array<std::pair<double, double>, 9> knots{{{low, 0.0},
                                                        {s.p5, 0.05},
                                                        {s.p10, 0.10},
                                                        {s.p25, 0.25},
                                                        {s.p50, 0.50},
                                                        {s.p75, 0.75},
                                                        {s.p90, 0.90},
                                                        {s.p95, 0.95},
                                                        {high, 1.0}}};
  if (x < knots.front().first) return 0;
  double cdf = 0;
  for (std::size_t i = 0; i + 1 < knots.size(); ++i) {
    const auto [x0, f0] = knots[i];
    const auto [x1, f1] = knots[i + 1];
    if (x >= x1) {
      cdf = f1;
      continue;
    }
    if (x >= x0) cdf = std::max(cdf, x1 > x0 ? f0 + (f1 - f0) * (x - x0) / (x1 - x0) : f1);
    break;
  }
  return cdf;
}

// The central range of a mixture of continuous distributions (weights, spreads):
// its quantiles found by bisection on the mixture's CDF (docs/validation.md).
CentralRange pooled_range(const std::vector<std::pair<double, const Spread*>>& parts, double low,
                          double high, double level) {
  double total = 0;
  for (const auto& [w, s] : parts) total += w;
  const auto quantile = [&](double q) {
    double a = low, b = high;
    for (int i = 0; i < 200 && b - a > 1e-12 * std::max(1.0, std::abs(high - low)); ++i) {
      const double mid = a + (b - a) / 2;
      double cdf = 0;
      for (const auto& [w, s] : parts) cdf += w * spread_cdf(*s, low, high, mid);
      if (cdf / total >= q)
        b = mid;
      else
        a = mid;
    }
    return b;
  };
  return {quantile((1 - level) / 2), quantile((1 + level) / 2)};
}

void check_term(const Scenario& scenario, const Summary& summary, const Observation& observation,
                const ObservedTerm& observed, CaseScore& out) {
  const Issue* issue = scenario.issue(observed.issue);
  if (!issue) return;
  TermCheck t;
  t.issue = issue->id;
  t.label = issue->label.empty() ? issue->id : issue->label;
  t.kind = to_string(issue->kind);
  t.value = observed.value;
  t.observed = issue->is_discrete() ? observed.option : fmt::format("{}", observed.value);
  t.low = issue->is_discrete() ? 0.0 : issue->low;
  t.high = issue->is_discrete() ? static_cast<double>(issue->options.size() - 1) : issue->high;
  t.options = issue->options;

  // The observed outcome's own agreed packages when it has them, else those
  // of every outcome that counts as an agreement.
  std::vector<std::pair<const OutcomeSummary*, const IssueTerms*>> sources;
  if (const OutcomeSummary* o = find_outcome(summary, observation.outcome))
    if (const IssueTerms* terms = find_terms(*o, issue->id)) sources.emplace_back(o, terms);
  if (!sources.empty()) {
    t.basis = "outcome";
  } else {
    for (const auto& o : summary.outcomes)
      if (o.agreement)
        if (const IssueTerms* terms = find_terms(o, issue->id)) sources.emplace_back(&o, terms);
    if (!sources.empty()) t.basis = "agreements";
  }

  if (issue->is_discrete()) {
    const std::size_t k = issue->options.size();
    const std::vector<std::uint64_t> uniform(k, 1);
    t.uniform50 = discrete_range(uniform, 0.5);
    t.uniform90 = discrete_range(uniform, 0.9);
    std::vector<std::uint64_t> counts(k, 0);
    for (const auto& [o, terms] : sources)
      for (std::size_t i = 0; i < terms->options.size() && i < k; ++i)
        counts[i] += terms->options[i].count;
    for (const auto c : counts) t.packages += c;
    if (t.packages == 0) {
      t.basis.clear();
    } else {
      t.model50 = discrete_range(counts, 0.5);
      t.model90 = discrete_range(counts, 0.9);
      t.option_share = static_cast<double>(counts[static_cast<std::size_t>(observed.value)]) /
                       static_cast<double>(t.packages);
    }
  } else {
    const double w = issue->high - issue->low;
    t.uniform50 = {issue->low + 0.25 * w, issue->low + 0.75 * w};
    t.uniform90 = {issue->low + 0.05 * w, issue->low + 0.95 * w};
    for (const auto& [o, terms] : sources) t.packages += o->agreed_count;
    if (sources.size() == 1) {
      const Spread& s = sources[0].second->value;
      t.model50 = {s.p25, s.p75};
      t.model90 = {s.p5, s.p95};
    } else if (sources.size() > 1) {
      std::vector<std::pair<double, const Spread*>> parts;
      for (const auto& [o, terms] : sources)
        parts.emplace_back(static_cast<double>(o->agreed_count), &terms->value);
      t.model50 = pooled_range(parts, issue->low, issue->high, 0.5);
      t.model90 = pooled_range(parts, issue->low, issue->high, 0.9);
    }
  }
  out.terms.push_back(std::move(t));
}

}  // namespace

std::size_t OutcomeForecast::observed_index() const {
  const auto at = std::find(outcomes.begin(), outcomes.end(), observed);
  if (at == outcomes.end())
    throw std::logic_error("backtest: the observed outcome '" + observed + "' is not forecast");
  return static_cast<std::size_t>(at - outcomes.begin());
}

double range_width_share(const TermCheck& term, const CentralRange& range) {
  if (term.kind == "continuous")
    return term.high > term.low ? (range.high - range.low) / (term.high - term.low) : 0.0;
  return (range.high - range.low + 1) / (term.high - term.low + 1);
}

CaseScore score_case(const Scenario& scenario, const Observation& observation,
                     const Summary& summary) {
  const Provenance& p = summary.provenance;
  CaseScore c;
  c.id = scenario.id;
  c.title = scenario.title;
  c.scenario_file = scenario.file;
  c.observation_file = observation.file;
  c.scenario_sha256 = scenario.sha256;
  c.observation_sha256 = observation.sha256;
  c.as_of = scenario.as_of;
  c.recorded_until = observation.recorded_until;
  c.round_label = scenario.round_label;
  c.round_days = scenario.round_days;
  c.horizon = p.horizon;
  c.horizon_date = round_date(c.as_of, c.round_days, c.horizon);
  const auto record_round = round_by_date(c.as_of, c.round_days, c.recorded_until);
  if (!record_round) throw std::invalid_argument("backtest: " + c.id + " has no dates to score");
  c.scored_round = std::min(*record_round, c.horizon);
  c.scored_until = round_date(c.as_of, c.round_days, c.scored_round);
  c.branches = p.branches;
  c.seed = p.seed;
  c.log_loss_floor = log_loss_floor(p.branches);
  c.observed_outcome = observation.outcome;
  c.outcome_date = observation.outcome_date;
  const OutcomeSummary* observed = find_outcome(summary, observation.outcome);
  c.observed_label = observed ? observed->label : observation.outcome;
  if (c.scored_round < c.horizon)
    c.notes.push_back(fmt::format(
        "The record ends on {}, before the horizon ({}): the yes/no forecasts are scored at "
        "round {} ({}).",
        c.recorded_until, c.horizon_date, c.scored_round, c.scored_until));

  // When the observed outcome came, as a round; past the horizon the model's
  // horizon saw it unresolved.
  std::optional<int> outcome_round;
  if (observation.resolved())
    outcome_round = round_of(c.as_of, c.round_days, observation.outcome_date);
  const bool reached_by_scoring =
      outcome_round && *outcome_round <= c.scored_round && observed != nullptr;
  const bool agreement_reached = reached_by_scoring && observed->agreement;

  // ---- the outcome at the horizon (multi-class)
  std::optional<std::string> horizon_class;
  if (outcome_round && *outcome_round <= c.horizon)
    horizon_class = observation.outcome;
  else if (*record_round >= c.horizon)
    horizon_class = kUnresolvedOutcome;  // still open when the horizon ended
  if (outcome_round && *outcome_round > c.horizon)
    c.notes.push_back(fmt::format(
        "The outcome came on {} (round {}), after the horizon ({}): at the horizon the case "
        "was unresolved, and it is scored so.",
        c.outcome_date, *outcome_round, c.horizon_date));
  if (horizon_class && !summary.outcomes.empty()) {
    OutcomeForecast f;
    f.observed = *horizon_class;
    const double k = static_cast<double>(summary.outcomes.size());
    for (const auto& o : summary.outcomes) {
      f.outcomes.push_back(o.id);
      f.groups.push_back(group_of(o));
      f.model.push_back(o.probability);
      f.uniform.push_back(1.0 / k);
    }
    f.base_rate.assign(f.outcomes.size(), 0.0);
    c.outcome = std::move(f);
  } else if (!horizon_class) {
    c.notes.push_back(fmt::format(
        "The outcome at the horizon is not known (unresolved when the record ends on {}, "
        "before the horizon {}): the outcome forecast is not scored.",
        c.recorded_until, c.horizon_date));
  }

  // ---- outcome groups by the scoring date
  const ReachSummary* agreement = summary.group(kAgreement);
  const ReachSummary* none = summary.group(kNoAgreement);
  if (agreement && none) {
    EventForecast a{"group", kAgreement, agreement->label, agreement_reached, {}};
    a.p.model = curve_at(*agreement, c.scored_round);
    a.p.uniform = 0.5;
    c.events.push_back(std::move(a));
    // At the horizon "no agreement within the horizon" is the complement of
    // "any agreement" (unresolved branches count as no agreement) and would
    // only count the same forecast twice; before it, it asks whether a
    // terminal state without agreement was reached by then.
    if (c.scored_round < c.horizon) {
      const bool none_reached = reached_by_scoring && !observed->agreement;
      EventForecast n{"group", kNoAgreement, none->label, none_reached, {}};
      n.p.model = curve_at(*none, c.scored_round);
      n.p.uniform = 0.5;
      c.events.push_back(std::move(n));
    }
  } else {
    c.notes.push_back(
        "No terminal state says `agreement: true`, so the outcome groups are not scored.");
  }

  // ---- milestones by the scoring date
  for (const auto& m : summary.milestones) {
    const ObservedMilestone* seen = observation.milestone(m.id);
    if (!seen)
      continue;  // the reader requires every milestone; a summary from elsewhere may differ
    EventForecast e;
    e.kind = "milestone";
    e.id = m.id;
    e.label = m.label.empty() ? m.id : m.label;
    e.happened = seen->date && round_of(c.as_of, c.round_days, *seen->date) <= c.scored_round;
    e.p.model = curve_at(m, c.scored_round);
    e.p.uniform = 0.5;
    c.events.push_back(std::move(e));
  }

  // ---- terms
  for (const auto& term : observation.terms) check_term(scenario, summary, observation, term, c);

  // ---- time to the outcome
  if (outcome_round && *outcome_round <= c.horizon && observed && !observed->unresolved) {
    TimingCheck t;
    if (observed->rounds) {
      t.basis = "outcome";
      t.predicted_rounds = observed->rounds->p50;
    } else if (summary.timing.rounds) {
      t.basis = "any_ending";
      t.predicted_rounds = summary.timing.rounds->p50;
    }
    if (!t.basis.empty()) {
      t.actual_round = *outcome_round;
      t.error_rounds = t.predicted_rounds - t.actual_round;
      t.error_days = t.error_rounds * c.round_days;
      c.timing = t;
    }
  }
  return c;
}

namespace {

void add_row(std::vector<ScoreRow>& rows, std::string kind, std::string label,
             const std::vector<const EventForecast*>& events, const std::vector<double>& floors) {
  ScoreRow row;
  row.kind = std::move(kind);
  row.label = std::move(label);
  row.forecasts = events.size();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const EventForecast& e = *events[i];
    row.brier.model += brier_score(e.p.model, e.happened);
    row.brier.base_rate += brier_score(e.p.base_rate, e.happened);
    row.brier.uniform += brier_score(e.p.uniform, e.happened);
    row.log_loss.model += log_loss(e.p.model, e.happened, floors[i]);
    row.log_loss.base_rate += log_loss(e.p.base_rate, e.happened, floors[i]);
    row.log_loss.uniform += log_loss(e.p.uniform, e.happened, floors[i]);
  }
  if (!events.empty()) {
    const auto n = static_cast<double>(events.size());
    for (Forecasts* f : {&row.brier, &row.log_loss}) {
      f->model /= n;
      f->base_rate /= n;
      f->uniform /= n;
    }
  }
  rows.push_back(std::move(row));
}

}  // namespace

BacktestScores score_library(std::vector<CaseScore> cases) {
  BacktestScores out;

  // ---- base rates, each case against the others (leave-one-out)
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> groups;  // id → (k, n)
    std::uint64_t milestones_reached = 0, milestones = 0;
    std::map<std::string, std::uint64_t> classes;
    std::uint64_t known = 0;
    for (std::size_t j = 0; j < cases.size(); ++j) {
      if (j == i) continue;
      for (const auto& e : cases[j].events) {
        if (e.kind == "milestone") {
          milestones_reached += e.happened;
          ++milestones;
        } else {
          groups[e.id].first += e.happened;
          ++groups[e.id].second;
        }
      }
      if (const auto& f = cases[j].outcome) {
        ++classes[f->groups[f->observed_index()]];
        ++known;
      }
    }
    for (auto& e : cases[i].events)
      e.p.base_rate = e.kind == "milestone"
                          ? rule_of_succession(milestones_reached, milestones)
                          : rule_of_succession(groups[e.id].first, groups[e.id].second);
    if (auto& f = cases[i].outcome) {
      // Each group (agreement, no agreement, unresolved) at its smoothed share
      // of the other cases, over the groups this case has; split evenly
      // among the case's outcomes in the group.
      std::map<std::string, double> share;
      std::map<std::string, std::size_t> members;
      for (const auto& g : f->groups) ++members[g];
      double total = 0;
      for (const char* g : kClassGroups) {
        if (!members.count(g)) continue;
        share[g] = (static_cast<double>(classes[g]) + 1.0) /
                   (static_cast<double>(known) + static_cast<double>(kClassGroups.size()));
        total += share[g];
      }
      for (std::size_t k = 0; k < f->outcomes.size(); ++k)
        f->base_rate[k] = share[f->groups[k]] / total / static_cast<double>(members[f->groups[k]]);
    }
  }

  // ---- mean scores by kind
  {
    ScoreRow row;
    row.kind = "outcome";
    row.label = "Outcome at the horizon (multi-class)";
    for (const auto& c : cases) {
      if (!c.outcome) continue;
      const OutcomeForecast& f = *c.outcome;
      const std::size_t o = f.observed_index();
      ++row.forecasts;
      row.brier.model += brier_score(f.model, o);
      row.brier.base_rate += brier_score(f.base_rate, o);
      row.brier.uniform += brier_score(f.uniform, o);
      row.log_loss.model += log_loss(f.model, o, c.log_loss_floor);
      row.log_loss.base_rate += log_loss(f.base_rate, o, c.log_loss_floor);
      row.log_loss.uniform += log_loss(f.uniform, o, c.log_loss_floor);
    }
    if (row.forecasts > 0) {
      const auto n = static_cast<double>(row.forecasts);
      for (Forecasts* f : {&row.brier, &row.log_loss}) {
        f->model /= n;
        f->base_rate /= n;
        f->uniform /= n;
      }
    }
    out.rows.push_back(std::move(row));
  }
  const auto select = [&](auto keep) {
    std::pair<std::vector<const EventForecast*>, std::vector<double>> picked;
    for (const auto& c : cases)
      for (const auto& e : c.events)
        if (keep(e)) {
          picked.first.push_back(&e);
          picked.second.push_back(c.log_loss_floor);
        }
    return picked;
  };
  const auto add = [&](std::string kind, std::string label, auto keep) {
    const auto [events, floors] = select(keep);
    add_row(out.rows, std::move(kind), std::move(label), events, floors);
  };
  add(kAgreement, "Any agreement by the scoring date",
      [](const EventForecast& e) { return e.kind == "group" && e.id == kAgreement; });
  add(kNoAgreement, "No agreement by the scoring date",
      [](const EventForecast& e) { return e.kind == "group" && e.id == kNoAgreement; });
  add("milestone", "Milestones by the scoring date",
      [](const EventForecast& e) { return e.kind == "milestone"; });
  add("binary", "All yes/no forecasts (groups and milestones)",
      [](const EventForecast&) { return true; });

  // ---- calibration of the model's yes/no forecasts
  std::vector<BinaryOutcome> binary;
  for (const auto& c : cases)
    for (const auto& e : c.events) binary.push_back({e.p.model, e.happened});
  out.calibration = calibration_table(binary, 10);

  // ---- coverage of the terms
  CoverageTotals& cov = out.coverage;
  for (const auto& c : cases)
    for (const auto& t : c.terms) {
      ++cov.terms;
      if (!t.scored()) continue;
      ++cov.scored;
      cov.model50 += t.model50.covers(t.value);
      cov.model90 += t.model90.covers(t.value);
      cov.uniform50 += t.uniform50.covers(t.value);
      cov.uniform90 += t.uniform90.covers(t.value);
      cov.model_width50 += range_width_share(t, t.model50);
      cov.model_width90 += range_width_share(t, t.model90);
      cov.uniform_width50 += range_width_share(t, t.uniform50);
      cov.uniform_width90 += range_width_share(t, t.uniform90);
    }
  if (cov.scored > 0) {
    const auto n = static_cast<double>(cov.scored);
    for (double* w :
         {&cov.model_width50, &cov.model_width90, &cov.uniform_width50, &cov.uniform_width90})
      *w /= n;
  }

  // ---- time to the outcome
  std::vector<double> abs_errors;
  for (const auto& c : cases) {
    if (!c.timing) continue;
    ++out.timing.cases;
    out.timing.mean_error_days += c.timing->error_days;
    abs_errors.push_back(std::abs(c.timing->error_days));
  }
  if (!abs_errors.empty()) {
    const auto n = static_cast<double>(abs_errors.size());
    out.timing.mean_error_days /= n;
    for (const double e : abs_errors) out.timing.mean_abs_error_days += e;
    out.timing.mean_abs_error_days /= n;
    std::sort(abs_errors.begin(), abs_errors.end());
    const std::size_t m = abs_errors.size();
    out.timing.median_abs_error_days =
        m % 2 == 1 ? abs_errors[m / 2] : (abs_errors[m / 2 - 1] + abs_errors[m / 2]) / 2;
  }
  out.cases = std::move(cases);
  return out;
}

}  // namespace negsim
