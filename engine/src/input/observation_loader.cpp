#include "negsim/input/observation_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <set>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/calendar.hpp"
#include "scenario_yaml.hpp"
#include "text_file.hpp"
#include "yaml_reader.hpp"

namespace negsim {

namespace {

using loader::Field;
using loader::MapReader;
using loader::Reader;

constexpr std::string_view kObservedYaml = ".observed.yaml";
constexpr std::string_view kObservedYml = ".observed.yml";

bool ends_with(const std::string& text, std::string_view tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The outcome ids of the scenario's terminal states, in state order, each once.
std::vector<std::string> outcome_ids(const Scenario& scenario) {
  std::vector<std::string> ids;
  for (const auto& s : scenario.process.states)
    if (s.kind == StateKind::terminal && std::find(ids.begin(), ids.end(), s.outcome) == ids.end())
      ids.push_back(s.outcome);
  return ids;
}

class ObservationReader {
 public:
  ObservationReader(Reader& reader, const Scenario& scenario, Observation& out)
      : r_(reader), s_(scenario), o_(out), as_of_(days_from_iso(scenario.as_of)) {}

  void read(const YAML::Node& root) {
    const Field top(loader::undefined_node(), root, "", root.Mark());
    MapReader file(r_, top, "a map with one key, 'observed'");
    if (!file.ok()) return;
    file.check_keys({"observed"}, " at the top of an observation file");
    const Field observed = file.require("observed", " (what happened, docs/validation.md)");
    MapReader m(r_, observed,
                "a map of what happened (scenario, recorded_until, outcome, outcome_date, "
                "milestones, terms, sources, notes)");
    if (!m.ok()) return;
    m.check_keys({"scenario", "recorded_until", "outcome", "outcome_date", "milestones", "terms",
                  "sources", "notes"},
                 " in an observation");
    read_scenario_id(m.require("scenario", " (the id of the scenario observed)"));
    const Field until = m.require("recorded_until", " (the date the record covers, YYYY-MM-DD)");
    if (auto date = read_date(until, false)) {
      o_.recorded_until = *date;
      if (as_of_ && *days_from_iso(*date) < *as_of_)
        r_.error(until.mark(), until.path,
                 fmt::format("the record ends on {}, before the scenario's as_of date {}", *date,
                             s_.as_of));
    }
    read_outcome(m.require("outcome", " (an outcome id of the scenario, or unresolved)"),
                 m.get("outcome_date"), m.mark(), m.path());
    read_milestones(m.get("milestones"), m.mark(), m.path());
    read_terms(m.get("terms"));
    if (const Field sources = m.get("sources"); sources.present()) {
      MapReader sm(r_, sources, "a map from source ids to citations");
      for (const Field& source : sm.fields()) {
        const std::string id = source.key.Scalar();
        if (!loader::is_id(id))
          r_.error(source.key.Mark(), source.path,
                   fmt::format("expected a source id (a letter, then letters, digits, '_' or "
                               "'-'), got '{}'",
                               loader::shorten(id)));
        else if (auto text = loader::read_text(r_, source))
          o_.sources[id] = *text;
      }
    }
    if (const Field notes = m.get("notes"); notes.present())
      if (auto text = loader::read_text(r_, notes)) o_.notes = *text;
  }

 private:
  void read_scenario_id(const Field& f) {
    const auto id = loader::read_id(r_, f);
    if (!id) return;
    o_.scenario = *id;
    if (*id != s_.id)
      r_.error(f.mark(), f.path,
               fmt::format("this file observes scenario '{}', but the scenario it was read with "
                           "is '{}' ({})",
                           *id, s_.id, s_.file));
  }

  // A date YYYY-MM-DD, or (when `never_allowed`) `never`: nullopt for never
  // and for a bad value (reported).
  std::optional<std::string> read_date(const Field& f, bool never_allowed) {
    if (!f.present()) return std::nullopt;
    r_.visit();
    if (f.value.IsScalar() &&
        (f.value.Tag() == "?" || f.value.Tag().empty() || f.value.Tag() == "!")) {
      const std::string& text = f.value.Scalar();
      if (days_from_iso(text)) return text;
      if (never_allowed && text == "never") return std::nullopt;
    }
    r_.error(f.mark(), f.path,
             fmt::format("expected a date written YYYY-MM-DD{}, got {}",
                         never_allowed ? " or never (not reached by recorded_until)" : "",
                         loader::describe(f.value)));
    bad_dates_.insert(f.path);
    return std::nullopt;
  }

  // `date` must lie in the record: on or before recorded_until, and (when
  // `after_as_of`) on or after the scenario's as_of date.
  void check_in_record(const Field& f, const std::string& date, bool after_as_of) {
    const auto day = days_from_iso(date);
    if (after_as_of && as_of_ && *day < *as_of_)
      r_.error(f.mark(), f.path,
               fmt::format("{} is before the scenario's as_of date {}: the case must be written "
                           "as of a date before what it forecasts",
                           date, s_.as_of));
    const auto until = days_from_iso(o_.recorded_until);
    if (until && *day > *until)
      r_.error(f.mark(), f.path,
               fmt::format("{} is after recorded_until {}: the record must cover it", date,
                           o_.recorded_until));
  }

  void read_outcome(const Field& f, const Field& date, const YAML::Mark& parent,
                    const std::string& parent_path) {
    const auto outcome = loader::read_text(r_, f);
    o_.outcome_loc = loader::loc_of(f.mark());
    if (outcome) {
      std::vector<std::string> allowed = outcome_ids(s_);
      if (*outcome == kUnresolvedOutcome ||
          std::find(allowed.begin(), allowed.end(), *outcome) != allowed.end()) {
        o_.outcome = *outcome;
      } else {
        allowed.push_back(kUnresolvedOutcome);
        r_.error(f.mark(), f.path,
                 fmt::format("'{}' is not an outcome of scenario '{}'{}", loader::shorten(*outcome),
                             s_.id, loader::suggestion(*outcome, allowed, "outcomes")));
      }
    }
    if (o_.outcome.empty()) return;
    if (o_.outcome == kUnresolvedOutcome) {
      if (date.present())
        r_.error(date.mark(), date.path,
                 "an unresolved outcome has no date: leave outcome_date out, or name the outcome "
                 "that was reached");
      return;
    }
    if (!date.present()) {
      r_.error(parent, parent_path,
               fmt::format("missing required key 'outcome_date' (the date '{}' was reached)",
                           o_.outcome));
      return;
    }
    if (auto d = read_date(date, false)) {
      o_.outcome_date = *d;
      if (!o_.recorded_until.empty()) check_in_record(date, *d, true);
    }
  }

  void read_milestones(const Field& f, const YAML::Mark& parent, const std::string& parent_path) {
    const auto& milestones = s_.process.milestones;
    std::vector<std::string> ids;
    for (const auto& m : milestones) ids.push_back(m.id);
    if (!f.present()) {
      if (!milestones.empty())
        r_.error(parent, parent_path,
                 fmt::format("missing required key 'milestones' (for each milestone of the "
                             "scenario, the date it was reached or never: {})",
                             loader::quoted_list(ids)));
      return;
    }
    MapReader m(r_, f, "a map from milestone ids to the date each was reached, or never");
    if (!m.ok()) return;
    std::set<std::string> given;
    std::vector<ObservedMilestone> found;
    for (const Field& item : m.fields()) {
      const std::string id = item.key.Scalar();
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        r_.error(item.key.Mark(), item.path,
                 ids.empty() ? fmt::format("scenario '{}' has no milestones", s_.id)
                             : fmt::format("'{}' is not a milestone of scenario '{}'{}",
                                           loader::shorten(id), s_.id,
                                           loader::suggestion(id, ids, "milestones")));
        continue;
      }
      given.insert(id);
      ObservedMilestone observed;
      observed.id = id;
      observed.loc = loader::loc_of(item.mark());
      observed.date = read_date(item, true);
      if (observed.date && !o_.recorded_until.empty()) check_in_record(item, *observed.date, false);
      if (!bad_dates_.count(item.path)) found.push_back(std::move(observed));
    }
    std::vector<std::string> missing;
    for (const auto& id : ids)
      if (!given.count(id)) missing.push_back(id);
    if (!missing.empty())
      r_.error(m.mark(), m.path(),
               fmt::format("missing milestone{} {}: give each the date it was reached, or never",
                           missing.size() == 1 ? "" : "s", loader::quoted_list(missing)));
    // In the scenario's order, whatever the file's.
    for (const auto& id : ids)
      for (auto& observed : found)
        if (observed.id == id) o_.milestones.push_back(observed);
  }

  void read_terms(const Field& f) {
    if (!f.present()) return;
    MapReader m(r_, f, "a map from issue ids to the agreed value (a number or an option)");
    if (!m.ok()) return;
    std::vector<std::string> ids;
    for (const auto& issue : s_.issues) ids.push_back(issue.id);
    std::vector<ObservedTerm> terms;
    for (const Field& item : m.fields()) {
      const std::string id = item.key.Scalar();
      const Issue* issue = s_.issue(id);
      if (!issue) {
        r_.error(item.key.Mark(), item.path,
                 fmt::format("'{}' is not an issue of scenario '{}'{}", loader::shorten(id), s_.id,
                             loader::suggestion(id, ids, "issues")));
        continue;
      }
      r_.visit();
      ObservedTerm term;
      term.issue = id;
      term.loc = loader::loc_of(item.mark());
      if (issue->is_discrete()) {
        const std::string text = item.value.IsScalar() ? item.value.Scalar() : "";
        const auto at = std::find(issue->options.begin(), issue->options.end(), text);
        if (!item.value.IsScalar() || at == issue->options.end()) {
          r_.error(item.mark(), item.path,
                   fmt::format("expected an option of issue '{}', got {}{}", id,
                               loader::describe(item.value),
                               loader::suggestion(text, issue->options, "options")));
          continue;
        }
        term.option = *at;
        term.value = static_cast<double>(at - issue->options.begin());
      } else {
        std::string why;
        const auto value = loader::scalar_number(item.value, &why);
        if (!value || *value < issue->low || *value > issue->high) {
          r_.error(item.mark(), item.path,
                   fmt::format("expected a number between {} and {} (the range of issue '{}'), "
                               "got {}",
                               issue->low, issue->high, id, loader::describe(item.value)));
          continue;
        }
        term.value = *value;
      }
      terms.push_back(std::move(term));
    }
    for (const auto& issue : s_.issues)
      for (auto& t : terms)
        if (t.issue == issue.id) o_.terms.push_back(t);
  }

  Reader& r_;
  const Scenario& s_;
  Observation& o_;
  std::optional<long> as_of_;
  std::set<std::string> bad_dates_;  // key paths of dates already reported as malformed
};

void sort_by_position(std::vector<Diagnostic>& d) {
  const auto key = [](const Diagnostic& x) {
    return std::pair(x.line > 0 ? x.line : INT_MAX, x.column);
  };
  std::stable_sort(d.begin(), d.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

}  // namespace

bool is_observation_file(const std::string& path) {
  return ends_with(path, kObservedYaml) || ends_with(path, kObservedYml);
}

std::string observation_path(const std::string& scenario_path) {
  for (std::string_view ext : {".yaml", ".yml"})
    if (ends_with(scenario_path, ext))
      return fmt::format(
          "{}.observed{}",
          std::string_view(scenario_path).substr(0, scenario_path.size() - ext.size()), ext);
  return fmt::format("{}{}", scenario_path, kObservedYaml);
}

std::string observed_scenario_path(const std::string& path) {
  for (std::string_view tail : {kObservedYaml, kObservedYml})
    if (ends_with(path, tail))
      return fmt::format("{}{}", std::string_view(path).substr(0, path.size() - tail.size()),
                         tail.substr(std::string_view(".observed").size()));
  return path;
}

Observation load_observation_string(std::string_view text, const std::string& name,
                                    const Scenario& scenario) {
  if (text.size() > kMaxScenarioFileBytes)
    throw InputError({Diagnostic{name, 0, 0, "",
                                 fmt::format("the text is larger than {} KiB, the limit for an "
                                             "observation file",
                                             kMaxScenarioFileBytes / 1024)}});
  const std::string bytes(text);
  std::vector<Diagnostic> diagnostics;
  const auto root = parse_checked_yaml(bytes, name, diagnostics);
  if (!root) throw InputError(std::move(diagnostics));
  Observation observation;
  observation.file = name;
  observation.sha256 = text_sha256(bytes);
  Reader reader(name, diagnostics);
  try {
    ObservationReader(reader, scenario, observation).read(*root);
  } catch (const loader::WalkStopped&) {
  }
  sort_by_position(diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return observation;
}

Observation load_observation_file(const std::string& path, const Scenario& scenario) {
  std::string problem;
  const auto text = read_text_file(path, problem);
  if (!text) throw InputError({Diagnostic{path, 0, 0, "", problem}});
  return load_observation_string(*text, path, scenario);
}

}  // namespace negsim
