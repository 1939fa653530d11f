#pragma once
// The uniforms at which a branch samples its uncertain inputs when they are
// not simply each input's own stream: correlated inputs (a Gaussian copula)
// and InputDraws plans (internal to the model).

#include <cstdint>

#include "compiled_scenario.hpp"
#include "negsim/model/input_draws.hpp"

namespace negsim::detail {

// Per uncertain input (the order of c.uncertain), the uniform to take its
// quantile at, in a buffer of the calling thread valid until its next call;
// nullptr when the scenario correlates nothing and `draws` is null, so that
// the caller draws each input from its own stream as before.
const double* planned_uniforms(const CompiledScenario& c, const InputDraws* draws,
                               std::uint64_t seed, std::uint64_t branch);

}  // namespace negsim::detail
