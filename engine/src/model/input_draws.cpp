#include "negsim/model/input_draws.hpp"

#include "compiled_scenario.hpp"
#include "negsim/model/simulator.hpp"

namespace negsim {

std::vector<UncertainInput> uncertain_inputs(const Simulator& simulator) {
  const detail::CompiledScenario& c = simulator.compiled();
  std::vector<UncertainInput> inputs;
  for (std::size_t i = 0; i < c.uncertain.size(); ++i) {
    const detail::ParamSpec& spec = c.params[static_cast<std::size_t>(c.uncertain[i])];
    UncertainInput input;
    input.path = spec.path;
    input.dist = spec.dist;
    if (spec.issue >= 0) {
      const Issue& issue = simulator.scenario().issues[static_cast<std::size_t>(spec.issue)];
      if (issue.is_discrete()) input.options = issue.options;
    }
    input.copula = c.input_copula.empty() ? -1 : c.input_copula[i];
    inputs.push_back(std::move(input));
  }
  return inputs;
}

}  // namespace negsim
