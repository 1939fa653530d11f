// Throughput of `negsim run` on the default scenario: branches per second on
// 1 and 2 threads, the parallel efficiency, and the cost of the tally alone.
//
//   negsim_bench --benchmark_filter='Run|Simulate|Tally|Efficiency|Ceiling'
//
// Peak memory at ten million branches is measured on the command itself:
//   /usr/bin/time -v negsim run scenarios/abu_dhabi_2026.yaml --branches 10000000 --quiet
// ("Maximum resident set size" in the output; the target is under 100 MB).
// CPU time for the 200,000-branch bar (at most 2 s on one thread):
//   /usr/bin/time -f '%U s user, %e s wall' negsim run scenarios/abu_dhabi_2026.yaml
//       --branches 200000 --seed 7 --threads 1 --quiet
// Timings on a shared virtual machine move with the neighbours' load (the same
// run takes 1.5 s or 2.5 s); `tools/bench/instructions_per_branch` counts the
// instructions a branch costs, which do not, to compare two versions of the engine.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/tally.hpp"

namespace {

using namespace negsim;

// The default scenario: the Abu Dhabi talks.
const Scenario& bench_scenario() {
  static const Scenario scenario = load_scenario_file(
      (std::filesystem::path(NEGSIM_SOURCE_DIR) / "scenarios" / "abu_dhabi_2026.yaml").string());
  return scenario;
}

const Simulator& bench_simulator() {
  static const Simulator simulator(bench_scenario());
  return simulator;
}

constexpr std::uint64_t kBranchesPerRun = 4 * kWaveBranches;

// Whole runs through the parallel runner; items = branches.
void BM_Run(benchmark::State& state) {
  const Simulator& simulator = bench_simulator();
  RunOptions options;
  options.branches = kBranchesPerRun;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    RunResult result = run_branches(simulator, options);
    benchmark::DoNotOptimize(result.branches);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBranchesPerRun));
  state.SetLabel(bench_scenario().id);
}
BENCHMARK(BM_Run)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The simulator alone, one thread, no runner and no tally.
void BM_Simulate(benchmark::State& state) {
  const Simulator& simulator = bench_simulator();
  BranchResult result;
  std::uint64_t branch = 0;
  for (auto _ : state) {
    simulator.run_branch(kDefaultSeed, branch++, result);
    benchmark::DoNotOptimize(result.outcome);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Simulate);

// Counting one branch result into a tally, over a realistic mix of results.
void BM_TallyAdd(benchmark::State& state) {
  const Simulator& simulator = bench_simulator();
  std::vector<BranchResult> results(1024);
  for (std::size_t b = 0; b < results.size(); ++b)
    simulator.run_branch(kDefaultSeed, b, results[b]);
  Tally tally(TallyLayout::for_scenario(bench_scenario(), simulator.outcomes().size()));
  std::size_t i = 0;
  for (auto _ : state) {
    tally.add(results[i++ % results.size()]);
  }
  benchmark::DoNotOptimize(tally.branches());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TallyAdd);

// Speed-up and parallel efficiency from 1 thread to every core, on the same
// branches: efficiency = t(1) / (threads × t(threads)).
void BM_Efficiency(benchmark::State& state) {
  const Simulator& simulator = bench_simulator();
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  RunOptions options;
  options.branches = kBranchesPerRun;
  using Clock = std::chrono::steady_clock;
  double one = 0, many = 0;
  for (auto _ : state) {
    options.threads = 1;
    auto start = Clock::now();
    benchmark::DoNotOptimize(run_branches(simulator, options).branches);
    one += std::chrono::duration<double>(Clock::now() - start).count();
    options.threads = threads;
    start = Clock::now();
    benchmark::DoNotOptimize(run_branches(simulator, options).branches);
    many += std::chrono::duration<double>(Clock::now() - start).count();
  }
  state.counters["threads"] = threads;
  state.counters["speedup"] = one / many;
  state.counters["efficiency"] = one / (threads * many);
  state.counters["branches_per_s_1_thread"] =
      static_cast<double>(kBranchesPerRun * state.iterations()) / one;
}
BENCHMARK(BM_Efficiency)->Iterations(3)->Unit(benchmark::kSecond)->UseRealTime();

// What the machine itself allows: the same branches simulated by plain
// threads that share nothing (no oneTBB, no tally, no merging), first one
// alone, then one per core at the same time. On a virtual machine whose cores
// share a physical core or its caches, even this falls short of 1; the
// runner's efficiency above is best read against this ceiling.
void BM_MachineCeiling(benchmark::State& state) {
  const Simulator& simulator = bench_simulator();
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  constexpr std::uint64_t kBranches = kBranchesPerRun / 2;
  const auto simulate = [&simulator] {
    BranchResult result;
    for (std::uint64_t b = 0; b < kBranches; ++b) {
      simulator.run_branch(kDefaultSeed, b, result);
      benchmark::DoNotOptimize(result.outcome);
    }
  };
  using Clock = std::chrono::steady_clock;
  double alone = 0, together = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    std::thread(simulate).join();
    alone += std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) workers.emplace_back(simulate);
    for (auto& w : workers) w.join();
    together += std::chrono::duration<double>(Clock::now() - start).count();
  }
  state.counters["threads"] = threads;
  state.counters["ceiling_efficiency"] = alone / together;
}
BENCHMARK(BM_MachineCeiling)->Iterations(3)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
