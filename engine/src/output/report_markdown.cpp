#include <algorithm>
#include <sstream>

#include "negsim/output/report.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using namespace report;

namespace {

// docs/model.md 12: each milestone and outcome group at the quarters of the
// horizon, with calendar dates.
void write_reach_markdown(const Summary& summary, std::ostream& out) {
  const Provenance& p = summary.provenance;
  std::vector<const ReachSummary*> rows;
  for (const ReachSummary& g : summary.groups) rows.push_back(&g);
  for (const ReachSummary& m : summary.milestones) rows.push_back(&m);
  if (rows.empty()) return;
  const auto checkpoints = checkpoint_rounds(p.horizon);
  out << "\n## Milestones and outcome groups by date\n\n"
      << "Chance of having reached each point by the date (95% interval).\n\n| |";
  for (int r : checkpoints) {
    const std::string date = rows[0]->curve.size() > static_cast<std::size_t>(r)
                                 ? rows[0]->curve[static_cast<std::size_t>(r)].date
                                 : std::string();
    out << " " << (date.empty() ? duration(r, p, false) : "by " + date) << " |";
  }
  out << " Median time when reached |\n|---|";
  for (std::size_t i = 0; i < checkpoints.size(); ++i) out << "---:|";
  out << "---|\n";
  for (const ReachSummary* row : rows) {
    out << "| " << markdown_cell(row->label) << " |";
    for (int r : checkpoints) out << " " << curve_cell(*row, r) << " |";
    out << " " << (row->rounds ? duration(row->rounds->p50, p) : "–") << " |\n";
  }
}

}  // namespace

std::string markdown_report(const Summary& summary) {
  const Provenance& p = summary.provenance;
  std::ostringstream out;
  const std::string title = p.scenario_title.empty() ? p.scenario_id : p.scenario_title;
  out << "# " << markdown_cell(title) << "\n\n";
  if (p.partial)
    out << "> **Partial results:** the run was interrupted; the figures cover the first "
        << thousands(p.branches) << " branches only.\n\n";
  // One sentence per line in the rendered page too (a Markdown line break).
  std::string bottom;
  std::string line;
  std::istringstream lines(bottom_line(summary));
  while (std::getline(lines, line)) bottom += (bottom.empty() ? "" : "  \n") + markdown_cell(line);
  out << "**Bottom line.** " << bottom << "\n\n";

  if (p.branches > 0 && !summary.outcomes.empty()) {
    const auto order = outcomes_by_probability(summary);
    out << "## Outcomes\n\n"
        << "| Outcome | Probability | 95% interval | Branches | Median time | p10–p90 |\n"
        << "|---|---:|---:|---:|---|---|\n";
    for (const std::size_t i : order) {
      const OutcomeSummary& o = summary.outcomes[i];
      const int decimals = percent_decimals(o.ci95);
      std::string median = "–", range = "–";
      if (o.unresolved) {
        median = "open after " + duration(p.horizon, p, false);
      } else if (o.rounds) {
        median = duration(o.rounds->p50, p);
        range = round_range(o.rounds->p10, o.rounds->p90, p);
      }
      out << "| " << markdown_cell(o.label) << " | " << percent(o.probability, decimals) << " | "
          << percent_range(o.ci95, decimals) << " | " << thousands(o.count) << " | " << median
          << " | " << range << " |\n";
    }

    for (const std::size_t i : order) {
      const OutcomeSummary& o = summary.outcomes[i];
      if (o.agreed_count == 0) continue;
      out << "\n## Agreed terms: " << markdown_cell(o.label) << "\n\n"
          << thousands(o.agreed_count) << " of the " << thousands(o.count)
          << " branches that ended in " << markdown_cell(o.label)
          << " had reached an agreed package; these are its terms.\n\n"
          << "| Issue | Mean | p5 | p25 | Median | p75 | p95 |\n"
          << "|---|---:|---:|---:|---:|---:|---:|\n";
      std::string options;
      for (const IssueTerms& t : o.terms) {
        const std::string name =
            markdown_cell((t.label.empty() ? t.issue : t.label) + settled_note(t, o.agreed_count));
        if (!t.options.empty()) {
          options += "| " + name + " | " + markdown_cell(terms_phrase(t)) + " |\n";
          continue;
        }
        const double scale =
            std::max({std::abs(t.value.p95), std::abs(t.value.p5), t.value.p95 - t.value.p5, 1e-9});
        const auto v = [&](double x) { return issue_value(x, scale); };
        out << "| " << name << (t.unit.empty() ? "" : " (" + markdown_cell(t.unit) + ")") << " | "
            << v(t.value.mean) << " | " << v(t.value.p5) << " | " << v(t.value.p25) << " | "
            << v(t.value.p50) << " | " << v(t.value.p75) << " | " << v(t.value.p95) << " |\n";
      }
      if (!options.empty())
        out << "\n| Issue | Share of agreements per option |\n|---|---|\n" << options;
      if (!o.utility.empty()) {
        out << "\n| Party | Utility: mean | p10 | Median | p90 |\n|---|---:|---:|---:|---:|\n";
        for (const PartyUtility& u : o.utility)
          out << "| " << markdown_cell(u.name.empty() ? u.party : u.name) << " | "
              << number(u.utility.mean, 3) << " | " << number(u.utility.p10, 3) << " | "
              << number(u.utility.p50, 3) << " | " << number(u.utility.p90, 3) << " |\n";
      }
    }

    write_reach_markdown(summary, out);

    const TimingSummary& t = summary.timing;
    out << "\n## Timing\n\n"
        << "| | Median | p10 | p90 |\n|---|---|---|---|\n";
    if (t.rounds)
      out << "| Talks ended (" << percent(1 - t.unresolved_share, 1) << " of branches) | "
          << duration(t.rounds->p50, p) << " | " << duration(t.rounds->p10, p) << " | "
          << duration(t.rounds->p90, p) << " |\n";
    out << "\nStill unresolved at the horizon, " << duration(p.horizon, p) << ": "
        << percent(t.unresolved_share, percent_decimals(t.unresolved_ci95)) << " (95% CI "
        << percent_range(t.unresolved_ci95, percent_decimals(t.unresolved_ci95)) << ").\n";

    const auto drivers = key_drivers(summary);
    if (!drivers.empty()) {
      const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
      out << "\n## " << kAssociationTitle << "\n\nChance of " << markdown_cell(top.label)
          << " in branches where each shock happened and where it did not. "
          << association_note(summary) << "\n\n"
          << "| Shock | Happened in | If it happened | If not | Difference (points) | 95% CI |\n"
          << "|---|---:|---:|---:|---:|---|\n";
      for (const Driver& d : drivers) {
        const ShockSummary& s = summary.shocks[d.shock];
        const ShockEffect& e = s.effects[d.effect];
        out << "| " << markdown_cell(s.label.empty() ? s.id : s.label) << " | "
            << percent(s.fired_share, 1) << " | " << percent(e.fired, 1) << " | "
            << percent(e.not_fired, 1) << " | " << points(e.difference) << " | "
            << points(e.ci95.low) << " to " << points(e.ci95.high) << " |\n";
      }
    }

    if (summary.drivers) {
      const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
      out << "\n## " << kDriversTitle << "\n\n"
          << "Chance of " << markdown_cell(top.label)
          << " as written and if the shock could never happen, on the same branches (same seed); "
             "the difference is the effect of the shock being possible.\n\n";
      if (summary.drivers->empty() && summary.shocks.empty())
        out << "The scenario has no shocks.\n";
      if (!summary.drivers->empty()) {
        out << "| Shock | As written | If it never happens | Effect (points) | 95% CI | Branches "
               "changed |\n|---|---:|---:|---:|---|---:|\n";
        for (const ShockDriver& d : *summary.drivers) {
          const DriverEffect* e = driver_effect(d, top.id);
          if (e == nullptr) continue;
          const int decimals = percent_decimals(e->ci95);
          out << "| " << markdown_cell(d.label.empty() ? d.id : d.label) << " | "
              << percent(e->probability, 1) << " | " << percent(e->probability_without, 1) << " | "
              << points(e->difference, decimals) << " | " << points(e->ci95.low, decimals) << " to "
              << points(e->ci95.high, decimals) << " | " << thousands(d.changed_branches) << " of "
              << thousands(d.branches) << " |\n";
        }
        // Every outcome: a shock can move branches between outcomes other than the top one.
        out << "\nEffect on every outcome, points (95% CI):\n\n| Shock |";
        for (const OutcomeSummary& o : summary.outcomes)
          out << " " << markdown_cell(o.label) << " |";
        out << "\n|---|";
        for (std::size_t i = 0; i < summary.outcomes.size(); ++i) out << "---|";
        out << "\n";
        for (const ShockDriver& d : *summary.drivers) {
          out << "| " << markdown_cell(d.label.empty() ? d.id : d.label) << " |";
          for (const OutcomeSummary& o : summary.outcomes) {
            const DriverEffect* e = driver_effect(d, o.id);
            if (e == nullptr) {
              out << " |";
              continue;
            }
            const int decimals = percent_decimals(e->ci95);
            out << " " << points(e->difference, decimals) << " (" << points(e->ci95.low, decimals)
                << " to " << points(e->ci95.high, decimals) << ") |";
          }
          out << "\n";
        }
      }
      const std::string note = drivers_partial_note(summary);
      if (!note.empty()) out << "\n" << note << "\n";
    }

    if (!summary.paths.empty()) {
      out << "\n## Most frequent paths\n\n| Share | Path |\n|---:|---|\n";
      for (const PathSummary& path : summary.paths)
        out << "| " << percent(path.share, 1) << " | " << markdown_cell(path_phrase(path, true))
            << " |\n";
    }
  }

  out << "\n## Provenance\n\n| | |\n|---|---|\n"
      << "| Engine | negsim " << markdown_cell(p.engine_version) << " |\n"
      << "| Scenario | " << markdown_cell(p.scenario_id) << " (" << markdown_cell(p.scenario_file)
      << ") |\n"
      << "| Scenario SHA-256 | `" << p.scenario_sha256 << "` |\n"
      << "| Seed | " << p.seed << " |\n"
      << "| Branches | " << thousands(p.branches) << (p.partial ? " (partial: interrupted)" : "")
      << " |\n";
  if (p.precision > 0)
    out << "| Precision target | ±" << number(p.precision * 100, 3) << " points ("
        << (p.precision_met ? "met" : "not met") << ") |\n";
  out << "| Threads | " << p.threads << " |\n"
      << "| Wall time | " << number(p.wall_seconds, 2) << " s |\n"
      << "| Date (UTC) | " << p.date << " |\n";
  return out.str();
}

}  // namespace negsim
