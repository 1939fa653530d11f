#include "negsim/model/process_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

namespace negsim {

namespace {

// Sums of probabilities that must equal 1 are compared with this slack, so
// that 0.1 + 0.2 + 0.7 passes.
constexpr double kProbabilityTolerance = 1e-9;

std::unordered_map<std::string, int> first_index_by_id(const Process& process) {
  std::unordered_map<std::string, int> index;
  for (int i = 0; i < static_cast<int>(process.states.size()); ++i)
    index.emplace(process.states[i].id, i);
  return index;
}

std::optional<int> find_state(const std::unordered_map<std::string, int>& index,
                              const std::string& id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

// After a terminal state the branch is over, so a transition leaving one can
// never be taken and must not count for reachability.
struct NotFromTerminal {
  const ProcessGraph* graph = nullptr;
  bool operator()(boost::graph_traits<ProcessGraph>::edge_descriptor e) const {
    return (*graph)[boost::source(e, *graph)].kind != StateKind::terminal;
  }
};

}  // namespace

ProcessGraph build_process_graph(const Process& process) {
  ProcessGraph graph(process.states.size());
  for (int i = 0; i < static_cast<int>(process.states.size()); ++i)
    graph[i] = StateProps{i, process.states[i].kind};
  const auto index = first_index_by_id(process);
  for (int t = 0; t < static_cast<int>(process.transitions.size()); ++t) {
    const Transition& tr = process.transitions[t];
    auto from = find_state(index, tr.from);
    auto to = find_state(index, tr.to);
    if (from && to) boost::add_edge(*from, *to, TransitionProps{t, tr.trigger}, graph);
  }
  return graph;
}

ProcessReach analyse_reach(const Process& process, const ProcessGraph& graph) {
  const auto n = boost::num_vertices(graph);
  ProcessReach reach{std::vector<bool>(n, false), std::vector<bool>(n, false)};
  const boost::filtered_graph<ProcessGraph, NotFromTerminal> live(graph, NotFromTerminal{&graph});
  const auto vertex_index = boost::get(boost::vertex_index, graph);

  // Forward: breadth-first from the initial state.
  if (auto initial = find_state(first_index_by_id(process), process.initial)) {
    std::vector<boost::default_color_type> color(n, boost::white_color);
    auto color_map = boost::make_iterator_property_map(color.begin(), vertex_index);
    boost::breadth_first_search(live, static_cast<ProcessVertex>(*initial),
                                boost::color_map(color_map));
    for (std::size_t v = 0; v < n; ++v) reach.reachable[v] = color[v] != boost::white_color;
  }

  // Backward: depth-first from every terminal on the reversed graph; the shared
  // colour map makes it one pass over all terminals together.
  const auto reversed = boost::make_reverse_graph(live);
  std::vector<boost::default_color_type> color(n, boost::white_color);
  auto color_map = boost::make_iterator_property_map(color.begin(), vertex_index);
  for (std::size_t v = 0; v < n; ++v)
    if (graph[v].kind == StateKind::terminal && color[v] == boost::white_color)
      boost::depth_first_visit(reversed, v, boost::default_dfs_visitor(), color_map);
  for (std::size_t v = 0; v < n; ++v) reach.can_end[v] = color[v] != boost::white_color;
  return reach;
}

namespace {

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ", ";
    out += id;
  }
  return out;
}

std::string state_list(const Process& process) {
  std::vector<std::string> ids;
  for (const auto& s : process.states) ids.push_back(s.id);
  return join_ids(ids);
}

std::string number(double x) {
  return fmt::format("{:.12g}", x);
}

// How the transition is written in YAML, for messages.
std::string trigger_text(const Transition& tr) {
  switch (tr.trigger) {
    case Trigger::event:
      return fmt::format("event: {}", tr.event);
    case Trigger::probability:
      return "probability:";
    default:
      return fmt::format("on: {}", to_string(tr.trigger));
  }
}

class ProcessChecker {
 public:
  explicit ProcessChecker(const Scenario& scenario)
      : scenario_(scenario), process_(scenario.process) {}

  std::vector<Diagnostic> run() {
    if (process_.states.empty()) {
      add(process_.loc, "process.states",
          "the process has no states; list at least the state where the talks begin and one "
          "terminal state where they end");
      return std::move(out_);
    }
    check_state_ids();
    check_initial();
    for (int t = 0; t < static_cast<int>(process_.transitions.size()); ++t) check_transition(t);
    for (int s = 0; s < static_cast<int>(process_.states.size()); ++s) check_state(s);
    check_reach();
    return std::move(out_);
  }

 private:
  void add(const SourceLoc& loc, std::string path, std::string message) {
    out_.push_back(
        Diagnostic{scenario_.file, loc.line, loc.column, std::move(path), std::move(message)});
  }
  static std::string state_path(int s) { return fmt::format("process.states[{}]", s); }
  static std::string transition_path(int t) { return fmt::format("process.transitions[{}]", t); }

  void check_state_ids() {
    std::unordered_map<std::string, int> seen;
    for (int s = 0; s < static_cast<int>(process_.states.size()); ++s) {
      const State& state = process_.states[s];
      if (state.id.empty()) {
        add(state.loc, state_path(s) + ".id", "every state needs an id");
        continue;
      }
      auto [it, inserted] = seen.emplace(state.id, s);
      if (!inserted)
        add(state.loc, state_path(s) + ".id",
            fmt::format("state id '{}' is already used by {}; each state needs its own id",
                        state.id, state_path(it->second)));
    }
  }

  void check_initial() {
    if (process_.initial.empty()) {
      add(process_.loc, "process.initial",
          fmt::format("no initial state; set initial to the state where the talks begin (one "
                      "of: {})",
                      state_list(process_)));
      return;
    }
    auto initial = find_state(index_, process_.initial);
    if (!initial) {
      add(process_.loc, "process.initial",
          fmt::format("initial state '{}' is not a state of the process; the states are: {}",
                      process_.initial, state_list(process_)));
      return;
    }
    if (process_.states[*initial].kind == StateKind::terminal)
      add(process_.loc, "process.initial",
          fmt::format("initial state '{}' is a terminal state, so every branch would end before "
                      "the talks begin",
                      process_.initial));
  }

  // Reports an unknown endpoint once, at the key that names it.
  std::optional<int> endpoint(int t, const std::string& key, const std::string& id) {
    const Transition& tr = process_.transitions[t];
    auto s = find_state(index_, id);
    if (!s)
      add(tr.loc, transition_path(t) + "." + key,
          id.empty() ? fmt::format("the transition needs a '{}' state", key)
                     : fmt::format("'{}' is not a state of the process; the states are: {}", id,
                                   state_list(process_)));
    return s;
  }

  void check_transition(int t) {
    const Transition& tr = process_.transitions[t];
    const auto from = endpoint(t, "from", tr.from);
    endpoint(t, "to", tr.to);
    if (tr.trigger == Trigger::event) check_event_reference(t);
    if (!from) return;
    const State& source = process_.states[*from];
    const std::string path = transition_path(t);

    if (source.kind == StateKind::terminal) {
      add(tr.loc, path,
          fmt::format("a transition leaves terminal state '{}', but a terminal state ends the "
                      "talks; remove the transition or give '{}' another kind",
                      source.id, source.id));
      return;
    }
    if (tr.trigger == Trigger::probability && tr.probability_kind == ProbabilityKind::otherwise &&
        source.kind != StateKind::chance) {
      add(tr.loc, path + ".probability",
          fmt::format("probability: otherwise takes what the other ways out of a chance state "
                      "leave, but '{}' is a {} state; give this transition a probability per {}",
                      source.id, to_string(source.kind), "round"));
      return;
    }
    if (source.kind == StateKind::chance) {
      const bool otherwise = has_otherwise(source.id);
      if (tr.trigger != Trigger::probability)
        add(tr.loc, path,
            fmt::format("'{}' is a chance state, which is resolved at once by probability, so "
                        "the transitions leaving it need probability: instead of {}",
                        source.id, trigger_text(tr)));
      else if (tr.probability_kind == ProbabilityKind::plain && !tr.probability.is_fixed() &&
               !otherwise)
        add(tr.probability.loc.line ? tr.probability.loc : tr.loc, path + ".probability",
            fmt::format("the probabilities leaving chance state '{}' must be plain numbers, not "
                        "distributions, because together they must sum to 1 in every branch; "
                        "or give one transition probability: otherwise",
                        source.id));
      else if (tr.probability_kind == ProbabilityKind::approval && !otherwise)
        add(tr.loc, path + ".probability",
            fmt::format("an approval leaves chance state '{}' with a probability that depends on "
                        "the terms, so another transition out of it needs probability: "
                        "otherwise to take the rest",
                        source.id));
      return;
    }
    switch (tr.trigger) {
      case Trigger::accepted:
      case Trigger::rejected:
      case Trigger::walkout:
        if (source.kind != StateKind::bargaining)
          add(tr.loc, path,
              fmt::format("{} can only leave a bargaining state, but '{}' is a {} state where "
                          "no one bargains",
                          trigger_text(tr), source.id, to_string(source.kind)));
        break;
      case Trigger::round_limit:
        if (!source.max_rounds)
          add(tr.loc, path,
              fmt::format("on: round_limit never fires because state '{}' has no max_rounds; "
                          "add max_rounds to it",
                          source.id));
        break;
      case Trigger::deadline:
        if (!process_.deadline)
          add(tr.loc, path,
              "on: deadline never fires because the process has no deadline; set "
              "process.deadline to the round at which it falls");
        break;
      case Trigger::event:
      case Trigger::probability:
        break;
    }
    check_duplicate_trigger(t, *from);
  }

  void check_event_reference(int t) {
    const Transition& tr = process_.transitions[t];
    const Event* event = scenario_.event(tr.event);
    if (!event) {
      std::vector<std::string> ids;
      for (const auto& e : scenario_.events) ids.push_back(e.id);
      add(tr.loc, transition_path(t) + ".event",
          ids.empty()
              ? fmt::format("event '{}' is not defined; the scenario has no events", tr.event)
              : fmt::format("event '{}' is not defined; the events are: {}", tr.event,
                            join_ids(ids)));
      return;
    }
    if (!event->states.empty() &&
        std::find(event->states.begin(), event->states.end(), tr.from) == event->states.end())
      add(tr.loc, transition_path(t) + ".event",
          fmt::format("event '{}' never happens in state '{}' (it can happen only in: {}), so "
                      "this transition never fires",
                      tr.event, tr.from, join_ids(event->states)));
  }

  bool has_otherwise(const std::string& state) const {
    return std::any_of(process_.transitions.begin(), process_.transitions.end(),
                       [&](const Transition& tr) {
                         return tr.from == state && tr.trigger == Trigger::probability &&
                                tr.probability_kind == ProbabilityKind::otherwise;
                       });
  }

  // Two transitions on the same engine event or shock from one state: only
  // one can be taken, so the other is a mistake.
  void check_duplicate_trigger(int t, int from) {
    const Transition& tr = process_.transitions[t];
    if (tr.trigger == Trigger::probability) return;
    const std::string key = fmt::format("{}|{}", to_string(tr.trigger), tr.event);
    auto [it, inserted] = triggers_seen_.emplace(std::make_pair(from, key), t);
    if (!inserted)
      add(tr.loc, transition_path(t),
          fmt::format("state '{}' already has a transition on {} ({}); only one of them could "
                      "ever be taken",
                      tr.from,
                      tr.trigger == Trigger::event ? fmt::format("event '{}'", tr.event)
                                                   : std::string(to_string(tr.trigger)),
                      transition_path(it->second)));
  }

  // With duplicate ids only the first state receives transitions; the others
  // are reported as duplicates and not again as unreachable or trapped.
  bool is_first_with_id(int s) const { return find_state(index_, process_.states[s].id) == s; }

  void check_state(int s) {
    const State& state = process_.states[s];
    if (state.kind == StateKind::terminal) {
      if (state.outcome.empty())
        add(state.loc, state_path(s),
            fmt::format("terminal state '{}' has no outcome; add an outcome label such as "
                        "agreement or no_deal",
                        state.id));
      return;
    }
    if (!is_first_with_id(s)) return;

    double sum = 0, most = 0;
    int count = 0, otherwise = 0, approvals = 0;
    bool all_fixed = true;
    std::string parts, most_parts;
    for (const auto& tr : process_.transitions) {
      if (tr.from != state.id || tr.trigger != Trigger::probability) continue;
      if (tr.probability_kind == ProbabilityKind::otherwise) {
        if (++otherwise == 2)
          add(tr.loc, state_path(s),
              fmt::format("chance state '{}' has two transitions with probability: otherwise; "
                          "only one can take the rest",
                          state.id));
        continue;
      }
      if (tr.probability_kind != ProbabilityKind::plain) {
        ++approvals;
        continue;
      }
      ++count;
      most += tr.probability.dist.support_max();
      most_parts += fmt::format("{}to '{}': {}", most_parts.empty() ? "" : ", ", tr.to,
                                number(tr.probability.dist.support_max()));
      all_fixed = all_fixed && tr.probability.is_fixed();
      if (!tr.probability.is_fixed()) continue;
      sum += tr.probability.fixed_value();
      parts += fmt::format("{}to '{}': {}", parts.empty() ? "" : ", ", tr.to,
                           number(tr.probability.fixed_value()));
    }
    if (state.kind == StateKind::chance && otherwise > 0) {
      if (most > 1.0 + kProbabilityTolerance)
        add(state.loc, state_path(s),
            fmt::format("the probabilities leaving chance state '{}' can sum to {} ({} at the "
                        "most), leaving nothing for probability: otherwise; together they can be "
                        "at most 1",
                        state.id, number(most), most_parts));
    } else if (state.kind == StateKind::chance && approvals > 0) {
      // Reported per transition: an approval needs an `otherwise` beside it.
    } else if (state.kind == StateKind::chance) {
      // Non-probability edges and distributions are reported per transition;
      // a chance state without any transition is reported as a trap.
      if (count > 0 && all_fixed && std::abs(sum - 1.0) > kProbabilityTolerance)
        add(state.loc, state_path(s),
            fmt::format("the probabilities leaving chance state '{}' sum to {}, not 1 ({})",
                        state.id, number(sum), parts));
    } else if (sum > 1.0 + kProbabilityTolerance) {
      add(state.loc, state_path(s),
          fmt::format("the per-round probabilities leaving state '{}' sum to {} ({}); together "
                      "they can be at most 1",
                      state.id, number(sum), parts));
    }
  }

  void check_reach() {
    const ProcessGraph graph = build_process_graph(process_);
    const ProcessReach reach = analyse_reach(process_, graph);
    const int n = static_cast<int>(process_.states.size());

    if (find_state(index_, process_.initial)) {
      for (int s = 0; s < n; ++s)
        if (!reach.reachable[s] && is_first_with_id(s))
          add(process_.states[s].loc, state_path(s),
              fmt::format("state '{}' can never be reached from the initial state '{}'",
                          process_.states[s].id, process_.initial));
    }

    const bool any_terminal =
        std::any_of(process_.states.begin(), process_.states.end(),
                    [](const State& s) { return s.kind == StateKind::terminal; });
    if (!any_terminal) {
      add(process_.loc, "process.states",
          "the process has no terminal state, so the talks can never end; add a state with "
          "kind: terminal and an outcome");
      return;
    }
    std::vector<std::string> traps;
    int first_trap = -1;
    for (int s = 0; s < n; ++s) {
      if (process_.states[s].kind == StateKind::terminal || reach.can_end[s] ||
          !is_first_with_id(s))
        continue;
      if (first_trap < 0) first_trap = s;
      traps.push_back(process_.states[s].id);
    }
    if (first_trap >= 0)
      add(process_.states[first_trap].loc, state_path(first_trap),
          fmt::format("{} that can never reach an ending: {}; give {} a transition that leads to "
                      "a terminal state",
                      traps.size() == 1 ? "trap state" : "trap states", join_ids(traps),
                      traps.size() == 1 ? "it" : "each"));
  }

  const Scenario& scenario_;
  const Process& process_;
  const std::unordered_map<std::string, int> index_ = first_index_by_id(process_);
  std::map<std::pair<int, std::string>, int> triggers_seen_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check_process(const Scenario& scenario) {
  return ProcessChecker(scenario).run();
}

}  // namespace negsim
