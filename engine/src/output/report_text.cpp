#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <sstream>

#include "negsim/output/report.hpp"
#include "report_format.hpp"

namespace negsim {

using namespace report;

namespace {

std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

// docs/model.md 12: the chance of any agreement, of none, and of each
// milestone by the horizon, before the most likely single outcome.
std::string reach_lines(const Summary& summary) {
  std::string text;
  const ReachSummary* agreement = summary.group("agreement");
  const ReachSummary* none = summary.group("no_agreement");
  if (agreement && none) {
    text += reach_phrase(*agreement) + "; " + lowercase_first(none->label) + " " +
            percent(none->probability, percent_decimals(none->ci95)) + ".\n";
  } else if (const ReachSummary* text_accepted = summary.group("text_accepted")) {
    text += reach_phrase(*text_accepted) + ".\n";
  }
  if (!summary.milestones.empty()) {
    text += "Milestones: ";
    for (std::size_t i = 0; i < summary.milestones.size(); ++i)
      text += (i ? "; " : "") + reach_phrase(summary.milestones[i]);
    text += ".\n";
  }
  return text;
}

std::string most_likely_line(const Summary& summary) {
  const Provenance& p = summary.provenance;
  const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
  const int decimals = percent_decimals(top.ci95);
  // Whole percent reads best while the interval is wide; a narrow one needs its decimals.
  const int headline = top.ci95.half_width() >= 0.01 ? 0 : decimals;
  const std::string horizon = duration(p.horizon, p, false);
  std::string line;
  if (!top.unresolved) {
    line = "Most likely: " + top.label + ", " + percent(top.probability, headline) + " (95% CI " +
           percent_range(top.ci95, decimals) + ")";
    if (top.rounds) line += ", typically after " + duration(top.rounds->p50, p, false);
    line += "; talks unresolved after " + horizon + " in " +
            percent(summary.timing.unresolved_share, 1) + ".";
  } else {
    line = "Most likely: no outcome within " + horizon + ", " + percent(top.probability, headline) +
           " (95% CI " + percent_range(top.ci95, decimals) + ")";
    const auto order = outcomes_by_probability(summary);
    const auto next = std::find_if(order.begin(), order.end(), [&](std::size_t i) {
      return !summary.outcomes[i].unresolved && summary.outcomes[i].count > 0;
    });
    if (next != order.end())
      line += "; the likeliest ending is " + summary.outcomes[*next].label + " at " +
              percent(summary.outcomes[*next].probability, 0);
    line += ".";
  }
  return line;
}

}  // namespace

std::string bottom_line(const Summary& summary) {
  const Provenance& p = summary.provenance;
  if (summary.outcomes.empty() || p.branches == 0) return "No branches were run.";
  return reach_lines(summary) + most_likely_line(summary);
}

// The milestones and outcome groups at the quarters of the horizon, with dates.
static void write_reach_table(const Summary& summary, std::ostream& out) {
  const Provenance& p = summary.provenance;
  std::vector<const ReachSummary*> rows;
  for (const ReachSummary& g : summary.groups)
    if (g.id != "no_agreement") rows.push_back(&g);
  for (const ReachSummary& m : summary.milestones) rows.push_back(&m);
  if (rows.empty()) return;
  const auto checkpoints = checkpoint_rounds(p.horizon);
  std::size_t width = 9;
  for (const ReachSummary* r : rows) width = std::max(width, r->label.size());
  width = std::min<std::size_t>(width, 40);
  out << "\nChance of reaching each point by a date\n";
  out << fmt::format("{:<{}}", "Reached", width);
  for (int r : checkpoints) {
    const std::string date = rows[0]->curve.size() > static_cast<std::size_t>(r)
                                 ? rows[0]->curve[static_cast<std::size_t>(r)].date
                                 : "";
    out << fmt::format("  {:>20}", date.empty() ? duration(r, p, false) : "by " + date);
  }
  out << "\n";
  for (const ReachSummary* row : rows) {
    out << fmt::format("{:<{}}", row->label.substr(0, width), width);
    for (int r : checkpoints) out << fmt::format("  {:>20}", curve_cell(*row, r));
    out << "\n";
  }
}

void write_text_report(const Summary& summary, std::ostream& out) {
  const Provenance& p = summary.provenance;
  out << title_with_overrides(p) << ": " << thousands(p.branches) << " simulated branches\n";
  if (p.partial)
    out << "PARTIAL RESULTS: the run was interrupted; the figures cover the first "
        << thousands(p.branches) << " branches only.\n";
  out << "\n" << bottom_line(summary) << "\n";
  if (p.branches == 0 || summary.outcomes.empty()) {
    out << "\n" << provenance_line(p) << "\n";
    return;
  }

  // Outcomes in the summary's order, as every report lists them.
  const auto order = report_order(summary);
  std::size_t width = 7;
  for (const auto& o : summary.outcomes) width = std::max(width, o.label.size());
  width = std::min<std::size_t>(width, 40);
  out << "\n"
      << fmt::format("{:<{}}  {:>11}  {:>15}  {}\n", "Outcome", width, "Probability",
                     "95% interval", "Time to outcome: median (p10–p90)");
  for (const std::size_t i : order) {
    const OutcomeSummary& o = summary.outcomes[i];
    const int decimals = percent_decimals(o.ci95);
    std::string timing = "–";
    if (o.unresolved)
      timing = "still open after " + duration(p.horizon, p, false);
    else if (o.rounds)
      timing = duration(o.rounds->p50, p, false) + " (" +
               round_range(o.rounds->p10, o.rounds->p90, p) + ")";
    out << fmt::format("{:<{}}  {:>11}  {:>15}  {}\n", o.label.substr(0, width), width,
                       percent(o.probability, decimals), percent_range(o.ci95, decimals), timing);
  }

  write_reach_table(summary, out);

  // Agreed terms, for the same outcomes as summary.md, summary.html and
  // summary.json: every outcome with an agreed package.
  for (const std::size_t i : order) {
    const OutcomeSummary& o = summary.outcomes[i];
    if (!shows_terms(o)) continue;
    out << "\nAgreed terms when the talks end in " << o.label << " (" << thousands(o.agreed_count)
        << " branches)\n";
    for (const IssueTerms& t : o.terms)
      out << "  " << (t.label.empty() ? t.issue : t.label) << settled_note(t, o.agreed_count)
          << ": " << terms_phrase(t, 0.005) << "\n";
    if (!o.utility.empty()) {
      out << "  Value to each party (utility 0–1, median and middle half):";
      std::string sep = " ";
      for (const PartyUtility& u : o.utility) {
        out << sep << (u.name.empty() ? u.party : u.name) << " " << number(u.utility.p50, 2) << " ("
            << number(u.utility.p25, 2) << "–" << number(u.utility.p75, 2) << ")";
        sep = "; ";
      }
      out << "\n";
    }
  }

  // Timing.
  const TimingSummary& t = summary.timing;
  out << "\nTiming\n";
  if (t.rounds)
    out << "  Talks ended in " << percent(1 - t.unresolved_share, 1) << " of branches: median "
        << duration(t.rounds->p50, p) << ", 10% by " << duration(t.rounds->p10, p, false)
        << ", 90% by " << duration(t.rounds->p90, p, false) << ".\n";
  out << "  Still unresolved at the horizon, " << duration(p.horizon, p) << ": "
      << percent(t.unresolved_share, percent_decimals(t.unresolved_ci95)) << " (95% CI "
      << percent_range(t.unresolved_ci95, percent_decimals(t.unresolved_ci95)) << ").\n";

  // Shocks and outcomes: an association only (docs/model.md 8.1).
  const auto drivers = key_drivers(summary);
  if (!drivers.empty()) {
    const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
    out << "\n"
        << kAssociationTitle << ": chance of " << top.label
        << " where each shock happened and where it did not\n"
        << "  " << association_note(summary) << "\n";
    for (const Driver& d : drivers) {
      const ShockSummary& s = summary.shocks[d.shock];
      const ShockEffect& e = s.effects[d.effect];
      out << "  " << (s.label.empty() ? s.id : s.label) << " (happened in "
          << percent(s.fired_share, 0) << " of branches): " << percent(e.fired, 1) << " if it "
          << "happened, " << percent(e.not_fired, 1) << " if not; " << points(e.difference)
          << " points (95% CI " << points(e.ci95.low) << " to " << points(e.ci95.high) << ")\n";
    }
  }

  // Key drivers: the effect of each shock, from paired runs.
  if (summary.drivers) {
    const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
    out << "\n"
        << kDriversTitle << "\n"
        << "  Chance of " << top.label << " as written and if the shock could never happen, on "
        << "the same branches; the difference is the effect of the shock.\n";
    if (summary.drivers->empty() && summary.shocks.empty())
      out << "  The scenario has no shocks.\n";
    for (const ShockDriver& d : *summary.drivers) {
      const DriverEffect* e = driver_effect(d, top.id);
      if (e == nullptr) continue;
      const int decimals = percent_decimals(e->ci95);
      out << "  " << (d.label.empty() ? d.id : d.label) << ": " << percent(e->probability, 1)
          << " as written, " << percent(e->probability_without, 1) << " if it never happens; "
          << points(e->difference, decimals) << " points (95% CI " << points(e->ci95.low, decimals)
          << " to " << points(e->ci95.high, decimals) << "); outcome changed in "
          << thousands(d.changed_branches) << " of " << thousands(d.branches) << " branches\n";
      std::string others;
      for (const DriverEffect& o : d.outcomes) {
        if (o.outcome == top.id || (o.difference == 0 && o.ci95.low == 0 && o.ci95.high == 0))
          continue;
        const auto it = std::find_if(summary.outcomes.begin(), summary.outcomes.end(),
                                     [&](const OutcomeSummary& s) { return s.id == o.outcome; });
        const int dec = percent_decimals(o.ci95);
        others += (others.empty() ? "" : "; ") +
                  (it != summary.outcomes.end() ? it->label : o.outcome) + " " +
                  points(o.difference, dec) + " (" + points(o.ci95.low, dec) + " to " +
                  points(o.ci95.high, dec) + ")";
      }
      if (!others.empty()) out << "    other outcomes, points (95% CI): " << others << "\n";
    }
    const std::string note = drivers_partial_note(summary);
    if (!note.empty()) out << "  " << note << "\n";
  }

  // Paths.
  if (!summary.paths.empty()) {
    out << "\nMost frequent paths through the talks\n";
    const std::size_t shown = std::min<std::size_t>(summary.paths.size(), 5);
    for (std::size_t i = 0; i < shown; ++i)
      out << fmt::format("  {:>6}  {}\n", percent(summary.paths[i].share, 1),
                         path_phrase(summary.paths[i], false));
  }

  out << "\n" << provenance_line(p) << "\n";
}

std::string text_report(const Summary& summary) {
  std::ostringstream out;
  write_text_report(summary, out);
  return out.str();
}

}  // namespace negsim
