#include "negsim/run/paired_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace negsim {

PairedTally::PairedTally(std::size_t outcomes)
    : outcomes_(outcomes), cells_(outcomes * outcomes, 0) {}

void PairedTally::add(std::size_t base_outcome, std::size_t variant_outcome, std::uint64_t times) {
  if (base_outcome >= outcomes_ || variant_outcome >= outcomes_)
    throw std::invalid_argument(
        fmt::format("paired outcome ({}, {}) outside a table of {} outcomes", base_outcome,
                    variant_outcome, outcomes_));
  cells_[base_outcome * outcomes_ + variant_outcome] += times;
  pairs_ += times;
}

void PairedTally::merge(const PairedTally& other) {
  if (other.outcomes_ != outcomes_)
    throw std::invalid_argument(fmt::format("cannot merge paired tallies of {} and {} outcomes",
                                            outcomes_, other.outcomes_));
  for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i] += other.cells_[i];
  pairs_ += other.pairs_;
}

std::uint64_t PairedTally::count(std::size_t base_outcome, std::size_t variant_outcome) const {
  return cells_.at(base_outcome * outcomes_ + variant_outcome);
}

std::uint64_t PairedTally::base_count(std::size_t outcome) const {
  std::uint64_t n = 0;
  for (std::size_t v = 0; v < outcomes_; ++v) n += count(outcome, v);
  return n;
}

std::uint64_t PairedTally::variant_count(std::size_t outcome) const {
  std::uint64_t n = 0;
  for (std::size_t b = 0; b < outcomes_; ++b) n += count(b, outcome);
  return n;
}

std::uint64_t PairedTally::changed() const {
  std::uint64_t same = 0;
  for (std::size_t o = 0; o < outcomes_; ++o) same += count(o, o);
  return pairs_ - same;
}

double OutcomeDifference::narrowing() const {
  const double paired = paired_ci95.high - paired_ci95.low;
  const double unpaired = unpaired_ci95.high - unpaired_ci95.low;
  if (paired > 0) return unpaired / paired;
  return unpaired > 0 ? std::numeric_limits<double>::infinity() : 1.0;
}

PairedComparison compare_paired(const PairedTally& tally, const std::vector<std::string>& outcomes,
                                std::string base_name, std::string variant_name) {
  if (outcomes.size() != tally.outcomes())
    throw std::invalid_argument(fmt::format("{} outcome labels for a table of {} outcomes",
                                            outcomes.size(), tally.outcomes()));
  PairedComparison out;
  out.base = std::move(base_name);
  out.variant = std::move(variant_name);
  out.pairs = tally.pairs();
  out.changed = tally.changed();
  const double n = static_cast<double>(tally.pairs());
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    OutcomeDifference d;
    d.outcome = outcomes[o];
    d.base_count = tally.base_count(o);
    d.variant_count = tally.variant_count(o);
    const std::uint64_t both = tally.count(o, o);
    d.gained = d.variant_count - both;
    d.lost = d.base_count - both;
    if (n > 0) {
      d.base_probability = static_cast<double>(d.base_count) / n;
      d.variant_probability = static_cast<double>(d.variant_count) / n;
      // Mean of d_b ∈ {−1, 0, +1}; computed from the integer difference so
      // that equal counts give exactly zero.
      const double gained = static_cast<double>(d.gained);
      const double lost = static_cast<double>(d.lost);
      d.difference = (gained - lost) / n;
    }
    if (n > 1) {
      // Sample variance of d_b: Σd² = gained + lost, Σd = gained − lost.
      const double sum = static_cast<double>(d.gained) - static_cast<double>(d.lost);
      const double sum_sq = static_cast<double>(d.gained) + static_cast<double>(d.lost);
      const double variance = std::max(0.0, (sum_sq - sum * sum / n) / (n - 1));
      d.paired_std_error = std::sqrt(variance / n);
      const double pb = d.base_probability, pv = d.variant_probability;
      d.unpaired_std_error = std::sqrt((pb * (1 - pb) + pv * (1 - pv)) / n);
    }
    d.paired_ci95 = {d.difference - kZ95 * d.paired_std_error,
                     d.difference + kZ95 * d.paired_std_error};
    d.unpaired_ci95 = {d.difference - kZ95 * d.unpaired_std_error,
                       d.difference + kZ95 * d.unpaired_std_error};
    out.outcomes.push_back(std::move(d));
  }
  for (std::size_t b = 0; b < outcomes.size(); ++b)
    for (std::size_t v = 0; v < outcomes.size(); ++v)
      if (b != v && tally.count(b, v) > 0)
        out.changes.push_back(OutcomeChange{outcomes[b], outcomes[v], tally.count(b, v)});
  std::stable_sort(
      out.changes.begin(), out.changes.end(),
      [](const OutcomeChange& x, const OutcomeChange& y) { return x.count > y.count; });
  return out;
}

std::vector<std::string> merge_outcome_labels(const std::vector<std::string>& base,
                                              const std::vector<std::string>& variant,
                                              std::vector<std::size_t>& base_map,
                                              std::vector<std::size_t>& variant_map) {
  // The last label of each list is the simulator's "unresolved" outcome.
  std::vector<std::string> merged;
  const auto index_of = [&](const std::string& label) {
    auto it = std::find(merged.begin(), merged.end(), label);
    if (it != merged.end()) return static_cast<std::size_t>(it - merged.begin());
    merged.push_back(label);
    return merged.size() - 1;
  };
  base_map.assign(base.size(), 0);
  variant_map.assign(variant.size(), 0);
  for (std::size_t i = 0; i + 1 < base.size(); ++i) base_map[i] = index_of(base[i]);
  for (std::size_t i = 0; i + 1 < variant.size(); ++i) variant_map[i] = index_of(variant[i]);
  const std::string unresolved =
      !base.empty() ? base.back() : (!variant.empty() ? variant.back() : "unresolved");
  const std::size_t last = index_of(unresolved);
  if (!base.empty()) base_map.back() = last;
  if (!variant.empty()) variant_map.back() = index_of(variant.back());
  return merged;
}

}  // namespace negsim
