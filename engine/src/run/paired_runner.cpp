#include "negsim/run/paired_runner.hpp"

#include "wave_loop.hpp"

namespace negsim {

namespace {

// What one chunk of branch indices counts.
struct PairSlot {
  PairedTally pairs;
  Tally base, variant;
};

struct PairScratch {
  BranchResult base, variant;
};

}  // namespace

PairedRunResult run_paired(const Simulator& base, const Simulator& variant,
                           const RunOptions& options) {
  const int threads = detail::worker_threads(options.threads);
  PairedRunResult result;
  std::vector<std::size_t> base_map, variant_map;
  result.outcomes =
      merge_outcome_labels(base.outcomes(), variant.outcomes(), base_map, variant_map);
  const TallyLayout base_layout =
      TallyLayout::for_scenario(base.scenario(), base.outcomes().size());
  const TallyLayout variant_layout =
      TallyLayout::for_scenario(variant.scenario(), variant.outcomes().size());
  result.pairs = PairedTally(result.outcomes.size());
  result.base = Tally(base_layout);
  result.variant = Tally(variant_layout);
  result.threads = threads;

  detail::WavePlan plan;
  // share_of throws std::invalid_argument for a part that does not exist.
  const BranchRange mine = share_of({0, options.branches}, options.share.part, options.share.parts);
  plan.first = mine.first;
  plan.target = mine.last;
  plan.threads = threads;
  plan.cancel = options.cancel;
  plan.progress = &options.progress;
  const auto make_slot = [&] {
    return PairSlot{PairedTally(result.outcomes.size()), Tally(base_layout), Tally(variant_layout)};
  };
  const auto add = [&](PairScratch& s, PairSlot& slot, std::uint64_t b) {
    // Same seed, same branch index: common random numbers.
    base.run_branch(options.seed, b, s.base);
    variant.run_branch(options.seed, b, s.variant);
    slot.base.add(s.base);
    slot.variant.add(s.variant);
    slot.pairs.add(base_map.at(static_cast<std::size_t>(s.base.outcome)),
                   variant_map.at(static_cast<std::size_t>(s.variant.outcome)));
  };
  const auto merge = [&](const PairSlot& slot) {
    result.pairs.merge(slot.pairs);
    result.base.merge(slot.base);
    result.variant.merge(slot.variant);
  };
  const detail::WaveEnd end = detail::run_waves<PairScratch>(plan, make_slot, add, merge,
                                                             [](std::uint64_t) { return false; });

  result.partial = end.cancelled;
  result.branches = result.pairs.pairs();
  result.wall_seconds = end.wall_seconds;
  return result;
}

}  // namespace negsim
