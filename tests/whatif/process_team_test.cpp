// A what-if command shared among a team of processes gives, on every member,
// exactly the report one process gives (process_team.hpp). The team here is
// threads of this process meeting at a barrier for each exchange, so the
// engine's side is tested without MPI (tests/cluster runs it under mpirun).
#include "negsim/run/process_team.hpp"

#include <gtest/gtest.h>

#include <barrier>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "negsim/input/batch_file.hpp"
#include "negsim/output/compare_report.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/sensitivity_report.hpp"
#include "negsim/output/sweep_report.hpp"
#include "negsim/whatif/batch_run.hpp"
#include "negsim/whatif/compare_run.hpp"
#include "negsim/whatif/sensitivity_run.hpp"
#include "negsim/whatif/sweep_run.hpp"
#include "support/what_if_fixture.hpp"

namespace negsim {
namespace {

using test_support::Heard;

// What the members of a ThreadTeam share: one slot each, and a barrier.
struct Room {
  explicit Room(std::size_t members)
      : slots(members), barrier(static_cast<std::ptrdiff_t>(members)) {}
  std::vector<std::string> slots;
  std::barrier<> barrier;
};

class ThreadTeam final : public ProcessTeam {
 public:
  ThreadTeam(Room& room, std::uint64_t member) : room_(room), member_(member) {}
  std::uint64_t member() const override { return member_; }
  std::uint64_t members() const override { return room_.slots.size(); }

  void sum(std::vector<std::uint64_t>& counts) const override {
    std::string bytes(counts.size() * sizeof(std::uint64_t), '\0');
    std::memcpy(bytes.data(), counts.data(), bytes.size());
    std::fill(counts.begin(), counts.end(), 0);
    for (const std::string& other : exchange(std::move(bytes))) {
      EXPECT_EQ(other.size(), counts.size() * sizeof(std::uint64_t));
      for (std::size_t i = 0; i < counts.size(); ++i) {
        std::uint64_t n = 0;
        std::memcpy(&n, other.data() + i * sizeof n, sizeof n);
        counts[i] += n;
      }
    }
  }
  Tally merged(Tally mine) const override {
    const auto all = exchange(mine.encode());
    Tally total = Tally::decode(all.back());
    for (std::size_t m = all.size() - 1; m-- > 0;) total.merge(Tally::decode(all[m]));
    return total;
  }
  std::string from_lead(const std::string& text) const override { return exchange(text).front(); }
  std::string joined(const std::string& mine) const override {
    std::string all;
    for (const std::string& part : exchange(mine)) all += part;
    return all;
  }

 private:
  // Every member's `mine`, in member order, on every member.
  std::vector<std::string> exchange(std::string mine) const {
    room_.slots[member_] = std::move(mine);
    room_.barrier.arrive_and_wait();
    std::vector<std::string> all = room_.slots;
    room_.barrier.arrive_and_wait();  // nobody writes a slot before all have read
    return all;
  }

  Room& room_;
  std::uint64_t member_;
};

// Runs `work(context)` on `members` threads as one team; the lead's context
// tells `heard`. Returns each member's result.
std::vector<nlohmann::json> on_team(
    std::size_t members, Heard& heard,
    const std::function<nlohmann::json(const WhatIfContext&)>& work) {
  Room room(members);
  std::vector<nlohmann::json> results(members);
  std::vector<std::thread> threads;
  for (std::size_t m = 0; m < members; ++m)
    threads.emplace_back([&, m] {
      const ThreadTeam team(room, m);
      const WhatIfContext context{nullptr, false, nullptr, m == 0 ? &heard : nullptr, &team};
      results[m] = work(context);
    });
  for (auto& t : threads) t.join();
  return results;
}

// A report without what describes the machine and the time.
nlohmann::json figures(nlohmann::json report) {
  if (report.is_object()) {
    for (const char* key : {"threads", "wall_seconds", "date"}) report.erase(key);
    for (auto& [key, value] : report.items()) value = figures(value);
  } else if (report.is_array()) {
    for (auto& value : report) value = figures(value);
  }
  return report;
}

using ProcessTeamRun = test_support::WhatIfFixture;

TEST_F(ProcessTeamRun, ASweepOnThreeMembersIsTheSweepOfOne) {
  const SweepPlan plan = plan_sweep(path("window.yaml"), {"events.window.chance=0.1:0.9:3"}, {});
  SweepOptions options;
  options.branches = 3 * 1024 + 100;  // three chunks and a short one over three members
  options.seed = 5;
  options.threads = 1;
  Heard alone_heard, team_heard;
  const nlohmann::json alone =
      to_json(run_sweep(plan, options, {nullptr, false, nullptr, &alone_heard}));
  const auto team = on_team(3, team_heard, [&](const WhatIfContext& context) {
    return to_json(run_sweep(plan, options, context));
  });
  for (const auto& result : team) EXPECT_EQ(figures(result), figures(alone));
  EXPECT_EQ(team_heard.statuses, alone_heard.statuses);
  EXPECT_EQ(alone["branches"], 3 * 1024 + 100);
  EXPECT_EQ(alone["partial"], false);
}

TEST_F(ProcessTeamRun, AComparisonOnTwoMembersIsTheComparisonOfOne) {
  Heard heard;
  const ComparePlan plan = plan_compare({path("window.yaml")}, heard, {"events.window.chance=0.7"});
  CompareOptions options;
  options.branches = 5000;
  options.seed = 9;
  options.threads = 1;
  const nlohmann::json alone = to_json(run_compare(plan, options, {}));
  const auto team = on_team(2, heard, [&](const WhatIfContext& context) {
    return to_json(run_compare(plan, options, context));
  });
  for (const auto& result : team) EXPECT_EQ(figures(result), figures(alone));
}

TEST_F(ProcessTeamRun, ASensitivityAnalysisOnThreeMembersIsTheAnalysisOfOne) {
  const SensitivityPlan plan =
      plan_sensitivity(path("window.yaml"), {}, {"events.window.chance=0.2:0.6"}, "", "");
  SensitivityRunOptions options;
  options.rows = 900;
  options.seed = 4;
  options.threads = 1;
  options.replicates = 20;
  const nlohmann::json alone = to_json(run_sensitivity_analysis(plan, options, {}));
  Heard heard;
  const auto team = on_team(3, heard, [&](const WhatIfContext& context) {
    return to_json(run_sensitivity_analysis(plan, options, context));
  });
  for (const auto& result : team) EXPECT_EQ(figures(result), figures(alone));
}

TEST_F(ProcessTeamRun, MembersThatReadDifferentScenariosAllStopAndNameTheFirst) {
  // Another text of the same scenario (its title), as on a node with other files.
  std::string other = test_support::kWindowScenario;
  other.replace(other.find("A deal if"), 9, "A deal when");
  write("other.yaml", other);
  SweepOptions options;
  options.branches = 100;
  Heard heard;
  std::vector<std::string> said(3);
  Room room(3);
  std::vector<std::thread> threads;
  for (std::uint64_t m = 0; m < 3; ++m)
    threads.emplace_back([&, m] {
      const ThreadTeam team(room, m);
      const std::string file = path(m == 2 ? "other.yaml" : "window.yaml");
      const SweepPlan plan = plan_sweep(file, {"events.window.chance=0.1:0.9:2"}, {});
      try {
        run_sweep(plan, options, {nullptr, false, nullptr, nullptr, &team});
      } catch (const TeamDisagreement& e) {
        said[m] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  // Each says it of the file it read; the lead's words are the ones shown.
  for (std::uint64_t m = 0; m < 3; ++m)
    EXPECT_EQ(said[m], "rank 2 did not read '" + path(m == 2 ? "other.yaml" : "window.yaml") +
                           "' as rank 0 did (another text, or none at all): do all nodes see "
                           "the same files?");
}

// Batches of two entries, run by a team of two whose lead records in a store.
class SharedBatch : public test_support::WhatIfFixture {
 protected:
  // Folder `dir` with the batch, its first scenario and a second one titled
  // `second_title`.
  void write_batch(const std::string& dir, const std::string& second_title) {
    std::filesystem::create_directories(path(dir));
    write(dir + "/window.yaml", test_support::kWindowScenario);
    std::string second = test_support::kWindowScenario;
    second.replace(second.find("A deal if the window opens"), 26, second_title);
    write(dir + "/second.yaml", second);
    write(dir + "/batch.yaml",
          "seed: 5\nbranches: 1500\nentries:\n  - {name: first, scenario: window.yaml}\n"
          "  - {name: second, scenario: second.yaml}\n");
  }
  // Member m reads the batch in folder dirs[m]. Returns what each member was
  // told by TeamDisagreement ("" if nothing).
  std::vector<std::string> team_batch(ResultsStore& store, const std::vector<std::string>& dirs) {
    Room room(2);
    std::vector<std::string> said(2);
    std::vector<std::thread> threads;
    for (std::uint64_t m = 0; m < 2; ++m)
      threads.emplace_back([&, m] {
        const ThreadTeam team(room, m);
        BatchOptions options;
        options.file = path(dirs[m] + "/batch.yaml");
        const BatchFile batch = read_batch_file(options.file);
        try {
          run_batch(batch, options, {m == 0 ? &store : nullptr, false, nullptr, nullptr, &team});
        } catch (const TeamDisagreement& e) {
          said[m] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    return said;
  }
};

// Shared among processes, a batch is recorded whole when it ends, or not at
// all when it stops half-way (docs/cluster.md, "Faults").
TEST_F(SharedBatch, IsRecordedWholeWhenItEnds) {
  write_batch("ours", "Second");
  ResultsStore store(path("results.db"));
  EXPECT_EQ(team_batch(store, {"ours", "ours"}), (std::vector<std::string>{"", ""}));
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].status, "complete");
  EXPECT_EQ(store.members(groups[0].id).size(), 2u);
  EXPECT_EQ(store.list(false).size(), 3u);
}

TEST_F(SharedBatch, StoppedAfterItsFirstEntryLeavesTheStoreAsItWas) {
  write_batch("ours", "Second");
  write_batch("theirs", "Second, as another node has it");
  ResultsStore store(path("results.db"));
  const auto said = team_batch(store, {"ours", "theirs"});
  EXPECT_EQ(said[0], "rank 1 did not read '" + path("ours/second.yaml") +
                         "' as rank 0 did (another text, or none at all): do all nodes see the "
                         "same files?");
  EXPECT_FALSE(said[1].empty());
  // The first entry ran and was stored, uncommitted: nothing of it is left.
  EXPECT_TRUE(store.list(false).empty());
  // And the store takes the next result at once (no write lock left behind).
  EXPECT_EQ(team_batch(store, {"ours", "ours"}), (std::vector<std::string>{"", ""}));
  EXPECT_EQ(store.list(false).size(), 3u);
}

}  // namespace
}  // namespace negsim
