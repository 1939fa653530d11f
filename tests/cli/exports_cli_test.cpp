// End-to-end tests of the exports: `negsim run --branches-out` (one row per
// branch, streamed, .gz) and `negsim results export --xlsx` (tests/cli/
// workbook_check.py opens the workbook itself).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/csv_rows.hpp"
#include "support/negsim_process.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;
using test_support::csv_rows;
using test_support::Finished;
using test_support::gunzip;
using test_support::read;

#if defined(NEGSIM_TSAN) || defined(NEGSIM_ASAN)
constexpr int kExportBranches = 2500;
#else
constexpr int kExportBranches = 70000;  // more than one wave (65,536 branches)
#endif

const std::string kScenario = std::string(NEGSIM_SOURCE_DIR) + "/scenarios/abu_dhabi_2026.yaml";

class ExportsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim-exports-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_), dir_);
  }
  // A run of the default scenario writing `file`, its summary into `out`.
  Finished run(const fs::path& file, const std::string& threads, const fs::path& out = {}) {
    std::vector<std::string> args{"run",
                                  kScenario,
                                  "--branches",
                                  std::to_string(kExportBranches),
                                  "--threads",
                                  threads,
                                  "--no-db",
                                  "--quiet",
                                  "--branches-out",
                                  file.string()};
    if (!out.empty()) args.insert(args.end(), {"--out", out.string()});
    return negsim(args);
  }

  fs::path dir_;
};

TEST_F(ExportsCli, WritesOneRowPerBranchWhoseOutcomesAddUpToTheSummary) {
  const fs::path file = dir_ / "branches.csv";
  const Finished f = run(file, "2", dir_ / "out");
  ASSERT_EQ(f.code, 0) << f.err;
  const auto rows = csv_rows(read(file));
  ASSERT_EQ(rows.size(),
            static_cast<std::size_t>(kExportBranches) + 1);  // the header, then the branches
  const std::vector<std::string>& header = rows[0];
  EXPECT_EQ(header[0], "branch");
  const auto column = [&](const std::string& name) {
    const auto at = std::find(header.begin(), header.end(), name);
    EXPECT_NE(at, header.end()) << name;
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t outcome = column("outcome");
  const std::size_t end_round = column("end_round");
  const std::size_t end_date = column("end_date");
  // The uncertain inputs under their key paths, the milestones and terms by id.
  column("parties.russia.capability");
  const std::size_t ceasefire = column("milestone.ceasefire_agreed");
  column("term.donetsk");

  std::map<std::string, std::uint64_t> counts;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size()) << "row " << i;
    EXPECT_EQ(rows[i][0], std::to_string(i - 1));  // in branch order
    ++counts[rows[i][outcome]];
    EXPECT_FALSE(rows[i][end_round].empty());
    EXPECT_EQ(rows[i][end_date].size(), 10u) << rows[i][end_date];  // YYYY-MM-DD
  }
  const auto summary = nlohmann::json::parse(read(dir_ / "out" / "summary.json"));
  std::uint64_t total = 0;
  for (const auto& o : summary.at("outcomes")) {
    EXPECT_EQ(counts[o.at("id").get<std::string>()], o.at("count").get<std::uint64_t>())
        << o.at("id");
    total += o.at("count").get<std::uint64_t>();
  }
  EXPECT_EQ(total, static_cast<std::uint64_t>(kExportBranches));
  // Milestone rounds: as many branches reached it as summary.json says.
  std::uint64_t reached = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) reached += !rows[i][ceasefire].empty();
  for (const auto& m : summary.at("milestones"))
    if (m.at("id") == "ceasefire_agreed") {
      EXPECT_EQ(reached, m.at("count").get<std::uint64_t>());
    }
}

TEST_F(ExportsCli, FileIsTheSameBytesForOneAndTwoThreadsAndGzipDecompressesToIt) {
  const Finished one = run(dir_ / "one.csv", "1");
  ASSERT_EQ(one.code, 0) << one.err;
  const Finished two = run(dir_ / "two.csv", "2");
  ASSERT_EQ(two.code, 0) << two.err;
  const Finished gz = run(dir_ / "two.csv.gz", "2");
  ASSERT_EQ(gz.code, 0) << gz.err;
  const std::string plain = read(dir_ / "one.csv");
  EXPECT_EQ(plain, read(dir_ / "two.csv"));
  const std::string compressed = read(dir_ / "two.csv.gz");
  ASSERT_GT(compressed.size(), 18u);
  EXPECT_LT(compressed.size(), plain.size());
  EXPECT_EQ(gunzip(compressed), plain);
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(ExportsCli, RefusesToWriteOverAnInputBeforeRunning) {
  const fs::path scenario = dir_ / "talks.yaml";
  fs::copy_file(kScenario, scenario);
  const std::string before = read(scenario);
  const Finished f =
      negsim({"run", scenario.string(), "--no-db", "--branches-out", scenario.string()});
  EXPECT_EQ(f.code, 2);
  EXPECT_EQ(f.err, "negsim: error: --branches-out would write '" + scenario.string() +
                       "', which is one of this command's inputs ('" + scenario.string() +
                       "'); choose another path\n");
  EXPECT_EQ(f.out, "");
  EXPECT_EQ(read(scenario), before);

  const Finished clash =
      negsim({"run", scenario.string(), "--no-db", "--out", (dir_ / "out").string(),
              "--branches-out", (dir_ / "out" / "summary.json").string()});
  EXPECT_EQ(clash.code, 2);
  EXPECT_EQ(clash.err, "negsim: error: --branches-out would write '" +
                           (dir_ / "out" / "summary.json").string() +
                           "', which --out writes too; choose another path\n");
}

}  // namespace
}  // namespace negsim
