#include "negsim/output/branch_table.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "output/gzip_pieces.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/input_draws.hpp"
#include "negsim/run/runner.hpp"
#include "support/csv_rows.hpp"
#include "support/negsim_process.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::csv_rows;
using test_support::gunzip;
using test_support::read;
using test_support::scratch_path;

Simulator busy_talks() {
  return Simulator(
      load_scenario_file(std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/busy_talks.yaml"));
}

// Each outcome's count among the rows (after the header).
std::map<std::string, std::uint64_t> outcome_counts(
    const std::vector<std::vector<std::string>>& rows) {
  const auto& header = rows.at(0);
  const auto column =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "outcome") - header.begin());
  std::map<std::string, std::uint64_t> counts;
  for (std::size_t i = 1; i < rows.size(); ++i) ++counts[rows[i].at(column)];
  return counts;
}

TEST(GzipPieces, JoinIntoOneStreamThatDecompressesToTheTexts) {
  const std::vector<std::string> texts = {"branch,outcome\n", "", std::string(100000, 'x') + "\n",
                                          "0,deal\n1,\"a, b\"\n"};
  detail::GzipJoin join;
  std::string file = detail::GzipJoin::header();
  std::string plain;
  for (const auto& text : texts) {
    const detail::GzipPiece piece = detail::gzip_piece(text);
    EXPECT_EQ(piece.length, text.size());
    join.add(piece);
    file += piece.bytes;
    plain += text;
  }
  file += join.trailer();
  EXPECT_EQ(gunzip(file), plain);
  // No pieces at all: an empty file.
  EXPECT_EQ(gunzip(detail::GzipJoin::header() + detail::GzipJoin().trailer()), "");
}

TEST(BranchTable, NamesColumnsInTheScenariosWords) {
  const Simulator simulator = busy_talks();
  const auto columns = branch_table_columns(simulator);
  ASSERT_GE(columns.size(), 5u);
  EXPECT_EQ(columns.front(), "branch");
  const auto has = [&](const std::string& name) {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
  };
  for (const auto& input : uncertain_inputs(simulator)) EXPECT_TRUE(has(input.path)) << input.path;
  for (const char* name : {"outcome", "end_round", "end_date"}) EXPECT_TRUE(has(name)) << name;
  for (const Issue& issue : simulator.scenario().issues) EXPECT_TRUE(has("term." + issue.id));
}

TEST(BranchTable, HoldsExactlyTheBranchesTheTallyCountsAndTheirDraws) {
  const Simulator simulator = busy_talks();
  const fs::path path = scratch_path("branches.csv");
  RunOptions options;
  options.branches = 3000;
  options.seed = 5;
  options.threads = 2;
  BranchTable table(path, simulator);
  options.branch_sink = &table;
  const RunResult result = run_branches(simulator, options);
  table.commit();
  EXPECT_EQ(table.rows(), 3000u);
  const auto rows = csv_rows(read(path));
  fs::remove(path);
  ASSERT_EQ(rows.size(), 3001u);
  const auto counts = outcome_counts(rows);
  for (std::size_t o = 0; o < simulator.outcomes().size(); ++o) {
    const auto it = counts.find(simulator.outcomes()[o]);
    EXPECT_EQ(it == counts.end() ? 0 : it->second, result.tally.outcome_count(o))
        << simulator.outcomes()[o];
  }
  // A row's inputs and ending are those of the branch run on its own.
  const std::size_t inputs = uncertain_inputs(simulator).size();
  for (const std::uint64_t b : {0u, 1023u, 1024u, 2999u}) {
    const BranchResult branch = simulator.run_branch(5, b);
    const auto& row = rows.at(b + 1);
    EXPECT_EQ(row.at(0), std::to_string(b));
    for (std::size_t i = 0; i < inputs; ++i)
      EXPECT_EQ(std::stod(row.at(1 + i)), branch.inputs.at(i)) << "branch " << b << " input " << i;
    EXPECT_EQ(row.at(1 + inputs),
              simulator.outcomes().at(static_cast<std::size_t>(branch.outcome)));
    EXPECT_EQ(row.at(2 + inputs), std::to_string(branch.end_round));
  }
}

// Stops the run as soon as it has taken its first batch, as Ctrl-C would.
class StoppingSink : public BranchSink {
 public:
  StoppingSink(BranchTable& table, std::atomic<bool>& stop) : table_(table), stop_(stop) {}
  std::unique_ptr<BranchBatch> batch() const override { return table_.batch(); }
  void take(BranchBatch& batch) override {
    table_.take(batch);
    stop_ = true;
  }

 private:
  BranchTable& table_;
  std::atomic<bool>& stop_;
};

TEST(BranchTable, AnInterruptedRunKeepsTheRowsOfTheBranchesCounted) {
  const Simulator simulator = busy_talks();
  const fs::path path = scratch_path("branches.csv.gz");
  std::atomic<bool> stop{false};
  BranchTable table(path, simulator);
  StoppingSink sink(table, stop);
  RunOptions options;
  options.branches = 1000000;
  options.threads = 2;
  options.cancel = &stop;
  options.branch_sink = &sink;
  const RunResult result = run_branches(simulator, options);
  table.commit();
  EXPECT_TRUE(result.partial);
  EXPECT_GE(result.branches, kChunkBranches);
  EXPECT_LT(result.branches, options.branches);
  EXPECT_EQ(table.rows(), result.branches);
  const auto rows = csv_rows(gunzip(read(path)));
  fs::remove(path);
  ASSERT_EQ(rows.size(), result.branches + 1);
  for (std::size_t i = 1; i < rows.size(); ++i) ASSERT_EQ(rows[i].at(0), std::to_string(i - 1));
  const auto counts = outcome_counts(rows);
  std::uint64_t total = 0;
  for (std::size_t o = 0; o < simulator.outcomes().size(); ++o) {
    const auto it = counts.find(simulator.outcomes()[o]);
    EXPECT_EQ(it == counts.end() ? 0 : it->second, result.tally.outcome_count(o));
    total += result.tally.outcome_count(o);
  }
  EXPECT_EQ(total, result.branches);
}

TEST(BranchTable, LeavesNothingBehindWhenNotCommitted) {
  const Simulator simulator = busy_talks();
  const fs::path path = scratch_path("never.csv");
  { BranchTable table(path, simulator); }
  EXPECT_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(path.parent_path()))
    EXPECT_NE(entry.path().filename().string().rfind("." + path.filename().string(), 0), 0u)
        << entry.path();
}

}  // namespace
}  // namespace negsim
