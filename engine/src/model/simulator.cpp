// One branch of the talks as a pure function of (scenario, seed, branch).
// The order of steps in a round, the random streams and every equation are
// specified in docs/model.md; the comments below cite its sections by number.

#include "negsim/model/simulator.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>

#include "branch_state.hpp"
#include "compiled_scenario.hpp"
#include "input_sampler.hpp"
#include "negsim/model/branch_observer.hpp"
#include "negsim/model/concession.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/nash.hpp"
#include "negsim/model/process_graph.hpp"
#include "negsim/model/proposal.hpp"
#include "negsim/model/rng.hpp"
#include "negsim/model/utility.hpp"

// [[gnu::flatten]] on the branch loop, except under AddressSanitizer or
// ThreadSanitizer (the sanitize and tsan presets): there the flattened,
// instrumented loop makes this file 3.4 times as long to compile (70 against
// 21 CPU seconds), and inlining changes no result and checks nothing more.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NEGSIM_FLATTEN
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NEGSIM_FLATTEN
#endif
#endif
#ifndef NEGSIM_FLATTEN
#define NEGSIM_FLATTEN [[gnu::flatten]]
#endif
// The steps of a round. A build with NEGSIM_STEP_PROFILE keeps them out of
// line, so that callgrind counts each apart (tools/bench/cost_by_step); any
// other build inlines them into the round loop, where they cost less.
#if NEGSIM_STEP_PROFILE
#define NEGSIM_STEP [[gnu::noinline]]
#else
#define NEGSIM_STEP
#endif

namespace negsim {

using detail::BranchState;
using detail::CompiledScenario;
using detail::ParamKind;
using detail::Verdict;
using negsim::IssueZone;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Utilities equal up to rounding count as equal when a party compares them.
constexpr double kUtilityTolerance = 1e-12;
// Chance states resolve at once; at most this many in a row within one round
// (a loop of chance states ends, with probability 1, long before).
constexpr int kChanceHops = 64;

// Patience counts whole rounds: the nearest integer, at least 1.
// std::lround done inline for the values a round count takes (a library call
// otherwise, some 20 times a branch): the fraction value - whole is exact,
// and half-way rounds up (away from zero) as lround does.
int patience_of(double value) {
  if (value >= 1 && value < 1e9) {
    const auto whole = static_cast<long>(value);
    return static_cast<int>(value - static_cast<double>(whole) >= 0.5 ? whole + 1 : whole);
  }
  return static_cast<int>(std::max(1L, std::lround(value)));
}
// Deadlines and round limits too.
int rounds_of(double value) {
  return patience_of(value);
}

// docs/model.md 4.3 and 4.5: the aspiration once the share f is conceded,
// falling from `start` (1 until the clock restarts) to the reservation r.
double aspiration_from(double start, double f, double r) {
  if (start == 1) return aspiration(f, r);
  return r + std::max(0.0, start - r) * (1.0 - f);
}

double apply_op(EffectOp op, double current, double operand) {
  switch (op) {
    case EffectOp::add:
      return current + operand;
    case EffectOp::multiply:
      return current * operand;
    case EffectOp::set:
      return operand;
  }
  return current;
}

}  // namespace

struct Simulator::Impl {
  Scenario scenario;
  CompiledScenario c;
  // Tells a thread's BranchState whether it is already sized for this
  // scenario (an address could be reused by another Simulator; an id is not).
  std::uint64_t id = next_id();

  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
  }

  // Everything that follows is one branch; `Trace` compiles the narrative in
  // or out, so the untraced loop carries no formatting and no branches on it.
  template <bool Trace>
  struct Run {
    const Impl& sim;
    const CompiledScenario& c;
    BranchState& st;
    BranchResult& out;
    std::uint64_t seed, branch;
    BranchObserver* tw;
    const InputDraws* draws = nullptr;  // how to draw the uncertain inputs; null: as usual

    int state = 0;
    int rounds_in_state = 0;
    bool restarted = false;  // the last effect restarted the concession clock (trace)
    int current_round = 0;   // the round being played (0 before the first)
    int last_fired = -1;     // the last round in which some event fired

    std::span<const Stance> stances_of(int party) const {
      const auto& p = c.parties[static_cast<std::size_t>(party)];
      return std::span<const Stance>(st.stance).subspan(
          static_cast<std::size_t>(p.stance_begin),
          static_cast<std::size_t>(p.stance_end - p.stance_begin));
    }

    // docs/model.md 11: one stream per parameter key path; correlated
    // inputs and sensitivity plans (input_draws.hpp) mix or replace the uniforms.
    void sample() {
      std::copy(c.fixed_values.begin(), c.fixed_values.end(), st.param.begin());
      const double* planned = detail::planned_uniforms(c, draws, seed, branch);
      out.inputs.resize(c.uncertain.size());
      for (std::size_t n = 0; n < c.uncertain.size(); ++n) {
        const int i = c.uncertain[n];
        const auto& spec = c.params[static_cast<std::size_t>(i)];
        double v = spec.dist.quantile(planned ? planned[n]
                                              : Stream(seed, spec.purpose, branch).uniform(0));
        out.inputs[n] = v;
        if (spec.issue >= 0)
          v = c.issue_scales[static_cast<std::size_t>(spec.issue)].to_position(v);
        st.param[static_cast<std::size_t>(i)] = detail::clamp_param(spec.kind, v);
      }
    }

    // Quantities derived from the parameters, all at once after sampling.
    void refresh() {
      for (std::size_t j = 0; j < c.stances.size(); ++j) refresh_stance(j);
      for (std::size_t p = 0; p < c.parties.size(); ++p) refresh_party(p);
      // Hazards of plain-number chances were worked out once, at compile time.
      for (std::size_t e = 0; e < c.events.size(); ++e)
        st.hazard[e] =
            std::isnan(c.event_hazard[e])
                ? detail::hazard_of(st.param[static_cast<std::size_t>(c.events[e].chance)])
                : c.event_hazard[e];
      for (std::size_t s = 0; s < c.states.size(); ++s) {
        if (std::isnan(c.state_hazard[s]))
          refresh_state(s);
        else
          st.state_hazard[s] = c.state_hazard[s];
        const int limit = c.states[s].max_rounds;
        st.max_rounds[s] = limit < 0 ? 0 : rounds_of(st.param[static_cast<std::size_t>(limit)]);
      }
      for (std::size_t d = 0; d < c.deadline_params.size(); ++d) refresh_deadline(d);
      st.clock_start = 0;
      st.clock_end = st.deadline_round[0] > 0 ? st.deadline_round[0] : std::max(1, c.horizon);
    }
    void refresh_deadline(std::size_t d) {
      const int param = c.deadline_params[d];
      st.deadline_round[d] = param < 0 ? 0 : rounds_of(st.param[static_cast<std::size_t>(param)]);
    }

    // docs/model.md 4.1: log t_r on the concession clock. The first table
    // holds it when the clock is the same in every branch and has not moved
    // (whatever the deadline's size), the second for the clocks a drawn or
    // moved deadline sets, up to twice the horizon; beyond, it is worked out.
    double log_time(int round) const {
      if (c.time_scale > 0 && st.clock_start == 0 && st.clock_end == c.time_scale)
        return c.log_time[static_cast<std::size_t>(round)];
      const int span = st.clock_end - st.clock_start;
      if (span <= 0) return 0.0;  // the deadline has passed: t = 1
      const int r = round - st.clock_start;
      if (static_cast<std::size_t>(span) < c.log_time_row.size() && r >= 0 && r <= c.horizon)
        return r >= span ? 0.0
                         : c.log_time_by_span[static_cast<std::size_t>(
                               c.log_time_row[static_cast<std::size_t>(span)] + r)];
      return std::log(negotiation_time(r, span));
    }

    // docs/model.md 4.5: a later deadline restarts the concession clock at
    // `round`. Each principal's aspiration falls from where it stands towards
    // its reservation utility by the new deadline, and its concessions start
    // again from its current demands.
    void restart_clock(int round) {
      settle_red_line_utilities();
      const double log_t = log_time(round);
      for (int p : c.principals) {
        const auto i = static_cast<std::size_t>(p);
        const double f = concession_curve_from_log(log_t, st.inverse_e[i], st.k[i]);
        const double r = reservation_utility(st.param[static_cast<std::size_t>(c.parties[i].batna)],
                                             st.red_line_utility[i]);
        st.aspiration_start[i] = aspiration_from(st.aspiration_start[i], f, r);
        st.conceded[i] = 0;
      }
      st.clock_start = round;
      st.clock_end = st.deadline_round[0] > 0 ? st.deadline_round[0] : std::max(1, c.horizon);
      restarted = true;
    }
    void refresh_stance(std::size_t j) {
      const auto& spec = c.stances[j];
      Stance& s = st.stance[j];
      st.zones_stale = true;  // a red line or ideal may have moved
      st.stances_changed = true;
      s.issue = spec.issue;
      s.ideal = st.param[static_cast<std::size_t>(spec.ideal)];
      s.red_line = st.param[static_cast<std::size_t>(spec.red_line)];
      s.salience = st.param[static_cast<std::size_t>(spec.salience)];
      s.curvature = st.param[static_cast<std::size_t>(spec.curvature)];
      // docs/model.md 9.3: an issue off the agenda weighs nothing and has no
      // red line while it is off.
      if (st.agenda >= 0 && !st.on_agenda[static_cast<std::size_t>(spec.issue)]) {
        s.salience = 0;
        s.red_line = std::numeric_limits<double>::quiet_NaN();
      }
      st.worst_loss[j] = worst_loss(s);
    }

    // docs/model.md 9.3: entering a bargaining state sets the agenda; the
    // stances, and what depends on them, follow it.
    // A new agenda is a new negotiation on other terms: each principal's
    // aspiration starts again from 1 and its concessions from its current
    // demands (docs/model.md 4.6); the clock runs on.
    void set_agenda(int agenda) {
      if (agenda == st.agenda) return;
      st.agenda = agenda;
      for (int p : c.principals) {
        st.aspiration_start[static_cast<std::size_t>(p)] = 1.0;
        st.conceded[static_cast<std::size_t>(p)] = 0.0;
      }
      for (std::size_t k = 0; k < st.on_agenda.size(); ++k)
        st.on_agenda[k] = agenda < 0 ? 1 : c.agendas[static_cast<std::size_t>(agenda)][k];
      for (std::size_t j = 0; j < c.stances.size(); ++j) {
        refresh_stance(j);
        // A red line that moved while its issue was off the agenda holds again.
        double& d = st.demand(j);
        d = clamp_to_red_line(d, st.stance[j].ideal, st.stance[j].red_line);
      }
      for (std::size_t p = 0; p < c.parties.size(); ++p) refresh_stances_of(p);
    }

    // A party's utility of the agreed package over the issues some agreement
    // covered, from its stances as they stand (whatever the agenda now);
    // `crossed` tells whether the package crosses one of its red lines.
    double agreed_utility(int party, bool& crossed) const {
      const auto& spec = c.parties[static_cast<std::size_t>(party)];
      double distance = 0, total = 0;
      crossed = false;
      for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
        const auto& s = c.stances[static_cast<std::size_t>(j)];
        const double x = st.agreed_x[static_cast<std::size_t>(s.issue)];
        if (std::isnan(x)) continue;
        const double ideal = st.param[static_cast<std::size_t>(s.ideal)];
        const double salience = st.param[static_cast<std::size_t>(s.salience)];
        const double rho = st.param[static_cast<std::size_t>(s.curvature)];
        if (!within_red_line(x, ideal, st.param[static_cast<std::size_t>(s.red_line)]))
          crossed = true;
        const double d = std::abs(x - ideal);
        distance += salience * (rho == 1 ? d : issue_loss(d, rho));
        total += salience;
      }
      if (total <= 0) return 1.0;
      return std::clamp(1.0 - distance / total, 0.0, 1.0);
    }
    void refresh_party(std::size_t p) {
      const auto& spec = c.parties[p];
      st.capability[p] = st.param[static_cast<std::size_t>(spec.capability)];
      st.inverse_e[p] = 1.0 / st.param[static_cast<std::size_t>(spec.tactic_e)];
      st.k[p] = st.param[static_cast<std::size_t>(spec.tactic_k)];
      st.patience[p] = patience_of(st.param[static_cast<std::size_t>(spec.patience)]);
      refresh_stances_of(p);
    }
    // What depends on a party's stances (and, through the pull weights, its capability).
    void refresh_stances_of(std::size_t p) {
      forget_red_line_utility(p);
      refresh_weights(p);
    }
    // Only a principal's verdicts and clock restarts read its red-line
    // utility, and they settle it first.
    void forget_red_line_utility(std::size_t p) { st.red_line_utility_stale[p] = 1; }
    NEGSIM_STEP void settle_red_line_utilities() {
      for (int party : c.principals) {
        const auto p = static_cast<std::size_t>(party);
        if (!st.red_line_utility_stale[p]) continue;
        st.red_line_utility_stale[p] = 0;
        st.red_line_utility[p] = red_line_utility(
            stances_of(static_cast<int>(p)),
            std::span<const double>(st.worst_loss)
                .subspan(
                    static_cast<std::size_t>(c.parties[p].stance_begin),
                    static_cast<std::size_t>(c.parties[p].stance_end - c.parties[p].stance_begin)));
      }
    }
    void refresh_weights(std::size_t p) {
      const auto& spec = c.parties[p];
      for (int j = spec.stance_begin; j < spec.stance_end; ++j)
        refresh_weight(p, static_cast<std::size_t>(j));
    }
    // docs/model.md 5: a stance's pull is its party's capability times its salience.
    void refresh_weight(std::size_t p, std::size_t j) {
      st.pull[static_cast<std::size_t>(c.stance_slot[j])].weight =
          c.parties[p].pulls ? st.capability[p] * st.stance[j].salience : 0.0;
    }

    // docs/model.md 9.2: the probability of an approval edge, a logistic in
    // the approving party's utility of the last agreed package; 0 without an
    // agreed package or when the package crosses one of its red lines.
    double approval_probability(const detail::EdgeSpec& e) const {
      if (!out.agreed) return 0.0;
      bool crossed = false;
      const double u = agreed_utility(e.approval_by, crossed);
      if (crossed) return 0.0;
      const double threshold = st.param[static_cast<std::size_t>(e.approval_threshold)];
      const double spread = st.param[static_cast<std::size_t>(e.approval_spread)];
      return 1.0 / (1.0 + std::exp(-(u - threshold) / spread));
    }
    // A probability edge's probability, but for an `otherwise` edge (the rest).
    double edge_probability(const detail::EdgeSpec& e) const {
      switch (e.kind) {
        case ProbabilityKind::plain:
          return st.param[static_cast<std::size_t>(e.probability)];
        case ProbabilityKind::approval:
          return approval_probability(e);
        case ProbabilityKind::otherwise:
          return 0.0;
      }
      return 0.0;
    }
    // Probability edges out of a bargaining or pause state act as one hazard:
    // some edge fires in a round with probability min(1, sum of p).
    void refresh_state(std::size_t s) {
      const auto& spec = c.states[s];
      double total = 0;
      for (int i = spec.edge_begin; i < spec.edge_end; ++i) {
        const auto& e = c.edges[static_cast<std::size_t>(i)];
        if (e.trigger == Trigger::probability) total += edge_probability(e);
      }
      st.state_hazard[s] = detail::hazard_of(total);
    }

    // docs/model.md 11: the exposure at which something fires is
    // -log(1 - U) for a uniform draw U, i.e. exponentially distributed.
    double exposure_threshold(std::uint64_t purpose, std::uint64_t index) const {
      return -std::log1p(-Stream(seed, purpose, branch).uniform(index));
    }

    NEGSIM_STEP void start() {
      // The result first: refresh() reads whether terms were agreed.
      out.outcome = -1;
      out.end_round = 0;
      out.agreed = false;
      out.agreed_round = -1;
      out.first_agreed_round = -1;
      out.milestone_round.assign(c.milestones, -1);
      out.package.clear();
      out.utility.clear();
      out.path.clear();
      out.fired.assign(c.events.size(), 0);
      st.agenda = -1;
      std::fill(st.on_agenda.begin(), st.on_agenda.end(), 1);
      std::fill(st.agreed_x.begin(), st.agreed_x.end(), std::numeric_limits<double>::quiet_NaN());
      sample();
      refresh();
      for (std::size_t j = 0; j < c.stances.size(); ++j) st.demand(j) = st.stance[j].ideal;
      std::fill(st.conceded.begin(), st.conceded.end(), 0.0);
      std::fill(st.aspiration_start.begin(), st.aspiration_start.end(), 1.0);
      std::fill(st.taken.begin(), st.taken.end(), 0u);
      std::fill(st.below.begin(), st.below.end(), 0);
      std::fill(st.visits.begin(), st.visits.end(), 0);
      std::fill(st.revealed.begin(), st.revealed.end(), 0);
      st.zones_stale = true;  // a new branch: its own red lines
      st.stances_changed = true;
      st.nash.forget();
      for (std::size_t e = 0; e < c.events.size(); ++e) {
        st.exposure[e] = 0;
        st.threshold[e] = exposure_threshold(c.events[e].purpose, 0);
        st.fired_round[e] = -1;
      }
    }

    // docs/model.md 8.
    NEGSIM_STEP void fire(int event, int round) {
      const auto& spec = c.events[static_cast<std::size_t>(event)];
      const std::uint32_t n = out.fired[static_cast<std::size_t>(event)]++;
      st.fired_round[static_cast<std::size_t>(event)] = round;
      last_fired = round;
      if constexpr (Trace) tw->shock(event, n + 1);
      for (int i = spec.effect_begin; i < spec.effect_end; ++i) {
        const auto& ef = c.effects[static_cast<std::size_t>(i)];
        const double operand =
            ef.uncertain ? ef.dist.quantile(Stream(seed, ef.purpose, branch).uniform(n)) : ef.value;
        const double before = st.param[static_cast<std::size_t>(ef.param)];
        apply_effect(ef, operand, round);
        if constexpr (Trace) {
          tw->effect(ef, operand, before, st.param[static_cast<std::size_t>(ef.param)]);
          if (restarted) tw->clock_restarted(st.clock_start, st.clock_end);
        }
        restarted = false;
      }
      if (spec.repeats) {
        st.exposure[static_cast<std::size_t>(event)] = 0;
        st.threshold[static_cast<std::size_t>(event)] = exposure_threshold(spec.purpose, n + 1);
      } else {
        st.threshold[static_cast<std::size_t>(event)] = kInfinity;
      }
    }

    // Changes one parameter and exactly what is derived from it.
    void apply_effect(const detail::EffectSpec& ef, double operand, int round) {
      const auto& target = c.params[static_cast<std::size_t>(ef.param)];
      double& value = st.param[static_cast<std::size_t>(ef.param)];
      const double before = value;
      if (target.issue >= 0) {
        // Positions change in the issue's own units (option indices for
        // ordinal issues); an absent red line only appears through `set`.
        const detail::IssueScale& scale = c.issue_scales[static_cast<std::size_t>(target.issue)];
        if (!std::isnan(before) || ef.op == EffectOp::set)
          value = detail::clamp_param(
              target.kind, scale.to_position(apply_op(ef.op, scale.to_units(before), operand)));
      } else {
        value = detail::clamp_param(target.kind, apply_op(ef.op, before, operand));
      }
      switch (target.kind) {
        case ParamKind::batna:
        case ParamKind::cost_per_round:
          break;  // read directly every round
        case ParamKind::capability: {
          const auto p = static_cast<std::size_t>(target.party);
          st.capability[p] = value;
          refresh_weights(p);
          break;
        }
        case ParamKind::patience:
          st.patience[static_cast<std::size_t>(target.party)] = patience_of(value);
          break;
        case ParamKind::tactic_e:
          st.inverse_e[static_cast<std::size_t>(target.party)] = 1 / value;
          break;
        case ParamKind::tactic_k:
          st.k[static_cast<std::size_t>(target.party)] = value;
          break;
        // Of what a stance change touches, the pull weights follow the
        // salience alone: an ideal, a red line or a curvature leaves them be.
        case ParamKind::curvature:
          if (target.stance < 0) {  // the party's: every stance that follows it
            const auto& spec = c.parties[static_cast<std::size_t>(target.party)];
            for (int j = spec.stance_begin; j < spec.stance_end; ++j)
              refresh_stance(static_cast<std::size_t>(j));
            forget_red_line_utility(static_cast<std::size_t>(target.party));
            break;
          }
          [[fallthrough]];
        case ParamKind::ideal:
        case ParamKind::red_line:
        case ParamKind::salience: {
          const auto j = static_cast<std::size_t>(target.stance);
          const auto p = static_cast<std::size_t>(target.party);
          refresh_stance(j);
          double& d = st.demand(j);
          // The party's demand moves with its ideal, and never lies beyond its red line.
          if (target.kind == ParamKind::ideal) d = std::clamp(d + (value - before), 0.0, 1.0);
          d = clamp_to_red_line(d, st.stance[j].ideal, st.stance[j].red_line);
          forget_red_line_utility(p);
          if (target.kind == ParamKind::salience) refresh_weight(p, j);
          break;
        }
        case ParamKind::chance:
          st.hazard[static_cast<std::size_t>(target.event)] = detail::hazard_of(value);
          break;
        case ParamKind::deadline:
          for (std::size_t d = 0; d < c.deadline_params.size(); ++d) {
            if (c.deadline_params[d] != ef.param) continue;
            refresh_deadline(d);
            if (d == 0) restart_clock(round);
          }
          break;
        case ParamKind::max_rounds:
          st.max_rounds[static_cast<std::size_t>(target.state)] = rounds_of(value);
          break;
        case ParamKind::approval_threshold:
        case ParamKind::approval_spread:
          for (std::size_t s = 0; s < c.states.size(); ++s)
            if (c.states[s].terms_dependent && c.states[s].kind != StateKind::chance)
              refresh_state(s);
          break;
        case ParamKind::probability:
          refresh_state(static_cast<std::size_t>(target.state));
          break;
      }
    }

    // docs/model.md 5.4: the zone of possible agreement on each issue, from
    // the red lines of the principals that the mediator knows. Worked out
    // again only when a stance or what the mediator knows has changed since
    // the last proposal: most rounds change neither.
    void update_zones() {
      if (!st.zones_stale) return;
      st.zones_stale = false;
      for (IssueZone& z : st.zone) z = IssueZone{};
      for (int p : c.principals) {
        const auto& spec = c.parties[static_cast<std::size_t>(p)];
        for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
          const auto i = static_cast<std::size_t>(j);
          if (c.learn_red_lines && !st.revealed[i]) continue;
          const Stance& s = st.stance[i];
          narrow(st.zone[static_cast<std::size_t>(s.issue)], s, j);
        }
      }
      for (std::size_t k = 0; k < st.zone.size(); ++k)
        st.zone_options[k] = zone_options(st.zone[k], c.issue_options[k]);
    }

    // docs/model.md 5. Returns true when the Nash rule found no package that
    // every principal prefers to no deal and fell back.
    NEGSIM_STEP bool propose(ProposalRule rule) {
      const std::size_t issues = c.issue_options.size();
      update_zones();
      if (rule == ProposalRule::compromise) {
        // The separable rule in one pass: each issue's position, then its
        // nearest point in the zone (the exact constrained optimum).
        for (std::size_t k = 0; k < issues; ++k) {
          const auto begin = static_cast<std::size_t>(c.issue_stance_begin[k]);
          const auto n = static_cast<std::size_t>(c.issue_stance_begin[k + 1]) - begin;
          st.x[k] =
              in_zone(k, compromise_position(std::span<const Pull>(st.pull.data() + begin, n)));
        }
        return false;
      }
      for (std::size_t k = 0; k < issues; ++k) {
        const auto begin = static_cast<std::size_t>(c.issue_stance_begin[k]);
        const auto n = static_cast<std::size_t>(c.issue_stance_begin[k + 1]) - begin;
        if (rule == ProposalRule::weighted_median) {
          std::copy_n(st.pull.begin() + static_cast<std::ptrdiff_t>(begin), n, st.pulls.begin());
          st.x[k] = weighted_median_position(std::span<Pull>(st.pulls.data(), n));
        } else {
          st.x[k] = compromise_position(std::span<const Pull>(st.pull.data() + begin, n));
        }
      }
      bool failed = false;
      if (rule == ProposalRule::nash) failed = !nash_point();
      if (rule == ProposalRule::nash && !failed)
        std::copy(st.x.begin(), st.x.end(), st.relaxed.begin());
      // Every rule's position, moved to the nearest position (or option) inside
      // the zone: for the separable rules the exact constrained optimum.
      for (std::size_t k = 0; k < issues; ++k) st.x[k] = in_zone(k, st.x[k]);
      if (rule == ProposalRule::nash && !failed) settle_on_options();
      return failed;
    }

    // The position (or option) of issue k nearest to x inside its zone.
    double in_zone(std::size_t k, double x) const {
      return nearest_in_zone(x, st.zone[k], c.issue_options[k], st.zone_options[k]);
    }

    // What the package in st.x gives principal p over no deal.
    double gain_of(int p) const {
      return utility(st.x, stances_of(p)) -
             st.param[static_cast<std::size_t>(c.parties[static_cast<std::size_t>(p)].batna)];
    }

    // The Nash product of the package in st.x (log form), -inf when some
    // principal does not gain over no deal.
    double nash_objective() const {
      double total = 0;
      for (int p : c.principals) {
        const double gain = gain_of(p);
        if (!(gain > 0)) return -kInfinity;
        total += std::max(0.0, st.capability[static_cast<std::size_t>(p)]) * std::log(gain);
      }
      return total;
    }

    // Whether the package in st.x gives every principal more than no deal:
    // nash_objective() > -inf without its logarithms.
    bool every_principal_gains() const {
      for (int p : c.principals)
        if (!(gain_of(p) > 0)) return false;
      return true;
    }

    // docs/model.md 5.3: the Nash package works on the continuous relaxation;
    // rounding an ordinal issue to its nearest option can leave a principal
    // without a gain. Then the options just below and above each such issue's
    // relaxed optimum (within the zone) are tried together, and the best
    // combination by the Nash product is tabled.
    void settle_on_options() {
      if (every_principal_gains()) return;
      st.between.clear();
      for (std::size_t k = 0; k < c.issue_options.size(); ++k) {
        const int n = c.issue_options[k];
        if (n < 2 || !st.zone[k].common(n)) continue;
        const double steps = n - 1;
        if (std::abs(st.relaxed[k] * steps - std::round(st.relaxed[k] * steps)) > 1e-9)
          st.between.push_back(static_cast<int>(k));
      }
      // 2^m combinations; beyond 10 such issues only the first 10 vary.
      const std::size_t m = std::min<std::size_t>(st.between.size(), 10);
      if (m == 0) return;
      std::copy(st.x.begin(), st.x.end(), st.fallback.begin());
      double best = -kInfinity;
      std::uint32_t best_mask = 0;
      for (std::uint32_t mask = 0; mask < (1u << m); ++mask) {
        for (std::size_t i = 0; i < m; ++i) {
          const auto k = static_cast<std::size_t>(st.between[i]);
          const int n = c.issue_options[k];
          const double steps = n - 1;
          const double option = (mask >> i & 1u) ? std::ceil(st.relaxed[k] * steps)
                                                 : std::floor(st.relaxed[k] * steps);
          st.x[k] = nearest_in_zone(option / steps, st.zone[k], n);
        }
        const double value = nash_objective();
        if (value > best) {
          best = value;
          best_mask = mask;
        }
      }
      if (best == -kInfinity) {
        std::copy(st.fallback.begin(), st.fallback.end(), st.x.begin());
        return;
      }
      for (std::size_t i = 0; i < m; ++i) {
        const auto k = static_cast<std::size_t>(st.between[i]);
        const int n = c.issue_options[k];
        const double steps = n - 1;
        const double option = (best_mask >> i & 1u) ? std::ceil(st.relaxed[k] * steps)
                                                    : std::floor(st.relaxed[k] * steps);
        st.x[k] = nearest_in_zone(option / steps, st.zone[k], n);
      }
    }

    // Nash bargaining among the principals within the zone of possible
    // agreement, started from the rule-free compromise package in st.x. An
    // issue without common ground stays at its compromise position.
    bool nash_point() {
      const std::size_t issues = c.issue_options.size();
      std::copy(st.x.begin(), st.x.end(), st.fallback.begin());
      for (std::size_t k = 0; k < issues; ++k) {
        const IssueZone& z = st.zone[k];
        if (z.common(c.issue_options[k])) {
          st.lower[k] = z.lower;
          st.upper[k] = std::max(z.lower, z.upper);
        } else {
          st.lower[k] = st.upper[k] = st.x[k];
        }
      }
      for (std::size_t i = 0; i < c.principals.size(); ++i) {
        const int p = c.principals[i];
        st.bargainers[i] = NashBargainer{
            st.capability[static_cast<std::size_t>(p)],
            st.param[static_cast<std::size_t>(c.parties[static_cast<std::size_t>(p)].batna)],
            stances_of(p)};
      }
      st.nash.same_stances = !st.stances_changed;
      st.stances_changed = false;
      if (!nash_solution(st.x, st.lower, st.upper, st.bargainers, st.nash)) {
        std::copy(st.fallback.begin(), st.fallback.end(), st.x.begin());
        return false;
      }
      return true;
    }

    // docs/model.md 6.
    NEGSIM_STEP Verdict judge(int party, double log_t) const {
      const auto p = static_cast<std::size_t>(party);
      const auto stances = stances_of(party);
      Verdict v;
      v.utility = c.linear ? utility<true>(st.x, stances) : utility(st.x, stances);
      v.batna = st.param[static_cast<std::size_t>(c.parties[p].batna)];
      v.reservation = reservation_utility(v.batna, st.red_line_utility[p]);
      v.f = concession_curve_from_log(log_t, st.inverse_e[p], st.k[p]);
      v.aspiration = aspiration_from(st.aspiration_start[p], v.f, v.reservation);
      const bool good_enough =
          v.utility >= v.aspiration - kUtilityTolerance && v.utility >= v.batna - kUtilityTolerance;
      // Only the narrative reports a crossed red line on a package the party
      // turns down anyway.
      if (Trace || good_enough) v.crossed = crossed_red_line(st.x, stances);
      v.accepts = good_enough && v.crossed < 0;
      return v;
    }

    // docs/model.md 4.4: after a round without agreement a principal that
    // rejected concedes at the pace of its tactic; one that accepted asks for
    // no more than the proposal. Either way a demand only ever moves away from
    // the party's ideal (monotone concession).
    NEGSIM_STEP void concede_toward_proposal(int party) {
      const auto p = static_cast<std::size_t>(party);
      const Verdict& v = st.verdict[p];
      double step = 1.0;
      if (!v.accepts) {
        step = concession_step(v.f, st.conceded[p]);
        st.conceded[p] = std::max(st.conceded[p], v.f);
      }
      const auto& spec = c.parties[p];
      std::vector<double> before;
      if constexpr (Trace)
        for (int j = spec.stance_begin; j < spec.stance_end; ++j)
          before.push_back(st.demand(static_cast<std::size_t>(j)));
      const bool every_issue = st.agenda < 0;  // no agenda: every issue is negotiated
      for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
        const Stance& s = st.stance[static_cast<std::size_t>(j)];
        if (!every_issue && !st.on_agenda[static_cast<std::size_t>(s.issue)]) continue;
        double& d = st.demand(static_cast<std::size_t>(j));
        d = concede(d, st.x[static_cast<std::size_t>(s.issue)], step, s.ideal, s.red_line);
      }
      if constexpr (Trace) tw->concession(party, v.accepts, step, before, st);
    }

    // docs/model.md 5.4: a principal that turns a proposal down shows the
    // mediator every red line of its that the proposal crosses.
    NEGSIM_STEP void learn_red_lines() {
      for (int p : c.principals) {
        if (st.verdict[static_cast<std::size_t>(p)].accepts) continue;
        const auto& spec = c.parties[static_cast<std::size_t>(p)];
        for (int j = spec.stance_begin; j < spec.stance_end; ++j) {
          const auto i = static_cast<std::size_t>(j);
          const Stance& s = st.stance[i];
          if (!st.revealed[i] &&
              !within_red_line(st.x[static_cast<std::size_t>(s.issue)], s.ideal, s.red_line)) {
            st.revealed[i] = 1;
            st.zones_stale = true;
            if constexpr (Trace) tw->revealed(p, j - spec.stance_begin);
          }
        }
      }
    }

    NEGSIM_STEP void record_agreement(int round) {
      const auto& issues = sim.scenario.issues;
      out.agreed = true;
      out.agreed_round = round;
      if (out.first_agreed_round < 0) out.first_agreed_round = round;
      if (st.agenda >= 0) return record_partial_agreement();
      std::copy(st.x.begin(), st.x.end(), st.agreed_x.begin());
      out.package.resize(issues.size());
      for (std::size_t k = 0; k < issues.size(); ++k) {
        const double v = c.issue_scales[k].to_units(st.x[k]);
        out.package[k] = c.issue_options[k] > 0 ? std::round(v) : v;
      }
      out.utility.resize(c.parties.size());
      for (std::size_t p = 0; p < c.parties.size(); ++p)
        out.utility[p] = utility(st.x, stances_of(static_cast<int>(p)));
    }

    // docs/model.md 9.3: an agreement on an agenda settles only its issues;
    // the others keep what an earlier agreement settled (NaN: nothing yet).
    void record_partial_agreement() {
      const auto& issues = sim.scenario.issues;
      if (out.package.size() != issues.size())
        out.package.assign(issues.size(), std::numeric_limits<double>::quiet_NaN());
      for (std::size_t k = 0; k < issues.size(); ++k) {
        if (!st.on_agenda[k]) continue;
        st.agreed_x[k] = st.x[k];
        const double v = c.issue_scales[k].to_units(st.x[k]);
        out.package[k] = c.issue_options[k] > 0 ? std::round(v) : v;
      }
      out.utility.resize(c.parties.size());
      bool crossed = false;
      for (std::size_t p = 0; p < c.parties.size(); ++p)
        out.utility[p] = agreed_utility(static_cast<int>(p), crossed);
    }

    // Entering a state. A bargaining or pause state with probability edges
    // draws, per visit v, the exposure at which one of them fires: draw 2v of
    // its "transition:" stream; draw 2v + 1 then picks which edge.
    void enter(int next) {
      state = next;
      rounds_in_state = 0;
      out.path.push_back(next);
      const auto s = static_cast<std::size_t>(next);
      const auto& spec = c.states[s];
      for (int i = spec.milestone_begin; i < spec.milestone_end; ++i) {
        int& reached = out.milestone_round[static_cast<std::size_t>(c.state_milestones[i])];
        if (reached < 0) reached = current_round;
      }
      if (spec.kind == StateKind::bargaining && !c.agendas.empty()) set_agenda(spec.agenda);
      const int visit = st.visits[s]++;
      // Approval depends on the terms agreed before entering.
      if (spec.terms_dependent && spec.kind != StateKind::chance) refresh_state(s);
      if (spec.has_probability && spec.kind != StateKind::chance) {
        st.state_exposure[s] = 0;
        st.state_threshold[s] =
            exposure_threshold(spec.purpose, 2 * static_cast<std::uint64_t>(visit));
      }
    }

    // The probability edge chosen with weight p_j among the state's edges,
    // using uniform u; `p` receives the chosen edge's probability. An
    // `otherwise` edge weighs 1 minus the others (at least 0).
    const detail::EdgeSpec* pick_probability_edge(const detail::StateSpec& s, double u,
                                                  double& p) const {
      double total = 0;
      for (int i = s.edge_begin; i < s.edge_end; ++i) {
        const auto& e = c.edges[static_cast<std::size_t>(i)];
        if (e.trigger == Trigger::probability) total += edge_probability(e);
      }
      const double rest = s.has_otherwise ? std::max(0.0, 1.0 - total) : 0.0;
      total += rest;
      if (!(total > 0)) return nullptr;
      const double target = u * total;
      double cumulative = 0;
      const detail::EdgeSpec* chosen = nullptr;
      for (int i = s.edge_begin; i < s.edge_end; ++i) {
        const auto& e = c.edges[static_cast<std::size_t>(i)];
        if (e.trigger != Trigger::probability) continue;
        chosen = &e;  // the last one absorbs rounding in the sum
        const double weight = e.kind == ProbabilityKind::otherwise ? rest : edge_probability(e);
        p = weight;
        cumulative += weight;
        if (target < cumulative) break;
      }
      return chosen;
    }

    // Taking a transition: enter its target, then apply its effects (draw n of
    // each uncertain effect's stream on its n-th taking).
    // Its effects come first, on the way: a new agenda entered with the
    // target then starts its own concession (set_agenda).
    NEGSIM_STEP void take(const detail::EdgeSpec& edge, int round, const TransitionCause& cause) {
      if constexpr (Trace) tw->transition(state, edge.to, cause, st);
      const auto t = static_cast<std::size_t>(edge.transition);
      const int begin = c.transition_effect_begin[t], end = c.transition_effect_end[t];
      const std::uint32_t n = begin == end ? 0 : st.taken[t]++;
      for (int i = begin; i < end; ++i) {
        const auto& ef = c.effects[static_cast<std::size_t>(i)];
        const double operand =
            ef.uncertain ? ef.dist.quantile(Stream(seed, ef.purpose, branch).uniform(n)) : ef.value;
        const double before = st.param[static_cast<std::size_t>(ef.param)];
        apply_effect(ef, operand, round);
        if constexpr (Trace) {
          tw->effect(ef, operand, before, st.param[static_cast<std::size_t>(ef.param)]);
          if (restarted) tw->clock_restarted(st.clock_start, st.clock_end);
        }
        restarted = false;
      }
      enter(edge.to);
    }

    // Chance states resolve at once: visit v uses draw v of the state's
    // "transition:" stream.
    NEGSIM_STEP void settle(int round) {
      for (int hop = 0; hop < kChanceHops; ++hop) {
        const auto& s = c.states[static_cast<std::size_t>(state)];
        if (s.kind != StateKind::chance) return;
        const int visit = st.visits[static_cast<std::size_t>(state)] - 1;
        const double u = Stream(seed, s.purpose, branch).uniform(static_cast<std::uint64_t>(visit));
        double p = 0;
        const detail::EdgeSpec* chosen = pick_probability_edge(s, u, p);
        if (chosen == nullptr) return;
        take(*chosen, round, {chosen, u, p});
      }
    }

    // Whether some edge of state `s` may fire this round: false only when
    // none of its kinds of trigger happened (the deadline test covers every
    // deadline, a superset of the state's own).
    bool could_leave(const detail::StateSpec& s, int round, bool accepted, bool rejected,
                     bool walkout, bool by_chance) const {
      const auto has = [&s](Trigger t) {
        return (s.triggers >> static_cast<unsigned>(t) & 1u) != 0;
      };
      if (by_chance || (accepted && has(Trigger::accepted)) ||
          (rejected && has(Trigger::rejected)) || (walkout && has(Trigger::walkout)) ||
          (last_fired == round && has(Trigger::event)))
        return true;
      if (has(Trigger::round_limit)) {
        const int limit = st.max_rounds[static_cast<std::size_t>(state)];
        if (limit > 0 && rounds_in_state >= limit) return true;
      }
      if (has(Trigger::deadline))
        for (const int due : st.deadline_round)
          if (due > 0 && round >= due) return true;
      return false;
    }

    // docs/model.md 9.1: the first edge by trigger priority whose
    // trigger happened this round.
    NEGSIM_STEP const detail::EdgeSpec* choose_edge(int round, bool accepted, bool rejected,
                                                    bool walkout, bool by_chance, double& draw,
                                                    double& p) const {
      const auto& s = c.states[static_cast<std::size_t>(state)];
      if (!could_leave(s, round, accepted, rejected, walkout, by_chance)) return nullptr;
      for (int i = s.edge_begin; i < s.edge_end; ++i) {
        const auto& e = c.edges[static_cast<std::size_t>(i)];
        switch (e.trigger) {
          case Trigger::accepted:
            if (accepted) return &e;
            break;
          case Trigger::walkout:
            if (walkout) return &e;
            break;
          case Trigger::event:
            if (st.fired_round[static_cast<std::size_t>(e.event)] == round) return &e;
            break;
          case Trigger::deadline:
            if (const int due = st.deadline_round[static_cast<std::size_t>(e.deadline)];
                due > 0 && round >= due)
              return &e;
            break;
          case Trigger::round_limit:
            if (const int limit = st.max_rounds[static_cast<std::size_t>(state)];
                limit > 0 && rounds_in_state >= limit)
              return &e;
            break;
          case Trigger::rejected:
            if (rejected) return &e;
            break;
          case Trigger::probability:
            if (!by_chance) return nullptr;  // probability edges come last
            {
              const int visit = st.visits[static_cast<std::size_t>(state)] - 1;
              draw = Stream(seed, s.purpose, branch)
                         .uniform(2 * static_cast<std::uint64_t>(visit) + 1);
              return pick_probability_edge(s, draw, p);
            }
        }
      }
      return nullptr;
    }

    bool terminal() const {
      return c.states[static_cast<std::size_t>(state)].kind == StateKind::terminal;
    }

    NEGSIM_STEP void finish(int round) {
      const auto& s = c.states[static_cast<std::size_t>(state)];
      // A state may name the outcome of a branch still there at the horizon.
      out.outcome = s.outcome >= 0 ? s.outcome : static_cast<int>(c.outcomes.size()) - 1;
      out.end_round = round;
      if constexpr (Trace) tw->ending(out, st);
    }

    // Flatten: the generator, shocks, sampling and transitions inlined into
    // the round loop cost fewer instructions (docs/architecture.md, "Speed",
    // gives the measure). Not in sanitizer builds (NEGSIM_FLATTEN above).
    NEGSIM_FLATTEN void play() {
      start();
      if constexpr (Trace) tw->begin(seed, branch, st);
      enter(c.initial);
      if constexpr (Trace) tw->opening(state);
      settle(0);
      if (terminal()) return finish(0);

      std::vector<double> batna_before;  // trace only
      for (int round = 1; round <= c.horizon; ++round) {
        current_round = round;
        const auto& s = c.states[static_cast<std::size_t>(state)];
        if constexpr (Trace) tw->round(round, state, std::exp(log_time(round)));

        // 1. Shocks.
        for (int i = s.event_begin; i < s.event_end; ++i) {
          const auto e = static_cast<std::size_t>(c.state_events[static_cast<std::size_t>(i)]);
          st.exposure[e] += st.hazard[e];
          if (st.exposure[e] > st.threshold[e]) {
            fire(static_cast<int>(e), round);
          }
        }

        // 2-5. Proposal, verdicts, concessions, walkouts.
        bool accepted = false, rejected = false, walkout = false;
        if (s.kind == StateKind::bargaining) {
          // After the shocks: one may have moved the deadline and restarted the clock.
          const double log_t = log_time(round);
          const bool nash_failed = propose(s.rule);
          if constexpr (Trace) tw->proposal(s.rule, nash_failed, st);
          accepted = !c.principals.empty();
          settle_red_line_utilities();
          for (int p : c.principals) {
            st.verdict[static_cast<std::size_t>(p)] = judge(p, log_t);
            accepted = accepted && st.verdict[static_cast<std::size_t>(p)].accepts;
            if constexpr (Trace) tw->verdict(p, st.verdict[static_cast<std::size_t>(p)], st);
          }
          if (c.learn_red_lines) learn_red_lines();
          if (accepted) {
            record_agreement(round);
            if constexpr (Trace) tw->agreement(round);
          } else {
            rejected = true;
            for (int p : c.principals) concede_toward_proposal(p);
          }
          for (int p : c.principals) {
            const auto i = static_cast<std::size_t>(p);
            const Verdict& v = st.verdict[i];
            st.below[i] = v.utility < v.batna - kUtilityTolerance ? st.below[i] + 1 : 0;
            if (st.below[i] >= st.patience[i]) {
              walkout = true;
              if constexpr (Trace) tw->walkout(p, st.below[i]);
              st.below[i] = 0;
            }
          }
        }

        // 6. The value of no deal erodes.
        if constexpr (Trace) {
          batna_before.clear();
          for (const auto& party : c.parties)
            batna_before.push_back(st.param[static_cast<std::size_t>(party.batna)]);
        }
        // Only principals: a mediator's or observer's value of no deal plays no role.
        for (int p : c.principals) {
          const auto& party = c.parties[static_cast<std::size_t>(p)];
          double& batna = st.param[static_cast<std::size_t>(party.batna)];
          batna = std::clamp(batna - st.param[static_cast<std::size_t>(party.cost_per_round)], 0.0,
                             1.0);
        }
        if constexpr (Trace) tw->erosion(batna_before, st);

        // 7. Transition.
        ++rounds_in_state;
        bool by_chance = false;
        if (s.has_probability && s.kind != StateKind::chance) {
          const auto i = static_cast<std::size_t>(state);
          st.state_exposure[i] += st.state_hazard[i];
          by_chance = st.state_exposure[i] > st.state_threshold[i];
        }
        double draw = 0, p = 0;
        if (const auto* edge =
                choose_edge(round, accepted, rejected, walkout, by_chance, draw, p)) {
          take(*edge, round, {edge, draw, p});
          settle(round);
          if (terminal()) return finish(round);
        }
      }
      finish(c.horizon);
    }
  };
};

namespace {
BranchState& scratch() {
  thread_local BranchState state;
  return state;
}
}  // namespace

Simulator::Simulator(const Scenario& scenario) : impl_(std::make_unique<Impl>()) {
  auto problems = check_process(scenario);
  if (!problems.empty()) throw InputError(std::move(problems));
  impl_->scenario = scenario;
  impl_->c = detail::compile_scenario(impl_->scenario);
}

Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

const Scenario& Simulator::scenario() const {
  return impl_->scenario;
}
const std::vector<std::string>& Simulator::outcomes() const {
  return impl_->c.outcomes;
}

void Simulator::run_branch(std::uint64_t seed, std::uint64_t branch, BranchResult& out,
                           BranchObserver* observer) const {
  run_planned(seed, branch, nullptr, out, observer);
}

void Simulator::run_branch(std::uint64_t seed, std::uint64_t branch, const InputDraws& draws,
                           BranchResult& out, BranchObserver* observer) const {
  run_planned(seed, branch, &draws, out, observer);
}

void Simulator::run_planned(std::uint64_t seed, std::uint64_t branch, const InputDraws* draws,
                            BranchResult& out, BranchObserver* observer) const {
  BranchState& st = scratch();
  if (st.prepared_for != impl_->id) {
    st.prepare(impl_->c);
    st.prepared_for = impl_->id;
  }
  if (observer == nullptr) {
    Impl::Run<false> run{*impl_, impl_->c, st, out, seed, branch, nullptr, draws};
    run.play();
  } else {
    Impl::Run<true> run{*impl_, impl_->c, st, out, seed, branch, observer, draws};
    run.play();
  }
}

const detail::CompiledScenario& Simulator::compiled() const {
  return impl_->c;
}

BranchResult Simulator::run_branch(std::uint64_t seed, std::uint64_t branch) const {
  BranchResult result;
  run_branch(seed, branch, result);
  return result;
}

}  // namespace negsim
