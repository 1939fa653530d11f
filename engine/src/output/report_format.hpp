#pragma once
// Number and phrase formatting shared by the text, Markdown and CSV reports.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "negsim/run/summary.hpp"

namespace negsim::report {

// The shortest text that reads back as the same double: 0.3 → "0.3".
std::string exact_number(double x);
// What a report calls a thing: its label (or name), or its id without one.
inline std::string label_or_id(const std::string& label, const std::string& id) {
  return label.empty() ? id : label;
}
// 1234567 → "1,234,567".
std::string thousands(std::uint64_t n);
// Decimals that keep an interval's ends distinct: 1, or 2 for very narrow intervals.
int percent_decimals(const Interval& interval);
// 0.4132 → "41.3%"; a nonzero share that would print as 0 shows as "<0.1%".
std::string percent(double share, int decimals = 1);
// "40.7–41.3%".
std::string percent_range(const Interval& interval, int decimals);
// A signed difference in percentage points: "+3.1", "−0.4".
std::string points(double difference, int decimals = 1);
// A value in an issue's units with sensible decimals for the issue's range.
std::string issue_value(double value, double range);
// A quantity with up to `decimals` decimals and trailing zeros dropped.
std::string number(double value, int decimals);

// "14 weeks" (plural as needed); with calendar terms added when a round is not
// a day: "14 weeks (about 3.2 months)" or "3 weeks (21 days)".
std::string duration(double rounds, const Provenance& provenance, bool calendar = true);
// "2–8 weeks", or "1 week" when both ends are equal.
std::string round_range(double from, double to, const Provenance& provenance);
// "weeks" for label "week".
std::string plural_rounds(const Provenance& provenance);

// The outcomes by probability, most likely first (ties in model order).
std::vector<std::size_t> outcomes_by_probability(const Summary& summary);
// The order every report lists outcomes in: the summary's own (the
// scenario's order, unresolved last), as summary.json has them, so that the
// terminal, summary.md, summary.html and summary.json agree and a base and
// its variants list their outcomes alike. The bottom line names the most
// likely outcome.
std::vector<std::size_t> report_order(const Summary& summary);
// Whether a report shows the agreed terms of `outcome`: every report shows
// them for the same outcomes, those with an agreed package.
inline bool shows_terms(const OutcomeSummary& outcome) {
  return outcome.agreed_count > 0;
}

// One line per discrete issue ("none 12%, de facto 80%") or continuous issue
// ("median 0.52 share; middle half 0.48–0.56; 90% between 0.41 and 0.63").
// Options with a share below `min_share` are left out.
std::string terms_phrase(const IssueTerms& terms, double min_share = 0);
// " (settled in 1,234 of 5,678)" when an agreement on an agenda left the issue
// open in some of the outcome's agreed packages; empty otherwise.
std::string settled_note(const IssueTerms& terms, std::uint64_t agreed);

// Shocks whose firing changes the most likely outcome's probability most,
// largest change first (at most `limit`), as (shock index, effect index).
struct Driver {
  std::size_t shock = 0, effect = 0;
};
std::vector<Driver> key_drivers(const Summary& summary, std::size_t limit = 5);

// Section titles and the warning the shock table carries: it shows an
// association, which longer branches bias (docs/model.md 8.1).
inline constexpr const char* kAssociationTitle = "Shocks and outcomes (association, not effect)";
inline constexpr const char* kDriversTitle =
    "Key drivers: effect of each shock (paired, common random numbers)";
// One plain sentence; it points to the drivers section when the summary has one,
// otherwise to --drivers.
std::string association_note(const Summary& summary);

// The driver's effect on `outcome`, or nullptr when it has none.
const DriverEffect* driver_effect(const ShockDriver& driver, const std::string& outcome);
// "Interrupted: 2 of 5 shocks compared; Strikes on the first 65,536 branches
// only." when the drivers do not cover every shock or every branch of the run;
// empty otherwise.
std::string drivers_partial_note(const Summary& summary);

// "Any agreement 12.3% (95% CI 12.1–12.5%) by 2028-01-01": the chance of
// reaching `reach` by the horizon, and its date when the scenario has one.
std::string reach_phrase(const ReachSummary& reach);
// The rounds at which reports show milestone curves: the quarters of the
// horizon (fewer when the horizon is short), ending at the horizon.
std::vector<int> checkpoint_rounds(int horizon);
// A curve's probability at `round` as "12.3% (11.9–12.7%)".
std::string curve_cell(const ReachSummary& reach, int round);

// "negsim 0.1.0 · scenario x (file, sha256 …) · seed … · N branches · T threads · 1.9 s · date".
// With overrides the hash is the file's, with the overrides beside it and the
// hash of the scenario as run after them.
std::string provenance_line(const Provenance& provenance);
// "--set a=1, --set b=2"; empty without overrides.
std::string overrides_phrase(const std::vector<std::string>& overrides);
// The title of the scenario (its id when it has none), with " (with --set …)"
// when overrides changed it: the first line of every report.
std::string title_with_overrides(const Provenance& provenance);

// "41.3% (40.7–41.3%)": an outcome's probability with its 95% interval.
std::string probability_cell(const OutcomeSummary& outcome);
// The label of outcome `id`, or the id when there is none.
std::string label_of(const std::map<std::string, std::string>& labels, const std::string& id);

// The path as "talks → suspended → talks → deal" by state id, or by label,
// with back-to-back repeats shortened: "talks → (bargain → pause) ×3 → deal".
std::string path_phrase(const PathSummary& path, bool labels);

}  // namespace negsim::report
