#include "negsim/run/shock_drivers.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "negsim/run/paired_comparison.hpp"
#include "negsim/run/paired_runner.hpp"

namespace negsim {

Scenario without_event(const Scenario& scenario, const std::string& event_id) {
  Scenario out = scenario;
  const auto it = std::find_if(out.events.begin(), out.events.end(),
                               [&](const Event& e) { return e.id == event_id; });
  if (it == out.events.end())
    throw std::invalid_argument("scenario '" + scenario.id + "' has no event '" + event_id + "'");
  // The path keys the chance's random stream: keep it, so that the draw still
  // happens and no other draw moves.
  it->chance.dist = Distribution::constant(0);
  const std::string chance_path = "events." + event_id + ".chance";
  for (Event& other : out.events)
    std::erase_if(other.effects, [&](const Effect& f) { return f.target == chance_path; });
  return out;
}

namespace {

ShockDriver driver_of(const Event& event, const PairedRunResult& run) {
  // Base of the comparison = the scenario without the event, variant = as
  // written, so compare_paired's "variant − base" is the effect of the event.
  const PairedComparison c = compare_paired(run.pairs, run.outcomes, "without " + event.id, "base");
  ShockDriver d;
  d.id = event.id;
  d.label = event.label;
  d.branches = c.pairs;
  d.changed_branches = c.changed;
  for (const OutcomeDifference& o : c.outcomes)
    d.outcomes.push_back(
        {o.outcome, o.variant_probability, o.base_probability, o.difference, o.paired_ci95});
  return d;
}

}  // namespace

ShockDriversResult shock_drivers(const Simulator& base, const RunOptions& options,
                                 const DriverStart& on_start) {
  const Scenario& scenario = base.scenario();
  const std::size_t count = scenario.events.size();
  ShockDriversResult result;
  std::vector<std::uint64_t> base_counts;  // of the base, in the comparison's outcome order
  for (std::size_t i = 0; i < count; ++i) {
    if (options.cancel && options.cancel->load()) {
      result.partial = true;
      break;
    }
    const Event& event = scenario.events[i];
    if (on_start) on_start(i, count, event);
    const Simulator never(without_event(scenario, event.id));
    const PairedRunResult run = run_paired(never, base, options);
    if (run.branches > 0) {
      result.drivers.push_back(driver_of(event, run));
      if (base_counts.empty())
        for (std::size_t o = 0; o < run.outcomes.size(); ++o)
          base_counts.push_back(run.pairs.variant_count(o));
    }
    if (run.partial) {
      result.partial = true;
      break;
    }
  }
  if (result.drivers.empty()) return result;

  // Every comparison has the same outcomes in the same order (the event's
  // removal removes no state), so one index serves all.
  const std::size_t top = static_cast<std::size_t>(
      std::max_element(base_counts.begin(), base_counts.end()) - base_counts.begin());
  std::stable_sort(result.drivers.begin(), result.drivers.end(),
                   [&](const ShockDriver& a, const ShockDriver& b) {
                     return std::abs(a.outcomes[top].difference) >
                            std::abs(b.outcomes[top].difference);
                   });
  return result;
}

}  // namespace negsim
