// negsim validate FILE...: load and check scenarios without running them.
#include <fmt/format.h>

#include <iostream>

#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/observation_loader.hpp"
#include "negsim/input/scenario_loader.hpp"

namespace negsim::cli {

namespace {

std::string count(std::size_t n, const char* singular, const char* plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

// "52 weeks", "1 day", "30 rounds".
std::string horizon_text(const Scenario& s) {
  std::string unit = s.round_label;
  if (s.horizon != 1 && !unit.empty() && unit.back() != 's') unit += 's';
  return fmt::format("{} {}", s.horizon, unit);
}

std::string summary(const Scenario& s) {
  return fmt::format(
      "ok — {}: {}, {}, {}, {}, {}, horizon {}", s.id, count(s.issues.size(), "issue", "issues"),
      count(s.parties.size(), "party", "parties"), count(s.events.size(), "event", "events"),
      count(s.process.states.size(), "state", "states"),
      count(s.process.transitions.size(), "transition", "transitions"), horizon_text(s));
}

// "ok — observation of dayton_1995: agreement_signed on 1995-12-14, 2 of 2
// milestones reached, 7 terms, recorded until 1996-01-31".
std::string summary(const Observation& o) {
  std::size_t reached = 0;
  for (const auto& m : o.milestones) reached += m.date.has_value();
  return fmt::format("ok — observation of {}: {}{}, {} of {} reached, {}, recorded until {}",
                     o.scenario, o.outcome, o.resolved() ? " on " + o.outcome_date : "", reached,
                     count(o.milestones.size(), "milestone", "milestones"),
                     count(o.terms.size(), "term", "terms"), o.recorded_until);
}

// An observation file is checked against the scenario beside it, which must be valid too.
Observation load_observation(const std::string& file) {
  const Scenario scenario = load_scenario_file(observed_scenario_path(file));
  return load_observation_file(file, scenario);
}

struct ValidateOptions {
  std::vector<std::string> files;
};

int run_validate(const ValidateOptions& options) {
  int invalid = 0;
  for (const auto& file : options.files) {
    try {
      if (is_observation_file(file)) {
        const Observation o = load_observation(file);
        std::cout << file << ": " << summary(o) << "\n";
        continue;
      }
      const Scenario s = load_scenario_file(file);
      std::cout << file << ": " << summary(s) << "\n";
    } catch (const InputError& e) {
      ++invalid;
      print_diagnostics(e);
    }
  }
  std::cout.flush();
  if (invalid > 0 && options.files.size() > 1)
    std::cerr << fmt::format("{} of {} files have problems\n", invalid, options.files.size());
  return invalid > 0 ? kExitBadInput : kExitOk;
}

const RegisterCommand kRegister{
    10, [](CLI::App& app) -> std::function<int()> {
      auto options = std::make_shared<ValidateOptions>();
      CLI::App* cmd = app.add_subcommand(
          "validate", "Check scenario and observation files for mistakes without running them");
      cmd->footer(
          "Every problem in a file is reported, each on its own line as\n"
          "  FILE:LINE:COLUMN: error: KEY.PATH: what is wrong and what was expected\n"
          "for example\n"
          "  talks.yaml:41:19: error: parties[1].demands.donetsk.red_line: expected a number\n"
          "  between 0 and 1 (the range of issue 'donetsk'), got 1.5\n"
          "KEY.PATH counts list items from 0: parties[1] is the second party.\n\n"
          "A valid file gets one summary line on standard output; problems go to standard\n"
          "error. Exit status: 0 when every file is valid, 2 when any file has a problem.\n"
          "The scenario format is described in docs/scenario-reference.md.\n\n"
          "An observation file (NAME.observed.yaml: what happened in a historical case) is\n"
          "checked against the scenario NAME.yaml beside it: outcome, milestone and issue\n"
          "ids, dates inside the record, terms inside each issue's range or options\n"
          "(docs/validation.md).");
      cmd->add_option("files", options->files, "Scenario files (YAML) to check")
          ->required()
          ->type_name("FILE");
      return [options] { return run_validate(*options); };
    }};

}  // namespace

}  // namespace negsim::cli
