// A library of two small historical cases with their observation files, for
// the in-process and command-line tests of the backtest.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace negsim::test_support {

// Bargaining over a pie in daily rounds to a deadline; a deal is an agreement.
inline const char* kPieCase = R"(scenario:
  id: pie
  title: "Two parties split a pie"
  as_of: 2026-01-01
  round: {label: day, days: 1}
  horizon: 30
issues:
  - {id: share_to_a, label: "Share to A", kind: continuous, range: {low: 0, high: 1}}
parties:
  - id: a
    name: "A"
    role: principal
    capability: 1
    batna: 0.2
    costs: {per_round: 0.01}
    patience: 5
    tactic: {e: 1.0}
    demands: {share_to_a: {ideal: 1.0, red_line: 0.3, salience: 1}}
  - id: b
    name: "B"
    role: principal
    capability: {dist: uniform, low: 0.5, high: 1.5}
    batna: 0.2
    costs: {per_round: 0.01}
    patience: 5
    tactic: boulware
    demands: {share_to_a: {ideal: 0.0, red_line: 0.7, salience: 1}}
process:
  initial: talks
  deadline: 20
  milestones:
    - {id: signed, label: "Deal signed", states: [deal]}
  states:
    - {id: talks, kind: bargaining, label: "Talks", max_rounds: 25}
    - {id: deal, kind: terminal, outcome: agreement, agreement: true, label: "Deal"}
    - {id: breakdown, kind: terminal, outcome: no_deal, label: "Breakdown"}
  transitions:
    - {from: talks, to: deal, on: accepted}
    - {from: talks, to: breakdown, on: walkout}
    - {from: talks, to: breakdown, on: round_limit}
)";

inline const char* kPieObserved = R"(observed:
  scenario: pie
  recorded_until: 2026-02-15
  outcome: agreement
  outcome_date: 2026-01-15
  milestones:
    signed: 2026-01-15
  terms:
    share_to_a: 0.45
  sources:
    s1: "The record"
)";

// A deal if a window opens in the one round of waiting.
inline const char* kWindowCase = R"(scenario:
  id: window
  title: "A deal if the window opens"
  as_of: 2026-01-01
  horizon: 3
issues:
  - {id: share, label: "Share to A", kind: continuous, range: {low: 0, high: 1}}
parties:
  - {id: a, name: "A", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 1}}}
  - {id: b, name: "B", role: principal, capability: 1, batna: 0.2, demands: {share: {ideal: 0}}}
events:
  - {id: window, label: "A window for a deal opens", chance: 0.4, states: [wait]}
process:
  initial: wait
  states:
    - {id: wait, kind: pause, max_rounds: 1, label: "One week to seize the moment"}
    - {id: deal, kind: terminal, outcome: deal, agreement: true, label: "Deal"}
    - {id: none, kind: terminal, outcome: no_deal, label: "No deal"}
  transitions:
    - {from: wait, to: deal, event: window}
    - {from: wait, to: none, on: round_limit}
)";

inline const char* kWindowObserved = R"(observed:
  scenario: window
  recorded_until: 2026-02-01
  outcome: no_deal
  outcome_date: 2026-01-08
)";

// Writes `text` to `dir`/`name` and returns the path.
inline std::string write_file(const std::filesystem::path& dir, const std::string& name,
                              const std::string& text) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

// The two cases in `dir`.
inline void write_library(const std::filesystem::path& dir) {
  write_file(dir, "pie.yaml", kPieCase);
  write_file(dir, "pie.observed.yaml", kPieObserved);
  write_file(dir, "window.yaml", kWindowCase);
  write_file(dir, "window.observed.yaml", kWindowObserved);
}

}  // namespace negsim::test_support
