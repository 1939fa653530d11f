#include "negsim/run/tornado.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

std::uint64_t count(const SensitivityMarks& marks, int block) {
  std::uint64_t c = 0;
  for (std::uint64_t r = 0; r < marks.rows(); ++r)
    c += marks.hit(static_cast<std::size_t>(block), r);
  return c;
}

std::string option_of(const UncertainInput& input, double v) {
  if (input.options.empty()) return "";
  const auto k = static_cast<std::size_t>(std::lround(v));
  return k < input.options.size() ? input.options[k] : "";
}

}  // namespace

Tornado tornado(const SensitivityDesign& design, const SensitivityMarks& marks) {
  Tornado t;
  t.low_quantile = design.low;
  t.high_quantile = design.high;
  const std::uint64_t n = marks.rows();
  t.rows = n;
  const std::uint64_t base = count(marks, 0);
  t.base = n ? static_cast<double>(base) / static_cast<double>(n) : 0.0;
  t.base_ci95 = wilson_interval(base, n);
  for (std::size_t i = 0; i < design.inputs.size(); ++i) {
    const int lo = design.held_low[i], hi = design.held_high[i];
    if (lo < 0 || hi < 0) continue;
    const UncertainInput& input = design.inputs[i];
    TornadoBar bar;
    bar.input = input.path;
    bar.low_value = input.dist.quantile(design.low);
    bar.high_value = input.dist.quantile(design.high);
    bar.low_option = option_of(input, bar.low_value);
    bar.high_option = option_of(input, bar.high_value);
    // d_j = high_j − low_j ∈ {−1, 0, 1}: gained and lost rows, as compare does.
    std::uint64_t up = 0, down = 0, low = 0, high = 0;
    for (std::uint64_t r = 0; r < n; ++r) {
      const int l = marks.hit(static_cast<std::size_t>(lo), r);
      const int h = marks.hit(static_cast<std::size_t>(hi), r);
      low += static_cast<std::uint64_t>(l);
      high += static_cast<std::uint64_t>(h);
      up += h > l;
      down += l > h;
    }
    const double rows = static_cast<double>(n);
    bar.low = n ? static_cast<double>(low) / rows : 0.0;
    bar.high = n ? static_cast<double>(high) / rows : 0.0;
    bar.low_ci95 = wilson_interval(low, n);
    bar.high_ci95 = wilson_interval(high, n);
    bar.changed = up + down;
    const double sum = static_cast<double>(up) - static_cast<double>(down);
    bar.swing = n ? sum / rows : 0.0;
    double se = 0;
    if (n > 1) {
      const double sum_sq = static_cast<double>(up + down);
      se = std::sqrt(std::max(0.0, (sum_sq - sum * sum / rows) / (rows - 1)) / rows);
    }
    bar.swing_ci95 = {bar.swing - kZ95 * se, bar.swing + kZ95 * se};
    t.bars.push_back(std::move(bar));
  }
  std::stable_sort(t.bars.begin(), t.bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return std::abs(a.swing) > std::abs(b.swing);
  });
  return t;
}

}  // namespace negsim
