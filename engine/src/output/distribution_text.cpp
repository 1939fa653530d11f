#include "distribution_text.hpp"

#include <fmt/format.h>

namespace negsim {

std::string describe_distribution(const Distribution& d,
                                  const std::function<std::string(double)>& value) {
  const auto number = [&](double x) { return value ? value(x) : fmt::format("{:.6g}", x); };
  std::string text;
  switch (d.kind) {
    case DistKind::fixed:
      return number(d.value);
    case DistKind::uniform:
      text = fmt::format("{} to {} (uniform)", number(d.low), number(d.high));
      break;
    case DistKind::triangular:
      text = fmt::format("{} to {}, most likely {}", number(d.low), number(d.high), number(d.mode));
      break;
    case DistKind::normal:
      text = fmt::format("normal, mean {}, sd {}", number(d.mean), number(d.sd));
      break;
    case DistKind::beta:
      text = d.low == 0 && d.high == 1
                 ? fmt::format("beta({}, {})", number(d.alpha), number(d.beta))
                 : fmt::format("beta({}, {}) on {} to {}", number(d.alpha), number(d.beta),
                               number(d.low), number(d.high));
      break;
    case DistKind::lognormal:
      text = fmt::format("lognormal, mu {}, sigma {}", number(d.mu), number(d.sigma));
      break;
    case DistKind::discrete: {
      text = "one of ";
      for (std::size_t i = 0; i < d.values.size(); ++i)
        text += (i ? ", " : "") + number(d.values[i]);
      break;
    }
  }
  return text;
}

}  // namespace negsim
