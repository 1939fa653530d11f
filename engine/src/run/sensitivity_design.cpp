#include "negsim/run/sensitivity_design.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace negsim {

std::uint64_t second_seed(std::uint64_t seed) {
  // SplitMix64 (Steele, Lea & Flood 2014): a bijection, so distinct seeds keep
  // distinct second seeds, and far from seed + 1 or any small change of it.
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

SensitivityDesign sensitivity_design(const Simulator& simulator, const DesignOptions& options) {
  if (!(options.low > 0 && options.low < options.high && options.high < 1))
    throw std::invalid_argument("the tornado's quantiles must satisfy 0 < low < high < 1");
  SensitivityDesign d;
  d.inputs = uncertain_inputs(simulator);
  d.seed = options.seed;
  d.second_seed = second_seed(options.seed);
  d.low = options.low;
  d.high = options.high;
  d.tornado = options.tornado;
  d.indices = options.indices;
  const std::size_t n = d.inputs.size();

  // Factors: each independent input alone, each copula as one, in input order.
  std::vector<int> factor_of_copula;
  for (std::size_t i = 0; i < n; ++i) {
    const int copula = d.inputs[i].copula;
    if (copula >= 0) {
      if (static_cast<std::size_t>(copula) >= factor_of_copula.size())
        factor_of_copula.resize(static_cast<std::size_t>(copula) + 1, -1);
      int& f = factor_of_copula[static_cast<std::size_t>(copula)];
      if (f >= 0) {
        SobolFactor& factor = d.factors[static_cast<std::size_t>(f)];
        factor.inputs.push_back(static_cast<int>(i));
        factor.id += " + " + d.inputs[i].path;
        continue;
      }
      f = static_cast<int>(d.factors.size());
    }
    d.factors.push_back({d.inputs[i].path, {static_cast<int>(i)}, false});
  }
  d.factors.push_back({"chance", {}, true});

  const std::vector<std::uint64_t> all_a(n, d.seed);
  DesignBlock a;
  a.seed = d.seed;
  d.blocks.push_back(a);
  d.mixed.assign(d.factors.size(), -1);
  if (options.indices) {
    DesignBlock b;
    b.role = BlockRole::b;
    b.seed = d.second_seed;
    d.b = static_cast<int>(d.blocks.size());
    d.blocks.push_back(b);
    for (std::size_t f = 0; f < d.factors.size(); ++f) {
      DesignBlock ab;
      ab.role = BlockRole::mixed;
      ab.factor = static_cast<int>(f);
      if (d.factors[f].chance) {
        // B's chance with A's inputs.
        ab.seed = d.second_seed;
        ab.draws.seed = all_a;
      } else {
        ab.seed = d.seed;
        ab.draws.seed = all_a;
        for (int i : d.factors[f].inputs)
          ab.draws.seed[static_cast<std::size_t>(i)] = d.second_seed;
      }
      d.mixed[f] = static_cast<int>(d.blocks.size());
      d.blocks.push_back(std::move(ab));
    }
  }
  d.held_low.assign(n, -1);
  d.held_high.assign(n, -1);
  if (options.tornado) {
    for (std::size_t i = 0; i < n; ++i)
      for (const bool high : {false, true}) {
        DesignBlock held;
        held.role = high ? BlockRole::high : BlockRole::low;
        held.input = static_cast<int>(i);
        held.seed = d.seed;
        held.draws.held.assign(n, std::nan(""));
        held.draws.held[i] = high ? d.high : d.low;
        (high ? d.held_high : d.held_low)[i] = static_cast<int>(d.blocks.size());
        d.blocks.push_back(std::move(held));
      }
  }
  return d;
}

std::uint8_t evaluate_unit(const Simulator& simulator, const SensitivityDesign& design,
                           const SensitivityTarget& target, std::uint64_t u,
                           BranchResult& scratch) {
  const std::uint64_t blocks = design.blocks.size();
  const std::uint64_t row = u / blocks;
  const DesignBlock& block = design.blocks[static_cast<std::size_t>(u % blocks)];
  if (block.draws.seed.empty() && block.draws.held.empty())
    simulator.run_branch(block.seed, row, scratch);
  else
    simulator.run_branch(block.seed, row, block.draws, scratch);
  return target.reached(scratch) ? 1 : 0;
}

void evaluate_item(const Simulator& simulator, const SensitivityDesign& design,
                   const SensitivityTarget& target, const SensitivityItem& item,
                   BranchResult& scratch, std::vector<std::uint8_t>& hits) {
  hits.clear();
  for (std::uint64_t u = item.first; u < item.last; ++u)
    hits.push_back(evaluate_unit(simulator, design, target, u, scratch));
}

SensitivityMarks::SensitivityMarks(std::size_t blocks, std::uint64_t rows)
    : blocks_(blocks), rows_(rows), hits_(static_cast<std::size_t>(rows) * blocks, 0) {}

void SensitivityMarks::place(const SensitivityItem& item, std::span<const std::uint8_t> hits) {
  if (item.last < item.first || item.last - item.first != hits.size() || item.last > hits_.size())
    throw std::invalid_argument("sensitivity: an item's hits do not fit the design");
  std::copy(hits.begin(), hits.end(), hits_.begin() + static_cast<std::ptrdiff_t>(item.first));
}

void SensitivityMarks::keep_rows(std::uint64_t rows) {
  rows_ = std::min(rows_, rows);
  hits_.resize(static_cast<std::size_t>(rows_) * blocks_);
}

std::vector<std::uint8_t> SensitivityMarks::column(std::size_t block) const {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(rows_));
  for (std::uint64_t r = 0; r < rows_; ++r) out[static_cast<std::size_t>(r)] = hit(block, r);
  return out;
}

}  // namespace negsim
