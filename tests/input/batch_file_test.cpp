// Batch files are read by the scenario reader's YAML layer: the same size
// limit, byte checks and syntax messages, and every problem at once with its
// file, line, column and key path (they were read by a second, hand-written
// reader in the command line before, with messages of its own).
#include "negsim/input/batch_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

class BatchFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::scratch_path("batch");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  // Every problem of the batch file `text`, as the CLI prints them.
  std::vector<std::string> problems(const std::string& text) {
    const std::string path = write("batch.yaml", text);
    try {
      read_batch_file(path);
    } catch (const InputError& e) {
      std::vector<std::string> out;
      for (const auto& d : e.diagnostics()) out.push_back(d.to_string().substr(path.size()));
      return out;
    }
    return {};
  }

  fs::path dir_;
};

TEST_F(BatchFileTest, ReadsEveryField) {
  const std::string path = write("batch.yaml", R"(title: "Variants"
seed: 18446744073709551615
branches: 4000
entries:
  - {name: base, scenario: ../base.yaml}
  - name: costly.war-2
    scenario: variants/war.yaml
    set: ["parties.russia.costs.per_round=0.02", "events.strikes.chance=0.3"]
    branches: 500
  - name: mapped
    scenario: base.yaml
    set:
      events.strikes.chance: {dist: uniform, low: 0.1, high: 0.2}
      parties.a.batna: 0.4
)");
  const BatchFile b = read_batch_file(path);
  EXPECT_EQ(b.title, "Variants");
  EXPECT_EQ(b.seed, 18446744073709551615u);
  EXPECT_EQ(b.branches, 4000u);
  ASSERT_EQ(b.entries.size(), 3u);
  EXPECT_EQ(b.entries[0].name, "base");
  EXPECT_EQ(b.entries[0].scenario, "../base.yaml");
  EXPECT_EQ(b.entries[0].path, (dir_ / "../base.yaml").lexically_normal().string());
  EXPECT_TRUE(b.entries[0].overrides.empty());
  EXPECT_FALSE(b.entries[0].branches);
  EXPECT_EQ(b.entries[1].name, "costly.war-2");
  EXPECT_EQ(b.entries[1].overrides, (std::vector<std::string>{"parties.russia.costs.per_round=0.02",
                                                              "events.strikes.chance=0.3"}));
  EXPECT_EQ(b.entries[1].branches, 500u);
  EXPECT_EQ(b.entries[2].overrides,
            (std::vector<std::string>{"events.strikes.chance={dist: uniform, low: 0.1, high: 0.2}",
                                      "parties.a.batna=0.4"}));
  EXPECT_NE(b.text.find("title: \"Variants\""), std::string::npos);
}

TEST_F(BatchFileTest, ReportsEveryProblemWithLineColumnAndKeyPath) {
  const auto found = problems(R"(title: "Broken"
sed: 7
branches: 0
entries:
  - {name: base, scenario: a.yaml, brnaches: 10}
  - {name: base, scenario: b.yaml}
  - {name: "no spaces", scenario: ""}
  - {scenario: c.yaml, set: 3}
  - [a, list]
)");
  const std::vector<std::string> expected = {
      ":2:1: error: sed: unknown key 'sed' in a batch file; did you mean 'seed'?",
      ":3:11: error: branches: expected a branch count (a whole number from 1 to 1000000000), got "
      "the "
      "number 0",
      ":5:36: error: entries[0].brnaches: unknown key 'brnaches' in a batch entry; did you mean "
      "'branches'?",
      ":6:12: error: entries[1].name: the name 'base' is used twice",
      ":7:12: error: entries[2].name: expected a short name made of letters, digits, '_', '-' "
      "or '.' (it names the entry's column and its output folder), got the text 'no spaces'",
      ":7:35: error: entries[2].scenario: expected the path of a scenario file, relative to the "
      "batch file",
      ":8:5: error: entries[3]: missing required key 'name'",
      ":8:29: error: entries[3].set: expected a list of KEY_PATH=VALUE overrides, or a map "
      "KEY_PATH: VALUE, got the number 3",
      ":9:5: error: entries[4]: expected an entry {name, scenario, set, branches}, got a list",
  };
  EXPECT_EQ(found, expected);
}

TEST_F(BatchFileTest, NeedsEntries) {
  EXPECT_EQ(problems("title: nothing to run\n"),
            (std::vector<std::string>{
                ":1:1: error: missing required key 'entries' (the scenarios to run)"}));
  EXPECT_EQ(problems("entries: []\n"),
            (std::vector<std::string>{
                ":1:10: error: entries: expected at least one entry, e.g. - {name: base, "
                "scenario: ../abu_dhabi_2026.yaml}"}));
  EXPECT_EQ(problems("- {name: base, scenario: a.yaml}\n"),
            (std::vector<std::string>{
                ":1:1: error: expected a batch: a map with 'entries' (a list of {name, scenario, "
                "set, branches}) and optional 'title', 'seed', 'branches', got a list"}));
}

TEST_F(BatchFileTest, SyntaxAndBytesAreCheckedLikeAScenario) {
  EXPECT_EQ(problems("entries:\n\t- {name: a, scenario: a.yaml}\n"),
            (std::vector<std::string>{
                ":2:1: error: a tab is used for indentation; YAML indents with spaces only"}));
  EXPECT_EQ(problems("entries: [{name: a, scenario: a.yaml}\n"),
            (std::vector<std::string>{":1:10: error: YAML syntax error: this '[' is not closed "
                                      "with ']' (the parser gave up at line 2, column 1)"}));
  const auto binary = problems(std::string("entries:\0\n", 10));
  ASSERT_EQ(binary.size(), 1u);
  EXPECT_NE(binary[0].find("NUL byte"), std::string::npos) << binary[0];
}

TEST_F(BatchFileTest, HasTheSizeLimitAndMessagesOfAScenarioFile) {
  try {
    read_batch_file((dir_ / "missing.yaml").string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).message, "cannot open the file (No such file or directory)");
  }
  const std::string huge =
      write("huge.yaml", "# " + std::string(kMaxScenarioFileBytes, 'x') + "\n");
  try {
    read_batch_file(huge);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).message.rfind("the file is larger than 1024 KiB", 0), 0u);
  }
}

TEST_F(BatchFileTest, ADirectoryIsABatchOfItsScenarios) {
  write("b.yaml", "x");
  write("a.yml", "x");
  write("notes.txt", "x");
  write("b.observed.yaml", "x");  // what happened in case b: not a scenario
  const BatchFile b = batch_of_directory(dir_.string());
  ASSERT_EQ(b.entries.size(), 2u);
  EXPECT_EQ(b.entries[0].name, "a");
  EXPECT_EQ(b.entries[1].name, "b");
  EXPECT_EQ(b.entries[1].path, (dir_ / "b.yaml").string());
  EXPECT_EQ(b.text, "a.yml\nb.yaml\n");
  EXPECT_EQ(b.title, "Scenarios in " + dir_.string());
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  EXPECT_THROW(batch_of_directory(dir_.string()), InputError);
}

}  // namespace
}  // namespace negsim
