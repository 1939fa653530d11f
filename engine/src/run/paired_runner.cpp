#include "negsim/run/paired_runner.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>

#include "tsan_annotations.hpp"

namespace negsim {

namespace {

using Clock = std::chrono::steady_clock;

struct Slot {
  PairedTally pairs;
  Tally base, variant;
};

struct Scratch {
  BranchResult base, variant;
};

}  // namespace

PairedRunResult run_paired(const Simulator& base, const Simulator& variant,
                           const RunOptions& options) {
  if (options.threads < 0) throw std::invalid_argument("threads must be 0 (all cores) or more");
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);

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

  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  tbb::enumerable_thread_specific<Scratch> scratch;
  std::vector<Slot> slots(kWaveChunks);
  std::atomic<std::uint64_t> done{0};
  std::mutex progress_mutex;
  std::uint64_t reported = 0;  // progress is reported in increasing order only
  const std::uint64_t target = options.branches;

  std::uint64_t next = 0;
  while (next < target) {
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
      result.partial = true;
      break;
    }
    const std::uint64_t wave_end = std::min(target, next + kWaveBranches);
    const std::size_t chunks =
        static_cast<std::size_t>((wave_end - next + kChunkBranches - 1) / kChunkBranches);
    const std::uint64_t wave_start = next;
    // One chunk after another in [range): each counts into its own slot.
    const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
      Scratch& s = scratch.local();
      for (std::size_t c = range.begin(); c != range.end(); ++c) {
        Slot slot{PairedTally(result.outcomes.size()), Tally(base_layout), Tally(variant_layout)};
        const std::uint64_t first = wave_start + c * kChunkBranches;
        const std::uint64_t last = std::min(wave_end, first + kChunkBranches);
        for (std::uint64_t b = first; b < last; ++b) {
          // Same seed, same branch index: common random numbers.
          base.run_branch(options.seed, b, s.base);
          variant.run_branch(options.seed, b, s.variant);
          slot.base.add(s.base);
          slot.variant.add(s.variant);
          slot.pairs.add(base_map.at(static_cast<std::size_t>(s.base.outcome)),
                         variant_map.at(static_cast<std::size_t>(s.variant.outcome)));
        }
        slots[c] = std::move(slot);
        const std::uint64_t now = done.fetch_add(last - first) + (last - first);
        // Never blocks a worker: if another thread is reporting, skip this one.
        if (options.progress && progress_mutex.try_lock()) {
          std::lock_guard lock(progress_mutex, std::adopt_lock);
          if (now > reported) {
            reported = now;
            options.progress({now, target, elapsed()});
          }
        }
      }
    };
    // The same hand-over annotations as the runner (tsan_annotations.hpp).
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1),
                        detail::HandedOver<decltype(body)>(body), tbb::simple_partitioner());
    });
    detail::hand_over_acquire();
    for (std::size_t c = 0; c < chunks; ++c) {
      result.pairs.merge(slots[c].pairs);
      result.base.merge(slots[c].base);
      result.variant.merge(slots[c].variant);
      slots[c] = Slot{};
    }
    next = wave_end;
  }
  result.branches = result.pairs.pairs();
  result.wall_seconds = elapsed();
  return result;
}

}  // namespace negsim
