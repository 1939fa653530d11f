// The project's results store end to end: one store per project whatever
// --out each command writes to, found from any subfolder, NEGSIM_DB and --db
// over it, and results named and annotated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "negsim/output/results_store.hpp"
#include "support/negsim_process.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

using test_support::Finished;
using test_support::Launch;

class ResultsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::canonical(fs::temp_directory_path()) /
           ("negsim-results-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    // A project: a git checkout with the scenario in one folder and the
    // analyst working in others.
    fs::create_directories(dir_ / "project" / ".git");
    fs::create_directories(dir_ / "project" / "scenarios");
    fs::create_directories(dir_ / "project" / "briefs" / "march");
    std::ofstream(dir_ / "project" / "scenarios" / "window.yaml") << test_support::kWindowScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Finished negsim(const std::vector<std::string>& args, const fs::path& cwd,
                  std::vector<std::string> env = {}) {
    return test_support::finish_negsim(test_support::start_negsim(args, dir_, Launch{cwd, env}),
                                       dir_);
  }
  std::string scenario() const { return (dir_ / "project" / "scenarios" / "window.yaml").string(); }
  fs::path project_store() const { return dir_ / "project" / ".negsim" / "results.db"; }

  fs::path dir_;
};

TEST_F(ResultsCli, EveryCommandRecordsInTheProjectsStoreWhateverItsOut) {
  const fs::path march = dir_ / "project" / "briefs" / "march";
  const Finished first = negsim({"run", scenario(), "--branches", "500", "--out", "base"}, march);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.err.find("recorded as result 1 in " + project_store().string() + "\n"),
            std::string::npos)
      << first.err;
  const Finished second = negsim({"sweep", scenario(), "--vary", "events.window.chance=0.2:0.6:2",
                                  "--branches", "500", "--out", (dir_ / "elsewhere").string()},
                                 dir_ / "project" / "scenarios");
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.err.find("in " + project_store().string()), std::string::npos) << second.err;
  EXPECT_FALSE(fs::exists(march / "base" / "negsim-results.db"));
  EXPECT_FALSE(fs::exists(march / ".negsim"));

  // Listed from any folder of the project.
  for (const fs::path& cwd : {march, dir_ / "project", dir_ / "project" / "briefs"}) {
    const Finished list = negsim({"results", "list"}, cwd);
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.out.rfind("Results in " + project_store().string() + "\n", 0), 0u) << list.out;
    EXPECT_NE(list.out.find("sweep"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("window.yaml"), std::string::npos) << list.out;
  }
  const ResultsStore store(project_store().string(), ResultsStore::Open::existing);
  EXPECT_EQ(store.list().size(), 2u);
}

TEST_F(ResultsCli, OutsideAProjectTheStoreIsInTheCurrentFolder) {
  const fs::path lone = dir_ / "lone";
  fs::create_directories(lone);
  if (fs::exists(dir_ / ".git") || fs::exists(fs::temp_directory_path() / ".git"))
    GTEST_SKIP() << "the scratch folder is inside a project";
  const Finished f = negsim({"run", scenario(), "--branches", "300", "-q"}, lone);
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_TRUE(fs::exists(lone / ".negsim" / "results.db"));
}

TEST_F(ResultsCli, NegsimDbAndDbOverrideTheProjectsStoreAndDbWins) {
  const fs::path march = dir_ / "project" / "briefs" / "march";
  const std::string env_db = (dir_ / "env.db").string();
  const std::string option_db = (dir_ / "option.db").string();
  const Finished by_env =
      negsim({"run", scenario(), "--branches", "300"}, march, {"NEGSIM_DB=" + env_db});
  ASSERT_EQ(by_env.code, 0) << by_env.err;
  EXPECT_NE(by_env.err.find("recorded as result 1 in " + env_db), std::string::npos) << by_env.err;
  const Finished by_option = negsim({"run", scenario(), "--branches", "300", "--db", option_db},
                                    march, {"NEGSIM_DB=" + env_db});
  ASSERT_EQ(by_option.code, 0) << by_option.err;
  EXPECT_NE(by_option.err.find("recorded as result 1 in " + option_db), std::string::npos);
  EXPECT_FALSE(fs::exists(project_store()));
  const Finished list = negsim({"results", "list"}, march, {"NEGSIM_DB=" + env_db});
  EXPECT_EQ(list.out.rfind("Results in " + env_db + "\n", 0), 0u) << list.out;
  // An empty NEGSIM_DB is as good as none.
  const Finished empty = negsim({"results", "list"}, march, {"NEGSIM_DB="});
  EXPECT_EQ(empty.code, 2);
  EXPECT_EQ(empty.err, "negsim: error: no results database at '" + project_store().string() +
                           "'. negsim run, batch, sweep, compare, sensitivity and backtest "
                           "record there (the project's store: .negsim/results.db in the first "
                           "folder upward with a .negsim folder or a .git entry); point --db or "
                           "NEGSIM_DB at another database\n");
}

TEST_F(ResultsCli, ResultsCanBeNamedAndAnnotated) {
  const fs::path project = dir_ / "project";
  ASSERT_EQ(negsim({"run", scenario(), "--branches", "300", "-q"}, project).code, 0);
  const Finished named = negsim({"results", "name", "1", "baseline for the March brief"}, project);
  ASSERT_EQ(named.code, 0) << named.err;
  EXPECT_EQ(named.err, "named result 1 in " + project_store().string() + "\n");
  ASSERT_EQ(negsim({"results", "note", "1", "window at the 2025 rate"}, project).code, 0);

  const Finished list = negsim({"results", "list"}, project / "briefs");
  EXPECT_NE(list.out.find("\"baseline for the March brief\" "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\n       note: window at the 2025 rate\n"), std::string::npos)
      << list.out;
  const Finished show = negsim({"results", "show", "1"}, project);
  EXPECT_NE(show.out.find("\nName: baseline for the March brief\nNote: window at the 2025 rate\n"),
            std::string::npos)
      << show.out;

  const Finished cleared = negsim({"results", "name", "1", ""}, project);
  EXPECT_EQ(cleared.err, "removed the name of result 1 in " + project_store().string() + "\n");
  EXPECT_EQ(negsim({"results", "show", "1"}, project).out.find("Name:"), std::string::npos);

  const Finished missing = negsim({"results", "note", "7", "x"}, project);
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "negsim: error: there is no result 7 in " + project_store().string() +
                             " (negsim results list shows what there is)\n");
}

}  // namespace
}  // namespace negsim
