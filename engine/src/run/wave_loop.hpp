#pragma once
// The parallel pattern both runners share (internal to the run layer): branch
// indices cut into fixed chunks of kChunkBranches, each chunk counted into its
// own slot by whichever worker takes it, the slots merged in chunk order, in
// waves of kWaveChunks chunks. Merging in chunk order and counting in integers
// makes the totals bit-identical for any thread count; waves keep memory flat.
// A precision target stops on a wave boundary. A cancel (Ctrl-C) is seen
// before every branch, so it is honoured within one branch's time on any
// scenario: each chunk then stops where it is, and the chunks are merged in
// order up to and including the first that did not finish, so the branches
// counted are still exactly 0..N−1 (later chunks' work is dropped).
// Optionally each chunk's slot is also streamed, in chunk order, as soon as
// it and every chunk before it are done (branch_sink.hpp), under the same
// rule, so that what is streamed is exactly what is merged.
// Split across processes (RunShare), a process runs either one whole-chunk
// range of the branches, or, when the stop decision needs every process's
// counts (precision), its whole-chunk share of every wave.

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <type_traits>
#include <vector>

#include "negsim/run/runner.hpp"
#include "tsan_annotations.hpp"

namespace negsim::detail {

// The threads a run uses: `requested`, or every core for 0. Throws
// std::invalid_argument when negative.
int worker_threads(int requested);

struct WavePlan {
  std::uint64_t first = 0;   // the first branch to run
  std::uint64_t target = 0;  // run branches first..target−1 at most
  // This process runs only part `part` of `parts` of each wave (share_of).
  std::uint64_t part = 0, parts = 1;
  int threads = 1;  // from worker_threads()
  const std::atomic<bool>* cancel = nullptr;
  const std::function<void(const RunProgress&)>* progress = nullptr;
};

struct WaveEnd {
  bool cancelled = false;  // stopped by `cancel` before `target` branches had run
  double wall_seconds = 0;
};

// run_waves without streaming.
struct NoStream {};

// Runs waves until branches up to `target` have run, `cancel` turns true, or
// `stop(next)` (asked before each wave with the first branch of the wave)
// says so.
// On a worker thread, with that worker's own Scratch, a chunk's slot is made
// by `make_slot()` and `add(scratch, slot, b)` runs branch b into it, for its
// branches in increasing order; `merge(slot)` adds a slot to the totals on the
// calling thread, in chunk order. With `finish` and `stream`: `finish(slot)`
// runs on the chunk's worker when its branches are done, and `stream(slot)`
// in chunk order on whichever thread completes the ordered prefix (never two
// at once, never blocking a worker), before the slot is merged.
template <class Scratch, class MakeSlot, class Add, class Merge, class Stop,
          class Finish = NoStream, class Stream = NoStream>
WaveEnd run_waves(const WavePlan& plan, const MakeSlot& make_slot, const Add& add,
                  const Merge& merge, const Stop& stop, const Finish& finish = {},
                  const Stream& stream = {}) {
  using Clock = std::chrono::steady_clock;
  using Slot = std::invoke_result_t<const MakeSlot&>;
  constexpr bool streaming = !std::is_same_v<Stream, NoStream>;
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  // global_control lifts oneTBB's default limit (the core count) when more
  // threads are asked for; the arena keeps this run to exactly that many.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(plan.threads));
  tbb::task_arena arena(plan.threads);

  tbb::enumerable_thread_specific<Scratch> scratch;  // one per worker, reused
  std::vector<Slot> slots(kWaveChunks);
  std::vector<std::uint64_t> ran(kWaveChunks);  // branches each chunk ran
  const auto cancelled = [&] {
    return plan.cancel && plan.cancel->load(std::memory_order_relaxed);
  };
  std::atomic<std::uint64_t> done{0};
  std::mutex progress_mutex;
  std::uint64_t reported = 0;  // guarded by progress_mutex; keeps the reports increasing
  const bool report = plan.progress && *plan.progress;

  // Streaming: which chunks of the wave are done, the first not yet streamed,
  // and whether every chunk streamed so far ran whole (after one that did
  // not, nothing more is streamed, as nothing more is merged).
  std::vector<std::atomic<bool>> ready(streaming ? kWaveChunks : 0);
  std::atomic<std::size_t> streamed{0};
  std::atomic<std::size_t> claimed{0};  // the next chunk a worker takes
  std::atomic<bool> streamed_whole{true};
  std::mutex stream_mutex;
  std::size_t chunks = 0;
  std::uint64_t wave_start = 0, wave_end = 0;
  const auto chunk_length = [&](std::size_t c) {
    const std::uint64_t first = wave_start + c * kChunkBranches;
    return std::min(wave_end, first + kChunkBranches) - first;
  };
  const auto next_ready = [&] {
    const std::size_t s = streamed.load(std::memory_order_acquire);
    return s < chunks && streamed_whole.load(std::memory_order_acquire) &&
           ready[s].load(std::memory_order_acquire);
  };
  // A worker that finds another streaming skips; the other looks again
  // after letting go, so a chunk made ready meanwhile is not left waiting.
  const auto drain = [&] {
    if constexpr (streaming) {
      while (next_ready() && stream_mutex.try_lock()) {
        std::lock_guard lock(stream_mutex, std::adopt_lock);
        while (next_ready()) {
          const std::size_t s = streamed.load(std::memory_order_relaxed);
          stream(slots[s]);
          if (ran[s] < chunk_length(s)) streamed_whole.store(false, std::memory_order_release);
          streamed.store(s + 1, std::memory_order_release);
        }
      }
    }
  };

  WaveEnd end;
  std::uint64_t next = plan.first;  // first branch of the next wave
  const std::uint64_t planned = plan.target - std::min(plan.first, plan.target);
  while (next < plan.target) {
    if (cancelled()) {
      end.cancelled = true;
      break;
    }
    if (stop(next)) break;
    const std::uint64_t wave_last = std::min(plan.target, next + kWaveBranches);
    const BranchRange mine = share_of({next, wave_last}, plan.part, plan.parts);
    wave_start = mine.first;
    wave_end = mine.last;
    chunks =
        static_cast<std::size_t>((wave_end - wave_start + kChunkBranches - 1) / kChunkBranches);
    if constexpr (streaming) {
      for (auto& r : ready) r.store(false, std::memory_order_relaxed);
      streamed.store(0, std::memory_order_relaxed);
      claimed.store(0, std::memory_order_relaxed);
    }
    // One chunk after another in [range): each counts into its own slot.
    const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
      Scratch& local = scratch.local();
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        // Streaming takes the chunks in order (the partitioner would hand
        // another worker the far half of the wave, whose chunks would then
        // wait for the near half); each iteration still runs one chunk.
        std::size_t c = i;
        if constexpr (streaming) c = claimed.fetch_add(1, std::memory_order_relaxed);
        const std::uint64_t first = wave_start + c * kChunkBranches;
        const std::uint64_t last = std::min(wave_end, first + kChunkBranches);
        Slot slot = make_slot();
        std::uint64_t b = first;
        for (; b < last && !cancelled(); ++b) add(local, slot, b);
        if constexpr (streaming) finish(slot);
        slots[c] = std::move(slot);
        ran[c] = b - first;
        if constexpr (streaming) {
          ready[c].store(true, std::memory_order_release);
          drain();
        }
        const std::uint64_t now = done.fetch_add(b - first) + (b - first);
        // Never blocks a worker: if another thread is reporting, skip this one.
        if (report && progress_mutex.try_lock()) {
          std::lock_guard lock(progress_mutex, std::adopt_lock);
          if (now > reported) {
            reported = now;
            (*plan.progress)({now, planned, elapsed()});
          }
        }
      }
    };
    if (chunks > 0)
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1),
                          HandedOver<decltype(body)>(body), tbb::simple_partitioner());
      });
    hand_over_acquire();
    if constexpr (streaming) drain();  // what the workers left (all of it is ready now)
    bool whole = true;
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::uint64_t first = wave_start + c * kChunkBranches;
      const std::uint64_t length = std::min(wave_end, first + kChunkBranches) - first;
      if (whole) merge(slots[c]);
      if (whole && ran[c] < length) {
        whole = false;
        next = first + ran[c];
      }
      slots[c] = Slot{};
    }
    if (!whole) {
      end.cancelled = true;
      break;
    }
    next = wave_last;
  }
  end.wall_seconds = elapsed();
  return end;
}

}  // namespace negsim::detail
