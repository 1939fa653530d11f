#include "bounds.hpp"

#include <fmt/format.h>

#include <cmath>

namespace negsim {

namespace {

// The shortest text that reads back as the same number, as in every message.
std::string number_text(double x) {
  return fmt::format("{}", x);
}

}  // namespace

bool Bounds::contains(double x) const {
  if (low_open ? !(x > low) : !(x >= low)) return false;
  if (high_open ? !(x < high) : !(x <= high)) return false;
  return true;
}

std::string Bounds::describe(bool predicate) const {
  const bool has_low = std::isfinite(low), has_high = std::isfinite(high);
  std::string out;
  if (has_low && has_high && !low_open && !high_open) {
    out = fmt::format("between {} and {}", number_text(low), number_text(high));
  } else {
    if (has_low)
      out = fmt::format("{} {}",
                        low_open    ? "greater than"
                        : predicate ? "at least"
                                    : "of at least",
                        number_text(low));
    if (has_high) {
      if (!out.empty()) out += " and";
      out += fmt::format(" {} {}",
                         high_open               ? "below"
                         : predicate || low_open ? "at most"
                                                 : "of at most",
                         number_text(high));
      if (!has_low) out.erase(0, 1);
    }
  }
  if (!context.empty()) out += " (" + context + ")";
  return out;
}

}  // namespace negsim
