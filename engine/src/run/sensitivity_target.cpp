#include "negsim/run/sensitivity_target.hpp"

#include <algorithm>
#include <stdexcept>

#include "negsim/run/summary.hpp"

namespace negsim {

namespace {

const char* const kGroups[] = {"agreement", "no_agreement", "text_accepted"};
const char* const kGroupLabels[] = {"Any agreement", "No agreement within the horizon",
                                    "A text every principal accepted"};

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

}  // namespace

const char* to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::outcome:
      return "outcome";
    case TargetKind::milestone:
      return "milestone";
    case TargetKind::group:
      return "group";
  }
  return "?";
}

bool has_agreement_group(const Simulator& simulator) {
  const auto& states = simulator.scenario().process.states;
  return std::any_of(states.begin(), states.end(), [](const State& s) { return s.agreement; });
}

std::vector<std::string> target_choices(const Simulator& simulator) {
  std::vector<std::string> out = simulator.outcomes();
  for (const Milestone& m : simulator.scenario().process.milestones) out.push_back(m.id);
  for (int g = has_agreement_group(simulator) ? 0 : 2; g < 3; ++g) out.push_back(kGroups[g]);
  return out;
}

SensitivityTarget sensitivity_target(const Simulator& simulator, const std::string& given,
                                     int by_round) {
  const Scenario& scenario = simulator.scenario();
  const auto& outcomes = simulator.outcomes();
  SensitivityTarget t;
  t.horizon = scenario.horizon;
  t.by_horizon = by_round < 0 || by_round >= scenario.horizon;
  t.by_round = t.by_horizon ? scenario.horizon : by_round;
  for (std::size_t o = 0; o < outcomes.size(); ++o)
    t.agreement.push_back(
        o + 1 < outcomes.size() &&
        std::any_of(scenario.process.states.begin(), scenario.process.states.end(),
                    [&](const State& s) { return s.outcome == outcomes[o] && s.agreement; }));
  const bool agreements = has_agreement_group(simulator);

  std::string id = given, only;
  if (const auto colon = id.find(':'); colon != std::string::npos) {
    only = id.substr(0, colon);
    id = id.substr(colon + 1);
    if (only != "outcome" && only != "milestone" && only != "group")
      throw std::invalid_argument(
          "a target is written ID, outcome:ID, milestone:ID or group:ID, "
          "not '" +
          given + "'");
  }
  if (id.empty()) {
    if (!agreements)
      throw std::invalid_argument(
          "the scenario marks no terminal state as an agreement; name a target: " +
          join(target_choices(simulator)));
    id = "agreement";
  }
  if (only.empty() || only == "outcome")
    for (std::size_t o = 0; o < outcomes.size(); ++o)
      if (outcomes[o] == id) {
        t.kind = TargetKind::outcome;
        t.index = static_cast<int>(o);
        t.id = id;
        t.label =
            o + 1 == outcomes.size() ? "Unresolved at the horizon" : outcome_label(scenario, id);
        if (o + 1 == outcomes.size() && !t.by_horizon)
          throw std::invalid_argument(
              "'unresolved' is known only at the horizon; it has no chance by an earlier date");
        return t;
      }
  const auto& milestones = scenario.process.milestones;
  if (only.empty() || only == "milestone")
    for (std::size_t m = 0; m < milestones.size(); ++m)
      if (milestones[m].id == id) {
        t.kind = TargetKind::milestone;
        t.index = static_cast<int>(m);
        t.id = id;
        t.label = milestones[m].label;
        return t;
      }
  if (only.empty() || only == "group")
    for (int g = agreements ? 0 : 2; g < 3; ++g)
      if (id == kGroups[g]) {
        t.kind = TargetKind::group;
        t.index = g;
        t.id = id;
        t.label = kGroupLabels[g];
        return t;
      }
  throw std::invalid_argument("'" + given + "' is no outcome, milestone or group of scenario '" +
                              scenario.id + "'; the targets are " +
                              join(target_choices(simulator)));
}

}  // namespace negsim
