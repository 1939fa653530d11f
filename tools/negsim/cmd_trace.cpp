// negsim trace FILE (--branch K | --outcome ID) [--seed S] [--set K=V...]:
// one branch told round by round.
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
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

// How many branches --outcome looks through by default: enough to find an
// outcome of 1 in 10,000 with 99.995% certainty, in seconds.
constexpr std::uint64_t kDefaultSearch = 100'000;

struct TraceOptions {
  std::string file;
  std::optional<std::uint64_t> branch;
  std::string outcome;  // an outcome or a milestone id: trace the first branch that gets there
  std::uint64_t search = kDefaultSearch;
  std::uint64_t seed = kDefaultSeed;
  LoadOptions load;  // --set overrides
};

// Where --outcome looks: an outcome of the scenario, or one of its milestones.
struct Target {
  int outcome = -1;
  int milestone = -1;
  bool reached_by(const BranchResult& r) const {
    if (outcome >= 0) return r.outcome == outcome;
    return r.milestone_round[static_cast<std::size_t>(milestone)] >= 0;
  }
};

std::optional<Target> find_target(const Simulator& simulator, const std::string& id) {
  const auto& outcomes = simulator.outcomes();
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i] == id) return Target{static_cast<int>(i), -1};
  const auto& milestones = simulator.scenario().process.milestones;
  for (std::size_t i = 0; i < milestones.size(); ++i)
    if (milestones[i].id == id) return Target{-1, static_cast<int>(i)};
  return std::nullopt;
}

std::string known_targets(const Simulator& simulator) {
  std::string text = "its outcomes are ";
  for (std::size_t i = 0; i < simulator.outcomes().size(); ++i)
    text += (i ? ", " : "") + simulator.outcomes()[i];
  const auto& milestones = simulator.scenario().process.milestones;
  if (!milestones.empty()) {
    std::string ids;
    for (const auto& m : milestones) ids += (ids.empty() ? "" : ", ") + m.id;
    text += "; its milestones " + ids;
  }
  return text;
}

int run_trace(const TraceOptions& options) {
  if (options.branch.has_value() == !options.outcome.empty()) {
    std::cerr << "negsim trace: give either --branch K (which branch to tell) or --outcome ID "
                 "(the first branch that ends in that outcome or reaches that milestone)\n";
    return kExitBadInput;
  }
  try {
    const Scenario scenario = load_scenario_file(options.file, options.load);
    const Simulator simulator(scenario);
    std::uint64_t branch = options.branch.value_or(0);
    if (!options.outcome.empty()) {
      const std::optional<Target> target = find_target(simulator, options.outcome);
      if (!target) {
        std::cerr << "negsim trace: --outcome " << options.outcome << ": " << options.file
                  << " has no outcome or milestone of that id (" << known_targets(simulator)
                  << ")\n";
        return kExitBadInput;
      }
      // Branches are pure functions of (seed, branch): the first one that gets
      // there is found by running them without the story, then told.
      BranchResult result;
      std::uint64_t b = 0;
      for (; b < options.search; ++b) {
        simulator.run_branch(options.seed, b, result);
        if (target->reached_by(result)) break;
      }
      if (b == options.search) {
        std::cerr << "negsim trace: no branch among the first " << options.search << " (seed "
                  << options.seed << ") " << (target->outcome >= 0 ? "ends in " : "reaches ")
                  << options.outcome << "; look further with --search N\n";
        return kExitFailure;
      }
      branch = b;
      std::cerr << "negsim trace: branch " << branch << " is the first that "
                << (target->outcome >= 0 ? "ends in " : "reaches ") << options.outcome << "\n";
    }
    BranchResult result;
    write_trace(simulator, options.seed, branch, std::cout, result);
    std::cout.flush();
    return kExitOk;
  } catch (const InputError& e) {
    print_diagnostics(e);
    return kExitBadInput;
  }
}

const RegisterCommand trace_registration{
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
      cmd->footer(
          "Examples:\n"
          "  negsim trace scenarios/abu_dhabi_2026.yaml --branch 17\n"
          "  negsim trace scenarios/abu_dhabi_2026.yaml --outcome settlement_ratified\n"
          "  negsim trace scenarios/abu_dhabi_2026.yaml --outcome ceasefire_agreed "
          "--set process.deadline=20");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      add_count_option(cmd, "--branch", options->branch, 0, kMaxBranches - 1,
                       "which branch to tell (0, 1, 2, ...; the branches a run counts)");
      cmd->add_option("--outcome", options->outcome,
                      "tell the first branch that ends in this outcome, or reaches this milestone "
                      "(an id, as in summary.json)")
          ->type_name("ID");
      add_count_option(cmd, "--search", options->search, 1, kMaxBranches,
                       "with --outcome: how many branches to look through (default " +
                           std::to_string(kDefaultSearch) + ")");
      add_count_option(cmd, "--seed", options->seed, 0, kMaxSeed,
                       "random seed of the run the branch belongs to (default " +
                           std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--set", options->load.overrides,
                      "change one assumption without editing the file: KEY_PATH=VALUE, as for "
                      "`negsim run` (repeatable)")
          ->allow_extra_args(false);
      return [options] { return run_trace(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
