#pragma once
// Runs many branches of a scenario in parallel on oneTBB.
//
// Branches are cut into fixed chunks of kChunkBranches indices; each chunk
// counts into its own Tally and the chunks are merged in index order. Chunks
// are processed in waves of kWaveChunks, so memory stays flat however many
// branches run. A precision target stops on a wave boundary; Ctrl-C within
// one branch's time. Either way the branches counted are exactly 0..N−1, and
// with the integer tally the result is bit-identical for any thread count.
//
// A run can also be split across processes (RunShare: `--shard K/N`, MPI
// ranks): each runs whole chunks of it, and since every chunk is counted
// exactly as one process counts it and tallies merge exactly, the merged
// tally is bit-identical too.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "negsim/model/simulator.hpp"
#include "negsim/run/branch_sink.hpp"
#include "negsim/run/convergence.hpp"
#include "negsim/run/tally.hpp"

namespace negsim {

inline constexpr std::uint64_t kDefaultBranches = 100000;
inline constexpr std::uint64_t kDefaultMaxBranches = 10000000;
inline constexpr std::uint64_t kChunkBranches = 1024;
inline constexpr std::uint64_t kWaveChunks = 64;
inline constexpr std::uint64_t kWaveBranches = kChunkBranches * kWaveChunks;

struct RunProgress {
  std::uint64_t done = 0;    // branches finished
  std::uint64_t target = 0;  // branches planned (precision mode: the cap)
  double seconds = 0;        // since the run started
};

// Branches first..last−1.
struct BranchRange {
  std::uint64_t first = 0, last = 0;
  std::uint64_t size() const { return last - first; }
  bool operator==(const BranchRange&) const = default;
};

// Part `part` (0-based) of `parts` of the branches in `range`: whole chunks
// counted from range.first (the last part takes the odd end), as even as
// whole chunks allow: the parts' sizes differ by at most one chunk, and some
// are empty when there are fewer chunks than parts. Throws
// std::invalid_argument unless part < parts.
BranchRange share_of(BranchRange range, std::uint64_t part, std::uint64_t parts);

// One process's share of a run split across `parts` processes.
struct RunShare {
  std::uint64_t part = 0;  // 0-based
  std::uint64_t parts = 1;
  // Precision mode only, where the stop depends on every process's counts:
  // adds `counts` element by element across all processes, in place, giving
  // every process the same totals (an all-reduce). Every process calls it at
  // the same points, on the thread that called run_branches.
  std::function<void(std::vector<std::uint64_t>& counts)> sum_across;
};

struct RunOptions {
  // Branches to run; with a precision target, the least number to run.
  std::uint64_t branches = kDefaultBranches;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;  // 0: every core
  // When > 0: keep adding waves until every outcome probability's 95% interval
  // has a half-width of at most this, or max_branches have run.
  double precision = 0;
  std::uint64_t max_branches = kDefaultMaxBranches;
  // Checked before every branch: when it turns true the run stops within one
  // branch's time and is partial (still exactly branches 0..N−1).
  const std::atomic<bool>* cancel = nullptr;
  // Called now and then from a worker thread, never from two threads at once.
  std::function<void(const RunProgress&)> progress;
  // Record each outcome's count after every chunk (convergence.hpp).
  bool convergence = false;
  // When given, takes every branch counted, in branch order (branch_sink.hpp);
  // with a share, this process's branches only.
  BranchSink* branch_sink = nullptr;
  // Split across processes: without a precision target this process runs
  // share_of({0, branches}); with one, share_of() of every wave, and
  // `sum_across` is required.
  RunShare share;
};

struct RunResult {
  Tally tally;
  // = tally.branches(): the prefix 0..branches−1 ran (split across
  // processes: this process's share of it).
  std::uint64_t branches = 0;
  bool partial = false;        // cancelled before the planned branches had run
  bool precision_met = false;  // precision mode: the target was reached
  int threads = 0;             // threads used
  double wall_seconds = 0;
  // With RunOptions::convergence: the outcome counts after each chunk, in branch order.
  std::vector<ConvergencePoint> convergence;
};

// Largest 95% Wilson half-width among the outcome probabilities of `tally`.
double widest_half_width(const Tally& tally);
// The same from the outcome counts among `branches` branches.
double widest_half_width(const std::vector<std::uint64_t>& outcome_counts, std::uint64_t branches);

// Throws std::invalid_argument for impossible options (e.g. threads < 0) and
// passes on any exception of the simulator.
RunResult run_branches(const Simulator& simulator, const RunOptions& options);

}  // namespace negsim
