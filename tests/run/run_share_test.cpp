// A run split across processes (RunShare: --shard K/N, MPI ranks) merges into
// exactly the tally of one process, and a precision target stops at the same
// branch count. The processes are played here by threads, with an all-reduce
// made of a barrier.
#include <gtest/gtest.h>

#include <barrier>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/run/runner.hpp"

namespace negsim {
namespace {

#if defined(NEGSIM_TSAN) || defined(NEGSIM_ASAN)
constexpr bool kShareSlow = true;
#else
constexpr bool kShareSlow = false;
#endif

Scenario share_scenario(const std::string& name) {
  return load_scenario_file(std::string(NEGSIM_SOURCE_DIR) + "/tests/data/runner/" + name);
}

TEST(ShareOf, CutsWholeChunksAsEvenlyAsTheyAllow) {
  // 10 chunks, the last one short, in 3 parts: 3, 3 and 4 chunks.
  const BranchRange all{0, 9 * kChunkBranches + 500};
  EXPECT_EQ(share_of(all, 0, 3), (BranchRange{0, 3 * kChunkBranches}));
  EXPECT_EQ(share_of(all, 1, 3), (BranchRange{3 * kChunkBranches, 6 * kChunkBranches}));
  EXPECT_EQ(share_of(all, 2, 3), (BranchRange{6 * kChunkBranches, all.last}));
  // One part is everything; more parts than chunks leaves some empty.
  EXPECT_EQ(share_of(all, 0, 1), all);
  EXPECT_EQ(share_of({0, 10}, 0, 2), (BranchRange{0, 0}));
  EXPECT_EQ(share_of({0, 10}, 1, 2), (BranchRange{0, 10}));
  // Counted from the range's start, so a wave's parts are the wave's chunks.
  EXPECT_EQ(share_of({kWaveBranches, 2 * kWaveBranches}, 1, 2),
            (BranchRange{kWaveBranches + 32 * kChunkBranches, 2 * kWaveBranches}));
  EXPECT_THROW(share_of(all, 3, 3), std::invalid_argument);
}

TEST(ShareOf, PartsCoverTheRangeOnceInOrder) {
  for (const std::uint64_t parts : {1u, 2u, 3u, 7u, 64u, 1000u}) {
    const BranchRange all{0, 123 * kChunkBranches + 45};
    std::uint64_t next = 0;
    for (std::uint64_t p = 0; p < parts; ++p) {
      const BranchRange mine = share_of(all, p, parts);
      EXPECT_EQ(mine.first, next) << p << " of " << parts;
      EXPECT_LE(mine.size(), (123 / parts + 1) * kChunkBranches) << p << " of " << parts;
      next = mine.last;
    }
    EXPECT_EQ(next, all.last) << parts;
  }
}

TEST(RunShare, PartsMergeIntoExactlyTheTallyOfOneProcess) {
  const Scenario scenario = share_scenario("busy_talks.yaml");
  const Simulator simulator(scenario);
  RunOptions options;
  options.seed = 11;
  options.threads = 2;
  options.branches = kShareSlow ? 5 * kChunkBranches + 17 : kWaveBranches + 7 * kChunkBranches + 17;
  const RunResult whole = run_branches(simulator, options);

  for (const std::uint64_t parts : {2u, 3u, 5u}) {
    Tally merged(whole.tally.layout());
    for (std::uint64_t p = parts; p-- > 0;) {  // any order: merging is exact
      RunOptions mine = options;
      mine.threads = 1;
      mine.share.part = p;
      mine.share.parts = parts;
      const RunResult result = run_branches(simulator, mine);
      EXPECT_EQ(result.branches, share_of({0, options.branches}, p, parts).size());
      merged.merge(result.tally);
    }
    EXPECT_TRUE(merged == whole.tally) << parts << " parts";
  }
}

// `parts` threads, each running its share; sum_across adds their counts.
std::vector<RunResult> run_in_parts(const Simulator& simulator, RunOptions options,
                                    std::uint64_t parts) {
  std::vector<RunResult> results(parts);
  std::vector<std::vector<std::uint64_t>*> inputs(parts);
  std::vector<std::uint64_t> total;
  std::mutex mutex;
  std::barrier sync(static_cast<std::ptrdiff_t>(parts));
  std::vector<std::thread> threads;
  for (std::uint64_t p = 0; p < parts; ++p)
    threads.emplace_back([&, p] {
      RunOptions mine = options;
      mine.share.part = p;
      mine.share.parts = parts;
      mine.share.sum_across = [&, p](std::vector<std::uint64_t>& counts) {
        inputs[p] = &counts;
        sync.arrive_and_wait();
        if (p == 0) {
          total.assign(counts.size(), 0);
          for (const auto* in : inputs)
            for (std::size_t i = 0; i < total.size(); ++i) total[i] += (*in)[i];
        }
        sync.arrive_and_wait();
        counts = total;
        sync.arrive_and_wait();
      };
      results[p] = run_branches(simulator, mine);
    });
  for (auto& t : threads) t.join();
  return results;
}

TEST(RunShare, PrecisionTargetStopsAtTheBranchCountOfOneProcess) {
  const Scenario scenario = share_scenario("coin.yaml");
  const Simulator simulator(scenario);
  RunOptions options;
  options.branches = 0;
  options.threads = 1;
  // p = 0.3 needs about 1.96² · 0.21 / 0.003² ≈ 90,000 branches: two waves.
  options.precision = kShareSlow ? 0.01 : 0.003;
  const RunResult whole = run_branches(simulator, options);
  ASSERT_TRUE(whole.precision_met);

  const auto parts = run_in_parts(simulator, options, 3);
  Tally merged(whole.tally.layout());
  for (const RunResult& part : parts) {
    EXPECT_TRUE(part.precision_met);
    merged.merge(part.tally);
  }
  EXPECT_EQ(merged.branches(), whole.branches);
  EXPECT_TRUE(merged == whole.tally);
}

TEST(RunShare, PrecisionTargetAcrossProcessesNeedsTheirCounts) {
  const Scenario scenario = share_scenario("coin.yaml");
  const Simulator simulator(scenario);
  RunOptions options;
  options.precision = 0.01;
  options.share.parts = 2;
  EXPECT_THROW(run_branches(simulator, options), std::invalid_argument);
  options.share.part = 2;
  options.precision = 0;
  EXPECT_THROW(run_branches(simulator, options), std::invalid_argument);
}

}  // namespace
}  // namespace negsim
