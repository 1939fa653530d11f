#include "negsim/run/runner.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "negsim/run/statistics.hpp"
#include "wave_loop.hpp"

namespace negsim {

double widest_half_width(const std::vector<std::uint64_t>& outcome_counts, std::uint64_t branches) {
  double widest = 0;
  for (const std::uint64_t count : outcome_counts)
    widest = std::max(widest, wilson_interval(count, branches).half_width());
  return widest;
}

double widest_half_width(const Tally& tally) {
  std::vector<std::uint64_t> counts;
  for (std::size_t o = 0; o < tally.layout().outcomes; ++o)
    counts.push_back(tally.outcome_count(o));
  return widest_half_width(counts, tally.branches());
}

BranchRange share_of(BranchRange range, std::uint64_t part, std::uint64_t parts) {
  if (part >= parts)
    throw std::invalid_argument("share_of: part " + std::to_string(part) + " of " +
                                std::to_string(parts) + " does not exist");
  const std::uint64_t chunks = (range.size() + kChunkBranches - 1) / kChunkBranches;
  // floor(chunks × part / parts) without overflowing the product.
  const auto boundary = [&](std::uint64_t k) {
    const std::uint64_t q = chunks / parts, r = chunks % parts;
    const std::uint64_t chunk = q * k + r * k / parts;
    return std::min(range.last, range.first + chunk * kChunkBranches);
  };
  return {boundary(part), boundary(part + 1)};
}

RunResult run_branches(const Simulator& simulator, const RunOptions& options) {
  const int threads = detail::worker_threads(options.threads);
  if (options.precision < 0 || options.precision >= 1)
    throw std::invalid_argument("precision must be between 0 and 1 (e.g. 0.005 for ±0.5 points)");
  const bool precision_mode = options.precision > 0;
  const RunShare& share = options.share;
  const bool shared = share.parts > 1;
  if (share.part >= share.parts)
    throw std::invalid_argument("run share: part " + std::to_string(share.part) + " of " +
                                std::to_string(share.parts) + " does not exist");
  if (shared && precision_mode && !share.sum_across)
    throw std::invalid_argument(
        "a precision target split across processes needs their counts (RunShare::sum_across)");

  const TallyLayout layout =
      TallyLayout::for_scenario(simulator.scenario(), simulator.outcomes().size());
  RunResult result;
  result.tally = Tally(layout);
  result.threads = threads;

  detail::WavePlan plan;
  if (precision_mode) {
    plan.target = std::max(options.max_branches, options.branches);
    plan.part = share.part;
    plan.parts = share.parts;
  } else {
    const BranchRange mine = share_of({0, options.branches}, share.part, share.parts);
    plan.first = mine.first;
    plan.target = mine.last;
  }
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
  // Precision mode: every process's counts so far, the same on each.
  const auto narrow_enough = [&] {
    std::vector<std::uint64_t> counts{result.tally.branches()};
    for (std::size_t o = 0; o < layout.outcomes; ++o)
      counts.push_back(result.tally.outcome_count(o));
    if (shared) share.sum_across(counts);
    const std::uint64_t branches = counts.front();
    counts.erase(counts.begin());
    return widest_half_width(counts, branches) <= options.precision;
  };
  // Stop at the first wave boundary past the least number of branches where
  // every interval is narrow enough. `next` is a wave boundary of the whole
  // run, the same in every process, so all of them ask narrow_enough() together.
  const auto precise_enough = [&](std::uint64_t next) {
    result.precision_met =
        precision_mode && next >= options.branches && next > 0 && narrow_enough();
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
    result.precision_met = narrow_enough();
  result.branches = result.tally.branches();
  result.wall_seconds = end.wall_seconds;
  return result;
}

}  // namespace negsim
