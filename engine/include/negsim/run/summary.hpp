#pragma once
// Every figure the reports print, with where it came from. A Summary is built
// once from a Tally and is all that the reports (report.hpp) and the results
// store need: it round-trips exactly through summary.json.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"
#include "negsim/run/paired_runner.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/shock_drivers.hpp"
#include "negsim/run/statistics.hpp"
#include "negsim/run/tally.hpp"

namespace negsim {

// Mean with its Monte Carlo standard error, and percentiles.
struct Spread {
  double mean = 0, std_error = 0;
  double p5 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0;
  Spread scaled(double factor) const;
  bool operator==(const Spread&) const = default;
};

struct OptionShare {
  std::string option;
  std::uint64_t count = 0;
  double share = 0;  // of the agreements ending in this outcome
  bool operator==(const OptionShare&) const = default;
};

// The agreed terms on one issue among the branches ending in one outcome.
struct IssueTerms {
  std::string issue, label, kind, unit;
  // Agreed packages that settled this issue; fewer than the outcome's
  // agreed_count when an agreement on an agenda left it open.
  std::uint64_t count = 0;
  Spread value;                      // issue units; option index for ordinal and binary issues
  std::vector<OptionShare> options;  // ordinal and binary issues only
  bool operator==(const IssueTerms&) const = default;
};

struct PartyUtility {
  std::string party, name;
  Spread utility;  // of the agreed package, on [0, 1]
  bool operator==(const PartyUtility&) const = default;
};

struct OutcomeSummary {
  std::string id, label;
  bool unresolved = false;  // the horizon was reached without a terminal state
  bool agreement = false;   // a terminal state of this outcome says `agreement: true`
  std::uint64_t count = 0;
  double probability = 0, std_error = 0;
  Interval ci95;
  std::optional<Spread> rounds;       // rounds until this outcome; none when count is 0
  std::uint64_t agreed_count = 0;     // of `count`, branches with an agreed package
  std::vector<IssueTerms> terms;      // when agreed_count > 0
  std::vector<PartyUtility> utility;  // when agreed_count > 0
  bool operator==(const OutcomeSummary&) const = default;
};

struct TimingSummary {
  std::uint64_t resolved = 0;    // branches that ended in a terminal state
  std::optional<Spread> rounds;  // their rounds until the end; none when resolved is 0
  double unresolved_share = 0;
  Interval unresolved_ci95;
  bool operator==(const TimingSummary&) const = default;
};

struct PathSummary {
  // State ids in order of entry. A long path shows its first states, "…" for
  // the ones left out, and the state it ended in.
  std::vector<std::string> states;
  bool truncated = false;  // some states were left out
  std::uint64_t count = 0;
  double share = 0;
  std::vector<std::string> labels;  // the states' labels for readers (the id when none is given)
  bool operator==(const PathSummary&) const = default;
};

// How one outcome's probability differs between branches where a shock fired
// and branches where it did not. An association, not an effect: longer
// branches see more shocks (immortal time bias), so a shock that fires late is
// linked to late outcomes whatever it does. ShockDriver is the effect.
struct ShockEffect {
  std::string outcome;
  double fired = 0, not_fired = 0, difference = 0;  // difference = fired − not_fired
  Interval ci95;                                    // of the difference
  bool operator==(const ShockEffect&) const = default;
};

struct ShockSummary {
  std::string id, label;
  std::uint64_t fired_branches = 0;  // branches in which it fired at least once
  double fired_share = 0;
  std::uint64_t firings = 0;         // times it fired, all branches together
  std::vector<ShockEffect> effects;  // empty when it fired in no branch or in every branch
  bool operator==(const ShockSummary&) const = default;
};

// One point of a cumulative-incidence curve: the chance that something had
// happened by the end of a round, with its 95% Wilson interval.
struct CurvePoint {
  int round = 0;
  std::string date;  // the round's calendar date: as_of + round * round_days
  std::uint64_t count = 0;
  double probability = 0;
  Interval ci95;
  bool operator==(const CurvePoint&) const = default;
};

// Something a branch reaches or not (docs/model.md 12): a milestone, or an
// outcome group (any agreement, no agreement, a text every principal accepted).
struct ReachSummary {
  std::string id, label;
  std::uint64_t count = 0;  // branches that reached it by the horizon
  double probability = 0;
  Interval ci95;
  std::optional<Spread> rounds;   // rounds until it was first reached; none when count is 0
  std::vector<CurvePoint> curve;  // rounds 0..horizon
  bool operator==(const ReachSummary&) const = default;
};

struct Provenance {
  std::string engine_version;
  std::string date;  // UTC, ISO 8601, when the run finished
  std::string scenario_id, scenario_title, scenario_file, scenario_sha256;
  // With --set: the overrides, in order, and the SHA-256 of the file's own
  // bytes (scenario_sha256 is then that of the scenario as run). Both empty
  // without overrides; summary.json has them only then.
  std::vector<std::string> overrides;
  std::string scenario_file_sha256;
  std::string as_of;        // the date the scenario's assumptions describe
  std::string round_label;  // what one round means, e.g. "week"
  double round_days = 7;
  int horizon = 0;
  std::uint64_t seed = 0;
  std::uint64_t branches = 0;  // branches summarised
  int threads = 0;
  double wall_seconds = 0;
  bool partial = false;  // interrupted: only the first `branches` branches ran
  double precision = 0;  // --precision target for the 95% half-widths; 0 = off
  bool precision_met = false;
  bool operator==(const Provenance&) const = default;
};

struct Summary {
  Provenance provenance;
  std::vector<OutcomeSummary> outcomes;  // in the simulator's order, unresolved last
  // "agreement" and "no_agreement" (when some terminal state says whether it is
  // an agreement), then "text_accepted": a package every principal accepted.
  std::vector<ReachSummary> groups;
  std::vector<ReachSummary> milestones;  // in the order of process.milestones
  TimingSummary timing;
  std::vector<PathSummary> paths;    // most frequent first
  std::vector<ShockSummary> shocks;  // association only: see ShockSummary
  // With --drivers: the effect of each shock, largest effect on the most
  // likely outcome first; none when not asked for. Fewer than `shocks` when
  // the run was interrupted.
  std::optional<std::vector<ShockDriver>> drivers;

  // Index of the most frequent outcome (the first of equals); 0 when there are none.
  std::size_t most_likely() const;
  // The group with this id, or null.
  const ReachSummary* group(const std::string& id) const;
  bool operator==(const Summary&) const = default;
};

inline constexpr std::size_t kTopPaths = 10;

// Builds the summary of `tally`. `outcomes` are the simulator's outcome labels
// (unresolved last). The run fields of `provenance` (seed, threads, wall time,
// date, partial, precision) are kept; engine version, scenario fields and the
// branch count are filled in here.
Summary summarise(const Scenario& scenario, const std::vector<std::string>& outcomes,
                  const Tally& tally, Provenance provenance);

// The summary of a run of `simulator` that has just finished, its provenance
// filled in from the run (seed, threads, wall time, partial, precision) and
// dated now: the one place a run's provenance is filled.
Summary summarise_run(const Simulator& simulator, const RunOptions& options,
                      const RunResult& result);
// The same for one side of a paired run; `tally` is `result.base` or `result.variant`.
Summary summarise_run(const Simulator& simulator, const RunOptions& options,
                      const PairedRunResult& result, const Tally& tally);

// An id as words for readers: underscores as spaces, the first letter
// capitalised ("frozen_conflict" → "Frozen conflict").
std::string humanise(const std::string& id);

// The outcome's name for readers: the label of its terminal state when only one
// state has it, otherwise the id with spaces ("frozen_conflict" → "Frozen conflict").
std::string outcome_label(const Scenario& scenario, const std::string& outcome);

// Current time in UTC as ISO 8601, e.g. "2026-01-23T09:30:00Z".
std::string utc_timestamp();

}  // namespace negsim
