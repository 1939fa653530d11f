#include "scenario_overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

#include "key_suggestion.hpp"
#include "yaml_census.hpp"

namespace negsim {

namespace {

// One step of a key path: a map key / list id, or a list index. A list item
// may be named by its id in either spelling, `parties.russia` or
// `parties[russia]`, and a transition by its ends, `transitions[talks->deal]`.
struct Step {
  std::string name;  // empty for an index step
  std::optional<std::size_t> index;
  bool bracketed = false;  // the name was written in brackets: it must name a list item
};

struct OverrideError {
  std::string message;
};

std::vector<Step> parse_key_path(const std::string& key) {
  if (key.empty()) throw OverrideError{"nothing before '='; expected KEY_PATH=VALUE"};
  std::vector<Step> steps;
  std::size_t i = 0;
  const auto bad = [&](const std::string& why) {
    return OverrideError{fmt::format("the key path '{}' {}", key, why)};
  };
  while (i < key.size()) {
    if (key[i] == '[') {
      const std::size_t close = key.find(']', i);
      if (close == std::string::npos) throw bad("has a '[' without its ']'");
      const std::string inside = key.substr(i + 1, close - i - 1);
      const bool is_position = !inside.empty() && inside[0] >= '0' && inside[0] <= '9';
      if (inside.empty() || inside.find('[') != std::string::npos ||
          (is_position &&
           (inside.size() > 9 || !std::all_of(inside.begin(), inside.end(),
                                              [](char c) { return c >= '0' && c <= '9'; }))))
        throw bad(fmt::format(
            "has '[{}]'; name a list item by its position, e.g. [0], or by its id, e.g. [russia]",
            inside));
      if (steps.empty()) throw bad("starts with a list item; start with a key, e.g. parties[0]");
      if (is_position)
        steps.push_back(Step{"", static_cast<std::size_t>(std::stoul(inside))});
      else
        steps.push_back(Step{inside, std::nullopt, true});
      i = close + 1;
      if (i < key.size() && key[i] != '.' && key[i] != '[')
        throw bad("has text right after ']'; separate keys with '.'");
      if (i < key.size() && key[i] == '.') {
        ++i;
        if (i == key.size()) throw bad("ends with '.'");
      }
      continue;
    }
    std::size_t end = key.find_first_of(".[]", i);
    if (end == std::string::npos) end = key.size();
    if (end < key.size() && key[end] == ']') throw bad("has a ']' without its '['");
    if (end == i) throw bad("has an empty part (two dots in a row, or a leading dot)");
    steps.push_back(Step{key.substr(i, end - i), std::nullopt});
    i = end;
    if (i < key.size() && key[i] == '.') {
      ++i;
      if (i == key.size()) throw bad("ends with '.'");
    }
  }
  return steps;
}

// What the items of a list are called in messages.
std::string item_noun(const std::string& list_path) {
  if (list_path == "issues") return "issue";
  if (list_path == "parties") return "party";
  if (list_path == "events") return "event";
  if (list_path == "process.states") return "state";
  if (list_path == "process.transitions") return "transition";
  const auto dot = list_path.rfind('.');
  const std::string last = dot == std::string::npos ? list_path : list_path.substr(dot + 1);
  if (last == "effects") return "effect";
  return "item";
}

std::string describe(const YAML::Node& node) {
  if (node.IsNull()) return "empty";
  if (node.IsScalar()) return fmt::format("the single value '{}'", node.Scalar());
  if (node.IsSequence()) return "a list";
  return "a map";
}

std::vector<std::string> keys_of(const YAML::Node& map) {
  std::vector<std::string> keys;
  for (const auto& kv : map)
    if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
  return keys;
}

std::string alias_message(const std::string& path) {
  return fmt::format(
      "{} is a YAML alias: the same value is used elsewhere in the file, and an override here "
      "would change every place at once; give it its own value in the file first",
      path);
}

// The transition a `FROM->TO` step names in the list `list` (at `where`):
// its position, or an OverrideError listing the transitions there are. Two
// transitions between the same states are told apart by the key the path
// goes on to (`probability` picks the one that has a probability); otherwise
// the message names their positions.
std::size_t find_transition(const YAML::Node& list, const std::string& name,
                            const std::string& where, const std::string& at_named,
                            const std::string* next_key) {
  const std::size_t arrow = name.find("->");
  const std::string from = arrow == std::string::npos ? "" : name.substr(0, arrow);
  const std::string to = arrow == std::string::npos ? "" : name.substr(arrow + 2);
  if (from.empty() || to.empty())
    throw OverrideError{fmt::format(
        "'{}' names no transition; name one by the states it joins, e.g. {}[talks->deal]", name,
        at_named)};
  std::vector<std::string> pairs;
  std::vector<std::size_t> matches;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const YAML::Node item = list[k];
    if (!item.IsMap()) continue;
    const YAML::Node f = child_of(item, "from"), t = child_of(item, "to");
    if (!f.IsDefined() || !f.IsScalar() || !t.IsDefined() || !t.IsScalar()) continue;
    const std::string pair = f.Scalar() + "->" + t.Scalar();
    if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) pairs.push_back(pair);
    if (f.Scalar() == from && t.Scalar() == to) matches.push_back(k);
  }
  if (matches.size() > 1 && next_key) {
    std::vector<std::size_t> with_key;
    for (const std::size_t k : matches)
      if (child_of(list[k], *next_key).IsDefined()) with_key.push_back(k);
    if (with_key.size() == 1) matches = with_key;
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    std::string known;
    for (const auto& pair : pairs) known += (known.empty() ? "" : ", ") + pair;
    throw OverrideError{fmt::format(
        "{} has no transition from '{}' to '{}'{}; {}", where, from, to,
        detail::did_you_mean(name, pairs),
        pairs.empty() ? std::string("it has no transitions") : "its transitions are " + known)};
  }
  std::string which;
  for (const std::size_t k : matches) {
    const YAML::Node on = child_of(list[k], "on");
    which += fmt::format(
        "{}{}[{}] {}", which.empty() ? "" : ", ", at_named, k,
        on.IsDefined() && on.IsScalar() ? "on " + on.Scalar() : std::string("by probability"));
  }
  throw OverrideError{
      fmt::format("{} has {} transitions from '{}' to '{}' ({}); name one by its position", where,
                  matches.size(), from, to, which)};
}

// Resolves `steps` in `root`, writes `value` at the end and returns the index-form path.
std::string apply_one(YAML::Node& root, const std::vector<Step>& steps, const YAML::Node& value) {
  const detail::NodeCensus census(root);
  YAML::Node cur = root;
  std::string at;        // resolved path so far, index form
  std::string at_named;  // the same path as the user named it, for messages
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const bool last = i + 1 == steps.size();
    const std::string where = at.empty() ? std::string("the top level") : "'" + at_named + "'";
    if (i > 0 && census.shared(cur)) throw OverrideError{alias_message(at)};

    if (step.index) {
      if (!cur.IsSequence())
        throw OverrideError{fmt::format("{} is {}, not a list, so it has no [{}]", where,
                                        describe(cur), *step.index)};
      if (*step.index >= cur.size())
        throw OverrideError{fmt::format(
            "{} has {} item{}, so there is no [{}]{}", where, cur.size(),
            cur.size() == 1 ? "" : "s", *step.index,
            cur.size() ? fmt::format(" (use 0 to {})", cur.size() - 1) : std::string())};
      YAML::Node item = cur[*step.index];
      const std::string next = fmt::format("{}[{}]", at, *step.index);
      if (last) {
        if (census.shared(item)) throw OverrideError{alias_message(next)};
        cur[*step.index] = value;
        return next;
      }
      at = next;
      at_named += fmt::format("[{}]", *step.index);
      cur.reset(item);
      continue;
    }

    if (cur.IsSequence() && step.name.find("->") != std::string::npos) {
      // A transition named by the states it joins.
      const std::size_t found =
          find_transition(cur, step.name, where, at_named, last ? nullptr : &steps[i + 1].name);
      YAML::Node item = cur[found];
      const std::string next = fmt::format("{}[{}]", at, found);
      if (last) {
        if (census.shared(item)) throw OverrideError{alias_message(next)};
        cur[found] = value;
        return next;
      }
      at = next;
      at_named += (step.bracketed ? "[" + step.name + "]" : "." + step.name);
      cur.reset(item);
      continue;
    }

    if (cur.IsSequence()) {
      // A list element named by its id.
      std::vector<std::string> ids;
      std::optional<std::size_t> found;
      for (std::size_t k = 0; k < cur.size(); ++k) {
        const YAML::Node item = cur[k];
        if (!item.IsMap()) continue;
        const YAML::Node id = child_of(item, "id");
        if (!id.IsDefined() || !id.IsScalar()) continue;
        ids.push_back(id.Scalar());
        if (!found && id.Scalar() == step.name) found = k;
      }
      if (!found) {
        if (ids.empty() && item_noun(at) == "transition" && cur.size() > 0) {
          const YAML::Node first = cur[0];
          const YAML::Node f = first.IsMap() ? child_of(first, "from") : YAML::Node();
          const YAML::Node t = first.IsMap() ? child_of(first, "to") : YAML::Node();
          if (f.IsDefined() && f.IsScalar() && t.IsDefined() && t.IsScalar())
            throw OverrideError{fmt::format(
                "transitions have no ids; name one by the states it joins, e.g. {}[{}->{}], or "
                "by its position, e.g. {}[0]",
                at_named, f.Scalar(), t.Scalar(), at_named)};
        }
        if (ids.empty())
          throw OverrideError{
              fmt::format("the items of {} have no ids; name one by its position, e.g. {}[0]",
                          where, at_named)};
        throw OverrideError{fmt::format("no {} with id '{}'{}", item_noun(at), step.name,
                                        detail::did_you_mean(step.name, ids))};
      }
      YAML::Node item = cur[*found];
      const std::string next = fmt::format("{}[{}]", at, *found);
      if (last) {
        if (census.shared(item)) throw OverrideError{alias_message(next)};
        cur[*found] = value;
        return next;
      }
      at = next;
      at_named += (step.bracketed ? "[" + step.name + "]" : "." + step.name);
      cur.reset(item);
      continue;
    }

    if (step.bracketed)
      throw OverrideError{
          fmt::format("{} is {}, not a list, so it has no [{}]", where, describe(cur), step.name)};
    const std::string next = at.empty() ? step.name : at + "." + step.name;
    if (cur.IsMap() || (cur.IsNull() && last && i > 0)) {
      YAML::Node child =
          cur.IsMap() ? child_of(cur, step.name) : YAML::Node(YAML::NodeType::Undefined);
      if (cur.IsMap() && child.IsDefined()) {
        if (last) {
          if (census.shared(child)) {
            // Replace this place only: the aliased node itself stays as it is elsewhere.
            cur.remove(step.name);
            cur.force_insert(step.name, value);
          } else {
            cur[step.name] = value;
          }
          return next;
        }
        at = next;
        at_named = at_named.empty() ? step.name : at_named + "." + step.name;
        cur.reset(child);
        continue;
      }
      if (last) {  // a new key under an existing parent
        cur[step.name] = value;
        return next;
      }
      throw OverrideError{fmt::format("{} has no key '{}'{}", where, step.name,
                                      detail::did_you_mean(step.name, keys_of(cur)))};
    }
    throw OverrideError{
        fmt::format("{} is {}, so it has no '{}'", where, describe(cur), step.name)};
  }
  throw OverrideError{"nothing to set"};  // unreachable: parse_key_path never returns no steps
}

}  // namespace

YAML::Node child_of(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return YAML::Node(YAML::NodeType::Undefined);
}

bool key_path_within(const std::string& path, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  if (path.size() == prefix.size()) return true;
  const char next = path[prefix.size()];
  return next == '.' || next == '[';
}

std::vector<Override> apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides,
                                      std::vector<Diagnostic>& diagnostics) {
  std::vector<Override> applied;
  for (const auto& text : overrides) {
    Override ov;
    ov.text = text;
    const auto eq = text.find('=');
    ov.key = text.substr(0, eq);
    ov.value = eq == std::string::npos ? std::string() : text.substr(eq + 1);
    try {
      if (eq == std::string::npos)
        throw OverrideError{"no '='; expected KEY_PATH=VALUE, e.g. parties.russia.batna=0.3"};
      const auto steps = parse_key_path(ov.key);
      if (ov.value.find_first_not_of(" \t") == std::string::npos)
        throw OverrideError{"nothing after '='; expected KEY_PATH=VALUE, e.g. " + ov.key + "=0.3"};
      YAML::Node value;
      try {
        value = YAML::Load(ov.value);
      } catch (const YAML::Exception& e) {
        throw OverrideError{fmt::format("the value '{}' is not valid YAML: {}", ov.value, e.msg)};
      }
      if (!root.IsMap()) throw OverrideError{"the scenario is not a map of keys, nothing to set"};
      ov.resolved = apply_one(root, steps, value);
      applied.push_back(std::move(ov));
    } catch (const OverrideError& e) {
      Diagnostic d;
      d.file = ov.label();
      d.message = e.message;
      diagnostics.push_back(std::move(d));
    }
  }
  return applied;
}

int attribute_to_overrides(std::vector<Diagnostic>& diagnostics,
                           const std::vector<Override>& applied) {
  int rewritten = 0;
  for (auto& d : diagnostics) {
    if (d.path.empty()) continue;
    const Override* owner = nullptr;
    for (const auto& ov : applied)
      if (key_path_within(d.path, ov.resolved) &&
          (!owner || ov.resolved.size() >= owner->resolved.size()))
        owner = &ov;
    if (!owner) continue;
    d.file = owner->label();
    d.line = 0;
    d.column = 0;
    ++rewritten;
  }
  return rewritten;
}

}  // namespace negsim
