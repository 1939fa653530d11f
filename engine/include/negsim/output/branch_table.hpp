#pragma once
// The file of `negsim run --branches-out`: one CSV row per branch, for
// analysts who want the branches themselves (curves, cross-tabulations in a
// spreadsheet or a notebook) rather than the summary.
//
// Columns: `branch` (its index), each uncertain input's drawn value under its
// key path (issue units; an ordinal or binary demand's option index, which
// may be fractional), `outcome` (its id), `end_round` and `end_date` (the
// calendar date that round ends, empty when the scenario has no as_of date),
// `milestone.ID` (the round it was first reached, empty if never) and
// `term.ID` (the agreed term: the option for ordinal and binary issues, the
// number for continuous ones; empty without an agreement that settled it).
// Numbers are written exactly (the shortest text that reads back the same
// double), fields quoted as RFC 4180 says.
//
// The rows are streamed as the run goes (branch_sink.hpp): formatted, and
// compressed when the name ends in ".gz", on the worker threads, written in
// branch order into a temporary file that commit() renames into place
// (atomic_file.hpp). The bytes depend only on the scenario, seed and
// branches, never on the number of threads; a .gz file decompresses to the
// same bytes as the plain file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "negsim/model/simulator.hpp"
#include "negsim/run/branch_sink.hpp"

namespace negsim {

class AtomicFileWriter;
namespace detail {
class GzipJoin;
}

// The header row's names, in order.
std::vector<std::string> branch_table_columns(const Simulator& simulator);

class BranchTable : public BranchSink {
 public:
  // Starts the file (its header row) in a temporary file beside `path`.
  // Throws std::runtime_error naming the file when it cannot be created.
  BranchTable(const std::filesystem::path& path, const Simulator& simulator);
  ~BranchTable() override;

  std::unique_ptr<BranchBatch> batch() const override;
  // A write that fails is kept for commit() to report, and nothing more is
  // written: the run goes on.
  void take(BranchBatch& batch) override;

  // Ends the file and renames it into place. Throws std::runtime_error with
  // the first failure to write; the temporary file is then removed.
  void commit();
  std::uint64_t rows() const { return rows_; }

  struct Layout;

 private:
  std::shared_ptr<const Layout> layout_;
  std::unique_ptr<AtomicFileWriter> file_;
  std::unique_ptr<detail::GzipJoin> gzip_;  // null: plain CSV
  std::uint64_t rows_ = 0;
  std::string error_;
};

}  // namespace negsim
