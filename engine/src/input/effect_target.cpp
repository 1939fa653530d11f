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

std::string join_from(const std::vector<std::string>& parts, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) out += (i > first ? "." : "") + parts[i];
  return out;
}

// process.deadline, process.deadlines.<id>, process.states.<state>.max_rounds,
// process.transitions.<from>-><to>.probability.
std::optional<EffectTarget> resolve_process_target(Reader& reader, const Scenario& scenario,
                                                   const Field& field, const std::string& text,
                                                   const std::vector<std::string>& parts) {
  const auto fail = [&](std::string message) -> std::optional<EffectTarget> {
    reader.error(field.mark(), field.path, std::move(message));
    return std::nullopt;
  };
  const Process& process = scenario.process;
  if (parts.size() == 2 && parts[1] == "deadline") {
    if (!process.deadline)
      return fail("the process has no deadline to change; set process.deadline");
    return make("deadline", bounds::rounds());
  }
  if (parts.size() == 3 && parts[1] == "deadlines") {
    for (const Deadline& d : process.deadlines)
      if (d.id == parts[2]) return make("deadline", bounds::rounds());
    return fail(fmt::format("unknown deadline '{}' in '{}'{}", shorten(parts[2]), text,
                            suggestion(parts[2], ids_of(process.deadlines), "deadlines")));
  }
  if (parts.size() == 4 && parts[1] == "states" && parts[3] == "max_rounds") {
    const State* state = scenario.state(parts[2]);
    if (!state)
      return fail(fmt::format("unknown state '{}' in '{}'{}", shorten(parts[2]), text,
                              suggestion(parts[2], ids_of(process.states), "states")));
    if (!state->max_rounds)
      return fail(fmt::format("state '{}' has no max_rounds to change; give it one", state->id));
    return make("max_rounds", bounds::rounds());
  }
  if (parts.size() == 4 && parts[1] == "transitions" && parts[3] == "probability") {
    const std::size_t arrow = parts[2].find("->");
    const std::string from = arrow == std::string::npos ? "" : parts[2].substr(0, arrow);
    const std::string to = arrow == std::string::npos ? "" : parts[2].substr(arrow + 2);
    for (const Transition& t : process.transitions) {
      if (t.from != from || t.to != to || t.trigger != Trigger::probability) continue;
      if (t.probability_kind != ProbabilityKind::plain)
        return fail(
            fmt::format("the transition from '{}' to '{}' has no probability of its own "
                        "to change (it is an approval or takes what the others leave)",
                        from, to));
      const State* source = scenario.state(from);
      if (source && source->kind == StateKind::chance)
        return fail(
            fmt::format("'{}' is a chance state, whose probabilities must keep summing "
                        "to 1; an effect can change only a chance per round",
                        from));
      return make("transition.probability", bounds::probability());
    }
    return fail(fmt::format("no probability transition from '{}' to '{}' in '{}'", shorten(from),
                            shorten(to), text));
  }
  return fail(
      fmt::format("'{}' is not a parameter of the process; it has process.deadline, "
                  "process.deadlines.<id>, process.states.<state>.max_rounds and "
                  "process.transitions.<from>-><to>.probability",
                  text));
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

  if (parts[0] == "process") return resolve_process_target(reader, scenario, field, text, parts);

  if (parts[0] != "parties")
    return fail(fmt::format(
        "'{}' is not a parameter; a target starts with parties.<party>, events.<event> or "
        "process{}",
        text,
        parts[0].size() > 2 && closest(parts[0], {"parties", "events", "process"})
            ? fmt::format(" (did you mean '{}'?)",
                          *closest(parts[0], {"parties", "events", "process"}))
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
  if (rest == "curvature") return make("curvature", bounds::curvature());
  if (rest == "approval.threshold" || rest == "approval.spread") {
    if (!party->approval_threshold)
      return fail(
          fmt::format("party '{}' states no approval, so there is nothing to change; give "
                      "it approval: {{threshold: ..., spread: ...}}",
                      party->id));
    return rest == "approval.threshold" ? make(rest, bounds::approval_threshold())
                                        : make(rest, bounds::approval_spread());
  }

  if (parts[2] == "demands" && parts.size() == 5) {
    const Issue* issue = scenario.issue(parts[3]);
    if (!issue)
      return !known.issues
                 ? std::nullopt
                 : fail(fmt::format("unknown issue '{}' in '{}'{}", shorten(parts[3]), text,
                                    suggestion(parts[3], ids_of(scenario.issues), "issues")));
    const std::vector<std::string> names = {"ideal", "red_line", "salience", "curvature"};
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
    if (parts[4] == "curvature") {
      if (!demand->curvature)
        return fail(fmt::format(
            "party '{}' has no curvature of its own on issue '{}'; give the demand a curvature, "
            "or change the party's with parties.{}.curvature",
            party->id, issue->id, party->id));
      return make("demands.curvature", bounds::curvature(), issue);
    }
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
                                               "curvature",
                                               "approval.threshold",
                                               "approval.spread",
                                               "demands.<issue>.ideal",
                                               "demands.<issue>.red_line",
                                               "demands.<issue>.salience",
                                               "demands.<issue>.curvature"};
  return fail(fmt::format("'{}' is not a parameter of a party{}", shorten(rest),
                          suggestion(rest, parameters, "")));
}

}  // namespace negsim::loader
