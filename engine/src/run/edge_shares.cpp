#include "negsim/run/edge_shares.hpp"

#include <algorithm>

#include "model/compiled_scenario.hpp"
#include "negsim/model/branch_observer.hpp"
#include "wave_loop.hpp"

namespace negsim {

namespace {

// Marks each transition a branch takes; the untraced loop does not say which
// of two transitions between the same states moved the talks, the observer does.
class TakenEdges : public BranchObserver {
 public:
  void reset(std::size_t transitions) { taken_.assign(transitions, 0); }
  void transition(int, int, const TransitionCause& cause, const detail::BranchState&) override {
    if (cause.edge && cause.edge->transition >= 0 &&
        static_cast<std::size_t>(cause.edge->transition) < taken_.size())
      taken_[static_cast<std::size_t>(cause.edge->transition)] = 1;
  }
  const std::vector<char>& taken() const { return taken_; }

 private:
  std::vector<char> taken_;
};

struct EdgeScratch {
  BranchResult result;
  TakenEdges edges;
};

}  // namespace

double EdgeShares::share(std::size_t transition) const {
  return branches == 0 ? 0.0
                       : static_cast<double>(taken.at(transition)) / static_cast<double>(branches);
}

EdgeShares count_edge_shares(const Simulator& simulator, const RunOptions& options) {
  const std::size_t transitions = simulator.scenario().process.transitions.size();
  EdgeShares shares;
  shares.taken.assign(transitions, 0);

  detail::WavePlan plan;
  plan.target = options.branches;
  plan.threads = detail::worker_threads(options.threads);
  plan.cancel = options.cancel;
  plan.progress = &options.progress;
  struct Slot {
    std::vector<std::uint64_t> taken;
    std::uint64_t branches = 0;
  };
  const auto make_slot = [&] { return Slot{std::vector<std::uint64_t>(transitions, 0), 0}; };
  const auto add = [&](EdgeScratch& scratch, Slot& slot, std::uint64_t b) {
    scratch.edges.reset(transitions);
    simulator.run_branch(options.seed, b, scratch.result, &scratch.edges);
    const auto& taken = scratch.edges.taken();
    for (std::size_t t = 0; t < transitions; ++t)
      slot.taken[t] += static_cast<std::uint64_t>(taken[t]);
    ++slot.branches;
  };
  const auto merge = [&](const Slot& slot) {
    for (std::size_t t = 0; t < slot.taken.size(); ++t) shares.taken[t] += slot.taken[t];
    shares.branches += slot.branches;
  };
  const detail::WaveEnd end = detail::run_waves<EdgeScratch>(plan, make_slot, add, merge,
                                                             [](std::uint64_t) { return false; });
  shares.partial = end.cancelled;
  return shares;
}

}  // namespace negsim
