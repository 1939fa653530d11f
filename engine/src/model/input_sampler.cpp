#include "input_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "negsim/model/correlation.hpp"
#include "negsim/model/rng.hpp"

namespace negsim::detail {

namespace {

// U is a multiple of 2⁻⁵³ in [0, 1); its normal score is taken at the middle
// of its cell, so that it is finite and symmetric (U and 1 − U − 2⁻⁵³ give
// opposite scores).
double normal_score(double u) {
  return normal_quantile(u + 0x1p-54);
}

std::uint64_t seed_of(const InputDraws* draws, int input, std::uint64_t seed) {
  return draws && !draws->seed.empty() && input >= 0 ? draws->seed[static_cast<std::size_t>(input)]
                                                     : seed;
}

double held_of(const InputDraws* draws, int input) {
  return draws && !draws->held.empty() && input >= 0 ? draws->held[static_cast<std::size_t>(input)]
                                                     : std::nan("");
}

struct Buffers {
  std::vector<double> u, z, mixed;
};

}  // namespace

const double* planned_uniforms(const CompiledScenario& c, const InputDraws* draws,
                               std::uint64_t seed, std::uint64_t branch) {
  if (draws == nullptr && c.copulas.empty()) return nullptr;
  thread_local Buffers b;
  const std::size_t n = c.uncertain.size();
  b.u.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int input = static_cast<int>(i);
    const double held = held_of(draws, input);
    if (!std::isnan(held)) {
      b.u[i] = held;
    } else {
      const auto& spec = c.params[static_cast<std::size_t>(c.uncertain[i])];
      b.u[i] = Stream(seed_of(draws, input, seed), spec.purpose, branch).uniform(0);
    }
  }
  // docs/model.md 11.1: z = Φ⁻¹(U) per member from its own
  // stream, z' = L z, U' = Φ(z'); each marginal stays exact.
  for (const CopulaSpec& copula : c.copulas) {
    const std::size_t m = copula.params.size();
    // The stream of a member that is a plain number here: that of the first
    // uncertain member, so that it moves with its copula in a plan.
    int lead = -1;
    for (int input : copula.inputs)
      if (input >= 0) {
        lead = input;
        break;
      }
    b.z.resize(m);
    b.mixed.assign(m, 0.0);
    int held_member = -1;
    for (std::size_t k = 0; k < m; ++k) {
      const int input = copula.inputs[k];
      const auto& spec = c.params[static_cast<std::size_t>(copula.params[k])];
      const double u =
          input >= 0 && std::isnan(held_of(draws, input))
              ? b.u[static_cast<std::size_t>(input)]
              : Stream(seed_of(draws, input >= 0 ? input : lead, seed), spec.purpose, branch)
                    .uniform(0);
      b.z[k] = normal_score(u);
      if (input >= 0 && !std::isnan(held_of(draws, input))) held_member = static_cast<int>(k);
    }
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t k = 0; k <= i; ++k) b.mixed[i] += copula.lower[i * m + k] * b.z[k];
    if (held_member >= 0) {
      // Given z'_h = Φ⁻¹(q): z' − Σ·h z'_h is independent of z'_h and has the
      // conditional covariance, so adding Σ·h Φ⁻¹(q) draws from the conditional.
      const auto h = static_cast<std::size_t>(held_member);
      const double shift =
          normal_quantile(b.u[static_cast<std::size_t>(copula.inputs[h])]) - b.mixed[h];
      for (std::size_t i = 0; i < m; ++i) b.mixed[i] += copula.normal[i * m + h] * shift;
    }
    for (std::size_t k = 0; k < m; ++k) {
      const int input = copula.inputs[k];
      if (input < 0 || static_cast<int>(k) == held_member) continue;
      b.u[static_cast<std::size_t>(input)] = normal_cdf(b.mixed[k]);
    }
  }
  return b.u.data();
}

}  // namespace negsim::detail
