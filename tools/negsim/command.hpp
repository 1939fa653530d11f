#pragma once
// Each `negsim COMMAND` lives in its own cmd_*.cpp and registers itself here,
// so adding a command never touches main.cpp.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace negsim::cli {

// Exit codes shared by every command (the table in docs/user-guide.md, "When
// something goes wrong"). When several apply, the first of 130, 1, 2 wins.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // I/O (files, database, standard output) or internal
inline constexpr int kExitBadInput = 2;       // the user's input was rejected
inline constexpr int kExitInterrupted = 130;  // Ctrl-C, SIGTERM or SIGHUP

struct Command {
  int order;  // position in `negsim --help`, distinct: the order of the README's command table
  // Adds the subcommand to `app` and returns the action to run when it is chosen.
  std::function<std::function<int()>(CLI::App& app)> setup;
  // Shares its work among the ranks of an MPI job (mpi_job.hpp); a command
  // that does not is refused under mpirun with more than one rank.
  bool spreads_over_ranks = false;
};

std::vector<Command>& command_registry();

struct RegisterCommand {
  RegisterCommand(int order, std::function<std::function<int()>(CLI::App& app)> setup,
                  bool spreads_over_ranks = false) {
    command_registry().push_back({order, std::move(setup), spreads_over_ranks});
  }
};

}  // namespace negsim::cli
