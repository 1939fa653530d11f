#include "mpi_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/report.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/run/summary.hpp"

namespace negsim::cli {
namespace {

// What cannot be shared among ranks yet, said before anything runs.
std::string ranks_refusal(const RunCommandOptions& o) {
  if (!o.shard.empty() || !o.part.empty())
    return "--shard and --part are for schedulers without MPI; under mpirun the ranks share the "
           "branches themselves";
  if (o.drivers)
    return "--drivers does not share its work among MPI ranks yet; run it without mpirun";
  if (o.convergence)
    return "--convergence does not share its work among MPI ranks yet; run it without mpirun";
  if (!o.branches_out.empty())
    return "--branches-out does not share its work among MPI ranks yet; run it without mpirun";
  return "";
}

// Rank 0 checks its outputs and opens the store; a stored result of the same
// run is shown at once. Its exit code when the job ends there, else -1.
int prepare_on_root(const RunCommandOptions& options, const Scenario& scenario,
                    std::unique_ptr<ResultsStore>& store, std::string& key) {
  try {
    check_run_out_dir(options);
    store = open_store(options.store, options.quiet);
    const std::string run_options = run_options_json(options);
    if (auto stored = stored_run_for(store.get(), options, scenario, run_options, key)) {
      const InterruptsHeld held;
      const bool written = write_outputs(options, scenario, *stored);
      write_text_report(*stored, std::cout);
      return written ? kExitOk : kExitFailure;
    }
    return -1;
  } catch (const Exit& e) {
    return e.code;
  }
}

}  // namespace

int run_on_ranks(const RunCommandOptions& options, const MpiJob& job) {
  const bool root = job.root();
  if (const std::string refusal = ranks_refusal(options); !refusal.empty()) {
    if (root) say(Severity::error, refusal);
    return kExitBadInput;
  }
  const auto start = std::chrono::steady_clock::now();

  // Every rank reads the scenario itself (a cluster's nodes share the file
  // system); a rank that cannot, or reads another text, stops the job.
  const auto loaded = load_run_scenario(options, root);
  if (const auto bad = job.first_failing(loaded.has_value())) {
    if (root && *bad != 0)
      say(Severity::error, fmt::format("rank {} cannot load the scenario '{}' (do all nodes see "
                                       "the same files?)",
                                       *bad, options.file));
    return kExitBadInput;
  }
  const Scenario& scenario = loaded->scenario;
  const auto& simulator = loaded->simulator;
  const std::string sha256 = job.broadcast(scenario.sha256);
  if (const auto bad = job.first_failing(sha256 == scenario.sha256)) {
    if (root)
      say(Severity::error, fmt::format("rank {} read another scenario from '{}' than rank 0 (its "
                                       "SHA-256 differs); give every rank the same file",
                                       *bad, options.file));
    return kExitBadInput;
  }

  std::unique_ptr<ResultsStore> store;
  std::string key;
  const int early = job.broadcast(root ? prepare_on_root(options, scenario, store, key) : -1);
  if (early >= 0) return early;

  RunOptions run = runner_options(options);
  run.share.part = static_cast<std::uint64_t>(job.rank());
  run.share.parts = static_cast<std::uint64_t>(job.size());
  run.share.sum_across = [&job](std::vector<std::uint64_t>& counts) { job.sum(counts); };
  auto display = std::make_shared<ProgressDisplay>();
  const bool show_progress = root && progress_wanted(options.quiet);
  if (show_progress) {
    display->start(fmt::format("rank 0 of {}", job.size()), options.precision > 0);
    run.progress = [display](const RunProgress& p) { display->draw(p); };
  }
  RunResult result = run_branches(*simulator, run);
  if (show_progress) display->clear();

  std::vector<std::uint64_t> threads{static_cast<std::uint64_t>(result.threads)};
  job.sum(threads);
  auto merged = job.merge_to_root(std::move(result.tally));
  if (!root) return kExitOk;
  result.tally = std::move(*merged);
  result.branches = result.tally.branches();
  result.threads = static_cast<int>(threads.front());
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const InterruptsHeld held;
  const Summary summary = summarise_run(*simulator, run, result);
  const bool recorded =
      record_run(store.get(), options, scenario, summary, run_options_json(options), key, false);
  const bool written = write_outputs(options, scenario, summary);
  write_text_report(summary, std::cout);
  if (options.precision > 0 && !result.precision_met && !options.quiet)
    say(Severity::note,
        fmt::format("the precision target ±{:.2f} points was not reached within {} branches "
                    "(widest 95% interval ±{:.2f} points); raise --max-branches to go on",
                    options.precision * 100, result.branches,
                    widest_half_width(result.tally) * 100));
  return recorded && written ? kExitOk : kExitFailure;
}

}  // namespace negsim::cli
