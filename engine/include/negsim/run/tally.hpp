#pragma once
// The mergeable accumulator of branch results. Every figure is an integer
// count (sums of values are kept in 32.32 fixed point) or an exact minimum or
// maximum, so merging is exactly associative and commutative: the totals are bit-identical whatever
// the number of threads and whatever order partial tallies are merged in. Memory does not grow with
// the number of branches: values are binned, paths are truncated.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "negsim/model/scenario.hpp"
#include "negsim/model/simulator.hpp"

namespace negsim {

// How one issue's agreed values are binned.
struct IssueAxis {
  bool discrete = false;
  int bins = 0;  // discrete: one per option; continuous: Tally::kContinuousBins
  double low = 0, high = 1;
  bool operator==(const IssueAxis&) const = default;
};

// The shape of a tally: what a BranchResult of this scenario can contain.
struct TallyLayout {
  std::size_t outcomes = 0;  // outcome labels, unresolved included
  int horizon = 0;           // end rounds are counted 0..horizon
  std::vector<IssueAxis> issues;
  std::size_t parties = 0;
  std::size_t events = 0;
  std::size_t milestones = 0;

  static TallyLayout for_scenario(const Scenario& scenario, std::size_t outcomes);
  bool operator==(const TallyLayout&) const = default;
};

struct PathHash {
  std::size_t operator()(const std::vector<int>& path) const noexcept;
};
using PathCounts = std::unordered_map<std::vector<int>, std::uint64_t, PathHash>;

class Tally {
 public:
  // Continuous issues and utilities are counted in this many equal bins, so
  // their quantiles are exact to 0.1% of the range.
  static constexpr int kContinuousBins = 1000;
  static constexpr int kUtilityBins = 1000;
  // Paths longer than kMaxPathStates keep their first kMaxPathStates − 2
  // states, then kPathEllipsis, then the state they ended in.
  static constexpr std::size_t kMaxPathStates = 16;
  static constexpr int kPathEllipsis = -1;
  // Sums of positions in [0, 1] are kept as integers in units of 2^-32: exact
  // to merge, precise to 2.3e-10, and without overflow up to 4e9 branches.
  static constexpr double kFixedPointScale = 4294967296.0;

  Tally() = default;
  explicit Tally(TallyLayout layout);

  // Counts one branch. Throws std::invalid_argument when the result does not
  // fit the layout (an outcome, package, utility or event list of the wrong size).
  void add(const BranchResult& result);
  // Adds another tally of the same layout (std::invalid_argument otherwise).
  void merge(const Tally& other);

  const TallyLayout& layout() const { return layout_; }
  std::uint64_t branches() const { return branches_; }
  std::uint64_t outcome_count(std::size_t outcome) const { return outcome_count_.at(outcome); }
  // Branches ending in `outcome` after r rounds, r = 0..horizon.
  std::span<const std::uint64_t> end_rounds(std::size_t outcome) const;

  // Branches that reached milestone m in round r, r = 0..horizon (first reach).
  std::span<const std::uint64_t> milestone_rounds(std::size_t milestone) const;
  // Branches whose principals first accepted a package in round r, r = 0..horizon.
  std::span<const std::uint64_t> first_agreement_rounds() const { return first_agreed_; }

  // Branches ending in `outcome` with an agreed package.
  std::uint64_t agreed_count(std::size_t outcome) const { return agreed_.at(outcome).count; }
  // Of those, the branches whose package settled `issue` (with agendas an
  // agreement may leave an issue unsettled; otherwise agreed_count).
  std::uint64_t term_count(std::size_t outcome, std::size_t issue) const;
  // Agreed values of `issue` binned by its IssueAxis (empty when agreed_count is 0).
  std::span<const std::uint64_t> terms(std::size_t outcome, std::size_t issue) const;
  // Sum and sum of squares of the agreed values' positions (x − low)/(high − low),
  // in units of 1/kFixedPointScale.
  std::uint64_t term_sum(std::size_t outcome, std::size_t issue) const;
  std::uint64_t term_sum_squares(std::size_t outcome, std::size_t issue) const;
  // Smallest and largest position among them (exact; +inf and −inf when none),
  // so that quantiles never reach beyond the values that occurred.
  double term_min(std::size_t outcome, std::size_t issue) const;
  double term_max(std::size_t outcome, std::size_t issue) const;
  // The same for each party's utility of the agreed package, binned over [0, 1].
  std::span<const std::uint64_t> utility(std::size_t outcome, std::size_t party) const;
  std::uint64_t utility_sum(std::size_t outcome, std::size_t party) const;
  std::uint64_t utility_sum_squares(std::size_t outcome, std::size_t party) const;
  double utility_min(std::size_t outcome, std::size_t party) const;
  double utility_max(std::size_t outcome, std::size_t party) const;

  // Branches in which the event fired at least once, and how many of those
  // ended in `outcome`; the event's total number of firings.
  std::uint64_t fired_branches(std::size_t event) const { return fired_.at(event); }
  std::uint64_t fired_outcome(std::size_t event, std::size_t outcome) const;
  std::uint64_t fire_total(std::size_t event) const { return fire_total_.at(event); }

  const PathCounts& paths() const { return paths_; }

  bool operator==(const Tally& other) const;

  // The tally as bytes and back, to move it between processes or into a file
  // (tally_codec.cpp): self-describing (the layout comes with it), the same
  // bytes on any machine, and exact.
  std::string encode() const;
  // Throws std::invalid_argument when `bytes` are not a tally encode() wrote.
  static Tally decode(std::string_view bytes);

 private:
  // Per-outcome counts of agreed packages; the vectors stay empty until the
  // first agreement with that outcome so that a chunk's tally stays small.
  struct Agreed {
    std::uint64_t count = 0;
    std::vector<std::uint64_t> term_count;  // per issue: packages that settled it
    std::vector<std::uint64_t> term_bins;   // issues concatenated, see term_offset_
    std::vector<std::uint64_t> term_sum, term_sum_squares;
    std::vector<double> term_min, term_max;   // min and max merge exactly too
    std::vector<std::uint64_t> utility_bins;  // parties × kUtilityBins
    std::vector<std::uint64_t> utility_sum, utility_sum_squares;
    std::vector<double> utility_min, utility_max;
    bool operator==(const Agreed&) const = default;
  };

  void allocate(Agreed& agreed) const;

  TallyLayout layout_;
  std::vector<std::size_t> term_offset_;  // start of each issue in Agreed::term_bins
  std::size_t term_bins_total_ = 0;
  std::uint64_t branches_ = 0;
  std::vector<std::uint64_t> outcome_count_;
  std::vector<std::uint64_t> end_round_;  // outcomes × (horizon + 1)
  std::vector<Agreed> agreed_;
  std::vector<std::uint64_t> fired_, fire_total_;
  std::vector<std::uint64_t> fired_outcome_;    // events × outcomes
  std::vector<std::uint64_t> milestone_round_;  // milestones × (horizon + 1)
  std::vector<std::uint64_t> first_agreed_;     // horizon + 1
  PathCounts paths_;
  std::vector<int> path_scratch_;  // reused key, so counting a known path allocates nothing
};

}  // namespace negsim
