#include "negsim/output/summary_json.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "json_field.hpp"

namespace negsim {

using nlohmann::json;

namespace {

using report::interval_json;

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

json reach_json(const ReachSummary& r, double round_days) {
  json curve = json::array();
  for (const CurvePoint& c : r.curve)
    curve.push_back({{"round", c.round},
                     {"date", c.date},
                     {"count", c.count},
                     {"probability", c.probability},
                     {"ci95", interval_json(c.ci95)}});
  return json{{"id", r.id},
              {"label", r.label},
              {"count", r.count},
              {"probability", r.probability},
              {"ci95", interval_json(r.ci95)},
              {"rounds", optional_spread_json(r.rounds)},
              {"days", optional_spread_json(r.rounds, round_days)},
              {"by_round", curve}};
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
  out["format_version"] = 2;
  out["engine_version"] = p.engine_version;
  out["date"] = p.date;
  out["seed"] = p.seed;
  out["branches"] = p.branches;
  out["threads"] = p.threads;
  out["wall_seconds"] = p.wall_seconds;
  out["partial"] = p.partial;
  out["precision"] = p.precision;
  out["precision_met"] = p.precision_met;
  out["scenario"] = {{"id", p.scenario_id},        {"title", p.scenario_title},
                     {"file", p.scenario_file},    {"sha256", p.scenario_sha256},
                     {"as_of", p.as_of},           {"round_label", p.round_label},
                     {"round_days", p.round_days}, {"horizon", p.horizon}};
  // Only runs with --set have these, so that a summary without overrides reads
  // exactly as before.
  if (!p.overrides.empty()) {
    out["scenario"]["overrides"] = p.overrides;
    out["scenario"]["file_sha256"] = p.scenario_file_sha256;
  }

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
                       {"count", t.count},
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
                        {"agreement", o.agreement},
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
  json groups = json::array(), milestones = json::array();
  for (const ReachSummary& g : summary.groups) groups.push_back(reach_json(g, p.round_days));
  for (const ReachSummary& m : summary.milestones)
    milestones.push_back(reach_json(m, p.round_days));
  out["groups"] = groups;
  out["milestones"] = milestones;

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
  // Version 1 (before milestones and outcome groups) reads with none of them.
  const int version = r.get<int>("format_version");
  if (version != 1 && version != 2)
    throw std::runtime_error("summary: format_version " + r.at("format_version").dump() +
                             " is not supported by this engine (it reads versions 1 and 2)");
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
  if (version >= 2) p.as_of = scenario.get<std::string>("as_of");
  if (in.at("scenario").contains("overrides")) {
    p.overrides = scenario.get<std::vector<std::string>>("overrides");
    p.scenario_file_sha256 = scenario.get<std::string>("file_sha256");
  }

  r.each("outcomes", [&](const Reader& o) {
    OutcomeSummary out;
    out.id = o.get<std::string>("id");
    out.label = o.get<std::string>("label");
    out.unresolved = o.get<bool>("unresolved");
    if (version >= 2) out.agreement = o.get<bool>("agreement");
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
      // Version 1 had no per-issue count: every agreement settled every issue.
      terms.count = version >= 2 ? t.get<std::uint64_t>("count") : out.agreed_count;
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

  if (version >= 2) {
    const auto reach = [](const Reader& g) {
      ReachSummary out;
      out.id = g.get<std::string>("id");
      out.label = g.get<std::string>("label");
      out.count = g.get<std::uint64_t>("count");
      out.probability = g.get<double>("probability");
      out.ci95 = g.interval("ci95");
      out.rounds = g.optional_spread("rounds");
      g.each("by_round", [&](const Reader& c) {
        out.curve.push_back({c.get<int>("round"), c.get<std::string>("date"),
                             c.get<std::uint64_t>("count"), c.get<double>("probability"),
                             c.interval("ci95")});
      });
      return out;
    };
    r.each("groups", [&](const Reader& g) { summary.groups.push_back(reach(g)); });
    r.each("milestones", [&](const Reader& m) { summary.milestones.push_back(reach(m)); });
  }

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
