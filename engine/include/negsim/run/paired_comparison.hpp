#pragma once
// Comparing a variant with its base on common random numbers.
//
// Both scenarios run branch b on the same seed, and the counter-based
// generator (rng.hpp) gives them the same draws for every purpose they share,
// so branch b of the variant differs from branch b of the base only through
// what the variant changed. The comparison counts, for every branch index, the
// pair (outcome in base, outcome in variant). The difference in an outcome's
// probability is then the mean of d_b = 1[variant_b = o] − 1[base_b = o],
// which is nonzero only on the discordant pairs (McNemar's structure): its
// variance is small when few branches change outcome, and the interval is far
// narrower than the one for two independent runs of the same size.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "negsim/run/statistics.hpp"

namespace negsim {

// The K×K table of paired outcomes. Integer counters only: merging is exactly
// associative and commutative, so the result never depends on thread count.
class PairedTally {
 public:
  PairedTally() = default;
  explicit PairedTally(std::size_t outcomes);

  // One branch index (or `times` of them): the outcome it ended in under the
  // base and under the variant.
  void add(std::size_t base_outcome, std::size_t variant_outcome, std::uint64_t times = 1);
  // Throws std::invalid_argument when the tallies count different outcome sets.
  void merge(const PairedTally& other);

  std::size_t outcomes() const { return outcomes_; }
  std::uint64_t pairs() const { return pairs_; }
  std::uint64_t count(std::size_t base_outcome, std::size_t variant_outcome) const;
  std::uint64_t base_count(std::size_t outcome) const;
  std::uint64_t variant_count(std::size_t outcome) const;
  // Branch indices whose outcome differs between base and variant.
  std::uint64_t changed() const;

  bool operator==(const PairedTally&) const = default;

 private:
  std::size_t outcomes_ = 0;
  std::uint64_t pairs_ = 0;
  std::vector<std::uint64_t> cells_;  // base × variant, row-major
};

struct OutcomeDifference {
  std::string outcome;
  std::uint64_t base_count = 0, variant_count = 0;
  double base_probability = 0, variant_probability = 0;
  double difference = 0;  // variant − base
  // Branch indices that end in this outcome under the variant but not the base
  // (gained), and under the base but not the variant (lost).
  std::uint64_t gained = 0, lost = 0;
  double paired_std_error = 0;
  Interval paired_ci95;  // normal approximation from the paired differences d_b
  double unpaired_std_error = 0;
  Interval unpaired_ci95;  // the same approximation as if the runs were independent

  // How many times narrower the paired interval is than the unpaired one
  // (1 when both are zero-width, infinity when only the paired one is).
  double narrowing() const;
  bool operator==(const OutcomeDifference&) const = default;
};

// A cell of the table off the diagonal: branches that moved from one outcome to another.
struct OutcomeChange {
  std::string from, to;
  std::uint64_t count = 0;
  bool operator==(const OutcomeChange&) const = default;
};

struct PairedComparison {
  std::string base, variant;  // names shown in reports
  std::uint64_t pairs = 0;
  std::uint64_t changed = 0;  // branch indices whose outcome differs
  std::vector<OutcomeDifference> outcomes;
  std::vector<OutcomeChange> changes;  // largest first, then in table order
  bool operator==(const PairedComparison&) const = default;
};

// The per-outcome differences of `tally`, whose outcome i is `outcomes[i]`.
// Throws std::invalid_argument when the sizes disagree.
PairedComparison compare_paired(const PairedTally& tally, const std::vector<std::string>& outcomes,
                                std::string base_name, std::string variant_name);

// The outcome labels of base and variant together: the base's in its order,
// then those only the variant has; `unresolved` (when present) stays last.
// `base_map` and `variant_map` receive each side's outcome index → merged index.
std::vector<std::string> merge_outcome_labels(const std::vector<std::string>& base,
                                              const std::vector<std::string>& variant,
                                              std::vector<std::size_t>& base_map,
                                              std::vector<std::size_t>& variant_map);

}  // namespace negsim
