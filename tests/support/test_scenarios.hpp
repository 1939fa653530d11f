#pragma once
// Small scenarios for the Simulator tests, written in the scenario language
// so that they read like the files analysts write.

#include <fmt/format.h>

#include <string>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/simulator.hpp"

namespace negsim::test {

// Two principals split one issue; a mediator pulls towards the middle. No
// uncertainty and no shocks unless `extra_parties` / `events` add them.
inline std::string two_party_yaml(const std::string& a_fields, const std::string& b_fields,
                                  const std::string& events = "",
                                  const std::string& process = "") {
  const std::string default_process = R"(
process:
  initial: talks
  deadline: 20
  states:
    - {id: talks, kind: bargaining}
    - {id: deal, kind: terminal, outcome: agreement}
    - {id: breakdown, kind: terminal, outcome: no_deal}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: breakdown, on: walkout}
    - {from: talks, to: breakdown, on: deadline}
)";
  return fmt::format(R"(
scenario: {{id: test, title: Test, as_of: 2026-01-01, horizon: 30}}
issues:
  - {{id: share, label: Share to A, kind: continuous, range: {{low: 0, high: 1}}}}
  - {{id: guarantee, label: Guarantee, kind: ordinal, options: [none, weak, strong]}}
parties:
  - id: a
    role: principal
{}
  - id: b
    role: principal
{}
  - id: m
    role: mediator
    capability: 0.5
    demands:
      share: {{ideal: 0.5}}
      guarantee: {{ideal: weak}}
{}
{}
)",
                     a_fields, b_fields, events, process.empty() ? default_process : process);
}

inline const char* kPartyA = R"(    capability: 1
    batna: 0.2
    costs: {per_round: 0.01}
    patience: 5
    tactic: linear
    demands:
      share: {ideal: 1, red_line: 0.3}
      guarantee: {ideal: strong, red_line: weak, salience: 0.5})";

inline const char* kPartyB = R"(    capability: 1
    batna: 0.2
    costs: {per_round: 0.01}
    patience: 5
    tactic: conceder
    demands:
      share: {ideal: 0, red_line: 0.7}
      guarantee: {ideal: none, salience: 0.5})";

// A variant of a scenario written inline: the first `from` in `yaml` becomes
// `to` (std::out_of_range when `yaml` has no `from`, so a stale edit fails).
inline void replace_once(std::string& yaml, const std::string& from, const std::string& to) {
  yaml.replace(yaml.find(from), from.size(), to);
}

inline Simulator simulator_for(const std::string& yaml) {
  return Simulator(load_scenario_string(yaml, "test.yaml"));
}

}  // namespace negsim::test
