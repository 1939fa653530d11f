#pragma once
// The branches a sensitivity analysis runs, as a list of independent pieces
// of work with a deterministic merge (docs/sensitivity.md, "Cost").
//
// Rows j = 0..N−1 are the base sample: row j of block A is branch j of the
// scenario under the seed, exactly as `negsim run` plays it. The other blocks
// replay row j with something changed, and share everything else with it
// through the counter-based streams (input_draws.hpp):
//
//   A          every input and all chance from the seed s (the base)
//   B          every input and all chance from a second seed s′
//   AB_f       A, with factor f taken from B: the inputs of f drawn from
//              s′, or, for the factor "chance", every draw but the inputs
//   low_i      A, with input i held at its low quantile (10th percentile)
//   high_i     A, with input i held at its high quantile (90th percentile)
//
// A factor is one input, or the inputs tied by rank correlations together
// (their Sobol index is that of the group), or the chance within the branch.
// A, B and AB_f give the Sobol indices (sobol_indices.hpp); A, low_i and
// high_i the tornado (tornado.hpp). Every run is identified by a unit number
// u = row·blocks + block; any partition of the units into items, run anywhere
// and placed by position, gives the same marks bit for bit.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "negsim/model/input_draws.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/sensitivity_target.hpp"

namespace negsim {

struct DesignOptions {
  std::uint64_t seed = kDefaultSeed;
  bool tornado = true;           // the low_i and high_i blocks
  bool indices = true;           // the B and AB_f blocks
  double low = 0.1, high = 0.9;  // tornado quantiles, 0 < low < high < 1
};

struct SobolFactor {
  std::string id;           // the input's key path; members joined by " + "; "chance"
  std::vector<int> inputs;  // into SensitivityDesign::inputs; empty for chance
  bool chance = false;      // shocks, transitions and effect sizes within the branch
};

enum class BlockRole : std::uint8_t { a, b, mixed, low, high };

struct DesignBlock {
  BlockRole role = BlockRole::a;
  int factor = -1;         // mixed: the factor taken from B
  int input = -1;          // low, high: the input held
  std::uint64_t seed = 0;  // the branch's own seed: its chance
  InputDraws draws;        // the inputs; empty: from `seed`
};

struct SensitivityDesign {
  std::vector<UncertainInput> inputs;
  std::vector<SobolFactor> factors;  // the inputs' factors in input order, then chance
  std::vector<DesignBlock> blocks;   // A first, then B and AB_f, then low_i and high_i
  std::uint64_t seed = 0, second_seed = 0;
  double low = 0.1, high = 0.9;
  bool tornado = false, indices = false;  // which analyses the blocks serve
  // Block numbers: -1 when the analysis is off.
  int b = -1;
  std::vector<int> mixed;                // per factor
  std::vector<int> held_low, held_high;  // per input
};

// Throws std::invalid_argument when the quantiles are not 0 < low < high < 1.
SensitivityDesign sensitivity_design(const Simulator& simulator, const DesignOptions& options);

// The second seed of a Saltelli design: independent of `seed` (a SplitMix64 step).
std::uint64_t second_seed(std::uint64_t seed);

// Units [first, last): run u is row u / blocks of block u % blocks.
struct SensitivityItem {
  std::uint64_t first = 0, last = 0;
};

// Runs unit `u` (row u / blocks of block u % blocks): 1 when it reached the
// target, reusing `scratch`.
std::uint8_t evaluate_unit(const Simulator& simulator, const SensitivityDesign& design,
                           const SensitivityTarget& target, std::uint64_t u, BranchResult& scratch);

// Runs the units of `item` into `hits` (one 0/1 per unit, target reached),
// reusing `scratch`.
void evaluate_item(const Simulator& simulator, const SensitivityDesign& design,
                   const SensitivityTarget& target, const SensitivityItem& item,
                   BranchResult& scratch, std::vector<std::uint8_t>& hits);

// The target's indicator for every unit of a design, placed by unit number.
class SensitivityMarks {
 public:
  SensitivityMarks() = default;
  SensitivityMarks(std::size_t blocks, std::uint64_t rows);

  void place(const SensitivityItem& item, std::span<const std::uint8_t> hits);
  // Keeps rows 0..rows−1 (after an interruption: the rows whose every block ran).
  void keep_rows(std::uint64_t rows);

  std::size_t blocks() const { return blocks_; }
  std::uint64_t rows() const { return rows_; }
  // Row j's indicator in block b.
  std::uint8_t hit(std::size_t block, std::uint64_t row) const {
    return hits_[static_cast<std::size_t>(row) * blocks_ + block];
  }
  // One block's indicators over every row.
  std::vector<std::uint8_t> column(std::size_t block) const;

 private:
  std::size_t blocks_ = 0;
  std::uint64_t rows_ = 0;
  std::vector<std::uint8_t> hits_;  // rows × blocks, row-major like the units
};

}  // namespace negsim
