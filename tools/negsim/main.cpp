// negsim: Monte Carlo simulation of multi-party negotiation scenarios.
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli_support.hpp"
#include "command.hpp"

namespace negsim::cli {
std::vector<Command>& command_registry() {
  static std::vector<Command> registry;
  return registry;
}
}  // namespace negsim::cli

int main(int argc, char** argv) {
  using namespace negsim::cli;
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
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (const auto& command : registry) {
    auto before = app.get_subcommands(all).size();
    auto action = command.setup(app);
    auto subs = app.get_subcommands(all);
    if (subs.size() > before) actions.emplace_back(subs.back(), std::move(action));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  try {
    for (auto& [sub, action] : actions)
      if (sub->parsed()) return action();
  } catch (const std::exception& e) {
    say(negsim::Severity::error, e.what());
    return kExitFailure;
  }
  return kExitFailure;
}
