#include "uncertain_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace negsim::loader {

namespace {

const char* const kExample = "{dist: uniform, low: ..., high: ...}";

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> names = {"uniform", "normal",    "triangular",
                                                 "beta",    "lognormal", "discrete"};
  return names;
}

// The keys each kind takes besides dist/min/max, and which of them are required.
struct KindKeys {
  DistKind kind;
  std::vector<std::string> required;
  std::vector<std::string> optional;
};

const KindKeys& keys_of(const std::string& name) {
  static const std::vector<std::pair<std::string, KindKeys>> table = {
      {"uniform", {DistKind::uniform, {"low", "high"}, {}}},
      {"normal", {DistKind::normal, {"mean", "sd"}, {}}},
      {"triangular", {DistKind::triangular, {"low", "mode", "high"}, {}}},
      {"beta", {DistKind::beta, {"alpha", "beta"}, {"low", "high"}}},
      {"lognormal", {DistKind::lognormal, {"mu", "sigma"}, {}}},
      {"discrete", {DistKind::discrete, {"values", "weights"}, {}}},
  };
  for (const auto& [n, k] : table)
    if (n == name) return k;
  return table.front().second;
}

std::vector<std::string> all_keys() {
  return {"dist", "min",   "max",  "low", "high",  "mean",   "sd",
          "mode", "alpha", "beta", "mu",  "sigma", "values", "weights"};
}

std::string not_a_number(const YAML::Node& node, std::string_view expected) {
  std::string why;
  scalar_number(node, &why);
  std::string out = fmt::format("expected {}, got {}", expected, describe(node));
  if (!why.empty()) out += " (" + why + ")";
  return out;
}

}  // namespace

std::string format_number(double x) {
  return fmt::format("{}", x);
}

std::optional<double> read_number(Reader& reader, const Field& field, const Bounds& bounds) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  const auto value = scalar_number(field.value);
  if (!value) {
    reader.error(field.mark(), field.path, not_a_number(field.value, "a number"));
    return std::nullopt;
  }
  if (!bounds.contains(*value)) {
    reader.error(
        field.mark(), field.path,
        fmt::format("expected a number {}, got {}", bounds.describe(), format_number(*value)));
    return std::nullopt;
  }
  return value;
}

std::optional<int> read_whole(Reader& reader, const Field& field, int min, int max) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  const auto value = scalar_number(field.value);
  const std::string expected = max < 1000000000
                                   ? fmt::format("a whole number from {} to {}", min, max)
                                   : fmt::format("a whole number of at least {}", min);
  if (!value) {
    reader.error(field.mark(), field.path, not_a_number(field.value, expected));
    return std::nullopt;
  }
  if (*value != std::floor(*value) || *value < min || *value > max) {
    reader.error(field.mark(), field.path,
                 fmt::format("expected {}, got {}", expected, format_number(*value)));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<Distribution> read_distribution(Reader& reader, const Field& field) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (!field.value.IsMap()) {
    if (auto value = scalar_number(field.value)) return Distribution::constant(*value);
    reader.error(
        field.mark(), field.path,
        not_a_number(field.value, fmt::format("a number or a distribution ({})", kExample)));
    return std::nullopt;
  }

  MapReader map(reader, field, "a distribution");
  if (!map.ok()) return std::nullopt;
  const Field dist_field =
      map.require("dist", " (uniform, normal, triangular, beta, lognormal or discrete)");
  if (!dist_field.present()) {
    map.check_keys(all_keys(), " in a distribution");
    return std::nullopt;
  }
  const auto name = read_choice(reader, dist_field, kinds(), "distribution");
  if (!name) {
    map.check_keys(all_keys(), " in a distribution");
    return std::nullopt;
  }
  const KindKeys& keys = keys_of(*name);
  std::vector<std::string> allowed = {"dist"};
  allowed.insert(allowed.end(), keys.required.begin(), keys.required.end());
  allowed.insert(allowed.end(), keys.optional.begin(), keys.optional.end());
  allowed.push_back("min");
  allowed.push_back("max");
  const std::vector<std::string> every = all_keys();
  for (const Field& extra : map.extra_keys(allowed)) {
    const std::string key = extra.key.Scalar();
    // A parameter of another kind (mean in a uniform) is not a typo: say what this kind takes.
    if (std::find(every.begin(), every.end(), key) != every.end()) {
      reader.error(extra.key.Mark(), extra.path,
                   fmt::format("a {} distribution has no '{}'; it takes {}", *name, key,
                               quoted_list(allowed)));
    } else {
      reader.error(extra.key.Mark(), extra.path,
                   fmt::format("unknown key '{}' for a {} distribution{}", key, *name,
                               suggestion(key, allowed, "")));
    }
  }

  Distribution d;
  d.kind = keys.kind;
  bool ok = true;
  const auto number = [&](const char* key, double& out, bool required) {
    const Field f =
        required ? map.require(key, fmt::format(" for a {} distribution", *name)) : map.get(key);
    if (!f.present()) {
      ok = ok && !required;
      return;
    }
    if (auto v = read_number(reader, f)) {
      out = *v;
    } else {
      ok = false;
    }
  };
  const auto numbers = [&](const char* key, std::vector<double>& out) {
    const Field f = map.require(key, fmt::format(" for a {} distribution", *name));
    if (!f.present()) {
      ok = false;
      return;
    }
    const auto items = read_list(reader, f, "a list of numbers");
    if (!items) {
      ok = false;
      return;
    }
    for (const auto& item : *items) {
      if (auto v = read_number(reader, item)) {
        out.push_back(*v);
      } else {
        ok = false;
      }
    }
  };
  switch (d.kind) {
    case DistKind::uniform:
    case DistKind::triangular:
      number("low", d.low, true);
      if (d.kind == DistKind::triangular) number("mode", d.mode, true);
      number("high", d.high, true);
      break;
    case DistKind::normal:
      number("mean", d.mean, true);
      number("sd", d.sd, true);
      break;
    case DistKind::beta:
      number("alpha", d.alpha, true);
      number("beta", d.beta, true);
      d.low = 0;
      d.high = 1;
      number("low", d.low, false);
      number("high", d.high, false);
      break;
    case DistKind::lognormal:
      number("mu", d.mu, true);
      number("sigma", d.sigma, true);
      break;
    case DistKind::discrete:
      numbers("values", d.values);
      numbers("weights", d.weights);
      break;
    case DistKind::fixed:
      break;
  }
  double bound = 0;
  const Field min_field = map.get("min");
  if (min_field.present()) {
    number("min", bound, false);
    d.min = bound;
  }
  const Field max_field = map.get("max");
  if (max_field.present()) {
    number("max", bound, false);
    d.max = bound;
  }
  if (!ok) return std::nullopt;
  if (auto why = d.problem()) {
    reader.error(map.mark(), field.path, *why);
    return std::nullopt;
  }
  if (d.kind == DistKind::discrete) {
    // Ascending values make the quantile monotone and save it a sort per draw.
    std::vector<std::size_t> order(d.values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return d.values[a] < d.values[b]; });
    std::vector<double> values, weights;
    for (std::size_t i : order) {
      values.push_back(d.values[i]);
      weights.push_back(d.weights[i]);
    }
    d.values = std::move(values);
    d.weights = std::move(weights);
  }
  return d;
}

bool check_bounds(Reader& reader, const Distribution& dist, const Bounds& bounds,
                  const YAML::Mark& mark, const std::string& path) {
  if (dist.is_fixed()) {
    if (bounds.contains(dist.value)) return true;
    reader.error(
        mark, path,
        fmt::format("expected a number {}, got {}", bounds.describe(), format_number(dist.value)));
    return false;
  }
  const double lo = dist.support_min(), hi = dist.support_max();
  if (bounds.contains(lo) && bounds.contains(hi)) return true;
  reader.error(mark, path,
               fmt::format("the {} distribution can produce values from {} to {}, but the value "
                           "must be {}; narrow it or cut it off with min and max",
                           to_string(dist.kind), format_number(lo), format_number(hi),
                           bounds.describe(true)));
  return false;
}

std::optional<Uncertain> read_uncertain(Reader& reader, const Field& field, std::string id_path,
                                        const Bounds& bounds) {
  auto dist = read_distribution(reader, field);
  if (!dist) return std::nullopt;
  if (!check_bounds(reader, *dist, bounds, field.mark(), field.path)) return std::nullopt;
  Uncertain u;
  u.dist = std::move(*dist);
  u.path = std::move(id_path);
  u.loc = loc_of(field.mark());
  return u;
}

Uncertain constant(double value, std::string id_path) {
  Uncertain u;
  u.dist = Distribution::constant(value);
  u.path = std::move(id_path);
  return u;
}

}  // namespace negsim::loader
