#include "negsim/output/process_dot.hpp"

#include <fmt/format.h>

#include <boost/range/iterator_range.hpp>
#include <iterator>
#include <map>
#include <ostream>
#include <set>
#include <unordered_map>

#include "distribution_text.hpp"
#include "negsim/model/process_graph.hpp"
#include "negsim/run/summary.hpp"
#include "table_format.hpp"

namespace negsim {

std::string dot_quote(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      // A lone backslash would start a DOT escape (\n, \l, \N, ...); doubled it
      // is shown as written.
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CR LF: one break
        out += "\\n";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
  }
  out += '"';
  return out;
}

namespace {

// Light fills (ColorBrewer Pastel2) that keep black text readable; outcomes
// take them in order of first appearance and reuse them beyond eight.
constexpr const char* kOutcomeFills[] = {"#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4",
                                         "#e6f5c9", "#fff2ae", "#f1e2cc", "#cccccc"};
constexpr const char* kProblemColour = "#d62728";
constexpr const char* kUntakenColour = "#999999";

// Lines of a state's name and an edge's label, in characters: a slide fits
// the graph at this width with the fonts below still readable.
constexpr std::size_t kStateWidth = 22;
constexpr std::size_t kEdgeWidth = 20;
constexpr std::size_t kDetailWidth = 30;

// `text` wrapped at `width`, keeping the line breaks the author wrote.
std::string wrap_lines(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    out += (start == 0 ? "" : "\n") + report::wrapped(line, width);
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// A share of branches as a reader takes it in at a glance.
std::string share_text(std::uint64_t taken, std::uint64_t branches) {
  if (taken == 0) return "0%";
  const double percent = 100.0 * static_cast<double>(taken) / static_cast<double>(branches);
  if (percent < 0.1) return "<0.1%";
  return percent < 10 ? fmt::format("{:.1f}%", percent) : fmt::format("{:.0f}%", percent);
}

std::string number(double x) {
  return fmt::format("{:.6g}", x);
}

std::string describe(const Distribution& d) {
  return describe_distribution(d);
}

// A number of rounds as written: the number, or its distribution.
std::string rounds_text(const Uncertain& u) {
  return u.is_fixed() ? number(u.fixed_value()) : describe(u.dist);
}

std::string edge_label(const Scenario& scenario, const Transition& tr, const State& from) {
  switch (tr.trigger) {
    case Trigger::accepted:
    case Trigger::rejected:
    case Trigger::walkout:
      return to_string(tr.trigger);
    case Trigger::round_limit:
      return from.max_rounds
                 ? fmt::format("after {} {}s", rounds_text(*from.max_rounds), scenario.round_label)
                 : "round limit";
    case Trigger::deadline: {
      if (!tr.deadline.empty()) {
        for (const Deadline& d : scenario.process.deadlines)
          if (d.id == tr.deadline)
            return fmt::format("{} ({} {})", d.label.empty() ? d.id : d.label, scenario.round_label,
                               rounds_text(d.round));
        return "deadline " + tr.deadline;
      }
      return scenario.process.deadline ? fmt::format("deadline ({} {})", scenario.round_label,
                                                     rounds_text(*scenario.process.deadline))
                                       : "deadline";
    }
    case Trigger::event: {
      const Event* event = scenario.event(tr.event);
      return "event: " + (event && !event->label.empty() ? event->label : tr.event);
    }
    case Trigger::probability: {
      if (tr.probability_kind == ProbabilityKind::otherwise) return "otherwise";
      if (tr.probability_kind == ProbabilityKind::approval) {
        const Party* by = scenario.party(tr.approval_by);
        return fmt::format("approved by {}", by && !by->name.empty() ? by->name : tr.approval_by);
      }
      const Distribution& p = tr.probability.dist;
      std::string text = p.is_fixed() ? "p=" + number(p.value) : "p: " + describe(p);
      // Outside chance states a probability is a chance per round.
      if (from.kind != StateKind::chance) text += " per " + scenario.round_label;
      return text;
    }
  }
  return "?";
}

std::string state_detail(const Scenario& scenario, const State& s) {
  std::string detail = to_string(s.kind);
  switch (s.kind) {
    case StateKind::terminal:
      return "outcome: " + outcome_label(scenario, s.outcome);
    case StateKind::bargaining:
      if (s.proposal_rule) detail += fmt::format(", {} rule", to_string(*s.proposal_rule));
      [[fallthrough]];
    case StateKind::pause:
      if (s.max_rounds)
        detail += fmt::format(", at most {} {}s", rounds_text(*s.max_rounds), scenario.round_label);
      break;
    case StateKind::chance:
      detail += ", resolved at once";
      break;
  }
  return detail;
}

}  // namespace

std::string state_title(const State& state) {
  return state.label.empty() ? humanise(state.id) : state.label;
}

void write_dot(const Scenario& scenario, std::ostream& out, const DotOptions& options) {
  const Process& process = scenario.process;
  const ProcessGraph graph = build_process_graph(process);
  const ProcessReach reach = analyse_reach(process, graph);
  const int n = static_cast<int>(process.states.size());

  // Node names are state ids; a repeated id (already an input error) gets a
  // suffix so that every state still appears once.
  std::vector<std::string> names(n);
  std::set<std::string> used;
  std::unordered_map<std::string, int> first;
  for (int s = 0; s < n; ++s) {
    const std::string& id = process.states[s].id;
    names[s] = first.emplace(id, s).second ? id : fmt::format("{}#{}", id, s);
    used.insert(names[s]);
  }
  std::string start = "(start)";
  while (used.count(start)) start += "'";
  const auto initial = first.find(process.initial);

  std::map<std::string, const char*> fills;
  for (const auto& s : process.states)
    if (s.kind == StateKind::terminal && !fills.count(s.outcome))
      fills[s.outcome] = kOutcomeFills[fills.size() % std::size(kOutcomeFills)];

  const std::string title = !scenario.title.empty() ? scenario.title
                            : !scenario.id.empty()  ? scenario.id
                                                    : std::string("negotiation process");
  const EdgeShares* weights = options.weights;
  const std::string heading =
      weights ? fmt::format("{}\nshare of {} branches (seed {}) that took each transition", title,
                            weights->branches, options.seed)
              : title;
  // Left to right, as a slide is read; fonts in points stay readable when the
  // picture is scaled to a slide's width.
  out << "digraph " << dot_quote(scenario.id.empty() ? "process" : scenario.id) << " {\n";
  out << "  graph [label=" << dot_quote(heading)
      << ", labelloc=\"t\", fontname=\"Helvetica\", fontsize=\"22\", rankdir=\"LR\", "
         "nodesep=\"0.35\", ranksep=\"0.6\", pad=\"0.3\"];\n";
  out << "  node [fontname=\"Helvetica\", fontsize=\"16\", margin=\"0.15,0.08\"];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=\"13\"];\n";
  if (initial != first.end()) {
    out << "  " << dot_quote(start) << " [label=\"\", shape=\"point\", width=\"0.15\"];\n";
  }

  for (auto v : boost::make_iterator_range(boost::vertices(graph))) {
    const State& s = process.states[graph[v].state];
    std::string label = wrap_lines(state_title(s), kStateWidth);
    label += "\n" + wrap_lines(state_detail(scenario, s), kDetailWidth);
    std::string attrs;
    switch (s.kind) {
      case StateKind::bargaining:
        attrs = "shape=\"box\", style=\"rounded\"";
        break;
      case StateKind::pause:
        attrs = "shape=\"ellipse\", style=\"dashed\"";
        break;
      case StateKind::chance:
        attrs = "shape=\"diamond\"";
        break;
      case StateKind::terminal:
        attrs = fmt::format("shape=\"doubleoctagon\", style=\"filled\", fillcolor=\"{}\"",
                            fills[s.outcome]);
        break;
    }
    const bool first_of_id = first.at(s.id) == static_cast<int>(v);
    const bool unreachable = initial != first.end() && !reach.reachable[v] && first_of_id;
    const bool trapped = s.kind != StateKind::terminal && !reach.can_end[v] && first_of_id;
    if (unreachable) label += "\n(never reached)";
    if (trapped) label += "\n(cannot reach an ending)";
    if (unreachable || trapped)
      attrs += fmt::format(", color=\"{}\", penwidth=\"2\"", kProblemColour);
    out << "  " << dot_quote(names[v]) << " [label=" << dot_quote(label) << ", " << attrs << "];\n";
  }

  if (initial != first.end())
    out << "  " << dot_quote(start) << " -> " << dot_quote(names[initial->second])
        << " [label=\"start\"];\n";
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    const std::size_t t = graph[e].transition;
    const Transition& tr = process.transitions[t];
    const State& from = process.states[graph[boost::source(e, graph)].state];
    std::string label = wrap_lines(edge_label(scenario, tr, from), kEdgeWidth);
    std::string style = tr.trigger == Trigger::event ? "dashed" : "";
    std::string extra;
    if (weights && t < weights->taken.size()) {
      const std::uint64_t taken = weights->taken[t];
      label += "\n" + share_text(taken, weights->branches);
      // Thickness by share, so the usual paths stand out; never taken: dotted grey.
      if (taken == 0) {
        style = "dotted";
        extra = fmt::format(", color=\"{}\", fontcolor=\"{}\"", kUntakenColour, kUntakenColour);
      } else {
        extra = fmt::format(", penwidth=\"{:.2f}\"", 1 + 5 * weights->share(t));
      }
    }
    out << "  " << dot_quote(names[boost::source(e, graph)]) << " -> "
        << dot_quote(names[boost::target(e, graph)]) << " [label=" << dot_quote(label);
    if (!style.empty()) out << ", style=\"" << style << "\"";
    out << extra << "];\n";
  }
  out << "}\n";
}

}  // namespace negsim
