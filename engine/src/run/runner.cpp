#include "negsim/run/runner.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "negsim/run/statistics.hpp"
#include "tsan_annotations.hpp"

namespace negsim {

double widest_half_width(const Tally& tally) {
  double widest = 0;
  for (std::size_t o = 0; o < tally.layout().outcomes; ++o)
    widest =
        std::max(widest, wilson_interval(tally.outcome_count(o), tally.branches()).half_width());
  return widest;
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

RunResult run_branches(const Simulator& simulator, const RunOptions& options) {
  if (options.threads < 0) throw std::invalid_argument("threads must be 0 (all cores) or more");
  if (options.precision < 0 || options.precision >= 1)
    throw std::invalid_argument("precision must be between 0 and 1 (e.g. 0.005 for ±0.5 points)");
  const bool precision_mode = options.precision > 0;
  const std::uint64_t target =
      precision_mode ? std::max(options.max_branches, options.branches) : options.branches;

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // global_control lifts oneTBB's default limit (the core count) when more
  // threads are asked for; the arena keeps this run to exactly that many.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);

  const TallyLayout layout =
      TallyLayout::for_scenario(simulator.scenario(), simulator.outcomes().size());
  RunResult result;
  result.tally = Tally(layout);
  result.threads = threads;
  const auto start = Clock::now();

  tbb::enumerable_thread_specific<BranchResult> scratch;  // one per worker, reused
  std::vector<Tally> slots(kWaveChunks);
  std::atomic<std::uint64_t> done{0};
  std::mutex progress_mutex;
  std::uint64_t reported = 0;  // guarded by progress_mutex; keeps the reports increasing

  std::uint64_t next = 0;  // first branch of the next wave
  while (next < target) {
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
      result.partial = true;
      break;
    }
    if (precision_mode && next >= options.branches && next > 0 &&
        widest_half_width(result.tally) <= options.precision) {
      result.precision_met = true;
      break;
    }
    const std::uint64_t wave_end = std::min(target, next + kWaveBranches);
    const std::size_t chunks =
        static_cast<std::size_t>((wave_end - next + kChunkBranches - 1) / kChunkBranches);
    const std::uint64_t wave_start = next;
    // One chunk after another in [range): each counts into its own slot.
    const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
      BranchResult& branch = scratch.local();
      for (std::size_t c = range.begin(); c != range.end(); ++c) {
        Tally tally(layout);
        const std::uint64_t first = wave_start + c * kChunkBranches;
        const std::uint64_t last = std::min(wave_end, first + kChunkBranches);
        for (std::uint64_t b = first; b < last; ++b) {
          simulator.run_branch(options.seed, b, branch);
          tally.add(branch);
        }
        slots[c] = std::move(tally);
        const std::uint64_t now = done.fetch_add(last - first) + (last - first);
        // Never blocks a worker: if another thread is reporting, skip this one.
        if (options.progress && progress_mutex.try_lock()) {
          std::lock_guard lock(progress_mutex, std::adopt_lock);
          if (now > reported) {
            reported = now;
            options.progress({now, target, seconds_since(start)});
          }
        }
      }
    };
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1),
                        detail::HandedOver<decltype(body)>(body), tbb::simple_partitioner());
    });
    detail::hand_over_acquire();
    for (std::size_t c = 0; c < chunks; ++c) {
      result.tally.merge(slots[c]);
      slots[c] = Tally();
    }
    next = wave_end;
  }
  if (precision_mode && !result.partial && !result.precision_met)
    result.precision_met = widest_half_width(result.tally) <= options.precision;
  result.branches = result.tally.branches();
  result.wall_seconds = seconds_since(start);
  return result;
}

}  // namespace negsim
