#include "negsim/run/summary.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace negsim {

using nlohmann::json;

Spread Spread::scaled(double factor) const {
  return {mean * factor, std_error * factor, p5 * factor,  p10 * factor, p25 * factor,
          p50 * factor,  p75 * factor,       p90 * factor, p95 * factor};
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

std::string humanise(const std::string& id) {
  std::string text = id;
  std::replace(text.begin(), text.end(), '_', ' ');
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
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

std::string outcome_label(const Scenario& scenario, const std::string& outcome) {
  const State* only = nullptr;
  int states = 0;
  for (const State& s : scenario.process.states) {
    if (s.kind != StateKind::terminal || s.outcome != outcome) continue;
    ++states;
    only = &s;
  }
  if (states == 1 && !only->label.empty()) return only->label;
  return humanise(outcome);
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
        const auto bins = tally.terms(o, i);
        terms.value = spread_of_bins({bins, tally.term_sum(o, i), tally.term_sum_squares(o, i),
                                      tally.term_min(o, i), tally.term_max(o, i)},
                                     axis.discrete, axis.low, axis.high, out.agreed_count);
        if (axis.discrete) {
          for (std::size_t k = 0; k < bins.size(); ++k) {
            const std::string name =
                k < issue.options.size() ? issue.options[k] : "option " + std::to_string(k);
            terms.options.push_back({name, bins[k], share(bins[k], out.agreed_count)});
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

// ---------------------------------------------------------------- JSON

namespace {

json interval_json(const Interval& i) {
  return json::array({i.low, i.high});
}

json spread_json(const Spread& s) {
  return json{{"mean", s.mean}, {"std_error", s.std_error},
              {"p5", s.p5},     {"p10", s.p10},
              {"p25", s.p25},   {"p50", s.p50},
              {"p75", s.p75},   {"p90", s.p90},
              {"p95", s.p95}};
}

json optional_spread_json(const std::optional<Spread>& s, double factor = 1) {
  return s ? spread_json(s->scaled(factor)) : json(nullptr);
}

// Reads `key` of `object`, naming the key path on failure.
class Reader {
 public:
  Reader(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) fail("", "is not an object");
  }
  template <class T>
  T get(const char* key) const {
    const json& value = at(key);
    try {
      return value.get<T>();
    } catch (const json::exception&) {
      fail(key, "has the wrong type (" + std::string(value.type_name()) + ")");
    }
  }
  const json& at(const char* key) const {
    const auto it = object_.find(key);
    if (it == object_.end()) fail(key, "is missing");
    return *it;
  }
  Reader object(const char* key) const { return Reader(at(key), path(key)); }
  std::string path(const std::string& key) const { return where_ + "." + key; }
  Interval interval(const char* key) const {
    const json& value = at(key);
    if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number())
      fail(key, "is not a [low, high] pair");
    return {value[0].get<double>(), value[1].get<double>()};
  }
  Spread spread(const char* key) const {
    const Reader r = object(key);
    Spread s;
    s.mean = r.get<double>("mean");
    s.std_error = r.get<double>("std_error");
    s.p5 = r.get<double>("p5");
    s.p10 = r.get<double>("p10");
    s.p25 = r.get<double>("p25");
    s.p50 = r.get<double>("p50");
    s.p75 = r.get<double>("p75");
    s.p90 = r.get<double>("p90");
    s.p95 = r.get<double>("p95");
    return s;
  }
  std::optional<Spread> optional_spread(const char* key) const {
    if (at(key).is_null()) return std::nullopt;
    return spread(key);
  }
  template <class F>
  void each(const char* key, F f) const {
    const json& list = at(key);
    if (!list.is_array()) fail(key, "is not a list");
    for (std::size_t i = 0; i < list.size(); ++i)
      f(Reader(list[i], path(key) + "[" + std::to_string(i) + "]"));
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw std::runtime_error("summary: " + (key.empty() ? where_ : path(key)) + " " + what);
  }
  const json& object_;
  std::string where_;
};

}  // namespace

json to_json(const Summary& summary) {
  const Provenance& p = summary.provenance;
  json out;
  out["format"] = "negsim-summary";
  out["format_version"] = 1;
  out["engine_version"] = p.engine_version;
  out["date"] = p.date;
  out["seed"] = p.seed;
  out["branches"] = p.branches;
  out["threads"] = p.threads;
  out["wall_seconds"] = p.wall_seconds;
  out["partial"] = p.partial;
  out["precision"] = p.precision;
  out["precision_met"] = p.precision_met;
  out["scenario"] = {{"id", p.scenario_id},          {"title", p.scenario_title},
                     {"file", p.scenario_file},      {"sha256", p.scenario_sha256},
                     {"round_label", p.round_label}, {"round_days", p.round_days},
                     {"horizon", p.horizon}};

  json outcomes = json::array();
  for (const OutcomeSummary& o : summary.outcomes) {
    json terms = json::array();
    for (const IssueTerms& t : o.terms) {
      json options = json::array();
      for (const OptionShare& s : t.options)
        options.push_back({{"option", s.option}, {"count", s.count}, {"share", s.share}});
      terms.push_back({{"issue", t.issue},
                       {"label", t.label},
                       {"kind", t.kind},
                       {"unit", t.unit},
                       {"value", spread_json(t.value)},
                       {"options", options}});
    }
    json utility = json::array();
    for (const PartyUtility& u : o.utility)
      utility.push_back(
          {{"party", u.party}, {"name", u.name}, {"utility", spread_json(u.utility)}});
    outcomes.push_back({{"id", o.id},
                        {"label", o.label},
                        {"unresolved", o.unresolved},
                        {"count", o.count},
                        {"probability", o.probability},
                        {"std_error", o.std_error},
                        {"ci95", interval_json(o.ci95)},
                        {"rounds", optional_spread_json(o.rounds)},
                        {"days", optional_spread_json(o.rounds, p.round_days)},
                        {"agreed_count", o.agreed_count},
                        {"terms", terms},
                        {"utility", utility}});
  }
  out["outcomes"] = outcomes;

  const TimingSummary& t = summary.timing;
  out["timing"] = {{"resolved", t.resolved},
                   {"rounds", optional_spread_json(t.rounds)},
                   {"days", optional_spread_json(t.rounds, p.round_days)},
                   {"unresolved_share", t.unresolved_share},
                   {"unresolved_ci95", interval_json(t.unresolved_ci95)}};

  json paths = json::array();
  for (const PathSummary& path : summary.paths)
    paths.push_back({{"states", path.states},
                     {"labels", path.labels},
                     {"truncated", path.truncated},
                     {"count", path.count},
                     {"share", path.share}});
  out["paths"] = paths;

  json shocks = json::array();
  for (const ShockSummary& s : summary.shocks) {
    json effects = json::array();
    for (const ShockEffect& e : s.effects)
      effects.push_back({{"outcome", e.outcome},
                         {"fired", e.fired},
                         {"not_fired", e.not_fired},
                         {"difference", e.difference},
                         {"ci95", interval_json(e.ci95)}});
    shocks.push_back({{"id", s.id},
                      {"label", s.label},
                      {"fired_branches", s.fired_branches},
                      {"fired_share", s.fired_share},
                      {"firings", s.firings},
                      {"effects", effects}});
  }
  out["shocks"] = shocks;
  out["shocks_note"] =
      "Association, not effect: the share of each outcome in branches where a shock happened "
      "against branches where it did not. Branches that last longer see more shocks, so a shock "
      "that often fires late looks linked to late outcomes. For the effect of a shock, run with "
      "--drivers (key \"drivers\").";
  if (summary.drivers) {
    json drivers = json::array();
    for (const ShockDriver& d : *summary.drivers) {
      json outcomes = json::array();
      for (const DriverEffect& e : d.outcomes)
        outcomes.push_back({{"id", e.outcome},
                            {"probability", e.probability},
                            {"probability_without", e.probability_without},
                            {"difference", e.difference},
                            {"ci95", interval_json(e.ci95)}});
      drivers.push_back({{"id", d.id},
                         {"label", d.label},
                         {"branches", d.branches},
                         {"changed_branches", d.changed_branches},
                         {"outcomes", outcomes}});
    }
    out["drivers"] = drivers;
  }
  return out;
}

Summary summary_from_json(const json& in) {
  const Reader r(in, "summary");
  if (r.get<std::string>("format") != "negsim-summary")
    throw std::runtime_error("summary: not a negsim summary (format is not \"negsim-summary\")");
  if (r.get<int>("format_version") != 1)
    throw std::runtime_error("summary: format_version " + r.at("format_version").dump() +
                             " is not supported by this engine (it reads version 1)");
  Summary summary;
  Provenance& p = summary.provenance;
  p.engine_version = r.get<std::string>("engine_version");
  p.date = r.get<std::string>("date");
  p.seed = r.get<std::uint64_t>("seed");
  p.branches = r.get<std::uint64_t>("branches");
  p.threads = r.get<int>("threads");
  p.wall_seconds = r.get<double>("wall_seconds");
  p.partial = r.get<bool>("partial");
  p.precision = r.get<double>("precision");
  p.precision_met = r.get<bool>("precision_met");
  const Reader scenario = r.object("scenario");
  p.scenario_id = scenario.get<std::string>("id");
  p.scenario_title = scenario.get<std::string>("title");
  p.scenario_file = scenario.get<std::string>("file");
  p.scenario_sha256 = scenario.get<std::string>("sha256");
  p.round_label = scenario.get<std::string>("round_label");
  p.round_days = scenario.get<double>("round_days");
  p.horizon = scenario.get<int>("horizon");

  r.each("outcomes", [&](const Reader& o) {
    OutcomeSummary out;
    out.id = o.get<std::string>("id");
    out.label = o.get<std::string>("label");
    out.unresolved = o.get<bool>("unresolved");
    out.count = o.get<std::uint64_t>("count");
    out.probability = o.get<double>("probability");
    out.std_error = o.get<double>("std_error");
    out.ci95 = o.interval("ci95");
    out.rounds = o.optional_spread("rounds");
    out.agreed_count = o.get<std::uint64_t>("agreed_count");
    o.each("terms", [&](const Reader& t) {
      IssueTerms terms;
      terms.issue = t.get<std::string>("issue");
      terms.label = t.get<std::string>("label");
      terms.kind = t.get<std::string>("kind");
      terms.unit = t.get<std::string>("unit");
      terms.value = t.spread("value");
      t.each("options", [&](const Reader& s) {
        terms.options.push_back(
            {s.get<std::string>("option"), s.get<std::uint64_t>("count"), s.get<double>("share")});
      });
      out.terms.push_back(std::move(terms));
    });
    o.each("utility", [&](const Reader& u) {
      out.utility.push_back(
          {u.get<std::string>("party"), u.get<std::string>("name"), u.spread("utility")});
    });
    summary.outcomes.push_back(std::move(out));
  });

  const Reader timing = r.object("timing");
  summary.timing.resolved = timing.get<std::uint64_t>("resolved");
  summary.timing.rounds = timing.optional_spread("rounds");
  summary.timing.unresolved_share = timing.get<double>("unresolved_share");
  summary.timing.unresolved_ci95 = timing.interval("unresolved_ci95");

  r.each("paths", [&](const Reader& path) {
    summary.paths.push_back({path.get<std::vector<std::string>>("states"),
                             path.get<bool>("truncated"), path.get<std::uint64_t>("count"),
                             path.get<double>("share"),
                             path.get<std::vector<std::string>>("labels")});
  });
  r.each("shocks", [&](const Reader& s) {
    ShockSummary shock;
    shock.id = s.get<std::string>("id");
    shock.label = s.get<std::string>("label");
    shock.fired_branches = s.get<std::uint64_t>("fired_branches");
    shock.fired_share = s.get<double>("fired_share");
    shock.firings = s.get<std::uint64_t>("firings");
    s.each("effects", [&](const Reader& e) {
      shock.effects.push_back({e.get<std::string>("outcome"), e.get<double>("fired"),
                               e.get<double>("not_fired"), e.get<double>("difference"),
                               e.interval("ci95")});
    });
    summary.shocks.push_back(std::move(shock));
  });
  // Only runs with --drivers have the key.
  if (in.contains("drivers")) {
    summary.drivers.emplace();
    r.each("drivers", [&](const Reader& d) {
      ShockDriver driver;
      driver.id = d.get<std::string>("id");
      driver.label = d.get<std::string>("label");
      driver.branches = d.get<std::uint64_t>("branches");
      driver.changed_branches = d.get<std::uint64_t>("changed_branches");
      d.each("outcomes", [&](const Reader& e) {
        driver.outcomes.push_back({e.get<std::string>("id"), e.get<double>("probability"),
                                   e.get<double>("probability_without"),
                                   e.get<double>("difference"), e.interval("ci95")});
      });
      summary.drivers->push_back(std::move(driver));
    });
  }
  return summary;
}

}  // namespace negsim
