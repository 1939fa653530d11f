#pragma once
// Builds process graphs in C++ so the graph checks are tested apart from the
// YAML loader. Each state and transition gets a distinct fake source line so
// that tests can check where a problem is reported.

#include <optional>
#include <string>

#include "negsim/model/scenario.hpp"

namespace negsim::testing {

class ProcessBuilder {
 public:
  explicit ProcessBuilder(std::string initial) {
    scenario_.id = "test_process";
    scenario_.title = "Test process";
    scenario_.file = "test.yaml";
    scenario_.round_label = "week";
    scenario_.process.initial = std::move(initial);
    scenario_.process.loc = {1, 1};
  }

  ProcessBuilder& state(std::string id, StateKind kind, std::string outcome = "",
                        std::optional<int> max_rounds = std::nullopt) {
    State s;
    s.id = std::move(id);
    s.kind = kind;
    s.label = "";
    s.outcome = std::move(outcome);
    if (max_rounds) s.max_rounds = Uncertain{Distribution::constant(*max_rounds), "", {}};
    s.loc = {next_line_++, 7};
    scenario_.process.states.push_back(std::move(s));
    return *this;
  }
  ProcessBuilder& bargaining(std::string id, std::optional<int> max_rounds = std::nullopt) {
    return state(std::move(id), StateKind::bargaining, "", max_rounds);
  }
  ProcessBuilder& pause(std::string id, std::optional<int> max_rounds = std::nullopt) {
    return state(std::move(id), StateKind::pause, "", max_rounds);
  }
  ProcessBuilder& chance(std::string id) { return state(std::move(id), StateKind::chance); }
  ProcessBuilder& terminal(std::string id, std::string outcome) {
    return state(std::move(id), StateKind::terminal, std::move(outcome));
  }

  ProcessBuilder& on(std::string from, std::string to, Trigger trigger) {
    Transition t;
    t.from = std::move(from);
    t.to = std::move(to);
    t.trigger = trigger;
    t.loc = {next_line_++, 7};
    scenario_.process.transitions.push_back(std::move(t));
    return *this;
  }
  ProcessBuilder& event(std::string from, std::string to, std::string event_id) {
    on(std::move(from), std::move(to), Trigger::event);
    scenario_.process.transitions.back().event = std::move(event_id);
    return *this;
  }
  ProcessBuilder& probability(std::string from, std::string to, Distribution p) {
    on(std::move(from), std::move(to), Trigger::probability);
    scenario_.process.transitions.back().probability.dist = std::move(p);
    return *this;
  }
  ProcessBuilder& probability(std::string from, std::string to, double p) {
    return probability(std::move(from), std::move(to), Distribution::constant(p));
  }

  // An event that can happen in `states` (empty: everywhere).
  ProcessBuilder& declare_event(std::string id, std::string label,
                                std::vector<std::string> states = {}) {
    Event e;
    e.id = std::move(id);
    e.label = std::move(label);
    e.chance.dist = Distribution::constant(0.1);
    e.states = std::move(states);
    scenario_.events.push_back(std::move(e));
    return *this;
  }
  ProcessBuilder& deadline(int round) {
    scenario_.process.deadline = Uncertain{Distribution::constant(round), "", {}};
    return *this;
  }
  ProcessBuilder& title(std::string text) {
    scenario_.title = std::move(text);
    return *this;
  }
  ProcessBuilder& label(std::string text) {
    scenario_.process.states.back().label = std::move(text);
    return *this;
  }

  Scenario build() const { return scenario_; }

 private:
  Scenario scenario_;
  int next_line_ = 10;
};

// Every state kind and trigger once, with nothing wrong: the process of
// scenarios/examples/all_state_kinds.yaml in miniature.
inline Scenario every_kind_and_trigger() {
  return ProcessBuilder("opening")
      .declare_event("strike", "Large strike on energy", {"talks"})
      .deadline(30)
      .bargaining("opening", 3)
      .bargaining("talks")
      .pause("suspended", 4)
      .chance("referendum")
      .terminal("deal", "agreement")
      .terminal("collapse", "no_deal")
      .on("opening", "talks", Trigger::round_limit)
      .on("opening", "talks", Trigger::rejected)
      .on("talks", "referendum", Trigger::accepted)
      .on("talks", "collapse", Trigger::walkout)
      .event("talks", "suspended", "strike")
      .on("talks", "collapse", Trigger::deadline)
      .on("suspended", "talks", Trigger::round_limit)
      .probability("suspended", "collapse", 0.05)
      .probability("referendum", "deal", 0.7)
      .probability("referendum", "collapse", 0.3)
      .build();
}

}  // namespace negsim::testing
