#include "negsim/run/sensitivity_runner.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "wave_loop.hpp"

namespace negsim {

namespace {

// A chunk's units, from `first` on, in order (the wave loop runs a chunk's
// units in increasing order and may stop one early on Ctrl-C).
struct SensitivitySlot {
  std::uint64_t first = 0;
  std::vector<std::uint8_t> hits;
};

}  // namespace

SensitivityMarks run_design(const Simulator& simulator, const SensitivityDesign& design,
                            const SensitivityTarget& target, std::uint64_t rows,
                            const SensitivityOptions& options, bool& partial, int& threads,
                            double& wall_seconds) {
  const std::size_t blocks = design.blocks.size();
  SensitivityMarks marks(blocks, rows);
  threads = detail::worker_threads(options.threads);
  detail::WavePlan plan;
  const ProcessTeam* team = options.team && options.team->members() > 1 ? options.team : nullptr;
  const BranchRange units{0, rows * blocks};
  const BranchRange mine = team ? share_of(units, team->member(), team->members()) : units;
  plan.first = mine.first;
  plan.target = mine.last;
  plan.threads = threads;
  plan.cancel = team ? nullptr : options.cancel;
  plan.progress = &options.progress;
  std::uint64_t placed = 0;  // units 0..placed−1 are in `marks`
  std::string shared;        // with a team: this process's units' indicators, in order
  const auto make_slot = [] { return SensitivitySlot{}; };
  const auto add = [&](BranchResult& scratch, SensitivitySlot& slot, std::uint64_t u) {
    if (slot.hits.empty()) slot.first = u;
    slot.hits.push_back(evaluate_unit(simulator, design, target, u, scratch));
  };
  // Slots arrive in unit order, the last perhaps cut short by Ctrl-C: what
  // is placed is always a prefix of the units.
  const auto merge = [&](const SensitivitySlot& slot) {
    if (slot.hits.empty()) return;
    if (team) {
      shared.append(slot.hits.begin(), slot.hits.end());
      return;
    }
    const SensitivityItem item{slot.first, slot.first + slot.hits.size()};
    marks.place(item, slot.hits);
    placed = std::max(placed, item.last);
  };
  const detail::WaveEnd end = detail::run_waves<BranchResult>(plan, make_slot, add, merge,
                                                              [](std::uint64_t) { return false; });
  partial = end.cancelled;
  if (team) {
    // The shares are consecutive in member order, so joined they are every unit.
    const std::string all = team->joined(shared);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(all.data());
    marks.place(SensitivityItem{units.first, units.last}, {bytes, all.size()});
    placed = all.size();
    threads = total_threads(*team, threads);
  }
  wall_seconds = end.wall_seconds;
  // Only rows whose every block ran are analysed.
  marks.keep_rows(placed / blocks);
  return marks;
}

SensitivityResult analyse_marks(const SensitivityDesign& design, const SensitivityTarget& target,
                                const SensitivityMarks& marks, const SensitivityOptions& options) {
  SensitivityResult result;
  result.target = target;
  result.design = design;
  result.rows = marks.rows();
  result.runs = marks.rows() * marks.blocks();
  if (design.tornado) result.tornado = tornado(design, marks);
  if (design.indices) {
    std::vector<std::vector<std::uint8_t>> mixed;
    std::vector<bool> is_input;
    for (std::size_t f = 0; f < design.factors.size(); ++f) {
      mixed.push_back(marks.column(static_cast<std::size_t>(design.mixed[f])));
      is_input.push_back(!design.factors[f].chance);
    }
    SobolOptions sobol;
    sobol.replicates = options.replicates;
    sobol.seed = design.seed;
    sobol.threads = options.threads;
    result.indices = sobol_indices(
        marks.column(0), marks.column(static_cast<std::size_t>(design.b)), mixed, is_input, sobol);
  }
  return result;
}

SensitivityResult run_sensitivity(const Simulator& simulator, const SensitivityTarget& target,
                                  const SensitivityOptions& options) {
  if (options.rows == 0) throw std::invalid_argument("a sensitivity analysis needs rows > 0");
  if (options.replicates < 0) throw std::invalid_argument("bootstrap replicates must be >= 0");
  const SensitivityDesign design = sensitivity_design(simulator, options.design);
  bool partial = false;
  int threads = 0;
  double wall = 0;
  const SensitivityMarks marks =
      run_design(simulator, design, target, options.rows, options, partial, threads, wall);
  SensitivityResult result = analyse_marks(design, target, marks, options);
  result.partial = partial;
  result.threads = threads;
  result.wall_seconds = wall;
  return result;
}

}  // namespace negsim
