#include "negsim/run/tally.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace negsim {

TallyLayout TallyLayout::for_scenario(const Scenario& scenario, std::size_t outcomes) {
  TallyLayout layout;
  layout.outcomes = outcomes;
  layout.horizon = std::max(0, scenario.horizon);
  for (const Issue& issue : scenario.issues) {
    IssueAxis axis;
    axis.discrete = issue.is_discrete();
    axis.bins = axis.discrete ? static_cast<int>(std::max<std::size_t>(1, issue.options.size()))
                              : Tally::kContinuousBins;
    axis.low = axis.discrete ? 0.0 : issue.low;
    axis.high = axis.discrete ? static_cast<double>(axis.bins - 1) : issue.high;
    layout.issues.push_back(axis);
  }
  layout.parties = scenario.parties.size();
  layout.events = scenario.events.size();
  layout.milestones = scenario.process.milestones.size();
  return layout;
}

std::size_t PathHash::operator()(const std::vector<int>& path) const noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the state indices
  for (const int s : path) {
    h ^= static_cast<std::uint32_t>(s);
    h *= 0x100000001b3ull;
  }
  return static_cast<std::size_t>(h);
}

Tally::Tally(TallyLayout layout) : layout_(std::move(layout)) {
  for (const IssueAxis& axis : layout_.issues) {
    term_offset_.push_back(term_bins_total_);
    term_bins_total_ += static_cast<std::size_t>(std::max(1, axis.bins));
  }
  outcome_count_.assign(layout_.outcomes, 0);
  end_round_.assign(layout_.outcomes * static_cast<std::size_t>(layout_.horizon + 1), 0);
  agreed_.resize(layout_.outcomes);
  fired_.assign(layout_.events, 0);
  fire_total_.assign(layout_.events, 0);
  fired_outcome_.assign(layout_.events * layout_.outcomes, 0);
  const auto width = static_cast<std::size_t>(layout_.horizon + 1);
  milestone_round_.assign(layout_.milestones * width, 0);
  first_agreed_.assign(width, 0);
  path_scratch_.reserve(kMaxPathStates + 1);
}

void Tally::allocate(Agreed& agreed) const {
  if (agreed.count > 0) return;  // allocated with its first agreement
  agreed.term_count.assign(layout_.issues.size(), 0);
  agreed.term_bins.assign(term_bins_total_, 0);
  agreed.term_sum.assign(layout_.issues.size(), 0);
  agreed.term_sum_squares.assign(layout_.issues.size(), 0);
  agreed.utility_bins.assign(layout_.parties * kUtilityBins, 0);
  agreed.utility_sum.assign(layout_.parties, 0);
  agreed.utility_sum_squares.assign(layout_.parties, 0);
  constexpr double inf = std::numeric_limits<double>::infinity();
  agreed.term_min.assign(layout_.issues.size(), inf);
  agreed.term_max.assign(layout_.issues.size(), -inf);
  agreed.utility_min.assign(layout_.parties, inf);
  agreed.utility_max.assign(layout_.parties, -inf);
}

namespace {

// Position on [0, 1]; NaN counts as 0 so that one bad value cannot poison a bin index.
double unit_position(double x, double low, double high) {
  const double t = high > low ? (x - low) / (high - low) : 0.0;
  return t >= 0.0 ? std::min(t, 1.0) : 0.0;
}

std::uint64_t fixed_point(double t) {
  return static_cast<std::uint64_t>(t * Tally::kFixedPointScale + 0.5);
}

std::uint64_t fixed_point_square(double t) {
  return fixed_point(t * t);
}

void add_all(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

void min_all(std::vector<double>& into, const std::vector<double>& from) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] = std::min(into[i], from[i]);
}

void max_all(std::vector<double>& into, const std::vector<double>& from) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] = std::max(into[i], from[i]);
}

[[noreturn]] void mismatch(const char* what, std::size_t got, std::size_t expected) {
  throw std::invalid_argument("tally: branch result has " + std::to_string(got) + " " + what +
                              ", the scenario has " + std::to_string(expected));
}

}  // namespace

void Tally::add(const BranchResult& result) {
  if (result.outcome < 0 || static_cast<std::size_t>(result.outcome) >= layout_.outcomes)
    throw std::invalid_argument("tally: branch result has outcome " +
                                std::to_string(result.outcome) + ", the scenario has " +
                                std::to_string(layout_.outcomes) + " outcomes");
  if (result.fired.size() != layout_.events)
    mismatch("events", result.fired.size(), layout_.events);
  // Every check comes before the first count, so a rejected result leaves no trace.
  if (result.agreed && result.package.size() != layout_.issues.size())
    mismatch("package values", result.package.size(), layout_.issues.size());
  if (result.agreed && result.utility.size() != layout_.parties)
    mismatch("utilities", result.utility.size(), layout_.parties);
  if (result.milestone_round.size() != layout_.milestones)
    mismatch("milestones", result.milestone_round.size(), layout_.milestones);
  const auto outcome = static_cast<std::size_t>(result.outcome);
  ++branches_;
  ++outcome_count_[outcome];
  const int round = std::clamp(result.end_round, 0, layout_.horizon);
  ++end_round_[outcome * static_cast<std::size_t>(layout_.horizon + 1) +
               static_cast<std::size_t>(round)];

  if (result.agreed) {
    Agreed& agreed = agreed_[outcome];
    allocate(agreed);
    ++agreed.count;
    for (std::size_t i = 0; i < layout_.issues.size(); ++i) {
      if (std::isnan(result.package[i])) continue;  // no agreement settled this issue
      ++agreed.term_count[i];
      const IssueAxis& axis = layout_.issues[i];
      const double t = unit_position(result.package[i], axis.low, axis.high);
      const int last = std::max(1, axis.bins) - 1;
      // Discrete values are option indices: the nearest option; continuous: the bin.
      const int bin = axis.discrete ? static_cast<int>(std::lround(t * last))
                                    : std::min(last, static_cast<int>(t * axis.bins));
      ++agreed.term_bins[term_offset_[i] + static_cast<std::size_t>(bin)];
      agreed.term_sum[i] += fixed_point(t);
      agreed.term_sum_squares[i] += fixed_point_square(t);
      agreed.term_min[i] = std::min(agreed.term_min[i], t);
      agreed.term_max[i] = std::max(agreed.term_max[i], t);
    }
    for (std::size_t p = 0; p < layout_.parties; ++p) {
      const double u = unit_position(result.utility[p], 0.0, 1.0);
      const int bin = std::min(kUtilityBins - 1, static_cast<int>(u * kUtilityBins));
      ++agreed.utility_bins[p * kUtilityBins + static_cast<std::size_t>(bin)];
      agreed.utility_sum[p] += fixed_point(u);
      agreed.utility_sum_squares[p] += fixed_point_square(u);
      agreed.utility_min[p] = std::min(agreed.utility_min[p], u);
      agreed.utility_max[p] = std::max(agreed.utility_max[p], u);
    }
  }

  const auto width = static_cast<std::size_t>(layout_.horizon + 1);
  for (std::size_t m = 0; m < layout_.milestones; ++m) {
    const int reached = result.milestone_round[m];
    if (reached >= 0)
      ++milestone_round_[m * width + static_cast<std::size_t>(std::min(reached, layout_.horizon))];
  }
  if (result.agreed) {
    // A result built by hand may give only the round of the last acceptance.
    const int first =
        result.first_agreed_round >= 0 ? result.first_agreed_round : result.agreed_round;
    ++first_agreed_[static_cast<std::size_t>(std::clamp(first, 0, layout_.horizon))];
  }

  for (std::size_t e = 0; e < layout_.events; ++e) {
    if (result.fired[e] == 0) continue;
    ++fired_[e];
    fire_total_[e] += result.fired[e];
    ++fired_outcome_[e * layout_.outcomes + outcome];
  }

  if (result.path.size() <= kMaxPathStates) {
    path_scratch_.assign(result.path.begin(), result.path.end());
  } else {
    path_scratch_.assign(result.path.begin(),
                         result.path.begin() + static_cast<std::ptrdiff_t>(kMaxPathStates - 2));
    path_scratch_.push_back(kPathEllipsis);
    path_scratch_.push_back(result.path.back());
  }
  ++paths_[path_scratch_];
}

void Tally::merge(const Tally& other) {
  if (!(layout_ == other.layout_))
    throw std::invalid_argument("tally: cannot merge tallies of different scenarios");
  branches_ += other.branches_;
  add_all(outcome_count_, other.outcome_count_);
  add_all(end_round_, other.end_round_);
  for (std::size_t o = 0; o < agreed_.size(); ++o) {
    const Agreed& from = other.agreed_[o];
    if (from.count == 0) continue;
    Agreed& into = agreed_[o];
    allocate(into);
    into.count += from.count;
    add_all(into.term_count, from.term_count);
    add_all(into.term_bins, from.term_bins);
    add_all(into.term_sum, from.term_sum);
    add_all(into.term_sum_squares, from.term_sum_squares);
    add_all(into.utility_bins, from.utility_bins);
    add_all(into.utility_sum, from.utility_sum);
    add_all(into.utility_sum_squares, from.utility_sum_squares);
    min_all(into.term_min, from.term_min);
    max_all(into.term_max, from.term_max);
    min_all(into.utility_min, from.utility_min);
    max_all(into.utility_max, from.utility_max);
  }
  add_all(fired_, other.fired_);
  add_all(fire_total_, other.fire_total_);
  add_all(fired_outcome_, other.fired_outcome_);
  add_all(milestone_round_, other.milestone_round_);
  add_all(first_agreed_, other.first_agreed_);
  for (const auto& [path, count] : other.paths_) paths_[path] += count;
}

std::span<const std::uint64_t> Tally::end_rounds(std::size_t outcome) const {
  const auto width = static_cast<std::size_t>(layout_.horizon + 1);
  if (outcome >= layout_.outcomes) throw std::out_of_range("tally: no such outcome");
  return std::span<const std::uint64_t>(end_round_).subspan(outcome * width, width);
}

std::span<const std::uint64_t> Tally::milestone_rounds(std::size_t milestone) const {
  const auto width = static_cast<std::size_t>(layout_.horizon + 1);
  if (milestone >= layout_.milestones) throw std::out_of_range("tally: no such milestone");
  return std::span<const std::uint64_t>(milestone_round_).subspan(milestone * width, width);
}

std::uint64_t Tally::term_count(std::size_t outcome, std::size_t issue) const {
  const Agreed& agreed = agreed_.at(outcome);
  return agreed.term_count.empty() ? 0 : agreed.term_count.at(issue);
}

std::span<const std::uint64_t> Tally::terms(std::size_t outcome, std::size_t issue) const {
  const Agreed& agreed = agreed_.at(outcome);
  if (issue >= layout_.issues.size()) throw std::out_of_range("tally: no such issue");
  if (agreed.term_bins.empty()) return {};
  return std::span<const std::uint64_t>(agreed.term_bins)
      .subspan(term_offset_[issue], static_cast<std::size_t>(layout_.issues[issue].bins));
}

std::uint64_t Tally::term_sum(std::size_t outcome, std::size_t issue) const {
  const Agreed& agreed = agreed_.at(outcome);
  return agreed.term_sum.empty() ? 0 : agreed.term_sum.at(issue);
}

std::uint64_t Tally::term_sum_squares(std::size_t outcome, std::size_t issue) const {
  const Agreed& agreed = agreed_.at(outcome);
  return agreed.term_sum_squares.empty() ? 0 : agreed.term_sum_squares.at(issue);
}

std::span<const std::uint64_t> Tally::utility(std::size_t outcome, std::size_t party) const {
  const Agreed& agreed = agreed_.at(outcome);
  if (party >= layout_.parties) throw std::out_of_range("tally: no such party");
  if (agreed.utility_bins.empty()) return {};
  return std::span<const std::uint64_t>(agreed.utility_bins)
      .subspan(party * kUtilityBins, kUtilityBins);
}

std::uint64_t Tally::utility_sum(std::size_t outcome, std::size_t party) const {
  const Agreed& agreed = agreed_.at(outcome);
  return agreed.utility_sum.empty() ? 0 : agreed.utility_sum.at(party);
}

std::uint64_t Tally::utility_sum_squares(std::size_t outcome, std::size_t party) const {
  const Agreed& agreed = agreed_.at(outcome);
  return agreed.utility_sum_squares.empty() ? 0 : agreed.utility_sum_squares.at(party);
}

namespace {
double extreme(const std::vector<double>& values, std::size_t i, double none) {
  return values.empty() ? none : values.at(i);
}
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

double Tally::term_min(std::size_t outcome, std::size_t issue) const {
  return extreme(agreed_.at(outcome).term_min, issue, kInf);
}
double Tally::term_max(std::size_t outcome, std::size_t issue) const {
  return extreme(agreed_.at(outcome).term_max, issue, -kInf);
}
double Tally::utility_min(std::size_t outcome, std::size_t party) const {
  return extreme(agreed_.at(outcome).utility_min, party, kInf);
}
double Tally::utility_max(std::size_t outcome, std::size_t party) const {
  return extreme(agreed_.at(outcome).utility_max, party, -kInf);
}

std::uint64_t Tally::fired_outcome(std::size_t event, std::size_t outcome) const {
  if (event >= layout_.events || outcome >= layout_.outcomes)
    throw std::out_of_range("tally: no such event or outcome");
  return fired_outcome_[event * layout_.outcomes + outcome];
}

bool Tally::operator==(const Tally& other) const {
  return layout_ == other.layout_ && branches_ == other.branches_ &&
         outcome_count_ == other.outcome_count_ && end_round_ == other.end_round_ &&
         agreed_ == other.agreed_ && fired_ == other.fired_ && fire_total_ == other.fire_total_ &&
         fired_outcome_ == other.fired_outcome_ && milestone_round_ == other.milestone_round_ &&
         first_agreed_ == other.first_agreed_ && paths_ == other.paths_;
}

}  // namespace negsim
