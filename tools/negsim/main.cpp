// negsim: Monte Carlo simulation of multi-party negotiation scenarios.
#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include "cli_support.hpp"
#include "command.hpp"
#include "mpi_job.hpp"

namespace negsim::cli {
std::vector<Command>& command_registry() {
  static std::vector<Command> registry;
  return registry;
}
}  // namespace negsim::cli

namespace {

// CLI11 says only "A subcommand is required" for `negsim frob`: name the
// unknown command and the known ones instead.
std::optional<std::string> unknown_command(int argc, char** argv, CLI::App& app) {
  if (argc < 2) return std::nullopt;
  const std::string first = argv[1];
  if (first.empty() || first[0] == '-') return std::nullopt;
  std::string known;
  for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == first) return std::nullopt;
    known += (known.empty() ? "" : ", ") + sub->get_name();
  }
  return "unknown command '" + negsim::cli::printable(first) + "'; the commands are " + known +
         " (negsim --help describes them)";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace negsim::cli;
  install_early_stop_handler();
  CLI::App app{
      "negsim: simulate a negotiation described in a YAML scenario many thousands of times\n"
      "and report how likely each outcome is, on what terms, how soon, and why."};
  app.name("negsim");
  app.set_version_flag("--version", std::string("negsim ") + NEGSIM_VERSION);
  app.require_subcommand(1);
  app.footer("Run `negsim COMMAND --help` for the options of one command.");

  auto& registry = command_registry();
  std::sort(registry.begin(), registry.end(),
            [](const Command& a, const Command& b) { return a.order < b.order; });
  // Each command has a place of its own (the README's command table's order);
  // with two on one place `--help` would list them in the sort's whim.
  for (std::size_t i = 1; i < registry.size(); ++i)
    if (registry[i].order == registry[i - 1].order) {
      say(negsim::Severity::error,
          "two commands share the place " + std::to_string(registry[i].order) + " in --help");
      return kExitFailure;
    }
  const auto all = [](CLI::App*) { return true; };
  struct Action {
    CLI::App* sub;
    std::function<int()> run;
    bool spreads_over_ranks;
  };
  std::vector<Action> actions;
  for (const auto& command : registry) {
    auto before = app.get_subcommands(all).size();
    auto action = command.setup(app);
    auto subs = app.get_subcommands(all);
    if (subs.size() > before)
      actions.push_back({subs.back(), std::move(action), command.spreads_over_ranks});
  }

  if (const auto problem = unknown_command(argc, argv, app)) {
    say(negsim::Severity::error, *problem);
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return finish_standard_output(rc == 0 ? 0 : kExitBadInput);
  }
  int code = kExitFailure;
  try {
    for (auto& action : actions)
      if (action.sub->parsed()) {
        const MpiJob* job = MpiJob::shared();
        if (job && !action.spreads_over_ranks) {
          if (job->root())
            say(negsim::Severity::error,
                "negsim " + action.sub->get_name() +
                    " does not share its work among MPI ranks; run it without mpirun, or "
                    "with -np 1 (docs/cluster.md lists the commands that do)");
          code = kExitBadInput;
          break;
        }
        if (job && job->root())
          explain_early_stop(
              "\nnegsim: interrupted: under mpirun every rank stops at once and nothing of "
              "this run is kept or recorded (docs/cluster.md, \"Ctrl-C\")\n");
        code = action.run();
        break;
      }
  } catch (const Exit& e) {
    code = e.code;
  } catch (const negsim::TeamDisagreement& e) {
    // Every rank found it at once: rank 0 says it, and the job ends.
    if (speaks()) say(negsim::Severity::error, e.what());
    code = kExitBadInput;
  } catch (const std::exception& e) {
    say(negsim::Severity::error, e.what());
    code = kExitFailure;
    // The other ranks may be waiting for this one: end them too.
    if (MpiJob::launched() && MpiJob::get().spread()) {
      std::cerr.flush();
      MpiJob::get().abort(code);
    }
  }
  return finish_standard_output(code);
}
