#include "negsim/output/assumptions.hpp"

#include <fmt/format.h>

#include <cmath>
#include <regex>
#include <set>

#include "distribution_text.hpp"
#include "report_format.hpp"

namespace negsim {

namespace {

class Collector {
 public:
  Collector(const Scenario& scenario, const std::map<int, std::string>& notes)
      : scenario_(scenario), notes_(notes) {
    for (const std::string& o : scenario.overrides) {
      const auto eq = o.find('=');
      overrides_[o.substr(0, eq)] = eq == std::string::npos ? "" : o.substr(eq + 1);
    }
  }

  // `options`: the option names of an ordinal issue whose values are indices.
  void add(const Uncertain& u, std::string what,
           const std::vector<std::string>* options = nullptr) {
    const bool overridden = overrides_.count(u.path) > 0;
    if (u.is_fixed() && !overridden) return;
    Assumption a;
    a.what = std::move(what);
    a.path = u.path;
    a.overridden = overridden;
    const auto name = [options](double x) {
      if (options) {
        const double r = std::round(x);
        if (r == x && r >= 0 && r < static_cast<double>(options->size()))
          return (*options)[static_cast<std::size_t>(r)];
      }
      return fmt::format("{:.6g}", x);
    };
    a.value = describe_distribution(u.dist, name);
    if (u.dist.min || u.dist.max)
      a.value += fmt::format(", kept within {} to {}", u.dist.min ? name(*u.dist.min) : "−∞",
                             u.dist.max ? name(*u.dist.max) : "∞");
    if (overridden) {
      a.note = "set on the command line: --set " + u.path + "=" + overrides_.at(u.path);
      seen_.insert(u.path);
    } else if (const auto it = notes_.find(u.loc.line); u.loc.line > 0 && it != notes_.end()) {
      a.note = it->second;
    }
    a.sources = cited(a.note);
    rows_.push_back(std::move(a));
  }

  void add(const std::optional<Uncertain>& u, const std::string& what,
           const std::vector<std::string>* options = nullptr) {
    if (u) add(*u, what, options);
  }

  // Overrides of keys that are not uncertain numbers (or not numbers at all)
  // still appear, so that every --set is in the table.
  std::vector<Assumption> finish() {
    for (const std::string& o : scenario_.overrides) {
      const auto eq = o.find('=');
      const std::string key = o.substr(0, eq);
      if (seen_.count(key)) continue;
      seen_.insert(key);
      Assumption a;
      a.what = key;
      a.path = key;
      a.value = eq == std::string::npos ? "" : o.substr(eq + 1);
      a.note = "set on the command line: --set " + o;
      a.overridden = true;
      rows_.push_back(std::move(a));
    }
    return std::move(rows_);
  }

 private:
  // "[83]" and "[83][84]" in a note, resolved against scenario.sources.
  std::vector<std::string> cited(const std::string& note) const {
    std::vector<std::string> out;
    std::set<std::string> done;
    static const std::regex reference(R"(\[([A-Za-z0-9_\-]+)\])");
    for (auto it = std::sregex_iterator(note.begin(), note.end(), reference);
         it != std::sregex_iterator(); ++it) {
      const std::string id = (*it)[1];
      if (!done.insert(id).second) continue;
      for (const std::string& key : {"s" + id, id}) {
        const auto found = scenario_.sources.find(key);
        if (found != scenario_.sources.end()) {
          out.push_back("[" + id + "] " + found->second);
          break;
        }
      }
    }
    return out;
  }

  const Scenario& scenario_;
  const std::map<int, std::string>& notes_;
  std::map<std::string, std::string> overrides_;
  std::set<std::string> seen_;
  std::vector<Assumption> rows_;
};

}  // namespace

std::vector<Assumption> scenario_assumptions(const Scenario& scenario,
                                             const std::map<int, std::string>& notes) {
  Collector c(scenario, notes);
  for (const Party& p : scenario.parties) {
    const std::string who = report::label_or_id(p.name, p.id) + ": ";
    c.add(p.capability, who + "leverage (capability)");
    c.add(p.batna, who + "value of no deal (BATNA)");
    c.add(p.cost_per_round, who + "cost of delay per " + scenario.round_label);
    c.add(p.patience, who + "patience (" + scenario.round_label + "s below the value of no deal)");
    c.add(p.curvature, who + "risk attitude (curvature)");
    c.add(p.approval_threshold, who + "approval threshold");
    c.add(p.approval_spread, who + "approval spread");
    c.add(p.tactic.e, who + "concession tactic (e)");
    c.add(p.tactic.k, who + "opening concession (k)");
    for (const Demand& d : p.demands) {
      const Issue* issue = scenario.issue(d.issue);
      const std::string on = issue ? report::label_or_id(issue->label, issue->id) : d.issue;
      const std::vector<std::string>* options =
          issue && issue->is_discrete() ? &issue->options : nullptr;
      c.add(d.ideal, who + "ideal on " + on, options);
      c.add(d.red_line, who + "red line on " + on, options);
      c.add(d.salience, who + "weight of " + on);
      c.add(d.curvature, who + "risk attitude on " + on);
    }
  }
  for (const Event& e : scenario.events) {
    const std::string what = report::label_or_id(e.label, e.id);
    c.add(e.chance, what + ": chance per " + scenario.round_label);
    for (const Effect& effect : e.effects)
      c.add(effect.value,
            what + ": effect on " + effect.target + " (" + to_string(effect.op) + ")");
  }
  if (scenario.process.deadline)
    c.add(*scenario.process.deadline, "Deadline (" + scenario.round_label + ")");
  for (const Deadline& d : scenario.process.deadlines)
    c.add(d.round, report::label_or_id(d.label, d.id) + " (" + scenario.round_label + ")");
  for (const State& s : scenario.process.states)
    c.add(s.max_rounds,
          report::label_or_id(s.label, s.id) + ": most " + scenario.round_label + "s here");
  for (const Transition& t : scenario.process.transitions) {
    const State* from = scenario.state(t.from);
    const State* to = scenario.state(t.to);
    const std::string what = (from ? report::label_or_id(from->label, from->id) : t.from) + " → " +
                             (to ? report::label_or_id(to->label, to->id) : t.to);
    if (t.trigger == Trigger::probability && t.probability_kind == ProbabilityKind::plain)
      c.add(t.probability, what + ": probability");
    c.add(t.approval_threshold, what + ": approval threshold");
    c.add(t.approval_spread, what + ": approval spread");
    for (const Effect& effect : t.effects)
      c.add(effect.value,
            what + ": effect on " + effect.target + " (" + to_string(effect.op) + ")");
  }
  return c.finish();
}

}  // namespace negsim
