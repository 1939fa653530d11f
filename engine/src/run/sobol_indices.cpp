#include "negsim/run/sobol_indices.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "negsim/model/rng.hpp"
#include "tsan_annotations.hpp"
#include "wave_loop.hpp"

namespace negsim {

namespace {

// The sums every estimate is made of, over a (re)sample of rows: integers,
// so that a resample's figures do not depend on the order rows are added.
struct Sums {
  std::int64_t n = 0, a = 0, b = 0;  // rows; Σ f_A (= Σ f_A², indicators); Σ f_B
  std::vector<std::int64_t> first;   // per factor: Σ f_B (f_AB − f_A)
  std::vector<std::int64_t> total;   // per factor: Σ (f_A − f_AB)²
};

struct Figures {
  double mean = 0, variance = 0;
  std::vector<double> first, total;
  double unexplained = 0, interactions = 0;
};

Figures figures(const Sums& s, const std::vector<bool>& is_input) {
  Figures f;
  const double n = static_cast<double>(s.n);
  const std::size_t k = s.first.size();
  f.first.assign(k, 0.0);
  f.total.assign(k, 0.0);
  if (s.n == 0) return f;
  // V from the 2N values of A and B together (indicators: Σy² = Σy).
  const double m = static_cast<double>(s.a + s.b) / (2 * n);
  f.mean = m;
  f.variance = m * (1 - m) * (2 * n) / std::max(1.0, 2 * n - 1);
  f.unexplained = f.interactions = 1;
  if (!(f.variance > 0)) {
    f.unexplained = f.interactions = 0;
    return f;
  }
  for (std::size_t i = 0; i < k; ++i) {
    f.first[i] = static_cast<double>(s.first[i]) / n / f.variance;
    f.total[i] = static_cast<double>(s.total[i]) / (2 * n) / f.variance;
    f.interactions -= f.first[i];
    if (is_input[i]) f.unexplained -= f.first[i];
  }
  return f;
}

// 128-bit products for Lemire's multiply-shift; a GCC/Clang extension, hence
// the marker that keeps -Wpedantic quiet about it.
__extension__ using Wide = unsigned __int128;

// Percentile interval of `values` (sorted in place): the 2.5% and 97.5%
// points, interpolated between order statistics (Hyndman & Fan type 7).
Interval percentile_interval(std::vector<double>& values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    const double h = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
  };
  return {at(0.025), at(0.975)};
}

}  // namespace

SobolEstimate sobol_indices(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                            const std::vector<std::vector<std::uint8_t>>& mixed,
                            const std::vector<bool>& is_input, const SobolOptions& options) {
  const std::size_t n = a.size(), k = mixed.size();
  if (b.size() != n || is_input.size() != k ||
      std::any_of(mixed.begin(), mixed.end(), [&](const auto& m) { return m.size() != n; }))
    throw std::invalid_argument("sobol_indices: the blocks have different numbers of rows");

  // Each row's contributions, so that a resample only weighs rows.
  // Per row: f_A, f_B, then per factor (first, total) in {−1, 0, 1} × {0, 1}.
  std::vector<std::int8_t> row(n * (2 + 2 * k));
  const std::size_t width = 2 + 2 * k;
  for (std::size_t j = 0; j < n; ++j) {
    std::int8_t* r = &row[j * width];
    r[0] = static_cast<std::int8_t>(a[j]);
    r[1] = static_cast<std::int8_t>(b[j]);
    for (std::size_t f = 0; f < k; ++f) {
      const int d = static_cast<int>(mixed[f][j]) - static_cast<int>(a[j]);
      r[2 + 2 * f] = static_cast<std::int8_t>(b[j] * d);
      r[3 + 2 * f] = static_cast<std::int8_t>(d * d);
    }
  }
  const auto sums = [&](const std::vector<std::uint32_t>* weight) {
    Sums s;
    s.n = static_cast<std::int64_t>(n);
    std::vector<std::int64_t> acc(width, 0);
    for (std::size_t j = 0; j < n; ++j) {
      const std::int64_t w = weight ? (*weight)[j] : 1;
      if (w == 0) continue;
      const std::int8_t* r = &row[j * width];
      for (std::size_t c = 0; c < width; ++c) acc[c] += w * r[c];
    }
    s.a = acc[0];
    s.b = acc[1];
    for (std::size_t f = 0; f < k; ++f) {
      s.first.push_back(acc[2 + 2 * f]);
      s.total.push_back(acc[3 + 2 * f]);
    }
    return s;
  };

  const Figures point = figures(sums(nullptr), is_input);
  SobolEstimate out;
  out.rows = n;
  out.mean = point.mean;
  out.variance = point.variance;
  out.unexplained = point.unexplained;
  out.interactions = point.interactions;
  out.factors.resize(k);
  for (std::size_t f = 0; f < k; ++f) {
    out.factors[f].first = point.first[f];
    out.factors[f].total = point.total[f];
    out.factors[f].first_ci95 = {point.first[f], point.first[f]};
    out.factors[f].total_ci95 = {point.total[f], point.total[f]};
  }
  out.unexplained_ci95 = {point.unexplained, point.unexplained};
  out.interactions_ci95 = {point.interactions, point.interactions};
  if (options.replicates <= 0 || n == 0) return out;

  // The bootstrap: resample the N rows with replacement, each resample from
  // its own stream (seed, "bootstrap", replicate), so that every replicate is
  // the same whichever thread computes it.
  const auto replicates = static_cast<std::size_t>(options.replicates);
  std::vector<Figures> boot(replicates);
  const std::uint64_t purpose = purpose_id("sensitivity:bootstrap");
  const int threads = detail::worker_threads(options.threads);
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  // Each replicate writes its own slot, so the result does not depend on how
  // the range is split; the hand-over annotations and the simple partitioner
  // (as in the wave loop) keep ThreadSanitizer from reporting oneTBB's own
  // uninstrumented synchronisation.
  const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
    std::vector<std::uint32_t> weight(n);
    for (std::size_t r = range.begin(); r != range.end(); ++r) {
      std::fill(weight.begin(), weight.end(), 0u);
      const Stream stream(options.seed, purpose, r);
      std::uint64_t words[4];
      for (std::size_t j = 0; j < n; ++j) {
        if (j % 4 == 0) stream.bits(j / 4, words);
        // Lemire's multiply-shift: an index in [0, n) from 64 bits.
        const auto pick = static_cast<std::size_t>((static_cast<Wide>(words[j % 4]) * n) >> 64);
        ++weight[pick];
      }
      boot[r] = figures(sums(&weight), is_input);
    }
  };
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, replicates, 1),
                      detail::HandedOver<decltype(body)>(body), tbb::simple_partitioner());
  });
  detail::hand_over_acquire();
  std::vector<double> values(replicates);
  const auto interval = [&](auto pick) {
    for (std::size_t r = 0; r < replicates; ++r) values[r] = pick(boot[r]);
    return percentile_interval(values);
  };
  for (std::size_t f = 0; f < k; ++f) {
    out.factors[f].first_ci95 = interval([&](const Figures& x) { return x.first[f]; });
    out.factors[f].total_ci95 = interval([&](const Figures& x) { return x.total[f]; });
  }
  out.unexplained_ci95 = interval([](const Figures& x) { return x.unexplained; });
  out.interactions_ci95 = interval([](const Figures& x) { return x.interactions; });
  out.replicates = options.replicates;
  return out;
}

}  // namespace negsim
