#include "trace_writer.hpp"

#include "negsim/output/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace negsim::detail {

namespace {

std::string number(double v) {
  if (std::isnan(v)) return "none";
  if (v == 0) return "0";  // no "-0"
  return fmt::format("{:.4g}", v);
}
std::string util(double v) {
  return fmt::format("{:.3f}", v);
}

std::string describe(const Distribution& d) {
  std::string s;
  switch (d.kind) {
    case DistKind::fixed:
      s = number(d.value);
      break;
    case DistKind::uniform:
      s = fmt::format("uniform from {} to {}", number(d.low), number(d.high));
      break;
    case DistKind::normal:
      s = fmt::format("normal, mean {}, sd {}", number(d.mean), number(d.sd));
      break;
    case DistKind::triangular:
      s = fmt::format("triangular from {} to {}, most likely {}", number(d.low), number(d.high),
                      number(d.mode));
      break;
    case DistKind::beta:
      s = fmt::format("beta({}, {}) on {} to {}", number(d.alpha), number(d.beta), number(d.low),
                      number(d.high));
      break;
    case DistKind::lognormal:
      s = fmt::format("lognormal, mu {}, sigma {}", number(d.mu), number(d.sigma));
      break;
    case DistKind::discrete: {
      s = "one of ";
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        if (i) s += ", ";
        s += number(d.values[i]);
        if (i < d.weights.size()) s += fmt::format(" (weight {})", number(d.weights[i]));
      }
      break;
    }
  }
  if (d.min || d.max)
    s += fmt::format(", kept within {} to {}", d.min ? number(*d.min) : "-inf",
                     d.max ? number(*d.max) : "+inf");
  return s;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

const char* ordinal_suffix(std::uint32_t n) {
  if (n % 100 >= 11 && n % 100 <= 13) return "th";
  switch (n % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

const char* rule_name(ProposalRule rule) {
  switch (rule) {
    case ProposalRule::compromise:
      return "compromise";
    case ProposalRule::weighted_median:
      return "weighted median";
    case ProposalRule::nash:
      return "Nash bargaining";
  }
  return "?";
}

}  // namespace

std::string TraceWriter::party_name(int party) const {
  const Party& p = s_.parties[static_cast<std::size_t>(party)];
  return p.name.empty() || p.name == p.id ? p.id : fmt::format("{} [{}]", p.name, p.id);
}

std::string TraceWriter::state_name(int state) const {
  const State& s = s_.process.states[static_cast<std::size_t>(state)];
  return s.label.empty() || s.label == s.id ? s.id : fmt::format("{} [{}]", s.label, s.id);
}

std::string TraceWriter::position(int issue, double x, bool with_unit) const {
  if (std::isnan(x)) return "none";
  const Issue& is = s_.issues[static_cast<std::size_t>(issue)];
  if (is.is_discrete()) {
    const int n = c_.issue_options[static_cast<std::size_t>(issue)];
    const double index = x * (n - 1);
    const double nearest = std::round(index);
    const auto name = [&](double i) -> std::string {
      const auto k = static_cast<std::size_t>(i);
      if (k < is.options.size()) return is.options[k];
      return k == 0 ? "no" : "yes";  // binary issues without option labels
    };
    // Within half a hundredth of an option reads as that option.
    if (std::abs(index - nearest) < 0.005) return name(nearest);
    return fmt::format("{:.2f} (between {} and {})", index, name(std::floor(index)),
                       name(std::ceil(index)));
  }
  // Enough decimals to show a thousandth of the range, whatever its units.
  const double range = std::abs(is.high - is.low);
  const int decimals =
      range > 0 ? std::clamp(3 - static_cast<int>(std::floor(std::log10(range))), 0, 6) : 3;
  double v = is.denormalise(x);
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0.000"
  const std::string text = fmt::format("{:.{}f}", v, decimals);
  return is.unit.empty() || !with_unit ? text : fmt::format("{} {}", text, is.unit);
}

std::string TraceWriter::param_value(int param, double value) const {
  const ParamSpec& p = c_.params[static_cast<std::size_t>(param)];
  if (p.issue >= 0) return position(p.issue, value);
  return number(value);
}

void TraceWriter::begin(std::uint64_t seed, std::uint64_t branch, const BranchState& st) {
  const std::string& r = s_.round_label;
  out_ << fmt::format("negsim trace: branch {} of scenario '{}', seed {}\n", branch, s_.id, seed);
  if (!s_.title.empty()) out_ << s_.title;
  if (!s_.as_of.empty()) out_ << fmt::format(" (assumptions as of {})", s_.as_of);
  out_ << "\n";
  out_ << fmt::format("One {} = {} calendar day{}; at most {} {}s are simulated", r,
                      number(s_.round_days), s_.round_days == 1 ? "" : "s", c_.horizon, r);
  if (st.deadline_round[0] > 0) out_ << fmt::format("; deadline: {} {}", r, st.deadline_round[0]);
  for (std::size_t d = 1; d < st.deadline_round.size(); ++d) {
    const Deadline& dl = s_.process.deadlines[d - 1];
    out_ << fmt::format("; {}: {} {}", dl.label.empty() ? dl.id : dl.label, r,
                        st.deadline_round[d]);
  }
  out_ << ".\n";
  out_ << fmt::format("Mediator's proposal rule: {} (unless a state sets its own).\n",
                      rule_name(s_.process.proposal_rule));
  out_ << fmt::format(
      "How to read a verdict: a principal accepts when no red line is crossed and the proposal's\n"
      "utility u is at least its aspiration and its value of no deal. Aspiration = 1 - (1 - r) f,\n"
      "where r is the least it could ever settle for (the larger of its value of no deal and its\n"
      "worst package within its red lines) and f = k + (1 - k) t^(1/e) is how far it has conceded\n"
      "by time t = {} / {}.\n",
      r, st.clock_end);
  out_ << "\nAssumptions drawn for this branch (the uncertain ones; all others are as written):\n";
  if (c_.uncertain.empty()) out_ << "  none: every assumption is a plain number.\n";
  for (int i : c_.uncertain) {
    const ParamSpec& p = c_.params[static_cast<std::size_t>(i)];
    out_ << fmt::format("  {} = {}   (drawn from {})\n", p.path,
                        param_value(i, st.param[static_cast<std::size_t>(i)]), describe(p.dist));
  }
  out_ << "\n";
}

void TraceWriter::opening(int state) {
  out_ << fmt::format("The talks open in {} ({}).\n", state_name(state),
                      to_string(c_.states[static_cast<std::size_t>(state)].kind));
}

void TraceWriter::round(int round, int state, double t) {
  out_ << fmt::format("\n{} {} of {} (t = {:.3f}), in {}:\n", capitalised(s_.round_label), round,
                      c_.horizon, t, state_name(state));
  if (c_.states[static_cast<std::size_t>(state)].kind != StateKind::bargaining)
    out_ << fmt::format("  No proposal: this is a {} state.\n",
                        to_string(c_.states[static_cast<std::size_t>(state)].kind));
}

void TraceWriter::shock(int event, std::uint32_t times) {
  const Event& e = s_.events[static_cast<std::size_t>(event)];
  out_ << fmt::format("  Shock: {} [{}] happens ({}{} time).\n", e.label.empty() ? e.id : e.label,
                      e.id, times, ordinal_suffix(times));
}

void TraceWriter::effect(const EffectSpec& effect, double operand, double before, double after) {
  const ParamSpec& p = c_.params[static_cast<std::size_t>(effect.param)];
  out_ << fmt::format("    {} {} {}: {} -> {}\n", p.path, to_string(effect.op), number(operand),
                      param_value(effect.param, before), param_value(effect.param, after));
}

void TraceWriter::proposal(ProposalRule rule, bool nash_failed, const BranchState& st) {
  // docs/model.md 5.4: say when an issue loses or regains common ground.
  without_zone_.resize(s_.issues.size(), 0);
  for (std::size_t k = 0; k < s_.issues.size(); ++k) {
    const IssueZone& z = st.zone[k];
    const char none = z.common(c_.issue_options[k]) ? 0 : 1;
    if (none == without_zone_[k]) continue;
    without_zone_[k] = none;
    const Issue& is = s_.issues[k];
    if (!none) {
      out_ << fmt::format("  The red lines on {} leave common ground again: {} to {}.\n", is.id,
                          position(static_cast<int>(k), z.lower),
                          position(static_cast<int>(k), z.upper));
      continue;
    }
    const auto bound = [&](int stance, double at, const char* sign) {
      const int party = c_.stances[static_cast<std::size_t>(stance)].party;
      return fmt::format("{} {} {}", s_.parties[static_cast<std::size_t>(party)].id, sign,
                         position(static_cast<int>(k), at));
    };
    out_ << fmt::format(
        "  No zone of agreement on {}: {}, {} (red lines). Any proposal there crosses one of\n"
        "  them; the mediator tables its rule's own position.\n",
        is.id, bound(z.upper_by, z.upper, "<="), bound(z.lower_by, z.lower, ">="));
  }
  if (nash_failed)
    out_ << "  No package within the principals' red lines gives every principal more than no "
            "deal,\n  so the mediator falls back from the Nash rule to the compromise rule.\n";
  out_ << fmt::format("  Mediator's proposal ({} rule{}):\n",
                      rule_name(nash_failed ? ProposalRule::compromise : rule),
                      st.agenda >= 0 ? ", on this state's agenda only" : "");
  for (std::size_t k = 0; k < s_.issues.size(); ++k) {
    if (!st.on_agenda[k]) continue;  // docs/model.md 9.3: not negotiated here
    const Issue& is = s_.issues[k];
    out_ << fmt::format("    {}: {}\n", is.label.empty() ? is.id : is.label,
                        position(static_cast<int>(k), st.x[k]));
  }
}

void TraceWriter::verdict(int party, const Verdict& v, const BranchState& st) {
  const PartySpec& p = c_.parties[static_cast<std::size_t>(party)];
  const std::string why_r = v.reservation > st.red_line_utility[static_cast<std::size_t>(party)]
                                ? "no deal"
                                : "red lines";
  const std::string aspiration = fmt::format("aspiration {} (r {} from its {}, f {:.3f})",
                                             util(v.aspiration), util(v.reservation), why_r, v.f);
  if (v.accepts) {
    out_ << fmt::format("  {} accepts: u {} >= {}, >= no deal {}; no red line crossed.\n",
                        party_name(party), util(v.utility), aspiration, util(v.batna));
    return;
  }
  std::vector<std::string> reasons;
  if (v.crossed >= 0) {
    const Stance& s = st.stance[static_cast<std::size_t>(p.stance_begin + v.crossed)];
    const Issue& is = s_.issues[static_cast<std::size_t>(s.issue)];
    const char* side = s.ideal > s.red_line ? "below" : s.ideal < s.red_line ? "above" : "not at";
    reasons.push_back(fmt::format("{} {} is {} its red line {}", is.id,
                                  position(s.issue, st.x[static_cast<std::size_t>(s.issue)]), side,
                                  position(s.issue, s.red_line, false)));
  }
  if (v.utility < v.aspiration)
    reasons.push_back(fmt::format("u {} < {}", util(v.utility), aspiration));
  if (v.utility < v.batna)
    reasons.push_back(fmt::format("u {} < no deal {}", util(v.utility), util(v.batna)));
  out_ << fmt::format("  {} rejects: ", party_name(party));
  for (std::size_t i = 0; i < reasons.size(); ++i) out_ << (i ? "; " : "") << reasons[i];
  out_ << ".\n";
}

void TraceWriter::clock_restarted(int round, int end) {
  out_ << fmt::format(
      "    The concession clock restarts: t runs from 0 now ({} {}) to 1 at {} {}; each\n"
      "    principal's aspiration falls from where it stands.\n",
      s_.round_label, round, s_.round_label, end);
}

void TraceWriter::revealed(int party, int stance) {
  const PartySpec& p = c_.parties[static_cast<std::size_t>(party)];
  const StanceSpec& spec = c_.stances[static_cast<std::size_t>(p.stance_begin + stance)];
  out_ << fmt::format("  The mediator now knows {}'s red line on {}.\n",
                      s_.parties[static_cast<std::size_t>(party)].id,
                      s_.issues[static_cast<std::size_t>(spec.issue)].id);
}

void TraceWriter::agreement(int round) {
  out_ << fmt::format("  Every principal accepts: agreement on these terms in {} {}.\n",
                      s_.round_label, round);
}

void TraceWriter::concession(int party, bool adopted, double step, std::span<const double> before,
                             const BranchState& st) {
  const PartySpec& p = c_.parties[static_cast<std::size_t>(party)];
  std::string moves;
  for (int j = p.stance_begin; j < p.stance_end; ++j) {
    const double from = before[static_cast<std::size_t>(j - p.stance_begin)];
    const double to = st.demand(static_cast<std::size_t>(j));
    const int issue = st.stance[static_cast<std::size_t>(j)].issue;
    const std::string a = position(issue, from), b = position(issue, to);
    if (a == b) continue;  // too small to show
    moves += fmt::format("{}{} {} -> {}", moves.empty() ? "" : "; ",
                         s_.issues[static_cast<std::size_t>(issue)].id, a, b);
  }
  if (moves.empty()) return;
  if (adopted)
    out_ << fmt::format("  {} has accepted these terms, so it now asks for no more: {}.\n",
                        party_name(party), moves);
  else
    out_ << fmt::format("  {} concedes {:.1f}% of the way to the proposal: {}.\n",
                        party_name(party), 100 * step, moves);
}

void TraceWriter::walkout(int party, int rounds) {
  out_ << fmt::format(
      "  {} walks out: the proposal has been worth less to it than no deal for {} {}s in a row "
      "(its patience).\n",
      party_name(party), rounds, s_.round_label);
}

void TraceWriter::erosion(std::span<const double> before, const BranchState& st) {
  std::string changes;
  for (int p : c_.principals) {
    const double was = before[static_cast<std::size_t>(p)];
    const double now =
        st.param[static_cast<std::size_t>(c_.parties[static_cast<std::size_t>(p)].batna)];
    if (was == now) continue;
    changes += fmt::format("{}{} {} -> {}", changes.empty() ? "" : ", ",
                           s_.parties[static_cast<std::size_t>(p)].id, util(was), util(now));
  }
  if (!changes.empty())
    out_ << fmt::format("  The value of no deal erodes with this {}'s costs: {}.\n", s_.round_label,
                        changes);
}

void TraceWriter::transition(int from, int to, const TransitionCause& cause,
                             const BranchState& st) {
  const EdgeSpec& e = *cause.edge;
  std::string why;
  switch (e.trigger) {
    case Trigger::accepted:
      why = "every principal accepted";
      break;
    case Trigger::walkout:
      why = "a principal walked out";
      break;
    case Trigger::rejected:
      why = "the proposal was rejected";
      break;
    case Trigger::event: {
      const Event& ev = s_.events[static_cast<std::size_t>(e.event)];
      why = fmt::format("shock {} [{}] happened", ev.label.empty() ? ev.id : ev.label, ev.id);
      break;
    }
    case Trigger::round_limit:
      why = fmt::format("its limit of {} {}s was reached",
                        st.max_rounds[static_cast<std::size_t>(from)], s_.round_label);
      break;
    case Trigger::deadline: {
      const auto d = static_cast<std::size_t>(e.deadline);
      const std::string name = d == 0 ? std::string("the deadline")
                               : s_.process.deadlines[d - 1].label.empty()
                                   ? s_.process.deadlines[d - 1].id
                                   : s_.process.deadlines[d - 1].label;
      why = fmt::format("{} ({} {}) has come", name, s_.round_label, st.deadline_round[d]);
      break;
    }
    case Trigger::probability: {
      const double p = cause.probability;
      std::string basis;
      if (e.kind == ProbabilityKind::approval) {
        // docs/model.md 9.2: the approving party's utility of the agreed terms.
        const PartySpec& by = c_.parties[static_cast<std::size_t>(e.approval_by)];
        const auto stances = std::span<const Stance>(st.stance).subspan(
            static_cast<std::size_t>(by.stance_begin),
            static_cast<std::size_t>(by.stance_end - by.stance_begin));
        const std::string& who = s_.parties[static_cast<std::size_t>(e.approval_by)].id;
        if (crossed_red_line(st.agreed_x, stances) >= 0)
          basis = fmt::format("; the terms cross a red line of {}, so it never approves", who);
        else
          basis = fmt::format("; {} values the terms at {} against its threshold {} (spread {})",
                              who, util(utility(st.agreed_x, stances)),
                              util(st.param[static_cast<std::size_t>(e.approval_threshold)]),
                              number(st.param[static_cast<std::size_t>(e.approval_spread)]));
      } else if (e.kind == ProbabilityKind::otherwise) {
        basis = "; what the other ways leave";
      }
      if (c_.states[static_cast<std::size_t>(from)].kind == StateKind::chance)
        why = fmt::format("chance picked this way (probability {}{}; draw {:.4f})", number(p),
                          basis, cause.draw);
      else
        why = fmt::format("by chance ({}% per {}{}, and it came up this {})", number(100 * p),
                          s_.round_label, basis, s_.round_label);
      break;
    }
  }
  out_ << fmt::format("  -> from {} to {}: {}.\n", state_name(from), state_name(to), why);
}

void TraceWriter::ending(const BranchResult& result, const BranchState& st) {
  (void)st;
  const int last = result.path.empty() ? c_.initial : result.path.back();
  out_ << "\n";
  if (result.outcome == static_cast<int>(c_.outcomes.size()) - 1 &&
      c_.states[static_cast<std::size_t>(last)].kind != StateKind::terminal)
    out_ << fmt::format("Ending: the horizon ({} {}s) is reached in {}: outcome 'unresolved'.\n",
                        c_.horizon, s_.round_label, state_name(last));
  else
    out_ << fmt::format("Ending: {} {} in {}: outcome '{}'.\n", s_.round_label, result.end_round,
                        state_name(last), c_.outcomes[static_cast<std::size_t>(result.outcome)]);
  if (result.agreed) {
    out_ << fmt::format("  Agreed package ({} {}):\n", s_.round_label, result.agreed_round);
    for (std::size_t k = 0; k < s_.issues.size(); ++k) {
      const Issue& is = s_.issues[k];
      const double x = is.is_discrete() ? result.package[k] / (c_.issue_options[k] - 1)
                                        : is.normalise(result.package[k]);
      out_ << fmt::format("    {}: {}\n", is.label.empty() ? is.id : is.label,
                          std::isnan(x) ? std::string("not settled by any agreement")
                                        : position(static_cast<int>(k), x));
    }
    out_ << "  Utility of the agreed package:";
    for (std::size_t p = 0; p < s_.parties.size(); ++p)
      out_ << fmt::format("{} {} {}", p ? "," : "", s_.parties[p].id, util(result.utility[p]));
    out_ << "\n";
  } else {
    out_ << "  No package was accepted by every principal.\n";
  }
  out_ << "  Path: ";
  for (std::size_t i = 0; i < result.path.size(); ++i)
    out_ << (i ? " -> " : "") << s_.process.states[static_cast<std::size_t>(result.path[i])].id;
  out_ << "\n  Shocks fired: ";
  bool any = false;
  for (std::size_t e = 0; e < result.fired.size(); ++e) {
    if (result.fired[e] == 0) continue;
    out_ << fmt::format("{}{} x{}", any ? ", " : "", s_.events[e].id, result.fired[e]);
    any = true;
  }
  out_ << (any ? "\n" : "none\n");
}

}  // namespace negsim::detail

namespace negsim {

void write_trace(const Simulator& simulator, std::uint64_t seed, std::uint64_t branch,
                 std::ostream& out, BranchResult& result) {
  detail::TraceWriter writer(out, simulator.scenario(), simulator.compiled());
  simulator.run_branch(seed, branch, result, &writer);
}

}  // namespace negsim
