#pragma once
// Every branch of a run, for whoever wants the branches rather than the
// totals (`negsim run --branches-out` in the output layer is one). The run
// layer does no file I/O: it hands the branches over through this interface.
//
// Each chunk of consecutive branches (runner.hpp) goes into a batch made for
// it on the worker thread that runs the chunk, so a batch may encode its
// branches there (formatting, compressing) in parallel with the others. The
// sink then takes the batches in branch order, each as soon as every earlier
// one has been taken, never two at once: at most one wave of batches waits,
// whatever the number of branches. The branches taken are exactly those the
// run's tally counts, also when a Ctrl-C stops it (branches 0..N−1).

#include <cstdint>
#include <memory>

#include "negsim/model/simulator.hpp"

namespace negsim {

// The branches of one chunk, on their way to the sink.
class BranchBatch {
 public:
  virtual ~BranchBatch() = default;
  // The chunk's next branch (increasing indices, on the chunk's worker thread).
  virtual void add(std::uint64_t branch, const BranchResult& result) = 0;
  // The chunk has ended: all of its branches, or those before a stop.
  virtual void close() {}
};

class BranchSink {
 public:
  virtual ~BranchSink() = default;
  // A new batch; called from worker threads, possibly at the same time.
  virtual std::unique_ptr<BranchBatch> batch() const = 0;
  // The batches in branch order, from any thread but never two at once.
  virtual void take(BranchBatch& batch) = 0;
};

}  // namespace negsim
