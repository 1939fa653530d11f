// `negsim --help` lists the commands in the order of the README's command
// table (each command has its own place; two used to share one, and then the
// order depended on the sort).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/negsim_process.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

// The command names of `negsim --help`, in order.
std::vector<std::string> help_commands() {
  const fs::path dir = test_support::scratch_path("help");
  fs::create_directories(dir);
  const test_support::Finished f =
      test_support::finish_negsim(test_support::start_negsim({"--help"}, dir), dir);
  fs::remove_all(dir);
  EXPECT_EQ(f.code, 0) << f.err;
  std::vector<std::string> names;
  std::istringstream lines(f.out.substr(f.out.find("Subcommands:")));
  const std::regex command(R"(^  ([a-z]+)\s)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, command)) names.push_back(m[1]);
  }
  return names;
}

// The commands of the README's table, in order: every `negsim NAME` and
// `NAME` in backticks in the first column (the header and the rule have none).
std::vector<std::string> readme_commands() {
  const std::string readme = test_support::read(fs::path(NEGSIM_SOURCE_DIR) / "README.md");
  const std::string table = readme.substr(readme.find("| command | what it does |"));
  std::vector<std::string> names;
  std::istringstream lines(table);
  const std::regex name(R"(`(?:negsim )?([a-z]+))");
  for (std::string line; std::getline(lines, line) && line.rfind("|", 0) == 0;) {
    const std::string first = line.substr(1, line.find('|', 1) - 1);
    for (std::sregex_iterator it(first.begin(), first.end(), name), end; it != end; ++it)
      names.push_back((*it)[1]);
  }
  return names;
}

TEST(HelpCli, ListsTheCommandsInTheOrderOfTheReadme) {
  const std::vector<std::string> expected = {"validate",    "run",      "merge",  "trace",
                                             "graph",       "batch",    "sweep",  "compare",
                                             "sensitivity", "backtest", "results"};
  EXPECT_EQ(readme_commands(), expected);
  EXPECT_EQ(help_commands(), expected);
}

}  // namespace
}  // namespace negsim
