#include "negsim/run/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "negsim/model/diagnostic.hpp"

namespace negsim {

namespace {

constexpr int kMaxSteps = 1000;

[[noreturn]] void vary_error(const std::string& text, const std::string& message) {
  Diagnostic d;
  d.file = "--vary " + text;
  d.message = message;
  throw InputError({d});
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Linear interpolation of where d (positive before, negative after) crosses zero.
double crossing(double x0, double x1, double d0, double d1) {
  if (d0 == d1) return (x0 + x1) / 2;
  return x0 + (x1 - x0) * d0 / (d0 - d1);
}

std::size_t argmax(const std::vector<double>& p) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < p.size(); ++i)
    if (p[i] > p[best]) best = i;
  return best;
}

}  // namespace

std::vector<double> SweepAxis::values() const {
  std::vector<double> out;
  for (int i = 0; i < steps; ++i) {
    const double t = steps > 1 ? static_cast<double>(i) / (steps - 1) : 0.0;
    const double raw = i == steps - 1 ? high : low + (high - low) * t;
    // strtod, not stod: a subnormal value is a number, not an exception.
    out.push_back(std::strtod(fmt::format("{:.12g}", raw).c_str(), nullptr));
  }
  return out;
}

SweepAxis parse_vary(const std::string& text) {
  const std::string example = "e.g. --vary parties.russia.costs.per_round=0:0.05:11";
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    vary_error(text, "expected KEY=LOW:HIGH:STEPS, " + example);
  SweepAxis axis;
  axis.key = text.substr(0, eq);
  const std::string range = text.substr(eq + 1);
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto colon = range.find(':', start);
    parts.push_back(range.substr(start, colon == std::string::npos ? colon : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 3)
    vary_error(text,
               fmt::format("expected LOW:HIGH:STEPS after '=', found '{}'; {}", range, example));
  const auto low = parse_number(parts[0]);
  const auto high = parse_number(parts[1]);
  if (!low) vary_error(text, fmt::format("LOW '{}' is not a number", parts[0]));
  if (!high) vary_error(text, fmt::format("HIGH '{}' is not a number", parts[1]));
  int steps = 0;
  const auto [ptr, ec] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), steps);
  if (ec != std::errc() || ptr != parts[2].data() + parts[2].size())
    vary_error(text, fmt::format("STEPS '{}' is not a whole number", parts[2]));
  if (steps < 2 || steps > kMaxSteps)
    vary_error(text, fmt::format("STEPS is the number of grid points, from 2 to {}; got {}",
                                 kMaxSteps, steps));
  if (!(*low < *high))
    vary_error(text, fmt::format("LOW ({}) must be below HIGH ({})", parts[0], parts[1]));
  if (!std::isfinite(*high - *low))
    vary_error(
        text, fmt::format("HIGH - LOW ({} - {}) is too large to compute with", parts[1], parts[0]));
  axis.low = *low;
  axis.high = *high;
  axis.steps = steps;
  return axis;
}

std::string vary_override(const SweepAxis& axis, double value) {
  return fmt::format("{}={}", axis.key, value);
}

const SweepPoint& SweepResult::at(std::size_t i, std::size_t j) const {
  const std::size_t inner = axes.size() > 1 ? static_cast<std::size_t>(axes[1].steps) : 1;
  return points.at(i * inner + j);
}

std::vector<TippingPoint> find_tipping_points(SweepResult& result) {
  for (auto& p : result.points)
    if (p.ok() && !p.probabilities.empty()) p.most_likely = argmax(p.probabilities);
  std::vector<TippingPoint> tips;
  if (result.axes.empty() || result.axes.size() > 2) return tips;
  const std::size_t n0 = static_cast<std::size_t>(result.axes[0].steps);
  const std::size_t n1 =
      result.axes.size() > 1 ? static_cast<std::size_t>(result.axes[1].steps) : 1;
  if (result.points.size() != n0 * n1) return tips;
  const auto v0 = result.axes[0].values();
  const auto v1 = result.axes.size() > 1 ? result.axes[1].values() : std::vector<double>{};

  // Walks one grid line: `point(k)` is the k-th point along it, `x` its values.
  const auto line = [&](std::size_t axis, std::optional<double> other, std::size_t length,
                        const std::vector<double>& x, auto point) {
    for (std::size_t k = 0; k + 1 < length; ++k) {
      const SweepPoint& a = point(k);
      const SweepPoint& b = point(k + 1);
      if (!a.ok() || !b.ok() || a.most_likely == b.most_likely) continue;
      const std::size_t from = a.most_likely, to = b.most_likely;
      TippingPoint t;
      t.axis = axis;
      t.other = other;
      t.before = x[k];
      t.after = x[k + 1];
      t.at = crossing(x[k], x[k + 1], a.probabilities[from] - a.probabilities[to],
                      b.probabilities[from] - b.probabilities[to]);
      t.from = result.outcomes.at(from);
      t.to = result.outcomes.at(to);
      tips.push_back(std::move(t));
    }
  };
  if (result.axes.size() == 1) {
    line(0, std::nullopt, n0, v0, [&](std::size_t k) -> const SweepPoint& { return result.at(k); });
    return tips;
  }
  for (std::size_t j = 0; j < n1; ++j)
    line(0, v1[j], n0, v0, [&](std::size_t k) -> const SweepPoint& { return result.at(k, j); });
  for (std::size_t i = 0; i < n0; ++i)
    line(1, v0[i], n1, v1, [&](std::size_t k) -> const SweepPoint& { return result.at(i, k); });
  return tips;
}

std::vector<std::vector<double>> sweep_grid(const std::vector<SweepAxis>& axes) {
  std::vector<std::vector<double>> grid{{}};
  for (const auto& a : axes) {
    std::vector<std::vector<double>> next;
    for (const auto& prefix : grid)
      for (double v : a.values()) {
        auto row = prefix;
        row.push_back(v);
        next.push_back(std::move(row));
      }
    grid = std::move(next);
  }
  return grid;
}

SweepResult assemble_sweep(const std::vector<SweepAxis>& axes,
                           const std::vector<std::optional<Summary>>& summaries,
                           const std::vector<std::string>& errors) {
  SweepResult sweep;
  sweep.axes = axes;
  for (const auto& s : summaries) {
    if (!s) continue;
    for (const auto& o : s->outcomes)
      if (std::find(sweep.outcomes.begin(), sweep.outcomes.end(), o.id) == sweep.outcomes.end())
        sweep.outcomes.push_back(o.id);
  }
  std::stable_partition(sweep.outcomes.begin(), sweep.outcomes.end(),
                        [](const std::string& id) { return id != "unresolved"; });
  const auto grid = sweep_grid(axes);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    SweepPoint p;
    p.values = grid[i];
    if (i >= summaries.size()) {
      p.error = "not run (interrupted)";
    } else if (!summaries[i]) {
      p.error = i < errors.size() && !errors[i].empty() ? errors[i] : "could not run";
    } else {
      const Summary& s = *summaries[i];
      p.branches = s.provenance.branches;
      for (const auto& id : sweep.outcomes) {
        const auto it = std::find_if(s.outcomes.begin(), s.outcomes.end(),
                                     [&](const OutcomeSummary& o) { return o.id == id; });
        const bool has = it != s.outcomes.end();
        p.counts.push_back(has ? it->count : 0);
        p.probabilities.push_back(has ? it->probability : 0.0);
        p.ci95.push_back(has ? it->ci95 : wilson_interval(0, p.branches));
      }
    }
    sweep.points.push_back(std::move(p));
  }
  sweep.tipping_points = find_tipping_points(sweep);
  return sweep;
}

}  // namespace negsim
