// `negsim graph` end to end: the real binary on the shipped scenarios.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/graph/graphviz.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "support/shipped_scenarios.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GraphCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("negsim_graph_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `negsim ARGS` (ARGS already quoted for the shell) with a PATH of `path`.
  CommandRun negsim(const std::string& args, const std::string& path = "") {
    const std::string env = path.empty() ? "" : "env PATH='" + path + "' ";
    const std::string cmd = env + "'" + NEGSIM_BINARY + "' " + args + " >'" +
                            (dir_ / "stdout").string() + "' 2>'" + (dir_ / "stderr").string() + "'";
    const int status = std::system(cmd.c_str());
    CommandRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir_ / "stdout");
    r.err = slurp(dir_ / "stderr");
    return r;
  }
  static std::string source(const std::string& relative) {
    // Built by appending: g++ 12 warns falsely (-Wrestrict, GCC bug 105329)
    // on "literal" + std::string.
    std::string quoted = "'";
    quoted += NEGSIM_SOURCE_DIR;
    quoted += '/';
    quoted += relative;
    quoted += '\'';
    return quoted;
  }

  fs::path dir_;
};

// Number of vertices and edges boost::read_graphviz finds, or -1, -1.
std::pair<int, int> parse_counts(const std::string& dot) {
  boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  std::istringstream in(dot);
  try {
    if (!boost::read_graphviz(in, g, dp)) return {-1, -1};
  } catch (const std::exception&) {
    return {-1, -1};
  }
  return {static_cast<int>(boost::num_vertices(g)), static_cast<int>(boost::num_edges(g))};
}

TEST_F(GraphCommand, DrawsEveryShippedScenario) {
  int drawn = 0;
  for (const fs::path& file : test_support::shipped_scenarios()) {
    const CommandRun r = negsim("graph '" + file.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.err;
    EXPECT_EQ(r.err, "") << file;
    const auto [vertices, edges] = parse_counts(r.out);
    EXPECT_GT(vertices, 1) << file;
    EXPECT_GT(edges, 0) << file;
    ++drawn;
  }
  EXPECT_GE(drawn, 2);
}

TEST_F(GraphCommand, WritesDotToStdoutOrAFile) {
  const CommandRun to_stdout = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml"));
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  // 7 states + the start marker; 14 transitions + the start arrow.
  EXPECT_EQ(parse_counts(to_stdout.out), std::make_pair(8, 15));

  const fs::path out = dir_ / "process.dot";
  const CommandRun to_file = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                                    " --out '" + out.string() + "'");
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(slurp(out), to_stdout.out);
  // Nothing but the result is left in the directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 3);
}

TEST_F(GraphCommand, WritesSvgThroughGraphviz) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz not installed";
  const fs::path out = dir_ / "process.svg";
  const CommandRun r = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                              " --format svg --out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = slurp(out);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("Ratification vote in"), std::string::npos);
}

TEST_F(GraphCommand, SvgWithoutGraphvizFailsClearly) {
  // A PATH with no `dot` on it (the shell's `env` is found by absolute path).
  const CommandRun r =
      negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") + " --format svg",
             dir_.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("negsim graph: svg (an SVG picture) needs the `dot` program of Graphviz"),
            std::string::npos)
      << r.err;
}

// Each picture format carries its own signature in its first bytes.
TEST_F(GraphCommand, TheExtensionOfOutChoosesTheFormat) {
  const bool graphviz = std::system("command -v dot >/dev/null 2>&1") == 0;
  struct Case {
    const char* name;
    std::string magic;
    bool needs_graphviz;
  };
  const Case cases[] = {{"talks.dot", "digraph ", false},
                        {"talks.gv", "digraph ", false},
                        {"talks.svg", "<?xml", true},
                        {"talks.SVG", "<?xml", true},
                        {"talks.png", std::string("\x89PNG\r\n\x1a\n", 8), true},
                        {"talks.pdf", "%PDF-", true}};
  for (const Case& c : cases) {
    if (c.needs_graphviz && !graphviz) continue;
    const fs::path out = dir_ / c.name;
    const CommandRun r = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                                " --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << c.name << "\n" << r.err;
    EXPECT_EQ(r.err, "") << c.name;
    EXPECT_EQ(slurp(out).substr(0, c.magic.size()), c.magic) << c.name;
  }
  if (graphviz)
    EXPECT_NE(slurp(dir_ / "talks.svg").find("<svg"), std::string::npos);
  else
    GTEST_SKIP() << "Graphviz not installed: only the DOT files were checked";
}

TEST_F(GraphCommand, RefusesAnExtensionThatNamesNoFormat) {
  for (const char* name : {"talks.jpg", "talks"}) {
    const fs::path out = dir_ / name;
    const CommandRun r = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                                " --out '" + out.string() + "'");
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "negsim: error: --out " + out.string() + ": " +
                         (std::string(name) == "talks"
                              ? "the file has no extension to tell the format by"
                              : "the extension '.jpg' is not a format negsim graph writes") +
                         "; name the file .dot or .gv (Graphviz text), .svg, .png or .pdf\n");
    EXPECT_FALSE(fs::exists(out)) << name;
  }
}

TEST_F(GraphCommand, RefusesAFormatThatContradictsTheExtension) {
  const fs::path out = dir_ / "talks.png";
  const CommandRun r = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                              " --format dot --out '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "negsim: error: --format dot (Graphviz text) contradicts --out " + out.string() +
                       ", whose extension asks for png (a PNG picture); leave --format out, or "
                       "give the file the extension of the format you want\n");
  EXPECT_FALSE(fs::exists(out));
  // Agreeing with the extension is fine.
  const CommandRun same = negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") +
                                 " --format dot --out '" + (dir_ / "talks.gv").string() + "'");
  EXPECT_EQ(same.exit_code, 0) << same.err;
}

TEST_F(GraphCommand, DrawsStateLabelsNotIds) {
  const CommandRun r = negsim("graph " + source("scenarios/abu_dhabi_2026.yaml"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Node names stay ids (for tools); what is shown is the label.
  EXPECT_NE(r.out.find("\"talks_paused\" [label=\""), std::string::npos);
  EXPECT_EQ(r.out.find("[label=\"talks_paused"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rankdir=\"LR\""), std::string::npos);
}

TEST_F(GraphCommand, WeightsRunTheScenarioAndLabelEdgesWithShares) {
  const std::string file = source("scenarios/examples/all_state_kinds.yaml");
  const CommandRun r = negsim("graph " + file + " --weights --branches 3000 --seed 5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("share of 3000 branches (seed 5) that took each transition"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("%\""), std::string::npos);
  EXPECT_EQ(parse_counts(r.out), std::make_pair(8, 15));
  // The same seed and branches give the same picture, whatever the threads.
  const CommandRun again =
      negsim("graph " + file + " --weights --branches 3000 --seed 5 --threads 1");
  EXPECT_EQ(again.out, r.out);

  const CommandRun without = negsim("graph " + file + " --branches 3000");
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find("--branches requires --weights"), std::string::npos) << without.err;
}

TEST_F(GraphCommand, ReportsProblemsInTheProcessWithExitCode2) {
  std::string text = slurp(fs::path(NEGSIM_SOURCE_DIR) / "scenarios/examples/split_the_pie.yaml");
  // Drop the only way from the talks to `deal`.
  const std::string accepted = "    - {from: talks, to: deal, on: accepted}\n";
  ASSERT_NE(text.find(accepted), std::string::npos);
  text.replace(text.find(accepted), accepted.size(), "");
  std::ofstream(dir_ / "broken.yaml") << text;

  const fs::path out = dir_ / "never.dot";
  const CommandRun r =
      negsim("graph '" + (dir_ / "broken.yaml").string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("state 'deal' can never be reached from the initial state 'talks'"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(GraphCommand, RejectsAnUnknownFormat) {
  const CommandRun r =
      negsim("graph " + source("scenarios/examples/all_state_kinds.yaml") + " --format jpg");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace negsim
