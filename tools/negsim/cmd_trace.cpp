// negsim trace FILE --branch K [--seed S]: one branch told round by round.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/trace.hpp"

namespace negsim::cli {
namespace {

struct TraceOptions {
  std::string file;
  std::uint64_t branch = 0;
  std::uint64_t seed = kDefaultSeed;
};

int run_trace(const TraceOptions& options) {
  try {
    const Scenario scenario = load_scenario_file(options.file);
    const Simulator simulator(scenario);
    BranchResult result;
    write_trace(simulator, options.seed, options.branch, std::cout, result);
    std::cout.flush();
    return kExitOk;
  } catch (const InputError& e) {
    print_diagnostics(e);
    return kExitBadInput;
  }
}

const RegisterCommand registered{
    30, [](CLI::App& app) {
      auto options = std::make_shared<TraceOptions>();
      CLI::App* cmd = app.add_subcommand("trace",
                                         "Tell one branch of the talks round by round: the "
                                         "assumptions drawn for it, each proposal,\n"
                                         "who accepted or rejected it and why, concessions, "
                                         "shocks, changes of phase and the ending.\n"
                                         "The same FILE, --branch and --seed always give the same "
                                         "story, and the branch is the same\n"
                                         "one that `negsim run` with that seed counts.");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      add_count_option(cmd, "--branch", options->branch, 0, kMaxBranches - 1,
                       "which branch to tell (0, 1, 2, ...; the branches a run counts)")
          ->required();
      add_count_option(cmd, "--seed", options->seed, 0, kMaxSeed,
                       "random seed of the run the branch belongs to (default " +
                           std::to_string(kDefaultSeed) + ")");
      return [options] { return run_trace(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
