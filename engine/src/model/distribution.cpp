#include "negsim/model/distribution.hpp"

// Before any Boost.Math header (it says why).
#include "boost_math_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace negsim {

namespace {

namespace bm = boost::math;
namespace bp = boost::math::policies;

// Sampling must never throw in the middle of a branch: parameters are checked
// once by problem() when the scenario is loaded, and the extreme tails give
// +-infinity rather than an exception. Double precision throughout (no
// promotion to long double) keeps quantiles fast and identical across builds.
using Policy =
    bp::policy<bp::domain_error<bp::ignore_error>, bp::pole_error<bp::ignore_error>,
               bp::overflow_error<bp::ignore_error>, bp::evaluation_error<bp::ignore_error>,
               bp::promote_float<false>, bp::promote_double<false>>;
using Normal = bm::normal_distribution<double, Policy>;
using LogNormal = bm::lognormal_distribution<double, Policy>;
using Beta = bm::beta_distribution<double, Policy>;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A continuous distribution with closed-form or Boost CDF, survival function
// and quantile, so truncation can be done by mapping u onto [F(min), F(max)].
struct Continuous {
  const Distribution& d;

  double cdf(double x) const {
    switch (d.kind) {
      case DistKind::uniform:
        if (x <= d.low) return 0;
        if (x >= d.high) return 1;
        return (x - d.low) / (d.high - d.low);
      case DistKind::normal:
        if (std::isinf(x)) return x < 0 ? 0 : 1;
        return bm::cdf(Normal(d.mean, d.sd), x);
      case DistKind::triangular: {
        if (x <= d.low) return 0;
        if (x >= d.high) return 1;
        const double w = d.high - d.low;
        if (x <= d.mode) return (x - d.low) * (x - d.low) / (w * (d.mode - d.low));
        return 1 - (d.high - x) * (d.high - x) / (w * (d.high - d.mode));
      }
      case DistKind::beta:
        if (x <= d.low) return 0;
        if (x >= d.high) return 1;
        return bm::cdf(Beta(d.alpha, d.beta), (x - d.low) / (d.high - d.low));
      case DistKind::lognormal:
        if (x <= 0) return 0;
        if (std::isinf(x)) return 1;
        return bm::cdf(LogNormal(d.mu, d.sigma), x);
      default:
        return 0;
    }
  }

  // 1 - cdf(x), computed directly so upper tails keep their precision.
  double sf(double x) const {
    switch (d.kind) {
      case DistKind::normal:
        if (std::isinf(x)) return x < 0 ? 1 : 0;
        return bm::cdf(bm::complement(Normal(d.mean, d.sd), x));
      case DistKind::beta:
        if (x <= d.low) return 1;
        if (x >= d.high) return 0;
        return bm::cdf(bm::complement(Beta(d.alpha, d.beta), (x - d.low) / (d.high - d.low)));
      case DistKind::lognormal:
        if (x <= 0) return 1;
        if (std::isinf(x)) return 0;
        return bm::cdf(bm::complement(LogNormal(d.mu, d.sigma), x));
      default:
        return 1 - cdf(x);
    }
  }

  double quantile(double p) const {
    switch (d.kind) {
      case DistKind::uniform:
        return d.low + p * (d.high - d.low);
      case DistKind::normal:
        return bm::quantile(Normal(d.mean, d.sd), p);
      case DistKind::triangular: {
        const double w = d.high - d.low;
        const double c = (d.mode - d.low) / w;
        if (p <= c) return d.low + std::sqrt(p * w * (d.mode - d.low));
        return d.high - std::sqrt((1 - p) * w * (d.high - d.mode));
      }
      case DistKind::beta:
        return d.low + (d.high - d.low) * bm::ibeta_inv(d.alpha, d.beta, p, Policy());
      case DistKind::lognormal:
        return bm::quantile(LogNormal(d.mu, d.sigma), p);
      default:
        return 0;
    }
  }

  // Quantile at survival probability q (= 1 - p), for the upper tail.
  double quantile_sf(double q) const {
    switch (d.kind) {
      case DistKind::normal:
        return bm::quantile(bm::complement(Normal(d.mean, d.sd), q));
      case DistKind::beta:
        return d.low + (d.high - d.low) * bm::quantile(bm::complement(Beta(d.alpha, d.beta), q));
      case DistKind::lognormal:
        return bm::quantile(bm::complement(LogNormal(d.mu, d.sigma), q));
      default:
        return quantile(1 - q);
    }
  }
};

// Where the untruncated distribution lives.
double natural_min(const Distribution& d) {
  switch (d.kind) {
    case DistKind::fixed:
      return d.value;
    case DistKind::normal:
      return d.sd == 0 ? d.mean : -kInf;
    case DistKind::lognormal:
      return 0;
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::beta:
      return d.low;
    case DistKind::discrete:
      break;
  }
  return 0;
}

double natural_max(const Distribution& d) {
  switch (d.kind) {
    case DistKind::fixed:
      return d.value;
    case DistKind::normal:
      return d.sd == 0 ? d.mean : kInf;
    case DistKind::lognormal:
      return kInf;
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::beta:
      return d.high;
    case DistKind::discrete:
      break;
  }
  return 0;
}

// A point mass: nothing to invert.
bool degenerate(const Distribution& d) {
  switch (d.kind) {
    case DistKind::normal:
      return d.sd == 0;
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::beta:
      return d.low == d.high;
    default:
      return false;
  }
}

double lower_bound(const Distribution& d) {
  return d.min ? *d.min : -kInf;
}
double upper_bound(const Distribution& d) {
  return d.max ? *d.max : kInf;
}

bool in_truncation(const Distribution& d, double x) {
  return x >= lower_bound(d) && x <= upper_bound(d);
}

// Total weight of the discrete values that survive truncation.
double discrete_mass(const Distribution& d) {
  double total = 0;
  const std::size_t n = std::min(d.values.size(), d.weights.size());
  for (std::size_t i = 0; i < n; ++i)
    if (in_truncation(d, d.values[i]) && d.weights[i] > 0) total += d.weights[i];
  return total;
}

double discrete_quantile_sorted(const Distribution& d, const std::vector<double>& values,
                                const std::vector<double>& weights, double u) {
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (in_truncation(d, values[i]) && weights[i] > 0) total += weights[i];
  const double target = u * total;
  double cumulative = 0;
  double last = values.empty() ? 0 : values.back();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!in_truncation(d, values[i]) || weights[i] <= 0) continue;
    cumulative += weights[i];
    last = values[i];
    if (target < cumulative) return values[i];
  }
  return last;  // u * total rounded up to total
}

double discrete_quantile(const Distribution& d, double u) {
  const std::size_t n = std::min(d.values.size(), d.weights.size());
  // The loader sorts values ascending, so the common case needs no copy;
  // sorting keeps the quantile monotone in u for hand-built distributions too.
  if (std::is_sorted(d.values.begin(), d.values.begin() + static_cast<std::ptrdiff_t>(n)) &&
      d.values.size() == n && d.weights.size() == n)
    return discrete_quantile_sorted(d, d.values, d.weights, u);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return d.values[a] < d.values[b]; });
  std::vector<double> values(n), weights(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = d.values[order[i]];
    weights[i] = d.weights[order[i]];
  }
  return discrete_quantile_sorted(d, values, weights, u);
}

std::string num(double x) {
  return fmt::format("{}", x);
}

std::optional<std::string> finite(const char* name, double x) {
  if (std::isfinite(x)) return std::nullopt;
  return fmt::format("{} must be a finite number, got {}", name, num(x));
}

// Numerical sanity, so that sampling can neither hang nor give NaN or an
// infinity. Beyond these shapes Boost's incomplete beta and its inverse take
// seconds to minutes per value (and fail near 1e18), and the distribution is
// a point mass for any purpose of a scenario anyway.
constexpr double kMinBetaShape = 1e-4;
constexpr double kMaxBetaShape = 1e6;
// A normal or lognormal is sampled up to about 40 standard deviations out
// (u = 2^-64 or so); its values there must still be finite numbers.
constexpr double kTailSds = 40;
constexpr double kMaxLogValue = 700;  // exp(709.8) overflows a double

std::optional<std::string> finite_width(double low, double high) {
  if (std::isfinite(high - low)) return std::nullopt;
  return fmt::format(
      "high - low must be a finite number, got {} - ({}); the range is too wide "
      "to compute with",
      num(high), num(low));
}

}  // namespace

const char* to_string(DistKind kind) {
  switch (kind) {
    case DistKind::fixed:
      return "fixed";
    case DistKind::uniform:
      return "uniform";
    case DistKind::normal:
      return "normal";
    case DistKind::triangular:
      return "triangular";
    case DistKind::beta:
      return "beta";
    case DistKind::lognormal:
      return "lognormal";
    case DistKind::discrete:
      return "discrete";
  }
  return "?";
}

double Distribution::quantile_general(double u) const {
  if (kind == DistKind::fixed) return value;
  if (!(u > 0)) u = kSmallestU;
  if (u >= 1) u = kLargestU;
  if (kind == DistKind::discrete) return discrete_quantile(*this, u);

  const double lo = std::max(lower_bound(*this), natural_min(*this));
  const double hi = std::min(upper_bound(*this), natural_max(*this));
  if (degenerate(*this)) return natural_min(*this);
  double x;
  const Continuous c{*this};
  if (!min && !max) {
    x = c.quantile(u);
  } else {
    const double a = min ? c.cdf(*min) : 0.0;
    if (a > 0.5) {
      // Upper tail: interpolate survival probabilities, which are not rounded to 1.
      const double sa = c.sf(*min);
      const double sb = max ? c.sf(*max) : 0.0;
      x = c.quantile_sf(sa - u * (sa - sb));
    } else {
      const double b = max ? c.cdf(*max) : 1.0;
      x = c.quantile(a + u * (b - a));
    }
  }
  // Rounding in the inversion must not step outside the truncation.
  return std::clamp(x, lo, hi);
}

double Distribution::support_min() const {
  if (kind == DistKind::fixed) return value;
  if (kind == DistKind::discrete) {
    double best = kInf;
    const std::size_t n = std::min(values.size(), weights.size());
    for (std::size_t i = 0; i < n; ++i)
      if (weights[i] > 0 && in_truncation(*this, values[i])) best = std::min(best, values[i]);
    return best;
  }
  return std::max(lower_bound(*this), natural_min(*this));
}

double Distribution::support_max() const {
  if (kind == DistKind::fixed) return value;
  if (kind == DistKind::discrete) {
    double best = -kInf;
    const std::size_t n = std::min(values.size(), weights.size());
    for (std::size_t i = 0; i < n; ++i)
      if (weights[i] > 0 && in_truncation(*this, values[i])) best = std::max(best, values[i]);
    return best;
  }
  return std::min(upper_bound(*this), natural_max(*this));
}

std::optional<std::string> Distribution::problem() const {
  std::optional<std::string> p;
  switch (kind) {
    case DistKind::fixed:
      return finite("the value", value);
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::beta:
      if ((p = finite("low", low)) || (p = finite("high", high))) return p;
      if (low > high) return fmt::format("low ({}) is greater than high ({})", num(low), num(high));
      if ((p = finite_width(low, high))) return p;
      if (kind == DistKind::triangular) {
        if ((p = finite("mode", mode))) return p;
        if (mode < low || mode > high)
          return fmt::format("mode ({}) must lie between low ({}) and high ({})", num(mode),
                             num(low), num(high));
      }
      if (kind == DistKind::beta) {
        if ((p = finite("alpha", alpha)) || (p = finite("beta", beta))) return p;
        if (alpha <= 0) return fmt::format("alpha must be greater than 0, got {}", num(alpha));
        if (beta <= 0) return fmt::format("beta must be greater than 0, got {}", num(beta));
        for (const auto& [name, shape] : {std::pair{"alpha", alpha}, std::pair{"beta", beta}})
          if (shape < kMinBetaShape || shape > kMaxBetaShape)
            return fmt::format(
                "{} must be between {} and {}, got {} (a beta distribution with a shape "
                "beyond that is practically a single value; use {{dist: fixed}})",
                name, num(kMinBetaShape), num(kMaxBetaShape), num(shape));
      }
      break;
    case DistKind::normal:
      if ((p = finite("mean", mean)) || (p = finite("sd", sd))) return p;
      if (sd < 0) return fmt::format("sd must be 0 or more, got {}", num(sd));
      if (!std::isfinite(std::abs(mean) + kTailSds * sd))
        return fmt::format(
            "mean ({}) and sd ({}) are too large to compute with: values {} sd "
            "from the mean must be finite numbers",
            num(mean), num(sd), num(kTailSds));
      break;
    case DistKind::lognormal:
      if ((p = finite("mu", mu)) || (p = finite("sigma", sigma))) return p;
      if (sigma <= 0) return fmt::format("sigma must be greater than 0, got {}", num(sigma));
      if (std::abs(mu) + kTailSds * sigma > kMaxLogValue)
        return fmt::format(
            "mu ({}) and sigma ({}) are too large to compute with: |mu| + {} "
            "sigma must be at most {} (exp of more is not a finite number)",
            num(mu), num(sigma), num(kTailSds), num(kMaxLogValue));
      break;
    case DistKind::discrete: {
      if (values.empty()) return std::string("values must list at least one value");
      if (values.size() != weights.size())
        return fmt::format(
            "values and weights must have the same length, got {} value{} and {} "
            "weight{}",
            values.size(), values.size() == 1 ? "" : "s", weights.size(),
            weights.size() == 1 ? "" : "s");
      for (double v : values)
        if ((p = finite("every value", v))) return p;
      for (double w : weights) {
        if ((p = finite("every weight", w))) return p;
        if (w < 0) return fmt::format("weights must be 0 or more, got {}", num(w));
      }
      if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0; }))
        return std::string("weights must not all be 0");
      if (!std::isfinite(std::accumulate(weights.begin(), weights.end(), 0.0)))
        return std::string(
            "the weights add up to more than the largest number (about 1.8e308); scale them "
            "down (only their ratios matter)");
      break;
    }
  }
  if (min && (p = finite("min", *min))) return p;
  if (max && (p = finite("max", *max))) return p;
  if (!min && !max) return std::nullopt;
  if (min && max && *min > *max)
    return fmt::format("min ({}) is greater than max ({})", num(*min), num(*max));

  const std::string range =
      fmt::format("[{}, {}]", min ? num(*min) : "-inf", max ? num(*max) : "inf");
  bool empty;
  if (kind == DistKind::discrete) {
    empty = discrete_mass(*this) <= 0;
  } else if (degenerate(*this)) {
    empty = !in_truncation(*this, natural_min(*this));
  } else {
    const double lo = std::max(lower_bound(*this), natural_min(*this));
    const double hi = std::min(upper_bound(*this), natural_max(*this));
    const Continuous c{*this};
    const double mass_cdf = (max ? c.cdf(*max) : 1.0) - (min ? c.cdf(*min) : 0.0);
    const double mass_sf = (min ? c.sf(*min) : 1.0) - (max ? c.sf(*max) : 0.0);
    empty = lo >= hi || std::max(mass_cdf, mass_sf) <= 0;
  }
  if (empty)
    return fmt::format(
        "truncation to {} leaves no probability: the {} distribution never "
        "(or practically never) produces a value there",
        range, to_string(kind));
  return std::nullopt;
}

}  // namespace negsim
