#include "negsim/run/runner.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "negsim/run/statistics.hpp"
#include "wave_loop.hpp"

namespace negsim {

double widest_half_width(const Tally& tally) {
  double widest = 0;
  for (std::size_t o = 0; o < tally.layout().outcomes; ++o)
    widest =
        std::max(widest, wilson_interval(tally.outcome_count(o), tally.branches()).half_width());
  return widest;
}

RunResult run_branches(const Simulator& simulator, const RunOptions& options) {
  const int threads = detail::worker_threads(options.threads);
  if (options.precision < 0 || options.precision >= 1)
    throw std::invalid_argument("precision must be between 0 and 1 (e.g. 0.005 for ±0.5 points)");
  const bool precision_mode = options.precision > 0;

  const TallyLayout layout =
      TallyLayout::for_scenario(simulator.scenario(), simulator.outcomes().size());
  RunResult result;
  result.tally = Tally(layout);
  result.threads = threads;

  detail::WavePlan plan;
  plan.target =
      precision_mode ? std::max(options.max_branches, options.branches) : options.branches;
  plan.threads = threads;
  plan.cancel = options.cancel;
  plan.progress = &options.progress;
  // A chunk's tally, and its branches for the sink when there is one.
  struct Slot {
    Tally tally;
    std::unique_ptr<BranchBatch> batch;
  };
  BranchSink* const sink = options.branch_sink;
  const auto make_slot = [&] { return Slot{Tally(layout), sink ? sink->batch() : nullptr}; };
  const auto add = [&](BranchResult& branch, Slot& slot, std::uint64_t b) {
    simulator.run_branch(options.seed, b, branch);
    slot.tally.add(branch);
    if (slot.batch) slot.batch->add(b, branch);
  };
  const auto merge = [&](const Slot& slot) {
    const Tally& tally = slot.tally;
    result.tally.merge(tally);
    if (!options.convergence || tally.branches() == 0) return;
    ConvergencePoint point{result.tally.branches(), {}};
    for (std::size_t o = 0; o < layout.outcomes; ++o)
      point.counts.push_back(result.tally.outcome_count(o));
    result.convergence.push_back(std::move(point));
  };
  // Precision mode: stop at the first wave boundary past the least number of
  // branches where every interval is narrow enough.
  const auto precise_enough = [&](std::uint64_t done) {
    result.precision_met = precision_mode && done >= options.branches && done > 0 &&
                           widest_half_width(result.tally) <= options.precision;
    return result.precision_met;
  };
  // The sink's batches are closed on their workers and freed once taken.
  const auto finish = [](Slot& slot) { slot.batch->close(); };
  const auto stream = [&](Slot& slot) {
    sink->take(*slot.batch);
    slot.batch.reset();
  };
  const detail::WaveEnd end =
      sink ? detail::run_waves<BranchResult>(plan, make_slot, add, merge, precise_enough, finish,
                                             stream)
           : detail::run_waves<BranchResult>(plan, make_slot, add, merge, precise_enough);

  result.partial = end.cancelled;
  if (precision_mode && !result.partial && !result.precision_met)
    result.precision_met = widest_half_width(result.tally) <= options.precision;
  result.branches = result.tally.branches();
  result.wall_seconds = end.wall_seconds;
  return result;
}

}  // namespace negsim
