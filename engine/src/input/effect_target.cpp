#include "effect_target.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace negsim::loader {

Bounds bounds::issue_range(const Issue& issue) {
  return Bounds::between(issue.low, issue.high)
      .because(fmt::format("the range of issue '{}'", issue.id));
}

namespace {

EffectTarget make(std::string parameter, Bounds bounds, const Issue* issue = nullptr) {
  EffectTarget t;
  t.parameter = std::move(parameter);
  t.bounds = std::move(bounds);
  t.issue = issue;
  return t;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

std::string join_from(const std::vector<std::string>& parts, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) out += (i > first ? "." : "") + parts[i];
  return out;
}

}  // namespace

std::optional<EffectTarget> resolve_target(Reader& reader, const Scenario& scenario,
                                           const Field& field, const std::string& full_text,
                                           const KnownIds& known) {
  const auto fail = [&](std::string message) -> std::optional<EffectTarget> {
    reader.error(field.mark(), field.path, std::move(message));
    return std::nullopt;
  };
  const std::string text = shorten(full_text);
  const std::vector<std::string> parts = split(full_text);
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); }))
    return fail(
        fmt::format("'{}' is not a parameter; write it like parties.<party>.batna or "
                    "events.<event>.chance",
                    text));

  if (parts[0] == "events") {
    if (parts.size() != 3 || parts[2] != "chance")
      return fail(
          fmt::format("'{}' is not a parameter; the only parameter of an event is its "
                      "chance: events.<event>.chance",
                      text));
    if (!scenario.event(parts[1]))
      return !known.events
                 ? std::nullopt
                 : fail(fmt::format("unknown event '{}' in '{}'{}", shorten(parts[1]), text,
                                    suggestion(parts[1], ids_of(scenario.events), "events")));
    return make("chance", bounds::probability());
  }

  if (parts[0] != "parties")
    return fail(fmt::format(
        "'{}' is not a parameter; a target starts with parties.<party> or events.<event>{}", text,
        parts[0].size() > 2 && closest(parts[0], {"parties", "events"})
            ? fmt::format(" (did you mean '{}'?)", *closest(parts[0], {"parties", "events"}))
            : std::string()));
  if (parts.size() < 3)
    return fail(
        fmt::format("'{}' is not a parameter; name one after the party, e.g. "
                    "parties.<party>.batna",
                    text));
  const Party* party = scenario.party(parts[1]);
  if (!party)
    return !known.parties
               ? std::nullopt
               : fail(fmt::format("unknown party '{}' in '{}'{}", shorten(parts[1]), text,
                                  suggestion(parts[1], ids_of(scenario.parties), "parties")));

  const std::string rest = join_from(parts, 2);
  if (rest == "capability") return make("capability", bounds::capability());
  if (rest == "batna") return make("batna", bounds::batna());
  if (rest == "costs.per_round") return make("costs.per_round", bounds::cost_per_round());
  if (rest == "patience") return make("patience", bounds::patience());
  if (rest == "tactic.e") return make("tactic.e", bounds::tactic_e());
  if (rest == "tactic.k") return make("tactic.k", bounds::tactic_k());

  if (parts[2] == "demands" && parts.size() == 5) {
    const Issue* issue = scenario.issue(parts[3]);
    if (!issue)
      return !known.issues
                 ? std::nullopt
                 : fail(fmt::format("unknown issue '{}' in '{}'{}", shorten(parts[3]), text,
                                    suggestion(parts[3], ids_of(scenario.issues), "issues")));
    const std::vector<std::string> names = {"ideal", "red_line", "salience"};
    if (std::find(names.begin(), names.end(), parts[4]) == names.end())
      return fail(fmt::format("'{}' is not a parameter of a demand{}", shorten(parts[4]),
                              suggestion(parts[4], names, "")));
    const Demand* demand = party->demand(issue->id);
    if (!demand)
      return fail(
          fmt::format("party '{}' has no demand on issue '{}', so there is nothing to "
                      "change; add one under parties.{}.demands",
                      party->id, issue->id, party->id));
    if (parts[4] == "salience") return make("demands.salience", bounds::salience(), issue);
    EffectTarget target = make("demands." + parts[4], bounds::issue_range(*issue), issue);
    target.options = issue->is_discrete();  // ideals and red lines of ordinal issues are options
    target.absent = parts[4] == "red_line" && !demand->red_line;
    target.party = party->id;
    return target;
  }

  const std::vector<std::string> parameters = {"capability",
                                               "batna",
                                               "costs.per_round",
                                               "patience",
                                               "tactic.e",
                                               "tactic.k",
                                               "demands.<issue>.ideal",
                                               "demands.<issue>.red_line",
                                               "demands.<issue>.salience"};
  return fail(fmt::format("'{}' is not a parameter of a party{}", shorten(rest),
                          suggestion(rest, parameters, "")));
}

}  // namespace negsim::loader
