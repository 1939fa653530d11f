#pragma once
// The effect of each shock on the outcomes, as opposed to the association the
// summary's shock table shows.
//
// Comparing branches where a shock fired with branches where it did not is
// confounded: a branch that lasts longer has more rounds in which shocks can
// fire, so any shock looks linked to the outcomes that come late (immortal
// time bias). Instead, for each event e, the scenario runs against a copy in
// which e can never happen, on the same seed and branch indices (common random
// numbers, paired_runner.hpp): branch b of the copy differs from branch b of
// the scenario only through e, and the paired difference in each outcome's
// probability is the effect of e being possible.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/statistics.hpp"

namespace negsim {

// The effect of a shock being possible on one outcome's probability: the
// scenario as written minus the same scenario in which the shock never
// happens, on common random numbers (below).
struct DriverEffect {
  std::string outcome;
  double probability = 0;          // as written
  double probability_without = 0;  // when the shock never happens
  double difference = 0;           // probability − probability_without
  Interval ci95;                   // of the difference (paired_comparison.hpp)
  bool operator==(const DriverEffect&) const = default;
};

struct ShockDriver {
  std::string id, label;
  std::uint64_t branches = 0;          // branch pairs compared (fewer when interrupted)
  std::uint64_t changed_branches = 0;  // branches whose outcome the shock changed
  std::vector<DriverEffect> outcomes;  // in the summary's outcome order
  bool operator==(const ShockDriver&) const = default;
};

// `scenario` with event `event_id` unable to happen: its chance is the
// constant 0, and effects of other events that would change that chance are
// dropped (an `add` or `set` could otherwise bring it back). Nothing else
// changes, so every other random draw stays the same. Throws
// std::invalid_argument when there is no such event.
Scenario without_event(const Scenario& scenario, const std::string& event_id);

struct ShockDriversResult {
  std::vector<ShockDriver> drivers;  // largest effect on the most likely outcome first
  bool partial = false;              // cancelled: the last driver may cover fewer branches,
                                     // and the shocks not reached are missing
};

// Called before each shock's comparison starts: its 0-based place in file
// order, the number of shocks, and the event.
using DriverStart = std::function<void(std::size_t index, std::size_t count, const Event& event)>;

// Runs, for every event of `base`'s scenario in file order, run_paired(the
// scenario without the event, base, options); `options.progress` and
// `options.cancel` apply to each comparison. The most likely outcome is the
// one most frequent in the base (the first of equals), as in Summary.
ShockDriversResult shock_drivers(const Simulator& base, const RunOptions& options,
                                 const DriverStart& on_start = {});

}  // namespace negsim
