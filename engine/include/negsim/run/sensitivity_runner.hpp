#pragma once
// Runs a sensitivity design (sensitivity_design.hpp) on oneTBB and computes
// the tornado and the Sobol indices from it.
//
// The units of the design are run like branches of a run (runner.hpp): fixed
// chunks, counted into their own slots, merged in order, in waves, so that
// Ctrl-C stops on a wave boundary; only rows whose every block ran are kept.
// Each unit is a pure function of (scenario, design, unit), so the result is
// bit-identical for any thread count.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

#include "negsim/model/simulator.hpp"
#include "negsim/run/process_team.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/sensitivity_design.hpp"
#include "negsim/run/sensitivity_target.hpp"
#include "negsim/run/sobol_indices.hpp"
#include "negsim/run/tornado.hpp"

namespace negsim {

inline constexpr std::uint64_t kDefaultSensitivityRows = 10000;
// The marks keep one byte per branch run (rows × blocks): at most this many,
// a gigabyte, so that a large --branches is refused before it exhausts memory.
inline constexpr std::uint64_t kMaxSensitivityRuns = 1'000'000'000;

struct SensitivityOptions {
  std::uint64_t rows = kDefaultSensitivityRows;  // N: base branches
  DesignOptions design;                          // seed, analyses, tornado quantiles
  int replicates = 500;                          // bootstrap resamples of the indices
  int threads = 0;                               // 0: every core
  const std::atomic<bool>* cancel = nullptr;     // checked between waves
  // Called now and then from a worker thread, never from two at once; counts
  // branches run (rows × blocks in all).
  std::function<void(const RunProgress&)> progress;
  // Shared among processes (process_team.hpp): each runs its share of the
  // runs and every one gets them all. Ctrl-C is then not asked.
  const ProcessTeam* team = nullptr;
};

struct SensitivityResult {
  SensitivityTarget target;
  SensitivityDesign design;
  std::uint64_t rows = 0;  // rows kept: every block ran them
  std::uint64_t runs = 0;  // branches run, rows × blocks
  std::optional<Tornado> tornado;
  std::optional<SobolEstimate> indices;  // per design factor
  bool partial = false;
  int threads = 0;
  double wall_seconds = 0;
};

// Throws std::invalid_argument for impossible options and passes on any
// exception of the simulator.
SensitivityResult run_sensitivity(const Simulator& simulator, const SensitivityTarget& target,
                                  const SensitivityOptions& options);

// The marks of a design run on this machine (run_sensitivity's first half).
SensitivityMarks run_design(const Simulator& simulator, const SensitivityDesign& design,
                            const SensitivityTarget& target, std::uint64_t rows,
                            const SensitivityOptions& options, bool& partial, int& threads,
                            double& wall_seconds);

// The analyses of finished marks (run_sensitivity's second half).
SensitivityResult analyse_marks(const SensitivityDesign& design, const SensitivityTarget& target,
                                const SensitivityMarks& marks, const SensitivityOptions& options);

}  // namespace negsim
