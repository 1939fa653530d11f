// A scenario with a known answer and a listener that keeps what it is told,
// for the in-process tests of batches, sweeps and comparisons.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "negsim/whatif/context.hpp"
#include "support/scratch.hpp"

namespace negsim::test_support {

// One pause round: a deal if an event with chance 0.4 fires, no deal otherwise.
inline const char* kWindowScenario = R"(scenario:
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
    - {id: deal, kind: terminal, outcome: deal, label: "Deal"}
    - {id: none, kind: terminal, outcome: no_deal, label: "No deal"}
  transitions:
    - {from: wait, to: deal, event: window}
    - {from: wait, to: none, on: round_limit}
)";

struct Heard : WhatIfListener {
  std::vector<std::string> statuses, messages, could_not;
  std::vector<std::string> runs;  // labels of the runs started
  int writing_depth = 0, max_writing_depth = 0;

  void status(const std::string& line) override { statuses.push_back(line); }
  void message(Severity, const std::string& text) override { messages.push_back(text); }
  void could_not_run(const std::string& text) override { could_not.push_back(text); }
  void run_started(const std::string& label) override { runs.push_back(label); }
  void writing(bool begins) override {
    writing_depth += begins ? 1 : -1;
    max_writing_depth = std::max(max_writing_depth, writing_depth);
  }
};

// A scratch directory holding window.yaml, removed at the end of the test.
class WhatIfFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_path("what-if");
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    write("window.yaml", kWindowScenario);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

}  // namespace negsim::test_support
