#include "run_shard.hpp"

#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/run_part.hpp"
#include "negsim/run/runner.hpp"

namespace negsim::cli {
namespace {

// What a shard cannot do, said before anything runs; empty when it can.
std::string shard_refusal(const RunCommandOptions& o) {
  if (o.part.empty())
    return "--shard needs --part FILE: the file the shard's partial result is written to";
  if (o.shard.empty()) return "--part writes a shard's partial result; give --shard K/N too";
  if (!o.out_dir.empty())
    return "a shard writes only its --part file; give --out to negsim merge, which writes the "
           "summary of all shards";
  if (!o.store.db.empty() || o.store.force)
    return "a shard records nothing in the results database; give --db to negsim merge";
  if (o.precision > 0)
    return "--precision cannot be split into shards: where it stops depends on the branches of "
           "every shard; run it as one process, or under mpirun";
  if (o.drivers) return "--drivers cannot be split into shards; run it as one process";
  if (o.convergence) return "--convergence cannot be split into shards; run it as one process";
  if (!o.branches_out.empty())
    return "--branches-out cannot be split into shards: each shard would write only its own "
           "branches; run it as one process";
  return "";
}

}  // namespace

int run_shard(const RunCommandOptions& options) {
  if (const std::string refusal = shard_refusal(options); !refusal.empty()) {
    say(Severity::error, refusal);
    return kExitBadInput;
  }
  const auto loaded = load_run_scenario(options);
  if (!loaded) return kExitBadInput;
  const Scenario& scenario = loaded->scenario;
  const auto& simulator = loaded->simulator;
  check_out_file("--part", options.part, scenario_files(options.file));
  install_stop_handler();

  RunOptions run;
  run.seed = options.seed;
  run.threads = options.threads;
  run.branches = options.branches;
  run.share.part = options.shard_index - 1;
  run.share.parts = options.shard_count;
  run.cancel = &stop_requested();
  auto display = std::make_shared<ProgressDisplay>();
  display->start(fmt::format("shard {}", options.shard));
  const bool show_progress = progress_wanted(options.quiet);
  if (show_progress) run.progress = [display](const RunProgress& p) { display->draw(p); };
  const RunResult result = run_branches(*simulator, run);
  if (show_progress) display->clear();

  const InterruptsHeld held;
  if (result.partial) {
    std::cerr << "interrupted: shard " << options.shard
              << " had not finished; no part was written (a part holds a whole shard)\n";
    return kExitInterrupted;
  }
  RunPart part;
  part.engine_version = NEGSIM_VERSION;
  part.scenario_id = scenario.id;
  part.scenario_file = options.file;
  part.scenario_sha256 = scenario.sha256;
  part.scenario_file_sha256 = scenario.file_sha256;
  part.overrides = options.load.overrides;
  part.seed = options.seed;
  part.branches = options.branches;
  part.shard = options.shard_index;
  part.shards = options.shard_count;
  part.range = share_of({0, options.branches}, run.share.part, run.share.parts);
  part.threads = result.threads;
  part.wall_seconds = result.wall_seconds;
  part.tally = result.tally;
  try {
    write_file_atomically(options.part, encode_run_part(part));
  } catch (const std::exception& e) {
    say(Severity::error, std::string("the part was not written: ") + e.what());
    return kExitFailure;
  }
  if (!options.quiet)
    std::cerr << fmt::format(
        "wrote shard {} ({} branches{}) to {}; negsim merge combines it with the other shards\n",
        options.shard, part.range.size(),
        part.range.size() > 0 ? fmt::format(", {} to {}", part.range.first, part.range.last - 1)
                              : std::string(),
        options.part);
  return kExitOk;
}

}  // namespace negsim::cli
