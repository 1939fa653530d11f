// Tally::encode and Tally::decode: a tally as 64-bit little-endian words, so
// that a tally counted in another process (an MPI rank, a `--shard`) merges
// into exactly what one process would have counted. Doubles (the exact
// minima and maxima) travel as their bit patterns, never as decimal text.
#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

#include "negsim/run/tally.hpp"

namespace negsim {
namespace {

// "NSTALLY" and the format's version: a change of layout changes the version.
constexpr std::uint64_t kMagic = 0x01594c4c4154534eull;

class Writer {
 public:
  void word(std::uint64_t w) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((w >> (8 * i)) & 0xff));
  }
  void real(double x) { word(std::bit_cast<std::uint64_t>(x)); }
  void words(const std::vector<std::uint64_t>& v) {
    for (const std::uint64_t w : v) word(w);
  }
  void reals(const std::vector<double>& v) {
    for (const double x : v) real(x);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t word() {
    need(1);
    std::uint64_t w = 0;
    for (int i = 0; i < 8; ++i)
      w |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_ + i])) << (8 * i);
    at_ += 8;
    return w;
  }
  double real() { return std::bit_cast<double>(word()); }
  // A count that sizes what follows: never more words than are left, so that
  // damaged bytes cannot ask for a huge allocation.
  std::size_t size(const char* what) {
    const std::uint64_t n = word();
    if (n > left()) fail(std::string("its ") + what + " count is larger than the data");
    return static_cast<std::size_t>(n);
  }
  std::vector<std::uint64_t> words(std::size_t n) {
    need(n);
    std::vector<std::uint64_t> v(n);
    for (auto& w : v) w = word();
    return v;
  }
  std::vector<double> reals(std::size_t n) {
    need(n);
    std::vector<double> v(n);
    for (auto& x : v) x = real();
    return v;
  }
  void finish() const {
    if (at_ != bytes_.size()) fail("there are bytes after its end");
  }
  [[noreturn]] static void fail(const std::string& why) {
    throw std::invalid_argument("not an encoded tally: " + why);
  }

 private:
  std::size_t left() const { return (bytes_.size() - at_) / 8; }
  void need(std::size_t n) const {
    if (n > left()) fail("it is cut short");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::string Tally::encode() const {
  Writer w;
  w.word(kMagic);
  w.word(layout_.outcomes);
  w.word(static_cast<std::uint64_t>(layout_.horizon));
  w.word(layout_.issues.size());
  for (const IssueAxis& axis : layout_.issues) {
    w.word(axis.discrete ? 1 : 0);
    w.word(static_cast<std::uint64_t>(axis.bins));
    w.real(axis.low);
    w.real(axis.high);
  }
  w.word(layout_.parties);
  w.word(layout_.events);
  w.word(layout_.milestones);

  w.word(branches_);
  w.words(outcome_count_);
  w.words(end_round_);
  for (const Agreed& a : agreed_) {
    w.word(a.count);
    if (a.count == 0) continue;  // its vectors are empty until the first agreement
    w.words(a.term_count);
    w.words(a.term_bins);
    w.words(a.term_sum);
    w.words(a.term_sum_squares);
    w.reals(a.term_min);
    w.reals(a.term_max);
    w.words(a.utility_bins);
    w.words(a.utility_sum);
    w.words(a.utility_sum_squares);
    w.reals(a.utility_min);
    w.reals(a.utility_max);
  }
  w.words(fired_);
  w.words(fire_total_);
  w.words(fired_outcome_);
  w.words(milestone_round_);
  w.words(first_agreed_);

  // Paths in order, so that equal tallies give equal bytes.
  std::vector<const PathCounts::value_type*> paths;
  for (const auto& entry : paths_) paths.push_back(&entry);
  std::sort(paths.begin(), paths.end(), [](auto* a, auto* b) { return a->first < b->first; });
  w.word(paths.size());
  for (const auto* entry : paths) {
    w.word(entry->first.size());
    for (const int s : entry->first)
      w.word(static_cast<std::uint64_t>(static_cast<std::int64_t>(s)));
    w.word(entry->second);
  }
  return w.take();
}

Tally Tally::decode(std::string_view bytes) {
  Reader r(bytes);
  if (r.word() != kMagic) Reader::fail("it does not start with this format's mark");
  TallyLayout layout;
  layout.outcomes = r.size("outcome");
  const std::uint64_t horizon = r.word();
  if (horizon >= static_cast<std::uint64_t>(std::numeric_limits<int>::max()) ||
      horizon >= bytes.size())
    Reader::fail("its horizon is impossible");
  layout.horizon = static_cast<int>(horizon);
  const std::size_t issues = r.size("issue");
  for (std::size_t i = 0; i < issues; ++i) {
    IssueAxis axis;
    axis.discrete = r.word() != 0;
    const std::uint64_t bins = r.word();
    // Bins are allocated only with the first agreement, whose words are
    // checked against the bytes then.
    if (bins == 0 || bins > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      Reader::fail("an issue's bin count is impossible");
    axis.bins = static_cast<int>(bins);
    axis.low = r.real();
    axis.high = r.real();
    layout.issues.push_back(axis);
  }
  layout.parties = r.size("party");
  layout.events = r.size("event");
  layout.milestones = r.size("milestone");
  // The counts every tally of this layout holds must fit in the bytes, before
  // anything of that size is allocated.
  const double width = static_cast<double>(layout.horizon) + 1;
  const double fixed = static_cast<double>(layout.outcomes) * width +
                       static_cast<double>(layout.milestones) * width +
                       static_cast<double>(layout.events) * static_cast<double>(layout.outcomes);
  if (fixed > static_cast<double>(bytes.size()) / 8) Reader::fail("it is cut short");

  Tally t(std::move(layout));
  t.branches_ = r.word();
  t.outcome_count_ = r.words(t.outcome_count_.size());
  t.end_round_ = r.words(t.end_round_.size());
  const std::size_t issue_count = t.layout_.issues.size();
  const std::size_t parties = t.layout_.parties;
  for (Agreed& a : t.agreed_) {
    const std::uint64_t count = r.word();
    if (count == 0) continue;
    a.count = count;
    a.term_count = r.words(issue_count);
    a.term_bins = r.words(t.term_bins_total_);
    a.term_sum = r.words(issue_count);
    a.term_sum_squares = r.words(issue_count);
    a.term_min = r.reals(issue_count);
    a.term_max = r.reals(issue_count);
    a.utility_bins = r.words(parties * kUtilityBins);
    a.utility_sum = r.words(parties);
    a.utility_sum_squares = r.words(parties);
    a.utility_min = r.reals(parties);
    a.utility_max = r.reals(parties);
  }
  t.fired_ = r.words(t.fired_.size());
  t.fire_total_ = r.words(t.fire_total_.size());
  t.fired_outcome_ = r.words(t.fired_outcome_.size());
  t.milestone_round_ = r.words(t.milestone_round_.size());
  t.first_agreed_ = r.words(t.first_agreed_.size());

  const std::size_t paths = r.size("path");
  std::vector<int> path;
  for (std::size_t p = 0; p < paths; ++p) {
    path.resize(r.size("state"));
    for (int& s : path) s = static_cast<int>(static_cast<std::int64_t>(r.word()));
    const std::uint64_t count = r.word();
    if (!t.paths_.emplace(path, count).second) Reader::fail("a path comes twice");
  }
  r.finish();
  return t;
}

}  // namespace negsim
