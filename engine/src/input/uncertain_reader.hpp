#pragma once
// Reading numbers and uncertain numbers (a plain value or a distribution map)
// from a scenario tree, with the range each assumption must stay in
// (internal to the engine).

#include <limits>
#include <optional>
#include <string>

#include "negsim/model/distribution.hpp"
#include "negsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace negsim::loader {

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

std::optional<double> read_number(Reader& reader, const Field& field,
                                  const Bounds& bounds = Bounds::any());
// A whole number of at least `min`.
std::optional<int> read_whole(Reader& reader, const Field& field, int min);

// A number or a distribution map, checked with Distribution::problem(). The
// values of a discrete distribution come back sorted ascending.
std::optional<Distribution> read_distribution(Reader& reader, const Field& field);

// Reports when `dist` can produce a value outside `bounds`; true when it cannot.
bool check_bounds(Reader& reader, const Distribution& dist, const Bounds& bounds,
                  const YAML::Mark& mark, const std::string& path);

// read_distribution + check_bounds, as an Uncertain named `id_path`.
std::optional<Uncertain> read_uncertain(Reader& reader, const Field& field, std::string id_path,
                                        const Bounds& bounds);

// A value that was not written: a constant named `id_path`.
Uncertain constant(double value, std::string id_path);

std::string format_number(double x);

}  // namespace negsim::loader
