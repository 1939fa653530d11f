#include "compiled_scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "negsim/model/concession.hpp"
#include "negsim/model/correlation.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/rng.hpp"

namespace negsim::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class Compiler {
 public:
  explicit Compiler(const Scenario& s) : s_(s) {}

  CompiledScenario run() {
    for (std::size_t i = 0; i < s_.issues.size(); ++i) issue_index_.emplace(s_.issues[i].id, i);
    for (std::size_t i = 0; i < s_.events.size(); ++i) event_index_.emplace(s_.events[i].id, i);
    for (std::size_t i = 0; i < s_.parties.size(); ++i) party_index_.emplace(s_.parties[i].id, i);
    for (std::size_t i = 0; i < s_.process.states.size(); ++i)
      state_index_.emplace(s_.process.states[i].id, i);  // first wins with duplicates
    compile_parties();
    compile_issues();
    compile_events();
    compile_process();
    compile_effects();
    compile_time();
    if (!problems_.empty()) throw InputError(std::move(problems_));
    for (const ParamSpec& p : c_.params) c_.fixed_values.push_back(p.fixed);
    compile_hazards();
    for (std::size_t i = 0; i < c_.params.size(); ++i)
      if (c_.params[i].uncertain) c_.uncertain.push_back(static_cast<int>(i));
    c_.linear =
        std::all_of(c_.params.begin(), c_.params.end(),
                    [](const ParamSpec& p) {
                      return p.kind != ParamKind::curvature || (!p.uncertain && p.fixed == 1);
                    }) &&
        std::none_of(c_.effects.begin(), c_.effects.end(), [this](const EffectSpec& e) {
          return c_.params[static_cast<std::size_t>(e.param)].kind == ParamKind::curvature;
        });
    compile_correlations();
    if (!problems_.empty()) throw InputError(std::move(problems_));
    return std::move(c_);
  }

 private:
  int add_param(std::string path, ParamKind kind, const Uncertain* value, int issue = -1,
                int stance = -1) {
    ParamSpec p;
    p.path = std::move(path);
    p.kind = kind;
    p.issue = issue;
    p.stance = stance;
    p.party = current_party_;
    p.event = current_event_;
    p.state = current_state_;
    p.purpose = purpose_id("param:" + p.path);
    if (value == nullptr) {
      p.fixed = kNaN;  // only red lines may be absent
    } else if (value->is_fixed()) {
      double v = value->fixed_value();
      if (issue >= 0) v = issue_scale(s_.issues[static_cast<std::size_t>(issue)]).to_position(v);
      p.fixed = clamp_param(kind, v);
    } else {
      p.uncertain = true;
      p.dist = value->dist;
      p.fixed = kNaN;
    }
    const int index = static_cast<int>(c_.params.size());
    param_index_.emplace(p.path, index);
    c_.params.push_back(std::move(p));
    return index;
  }

  void compile_parties() {
    for (const Party& party : s_.parties) {
      const std::string base = "parties." + party.id + ".";
      current_party_ = static_cast<int>(c_.parties.size());
      PartySpec spec{};
      spec.capability = add_param(base + "capability", ParamKind::capability, &party.capability);
      spec.batna = add_param(base + "batna", ParamKind::batna, &party.batna);
      spec.cost_per_round =
          add_param(base + "costs.per_round", ParamKind::cost_per_round, &party.cost_per_round);
      spec.patience = add_param(base + "patience", ParamKind::patience, &party.patience);
      spec.tactic_e = add_param(base + "tactic.e", ParamKind::tactic_e, &party.tactic.e);
      spec.tactic_k = add_param(base + "tactic.k", ParamKind::tactic_k, &party.tactic.k);
      spec.curvature = add_param(base + "curvature", ParamKind::curvature, &party.curvature);
      spec.approval_threshold = party.approval_threshold ? add_param(base + "approval.threshold",
                                                                     ParamKind::approval_threshold,
                                                                     &*party.approval_threshold)
                                                         : -1;
      spec.approval_spread = party.approval_spread
                                 ? add_param(base + "approval.spread", ParamKind::approval_spread,
                                             &*party.approval_spread)
                                 : -1;
      spec.principal = party.role == Role::principal;
      spec.pulls = party.role != Role::ratifier;
      spec.stance_begin = static_cast<int>(c_.stances.size());
      const int party_index = static_cast<int>(c_.parties.size());
      for (const Demand& d : party.demands) {
        auto it = issue_index_.find(d.issue);
        if (it == issue_index_.end()) continue;  // the loader reports unknown issues
        const int issue = static_cast<int>(it->second);
        const int stance = static_cast<int>(c_.stances.size());
        const std::string dbase = base + "demands." + d.issue + ".";
        StanceSpec st{};
        st.party = party_index;
        st.issue = issue;
        st.ideal = add_param(dbase + "ideal", ParamKind::ideal, &d.ideal, issue, stance);
        st.red_line = add_param(dbase + "red_line", ParamKind::red_line,
                                d.red_line ? &*d.red_line : nullptr, issue, stance);
        st.salience = add_param(dbase + "salience", ParamKind::salience, &d.salience, -1, stance);
        st.curvature = d.curvature ? add_param(dbase + "curvature", ParamKind::curvature,
                                               &*d.curvature, -1, stance)
                                   : spec.curvature;
        c_.stances.push_back(st);
      }
      spec.stance_end = static_cast<int>(c_.stances.size());
      if (spec.principal) c_.principals.push_back(party_index);
      c_.parties.push_back(spec);
    }
    current_party_ = -1;
  }

  void compile_issues() {
    const std::size_t n = s_.issues.size();
    c_.issue_stance_begin.assign(n + 1, 0);
    for (const StanceSpec& st : c_.stances)
      ++c_.issue_stance_begin[static_cast<std::size_t>(st.issue) + 1];
    for (std::size_t k = 0; k < n; ++k) c_.issue_stance_begin[k + 1] += c_.issue_stance_begin[k];
    c_.issue_stances.assign(c_.stances.size(), 0);
    std::vector<int> cursor(c_.issue_stance_begin.begin(), c_.issue_stance_begin.end() - 1);
    c_.stance_slot.assign(c_.stances.size(), 0);
    for (std::size_t j = 0; j < c_.stances.size(); ++j) {
      const int slot = cursor[static_cast<std::size_t>(c_.stances[j].issue)]++;
      c_.issue_stances[static_cast<std::size_t>(slot)] = static_cast<int>(j);
      c_.stance_slot[j] = slot;
    }
    for (const Issue& issue : s_.issues) {
      c_.issue_options.push_back(
          issue.is_discrete() ? static_cast<int>(std::max<std::size_t>(issue.options.size(), 2))
                              : 0);
      c_.issue_scales.push_back(issue_scale(issue));
    }
  }

  void compile_events() {
    for (std::size_t e = 0; e < s_.events.size(); ++e) {
      const Event& event = s_.events[e];
      EventSpec spec{};
      current_event_ = static_cast<int>(e);
      spec.chance = add_param("events." + event.id + ".chance", ParamKind::chance, &event.chance);
      current_event_ = -1;
      spec.repeats = event.repeats;
      spec.purpose = purpose_id("event:" + event.id);
      spec.effect_begin = static_cast<int>(c_.effects.size());
      c_.events.push_back(spec);
    }
  }

  // Effects may target any parameter, including other events' chances and the
  // process's deadlines, so they are resolved once every parameter exists.
  void compile_effects() {
    for (std::size_t e = 0; e < s_.events.size(); ++e) {
      const Event& event = s_.events[e];
      c_.events[e].effect_begin = static_cast<int>(c_.effects.size());
      for (std::size_t i = 0; i < event.effects.size(); ++i)
        add_effect(event.effects[i], fmt::format("events[{}].effects[{}].target", e, i),
                   fmt::format("effect:{}:{}", event.id, i));
      c_.events[e].effect_end = static_cast<int>(c_.effects.size());
    }
    const auto& transitions = s_.process.transitions;
    for (std::size_t t = 0; t < transitions.size(); ++t) {
      c_.transition_effect_begin.push_back(static_cast<int>(c_.effects.size()));
      for (std::size_t i = 0; i < transitions[t].effects.size(); ++i)
        add_effect(
            transitions[t].effects[i],
            fmt::format("process.transitions[{}].effects[{}].target", t, i),
            fmt::format("transition-effect:{}->{}:{}", transitions[t].from, transitions[t].to, i));
      c_.transition_effect_end.push_back(static_cast<int>(c_.effects.size()));
    }
  }

  void add_effect(const Effect& effect, const std::string& where, const std::string& purpose) {
    auto it = param_index_.find(effect.target);
    if (it == param_index_.end()) {
      problem(effect.loc, where,
              fmt::format("'{}' names no parameter of this scenario (a party's capability, "
                          "batna, costs.per_round, patience, tactic.e, tactic.k, curvature, "
                          "demands.ISSUE.ideal/red_line/salience, an event's chance, or a "
                          "deadline, round limit or transition probability of the process)",
                          effect.target));
      return;
    }
    EffectSpec spec{};
    spec.param = it->second;
    spec.op = effect.op;
    spec.uncertain = !effect.value.is_fixed();
    spec.value = effect.value.is_fixed() ? effect.value.fixed_value() : 0.0;
    if (spec.uncertain) spec.dist = effect.value.dist;
    spec.purpose = purpose_id(purpose);
    c_.effects.push_back(std::move(spec));
  }

  int state_of(const std::string& id) const {
    auto it = state_index_.find(id);
    return it == state_index_.end() ? -1 : static_cast<int>(it->second);
  }

  void compile_process() {
    const Process& process = s_.process;
    for (const State& state : process.states) {
      if (state.kind != StateKind::terminal) continue;
      if (std::find(c_.outcomes.begin(), c_.outcomes.end(), state.outcome) == c_.outcomes.end())
        c_.outcomes.push_back(state.outcome);
    }
    // Then the outcomes of branches still open at the horizon in a state that
    // names one (docs/model.md 9.1).
    for (const State& state : process.states) {
      if (state.horizon_outcome.empty()) continue;
      if (std::find(c_.outcomes.begin(), c_.outcomes.end(), state.horizon_outcome) ==
          c_.outcomes.end())
        c_.outcomes.push_back(state.horizon_outcome);
    }
    c_.outcomes.push_back("unresolved");
    c_.deadline_params.push_back(
        process.deadline ? add_param("process.deadline", ParamKind::deadline, &*process.deadline)
                         : -1);
    for (const Deadline& d : process.deadlines)
      c_.deadline_params.push_back(
          add_param("process.deadlines." + d.id, ParamKind::deadline, &d.round));

    std::vector<std::vector<EdgeSpec>> out(process.states.size());
    for (std::size_t t = 0; t < process.transitions.size(); ++t) {
      const Transition& tr = process.transitions[t];
      const int from = state_of(tr.from), to = state_of(tr.to);
      if (from < 0 || to < 0) continue;  // check_process reports these
      EdgeSpec edge{tr.trigger, to, -1, -1, static_cast<int>(t)};
      if (tr.trigger == Trigger::deadline) {
        if (tr.deadline.empty()) {
          edge.deadline = 0;
        } else {
          const auto& ds = process.deadlines;
          const auto it = std::find_if(ds.begin(), ds.end(),
                                       [&](const Deadline& d) { return d.id == tr.deadline; });
          if (it == ds.end()) continue;  // the loader reports unknown deadlines
          edge.deadline = 1 + static_cast<int>(it - ds.begin());
        }
      }
      if (tr.trigger == Trigger::event) {
        auto it = event_index_.find(tr.event);
        if (it == event_index_.end()) {
          problem(tr.loc, fmt::format("process.transitions[{}].event", t),
                  fmt::format("no event has the id '{}'", tr.event));
          continue;
        }
        edge.event = static_cast<int>(it->second);
      }
      if (tr.trigger == Trigger::probability) {
        const std::string path = tr.probability.path.empty()
                                     ? fmt::format("process.transitions[{}].probability", t)
                                     : tr.probability.path;
        current_state_ = from;
        edge.kind = tr.probability_kind;
        edge.probability = add_param(path, ParamKind::probability, &tr.probability);
        if (tr.probability_kind == ProbabilityKind::approval) {
          auto it = party_index_.find(tr.approval_by);
          if (it == party_index_.end()) {
            current_state_ = -1;
            continue;  // the loader reports unknown parties
          }
          edge.approval_by = static_cast<int>(it->second);
          const PartySpec& by = c_.parties[it->second];
          const std::string base =
              fmt::format("process.transitions.{}->{}.approval.", tr.from, tr.to);
          edge.approval_threshold =
              tr.approval_threshold ? add_param(base + "threshold", ParamKind::approval_threshold,
                                                &*tr.approval_threshold)
                                    : by.approval_threshold;
          edge.approval_spread =
              tr.approval_spread
                  ? add_param(base + "spread", ParamKind::approval_spread, &*tr.approval_spread)
                  : by.approval_spread;
          if (edge.approval_threshold < 0 || edge.approval_spread < 0) {
            current_state_ = -1;
            continue;  // the loader reports a missing threshold
          }
        }
        current_state_ = -1;
      }
      out[static_cast<std::size_t>(from)].push_back(edge);
    }

    for (std::size_t i = 0; i < process.states.size(); ++i) {
      const State& state = process.states[i];
      auto& edges = out[i];
      std::stable_sort(edges.begin(), edges.end(), [](const EdgeSpec& a, const EdgeSpec& b) {
        return trigger_priority(a.trigger) < trigger_priority(b.trigger);
      });
      StateSpec spec{};
      spec.kind = state.kind;
      current_state_ = static_cast<int>(i);
      spec.max_rounds = state.max_rounds ? add_param("process.states." + state.id + ".max_rounds",
                                                     ParamKind::max_rounds, &*state.max_rounds)
                                         : -1;
      current_state_ = -1;
      spec.rule = state.proposal_rule.value_or(process.proposal_rule);
      spec.outcome = -1;
      const std::string& outcome =
          state.kind == StateKind::terminal ? state.outcome : state.horizon_outcome;
      if (!outcome.empty())
        spec.outcome = static_cast<int>(std::find(c_.outcomes.begin(), c_.outcomes.end(), outcome) -
                                        c_.outcomes.begin());
      spec.edge_begin = static_cast<int>(c_.edges.size());
      for (const EdgeSpec& e : edges) {
        c_.edges.push_back(e);
        spec.triggers |= 1u << static_cast<unsigned>(e.trigger);
        if (e.trigger == Trigger::probability) spec.has_probability = true;
        if (e.kind == ProbabilityKind::otherwise) spec.has_otherwise = true;
        if (e.kind == ProbabilityKind::approval) spec.terms_dependent = true;
      }
      spec.edge_end = static_cast<int>(c_.edges.size());
      spec.purpose = purpose_id("transition:" + state.id);
      if (!state.agenda.empty() && state.kind == StateKind::bargaining) {
        std::vector<char> on(s_.issues.size(), 0);
        for (const std::string& id : state.agenda)
          if (auto it = issue_index_.find(id); it != issue_index_.end()) on[it->second] = 1;
        if (std::find(on.begin(), on.end(), 0) != on.end()) {  // a real subset
          auto same = std::find(c_.agendas.begin(), c_.agendas.end(), on);
          spec.agenda = static_cast<int>(same - c_.agendas.begin());
          if (same == c_.agendas.end()) c_.agendas.push_back(std::move(on));
        }
      }
      spec.milestone_begin = static_cast<int>(c_.state_milestones.size());
      for (std::size_t m = 0; m < process.milestones.size(); ++m) {
        const auto& states = process.milestones[m].states;
        if (std::find(states.begin(), states.end(), state.id) != states.end())
          c_.state_milestones.push_back(static_cast<int>(m));
      }
      spec.milestone_end = static_cast<int>(c_.state_milestones.size());
      spec.event_begin = static_cast<int>(c_.state_events.size());
      if (state.kind != StateKind::terminal) {
        for (std::size_t e = 0; e < s_.events.size(); ++e) {
          const auto& where = s_.events[e].states;
          if (where.empty() || std::find(where.begin(), where.end(), state.id) != where.end())
            c_.state_events.push_back(static_cast<int>(e));
        }
      }
      spec.event_end = static_cast<int>(c_.state_events.size());
      c_.states.push_back(spec);
    }
    for (std::size_t e = 0; e < s_.events.size(); ++e)
      for (std::size_t j = 0; j < s_.events[e].states.size(); ++j)
        if (state_of(s_.events[e].states[j]) < 0)
          problem(s_.events[e].loc, fmt::format("events[{}].states[{}]", e, j),
                  fmt::format("no state has the id '{}'", s_.events[e].states[j]));
    c_.initial = std::max(0, state_of(process.initial));
    c_.milestones = process.milestones.size();
    c_.learn_red_lines = !process.mediator_knows_red_lines;
  }

  void compile_time() {
    c_.horizon = std::max(0, s_.horizon);
    compile_log_time_by_span();
    const auto& deadline = s_.process.deadline;
    if (deadline && !deadline->is_fixed()) {
      c_.time_scale = 0;  // drawn per branch
      return;
    }
    c_.time_scale = deadline ? static_cast<int>(std::lround(std::max(1.0, deadline->fixed_value())))
                             : std::max(1, c_.horizon);
    c_.log_time.resize(static_cast<std::size_t>(c_.horizon) + 1);
    for (int r = 0; r <= c_.horizon; ++r) {
      // docs/model.md 4.1: t_r = min(1, r / T); log t = -inf at r = 0.
      c_.log_time[static_cast<std::size_t>(r)] = std::log(negotiation_time(r, c_.time_scale));
    }
  }

  // docs/model.md 4.1: log t_r for every clock that a deadline drawn per
  // branch (an integer number of rounds) or moved by a shock can set, up to
  // twice the horizon; the rounds a clock of `span` rounds can reach are
  // 0..min(span - 1, horizon) (from r = span on, t = 1 and log t = 0). The
  // table grows with the square of the horizon, so it stops at
  // kLogTimeEntries (512 KB); longer clocks work log t out each round.
  void compile_log_time_by_span() {
    constexpr std::size_t kLogTimeEntries = 65536;
    const int spans = 2 * (c_.horizon + 1);
    c_.log_time_row.assign(1, 0);
    c_.log_time_by_span.clear();
    for (int span = 1; span <= spans; ++span) {
      const int rounds = std::min(span, c_.horizon + 1);
      if (c_.log_time_by_span.size() + static_cast<std::size_t>(rounds) > kLogTimeEntries) break;
      c_.log_time_row.push_back(static_cast<int>(c_.log_time_by_span.size()));
      for (int r = 0; r < rounds; ++r)
        c_.log_time_by_span.push_back(std::log(negotiation_time(r, span)));
    }
  }

  void compile_hazards() {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    for (const EventSpec& e : c_.events) {
      const ParamSpec& p = c_.params[static_cast<std::size_t>(e.chance)];
      c_.event_hazard.push_back(p.uncertain ? kNaN : hazard_of(p.fixed));
    }
    for (const StateSpec& s : c_.states) {
      double total = 0;
      bool fixed = true;
      for (int i = s.edge_begin; i < s.edge_end; ++i) {
        const EdgeSpec& e = c_.edges[static_cast<std::size_t>(i)];
        if (e.trigger != Trigger::probability) continue;
        fixed = fixed && e.kind == ProbabilityKind::plain;
        const ParamSpec& p = c_.params[static_cast<std::size_t>(e.probability)];
        fixed = fixed && !p.uncertain;
        total += p.fixed;
      }
      c_.state_hazard.push_back(fixed ? hazard_of(total) : kNaN);
    }
  }

  // docs/model.md 11.1: the parameters linked by correlations
  // fall into connected sets, each sampled by its own copula. A member that is
  // a plain number here (a driver's copy of the scenario fixes an event's
  // chance) keeps its place, so that the others still draw the same values.
  void compile_correlations() {
    const auto& list = s_.correlations;
    c_.input_copula.assign(c_.uncertain.size(), -1);
    if (list.empty()) return;
    std::vector<int> parent(c_.params.size());
    for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
    const auto root = [&](int i) {
      while (parent[static_cast<std::size_t>(i)] != i) i = parent[static_cast<std::size_t>(i)];
      return i;
    };
    std::vector<std::pair<int, int>> pairs;
    for (std::size_t k = 0; k < list.size(); ++k) {
      int ends[2];
      for (int e = 0; e < 2; ++e) {
        const std::string& path = e == 0 ? list[k].a : list[k].b;
        const auto it = param_index_.find(path);
        ends[e] = it == param_index_.end() ? -1 : it->second;
        if (ends[e] < 0)
          problem(list[k].loc, fmt::format("correlations[{}].between[{}]", k, e),
                  fmt::format("'{}' names no parameter of this scenario", path));
      }
      pairs.emplace_back(ends[0], ends[1]);
      if (ends[0] >= 0 && ends[1] >= 0)
        parent[static_cast<std::size_t>(root(ends[0]))] = root(ends[1]);
    }
    if (!problems_.empty()) return;
    std::vector<int> copula_of(c_.params.size(), -1);
    for (const auto& [a, b] : pairs)
      for (int p : {a, b}) {
        int& group = copula_of[static_cast<std::size_t>(root(p))];
        if (group < 0) {
          group = static_cast<int>(c_.copulas.size());
          c_.copulas.emplace_back();
        }
      }
    for (std::size_t p = 0; p < c_.params.size(); ++p) {
      const int group = copula_of[static_cast<std::size_t>(root(static_cast<int>(p)))];
      const bool member = std::any_of(pairs.begin(), pairs.end(), [&](const auto& pr) {
        return pr.first == static_cast<int>(p) || pr.second == static_cast<int>(p);
      });
      if (group >= 0 && member)
        c_.copulas[static_cast<std::size_t>(group)].params.push_back(static_cast<int>(p));
    }
    for (std::size_t g = 0; g < c_.copulas.size(); ++g) {
      CopulaSpec& copula = c_.copulas[g];
      const std::size_t m = copula.params.size();
      const auto slot = [&](int p) {
        return static_cast<std::size_t>(std::find(copula.params.begin(), copula.params.end(), p) -
                                        copula.params.begin());
      };
      copula.normal.assign(m * m, 0.0);
      for (std::size_t i = 0; i < m; ++i) copula.normal[i * m + i] = 1.0;
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto [a, b] = pairs[k];
        if (copula_of[static_cast<std::size_t>(root(a))] != static_cast<int>(g)) continue;
        const double r = normal_correlation_from_rank(list[k].rank);
        copula.normal[slot(a) * m + slot(b)] = copula.normal[slot(b) * m + slot(a)] = r;
      }
      CholeskyFactor factor = cholesky_semidefinite(copula.normal, m);
      if (!factor.ok()) {
        problem(list.front().loc, "correlations",
                "the rank correlations cannot all hold at once (their matrix is not positive "
                "semi-definite)");
        continue;
      }
      copula.lower = std::move(factor.lower);
      for (int p : copula.params) {
        const auto it = std::find(c_.uncertain.begin(), c_.uncertain.end(), p);
        const int input =
            it == c_.uncertain.end() ? -1 : static_cast<int>(it - c_.uncertain.begin());
        copula.inputs.push_back(input);
        if (input >= 0) c_.input_copula[static_cast<std::size_t>(input)] = static_cast<int>(g);
      }
    }
  }

  void problem(SourceLoc loc, std::string path, std::string message) {
    problems_.push_back(
        Diagnostic{s_.file, loc.line, loc.column, std::move(path), std::move(message)});
  }

  const Scenario& s_;
  CompiledScenario c_;
  std::unordered_map<std::string, std::size_t> issue_index_, event_index_, state_index_,
      party_index_;
  std::unordered_map<std::string, int> param_index_;
  std::vector<Diagnostic> problems_;
  int current_party_ = -1, current_event_ = -1, current_state_ = -1;  // owner of new params
};

}  // namespace

// Ordinal and binary issues hold option indices 0..n-1.
IssueScale issue_scale(const Issue& issue) {
  if (issue.is_discrete())
    return {0.0, static_cast<double>(std::max<std::size_t>(issue.options.size(), 2) - 1)};
  return {issue.low, issue.high};
}

int trigger_priority(Trigger trigger) {
  switch (trigger) {
    case Trigger::accepted:
      return 0;
    case Trigger::walkout:
      return 1;
    case Trigger::event:
      return 2;
    case Trigger::deadline:
      return 3;
    case Trigger::round_limit:
      return 4;
    case Trigger::rejected:
      return 5;
    case Trigger::probability:
      return 6;
  }
  return 7;
}

CompiledScenario compile_scenario(const Scenario& scenario) {
  return Compiler(scenario).run();
}

}  // namespace negsim::detail
