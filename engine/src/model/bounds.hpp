#pragma once
// The values a scenario parameter may take (internal to the engine): the
// model owns them, so that the values a file gives and the values an event's
// effect writes are held to the same rule.

#include <limits>
#include <string>

namespace negsim {

// The values a parameter may take, and how to say so in a message.
struct Bounds {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false, high_open = false;
  std::string context;  // e.g. "the range of issue 'donetsk'"

  static Bounds any() { return {}; }
  static Bounds at_least(double lo) { return make(lo, kNone, false, false); }
  static Bounds above(double lo) { return make(lo, kNone, true, false); }
  static Bounds between(double lo, double hi) { return make(lo, hi, false, false); }
  // [lo, hi): at least lo and below hi.
  static Bounds from_below(double lo, double hi) { return make(lo, hi, false, true); }
  // (lo, hi]: above lo and at most hi.
  static Bounds above_up_to(double lo, double hi) { return make(lo, hi, true, false); }
  Bounds& because(std::string why) {
    context = std::move(why);
    return *this;
  }

  bool contains(double x) const;
  // "between 0 and 1", "of at least 0", "greater than 0", "of at least 0 and below 1"
  // to follow "a number"; without "of" as a predicate ("must be at least 0").
  std::string describe(bool predicate = false) const;

 private:
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  static Bounds make(double lo, double hi, bool lo_open, bool hi_open) {
    Bounds b;
    b.low = lo;
    b.high = hi;
    b.low_open = lo_open;
    b.high_open = hi_open;
    return b;
  }
};

}  // namespace negsim
