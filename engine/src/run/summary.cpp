#include "negsim/run/summary.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include "negsim/model/calendar.hpp"

namespace negsim {

Spread Spread::scaled(double factor) const {
  return {mean * factor, std_error * factor, p5 * factor,  p10 * factor, p25 * factor,
          p50 * factor,  p75 * factor,       p90 * factor, p95 * factor};
}

const ReachSummary* Summary::group(const std::string& id) const {
  for (const ReachSummary& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

std::size_t Summary::most_likely() const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < outcomes.size(); ++i)
    if (outcomes[i].count > outcomes[best].count) best = i;
  return best;
}

namespace {

const double kPercentiles[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};

template <class Quantile>
void set_percentiles(Spread& s, Quantile quantile) {
  double* fields[] = {&s.p5, &s.p10, &s.p25, &s.p50, &s.p75, &s.p90, &s.p95};
  for (std::size_t i = 0; i < 7; ++i) *fields[i] = quantile(kPercentiles[i]);
}

// Integer values counted per value (rounds).
Spread spread_of_counts(std::span<const std::uint64_t> counts) {
  double n = 0, sum = 0, sum_squares = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double c = static_cast<double>(counts[i]), x = static_cast<double>(i);
    n += c;
    sum += c * x;
    sum_squares += c * x * x;
  }
  Spread s;
  const MeanEstimate m = mean_estimate(n, sum, sum_squares);
  s.mean = m.mean;
  s.std_error = m.std_error;
  set_percentiles(s, [&](double q) { return discrete_quantile(counts, q); });
  return s;
}

// Values on [low, high] counted in bins, with fixed-point sums of their
// positions and the least and greatest position seen.
struct BinnedValues {
  std::span<const std::uint64_t> bins;
  std::uint64_t sum = 0, sum_squares = 0;
  double min = 0, max = 1;
};

Spread spread_of_bins(const BinnedValues& v, bool discrete, double low, double high,
                      std::uint64_t n) {
  const MeanEstimate m =
      mean_estimate(static_cast<double>(n), static_cast<double>(v.sum) / Tally::kFixedPointScale,
                    static_cast<double>(v.sum_squares) / Tally::kFixedPointScale);
  Spread s;
  s.mean = low + m.mean * (high - low);
  s.std_error = m.std_error * (high - low);
  if (discrete) {
    set_percentiles(s, [&](double q) { return discrete_quantile(v.bins, q); });
  } else {
    // Interpolating inside a bin must not reach past the values that occurred
    // (all agreements at exactly 0 have a median of 0, not half a bin).
    const double lo = low + std::max(0.0, v.min) * (high - low);
    const double hi = low + std::min(1.0, v.max) * (high - low);
    set_percentiles(s, [&](double q) {
      return std::clamp(binned_quantile(v.bins, low, high, q), std::min(lo, hi), hi);
    });
  }
  return s;
}

double share(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::vector<PathSummary> top_paths(const Scenario& scenario, const Tally& tally) {
  std::vector<std::pair<const std::vector<int>*, std::uint64_t>> all;
  all.reserve(tally.paths().size());
  for (const auto& [path, count] : tally.paths()) all.emplace_back(&path, count);
  // Most frequent first; equal counts in the order of their state indices, so
  // the list never depends on hash-map iteration order.
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : *a.first < *b.first;
  });
  if (all.size() > kTopPaths) all.resize(kTopPaths);
  std::vector<PathSummary> paths;
  for (const auto& [path, count] : all) {
    PathSummary p;
    for (const int s : *path) {
      if (s == Tally::kPathEllipsis) {
        p.truncated = true;
        p.states.push_back("…");
        p.labels.push_back("…");
      } else if (s >= 0 && static_cast<std::size_t>(s) < scenario.process.states.size()) {
        const State& state = scenario.process.states[static_cast<std::size_t>(s)];
        p.states.push_back(state.id);
        p.labels.push_back(state.label.empty() ? state.id : state.label);
      } else {
        p.states.push_back("state " + std::to_string(s));
        p.labels.push_back(p.states.back());
      }
    }
    p.count = count;
    p.share = share(count, tally.branches());
    paths.push_back(std::move(p));
  }
  return paths;
}

}  // namespace

std::string humanise(const std::string& id) {
  std::string text = id;
  std::replace(text.begin(), text.end(), '_', ' ');
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string outcome_label(const Scenario& scenario, const std::string& outcome) {
  const State* only = nullptr;
  int states = 0;
  for (const State& s : scenario.process.states) {
    if (s.kind != StateKind::terminal || s.outcome != outcome) continue;
    ++states;
    only = &s;
  }
  if (states == 1 && !only->label.empty()) return only->label;
  // An outcome named for the horizon: the state's label, "at the horizon".
  if (states == 0)
    for (const State& s : scenario.process.states)
      if (s.horizon_outcome == outcome && !s.label.empty()) return s.label + " at the horizon";
  return humanise(outcome);
}

namespace {

// What a run adds to the provenance; summarise() fills in the rest.
template <class Result>
Provenance run_provenance(const RunOptions& options, const Result& result) {
  Provenance provenance;
  provenance.seed = options.seed;
  provenance.threads = result.threads;
  provenance.wall_seconds = result.wall_seconds;
  provenance.date = utc_timestamp();
  provenance.partial = result.partial;
  return provenance;
}

// The cumulative incidence of something first reached in round r (counts per
// round, 0..horizon) among n branches, with dates.
ReachSummary reach_summary(std::string id, std::string label,
                           std::span<const std::uint64_t> per_round, std::uint64_t n,
                           const Scenario& scenario) {
  ReachSummary out;
  out.id = std::move(id);
  out.label = std::move(label);
  std::uint64_t cumulative = 0;
  for (std::size_t r = 0; r < per_round.size(); ++r) {
    cumulative += per_round[r];
    CurvePoint point;
    point.round = static_cast<int>(r);
    point.date = round_date(scenario.as_of, scenario.round_days, point.round);
    point.count = cumulative;
    point.probability = share(cumulative, n);
    point.ci95 = wilson_interval(cumulative, n);
    out.curve.push_back(std::move(point));
  }
  out.count = cumulative;
  out.probability = share(cumulative, n);
  out.ci95 = wilson_interval(cumulative, n);
  if (cumulative > 0) out.rounds = spread_of_counts(per_round);
  return out;
}

// docs/model.md 12: the groups of the headline.
std::vector<ReachSummary> outcome_groups(const Scenario& scenario,
                                         const std::vector<OutcomeSummary>& outcomes,
                                         const Tally& tally) {
  std::vector<ReachSummary> groups;
  const std::uint64_t n = tally.branches();
  const auto width = static_cast<std::size_t>(tally.layout().horizon + 1);
  const bool marked = std::any_of(scenario.process.states.begin(), scenario.process.states.end(),
                                  [](const State& s) { return s.agreement; });
  if (marked) {
    std::vector<std::uint64_t> agreement(width, 0), none(width, 0);
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const auto rounds = tally.end_rounds(o);
      if (outcomes[o].unresolved) {
        none[width - 1] += tally.outcome_count(o);  // still without one at the horizon
        continue;
      }
      auto& into = outcomes[o].agreement ? agreement : none;
      for (std::size_t r = 0; r < width; ++r) into[r] += rounds[r];
    }
    groups.push_back(reach_summary("agreement", "Any agreement", agreement, n, scenario));
    groups.push_back(
        reach_summary("no_agreement", "No agreement within the horizon", none, n, scenario));
  }
  groups.push_back(reach_summary("text_accepted", "A text every principal accepted",
                                 tally.first_agreement_rounds(), n, scenario));
  return groups;
}

}  // namespace

Summary summarise_run(const Simulator& simulator, const RunOptions& options,
                      const RunResult& result) {
  Provenance provenance = run_provenance(options, result);
  provenance.precision = options.precision;
  provenance.precision_met = result.precision_met;
  return summarise(simulator.scenario(), simulator.outcomes(), result.tally, provenance);
}

Summary summarise_run(const Simulator& simulator, const RunOptions& options,
                      const PairedRunResult& result, const Tally& tally) {
  // A paired run has no precision target: it runs exactly options.branches.
  return summarise(simulator.scenario(), simulator.outcomes(), tally,
                   run_provenance(options, result));
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

Summary summarise(const Scenario& scenario, const std::vector<std::string>& outcomes,
                  const Tally& tally, Provenance provenance) {
  const TallyLayout& layout = tally.layout();
  if (outcomes.size() != layout.outcomes)
    throw std::invalid_argument("summary: " + std::to_string(outcomes.size()) +
                                " outcome labels for a tally of " +
                                std::to_string(layout.outcomes) + " outcomes");
  Summary summary;
  provenance.engine_version = NEGSIM_VERSION;
  provenance.scenario_id = scenario.id;
  provenance.scenario_title = scenario.title;
  provenance.scenario_file = scenario.file;
  provenance.scenario_sha256 = scenario.sha256;
  provenance.overrides = scenario.overrides;
  provenance.scenario_file_sha256 = scenario.overrides.empty() ? "" : scenario.file_sha256;
  provenance.as_of = scenario.as_of;
  provenance.round_label = scenario.round_label;
  provenance.round_days = scenario.round_days;
  provenance.horizon = layout.horizon;
  provenance.branches = tally.branches();
  summary.provenance = std::move(provenance);

  const std::uint64_t n = tally.branches();
  const std::size_t unresolved = outcomes.empty() ? 0 : outcomes.size() - 1;
  std::vector<std::uint64_t> resolved_rounds(static_cast<std::size_t>(layout.horizon + 1), 0);

  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    OutcomeSummary out;
    out.id = outcomes[o];
    out.unresolved = o == unresolved;
    out.label = out.unresolved ? "Unresolved at the horizon" : outcome_label(scenario, out.id);
    out.agreement =
        !out.unresolved &&
        std::any_of(scenario.process.states.begin(), scenario.process.states.end(),
                    [&](const State& s) {
                      return (s.outcome == out.id || s.horizon_outcome == out.id) && s.agreement;
                    });
    out.count = tally.outcome_count(o);
    out.probability = share(out.count, n);
    out.std_error = proportion_std_error(out.count, n);
    out.ci95 = wilson_interval(out.count, n);
    const auto rounds = tally.end_rounds(o);
    if (out.count > 0) out.rounds = spread_of_counts(rounds);
    if (!out.unresolved)
      for (std::size_t r = 0; r < rounds.size(); ++r) resolved_rounds[r] += rounds[r];

    out.agreed_count = tally.agreed_count(o);
    if (out.agreed_count > 0) {
      for (std::size_t i = 0; i < scenario.issues.size() && i < layout.issues.size(); ++i) {
        const Issue& issue = scenario.issues[i];
        const IssueAxis& axis = layout.issues[i];
        IssueTerms terms;
        terms.issue = issue.id;
        terms.label = issue.label;
        terms.kind = to_string(issue.kind);
        terms.unit = issue.unit;
        // With agendas a package may leave an issue unsettled: the issue's
        // terms are over the packages that settled it.
        const std::uint64_t settled = tally.term_count(o, i);
        if (settled == 0) continue;
        terms.count = settled;
        const auto bins = tally.terms(o, i);
        terms.value = spread_of_bins({bins, tally.term_sum(o, i), tally.term_sum_squares(o, i),
                                      tally.term_min(o, i), tally.term_max(o, i)},
                                     axis.discrete, axis.low, axis.high, settled);
        if (axis.discrete) {
          for (std::size_t k = 0; k < bins.size(); ++k) {
            const std::string name =
                k < issue.options.size() ? issue.options[k] : "option " + std::to_string(k);
            terms.options.push_back({name, bins[k], share(bins[k], settled)});
          }
        }
        out.terms.push_back(std::move(terms));
      }
      for (std::size_t p = 0; p < scenario.parties.size() && p < layout.parties; ++p) {
        PartyUtility u;
        u.party = scenario.parties[p].id;
        u.name = scenario.parties[p].name;
        u.utility = spread_of_bins(
            {tally.utility(o, p), tally.utility_sum(o, p), tally.utility_sum_squares(o, p),
             tally.utility_min(o, p), tally.utility_max(o, p)},
            false, 0.0, 1.0, out.agreed_count);
        out.utility.push_back(std::move(u));
      }
    }
    summary.outcomes.push_back(std::move(out));
  }

  summary.groups = outcome_groups(scenario, summary.outcomes, tally);
  for (std::size_t m = 0; m < scenario.process.milestones.size() && m < layout.milestones; ++m) {
    const Milestone& milestone = scenario.process.milestones[m];
    summary.milestones.push_back(
        reach_summary(milestone.id, milestone.label, tally.milestone_rounds(m), n, scenario));
  }

  TimingSummary& timing = summary.timing;
  const std::uint64_t unresolved_count = outcomes.empty() ? 0 : tally.outcome_count(unresolved);
  timing.resolved = n - unresolved_count;
  if (timing.resolved > 0) timing.rounds = spread_of_counts(resolved_rounds);
  timing.unresolved_share = share(unresolved_count, n);
  timing.unresolved_ci95 = wilson_interval(unresolved_count, n);

  summary.paths = top_paths(scenario, tally);

  for (std::size_t e = 0; e < scenario.events.size() && e < layout.events; ++e) {
    ShockSummary shock;
    shock.id = scenario.events[e].id;
    shock.label = scenario.events[e].label;
    shock.fired_branches = tally.fired_branches(e);
    shock.fired_share = share(shock.fired_branches, n);
    shock.firings = tally.fire_total(e);
    const std::uint64_t n_fired = shock.fired_branches, n_not = n - n_fired;
    if (n_fired > 0 && n_not > 0) {
      for (std::size_t o = 0; o < outcomes.size(); ++o) {
        const std::uint64_t k_fired = tally.fired_outcome(e, o);
        const std::uint64_t k_not = tally.outcome_count(o) - k_fired;
        ShockEffect effect;
        effect.outcome = outcomes[o];
        effect.fired = share(k_fired, n_fired);
        effect.not_fired = share(k_not, n_not);
        effect.difference = effect.fired - effect.not_fired;
        effect.ci95 = proportion_difference_interval(k_fired, n_fired, k_not, n_not);
        shock.effects.push_back(std::move(effect));
      }
    }
    summary.shocks.push_back(std::move(shock));
  }
  return summary;
}

}  // namespace negsim
