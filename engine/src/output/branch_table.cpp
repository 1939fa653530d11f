#include "negsim/output/branch_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <mutex>
#include <stdexcept>

#include "gzip_pieces.hpp"
#include "negsim/model/calendar.hpp"
#include "negsim/model/input_draws.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/run/runner.hpp"
#include "table_format.hpp"

namespace negsim {

namespace {

using report::csv_field;

}  // namespace

// What a row needs of the scenario, shared by the batches on every thread.
struct BranchTable::Layout {
  std::vector<std::string> outcomes;  // ids, quoted for CSV
  std::vector<std::string> dates;     // per round 0..horizon, quoted; empty without as_of
  // Per issue: its options quoted for CSV (empty for a continuous issue).
  std::vector<std::vector<std::string>> options;
  bool gzip = false;
  // Buffers and compression states that batches hand back once written, for
  // the next batches: a few are in use at any time, and reusing them keeps the
  // allocator from taking a fresh megabyte-sized block for every chunk (which
  // glibc keeps, once freed, in each thread's arena).
  struct Spares {
    static constexpr std::size_t kKept = 8;  // more than ever wait at once
    std::mutex mutex;
    std::vector<std::string> buffers;
    std::vector<std::unique_ptr<detail::GzipPieceWriter>> zips;

    std::string buffer() {
      std::lock_guard lock(mutex);
      if (buffers.empty()) return {};
      std::string b = std::move(buffers.back());
      buffers.pop_back();
      b.clear();
      return b;
    }
    void give(std::string&& b) {
      std::lock_guard lock(mutex);
      if (buffers.size() < kKept && b.capacity() > 0) buffers.push_back(std::move(b));
    }
    std::unique_ptr<detail::GzipPieceWriter> zip() {
      std::lock_guard lock(mutex);
      if (zips.empty()) return std::make_unique<detail::GzipPieceWriter>();
      auto z = std::move(zips.back());
      zips.pop_back();
      return z;
    }
    void give(std::unique_ptr<detail::GzipPieceWriter>&& z) {
      std::lock_guard lock(mutex);
      if (zips.size() < kKept) zips.push_back(std::move(z));
    }
  };
  std::shared_ptr<Spares> spares;
};

namespace {

class CsvBatch : public BranchBatch {
 public:
  explicit CsvBatch(std::shared_ptr<const BranchTable::Layout> layout)
      : layout_(std::move(layout)), text_(layout_->spares->buffer()) {}

  void add(std::uint64_t branch, const BranchResult& r) override {
    auto out = std::back_inserter(text_);
    fmt::format_to(out, "{}", branch);
    for (const double v : r.inputs) fmt::format_to(out, ",{}", v);
    const auto outcome = static_cast<std::size_t>(r.outcome);
    text_ += ',';
    if (outcome < layout_->outcomes.size()) text_ += layout_->outcomes[outcome];
    fmt::format_to(out, ",{},", r.end_round);
    const auto round = static_cast<std::size_t>(r.end_round);
    if (round < layout_->dates.size()) text_ += layout_->dates[round];
    for (const int m : r.milestone_round) {
      text_ += ',';
      if (m >= 0) fmt::format_to(out, "{}", m);
    }
    for (std::size_t k = 0; k < layout_->options.size(); ++k) {
      text_ += ',';
      if (!r.agreed || k >= r.package.size() || std::isnan(r.package[k])) continue;
      const auto& options = layout_->options[k];
      if (options.empty()) {
        fmt::format_to(out, "{}", r.package[k]);
      } else {
        const auto i = static_cast<std::size_t>(std::lround(r.package[k]));
        if (i < options.size()) text_ += options[i];
      }
    }
    text_ += '\n';
    ++rows_;
    if (!layout_->gzip) {
      // The chunk's text is held until it is written: one allocation of
      // about its size rather than a string doubling through every size.
      if (rows_ == 1 && text_.capacity() < text_.size() * kChunkBranches)
        text_.reserve(text_.size() * kChunkBranches * 9 / 8);
    } else if (text_.size() >= kGzipPart) {
      compress_part();
    }
  }

  // Compressing here, on the chunk's worker, keeps the writing thread free.
  void close() override {
    if (!layout_->gzip) return;
    compress_part();
    if (!zip_) start_zip();
    piece_ = zip_->finish();
    layout_->spares->give(std::move(zip_));
    layout_->spares->give(std::move(text_));
  }

  // Written: its buffer goes back for another batch.
  void release() { layout_->spares->give(std::move(layout_->gzip ? piece_.bytes : text_)); }

  const std::string& text() const { return text_; }
  const detail::GzipPiece& piece() const { return piece_; }
  std::uint64_t rows() const { return rows_; }

 private:
  // Gzip: the text is compressed in parts of about this size as it comes,
  // so that only the compressed chunk is held until it is written.
  static constexpr std::size_t kGzipPart = 1 << 16;

  void start_zip() {
    zip_ = layout_->spares->zip();
    zip_->start(layout_->spares->buffer());
  }
  void compress_part() {
    if (text_.empty()) return;
    if (!zip_) start_zip();
    zip_->append(text_);
    text_.clear();
  }

  std::shared_ptr<const BranchTable::Layout> layout_;
  std::unique_ptr<detail::GzipPieceWriter> zip_;
  std::string text_;
  detail::GzipPiece piece_;
  std::uint64_t rows_ = 0;
};

bool gzip_name(const std::filesystem::path& path) {
  return path.extension() == ".gz";
}

}  // namespace

std::vector<std::string> branch_table_columns(const Simulator& simulator) {
  const Scenario& scenario = simulator.scenario();
  std::vector<std::string> columns{"branch"};
  for (const UncertainInput& input : uncertain_inputs(simulator)) columns.push_back(input.path);
  for (const char* name : {"outcome", "end_round", "end_date"}) columns.emplace_back(name);
  for (const Milestone& m : scenario.process.milestones) columns.push_back("milestone." + m.id);
  for (const Issue& issue : scenario.issues) columns.push_back("term." + issue.id);
  return columns;
}

BranchTable::BranchTable(const std::filesystem::path& path, const Simulator& simulator) {
  const Scenario& scenario = simulator.scenario();
  auto layout = std::make_shared<Layout>();
  for (const auto& outcome : simulator.outcomes()) layout->outcomes.push_back(csv_field(outcome));
  if (!round_date(scenario.as_of, scenario.round_days, 0).empty())
    for (int r = 0; r <= scenario.horizon; ++r)
      layout->dates.push_back(csv_field(round_date(scenario.as_of, scenario.round_days, r)));
  for (const Issue& issue : scenario.issues) {
    std::vector<std::string> options;
    if (issue.is_discrete())
      for (const auto& option : issue.options) options.push_back(csv_field(option));
    layout->options.push_back(std::move(options));
  }
  layout->gzip = gzip_name(path);
  layout->spares = std::make_shared<Layout::Spares>();
  layout_ = std::move(layout);

  std::string header;
  for (const auto& column : branch_table_columns(simulator)) {
    if (!header.empty()) header += ',';
    header += csv_field(column);
  }
  header += '\n';
  file_ = std::make_unique<AtomicFileWriter>(path);
  if (layout_->gzip) {
    gzip_ = std::make_unique<detail::GzipJoin>();
    const detail::GzipPiece piece = detail::gzip_piece(header);
    gzip_->add(piece);
    file_->write(detail::GzipJoin::header());
    file_->write(piece.bytes);
  } else {
    file_->write(header);
  }
}

BranchTable::~BranchTable() = default;

std::unique_ptr<BranchBatch> BranchTable::batch() const {
  return std::make_unique<CsvBatch>(layout_);
}

void BranchTable::take(BranchBatch& batch) {
  if (!error_.empty()) return;
  auto& b = static_cast<CsvBatch&>(batch);
  try {
    if (gzip_) {
      gzip_->add(b.piece());
      file_->write(b.piece().bytes);
    } else {
      file_->write(b.text());
    }
    rows_ += b.rows();
    b.release();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void BranchTable::commit() {
  if (!error_.empty()) throw std::runtime_error(error_);
  if (gzip_) file_->write(gzip_->trailer());
  file_->commit();
}

}  // namespace negsim
