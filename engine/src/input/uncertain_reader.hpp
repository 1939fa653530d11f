#pragma once
// Reading numbers and uncertain numbers (a plain value or a distribution map)
// from a scenario tree, with the range each assumption must stay in
// (internal to the engine).

#include <limits>
#include <optional>
#include <string>

#include "model/bounds.hpp"
#include "negsim/model/distribution.hpp"
#include "negsim/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace negsim::loader {

std::optional<double> read_number(Reader& reader, const Field& field,
                                  const Bounds& bounds = Bounds::any());
// A whole number of at least `min`.
// A whole number from `min` to `max`; the message names both ends.
std::optional<int> read_whole(Reader& reader, const Field& field, int min, int max = 1000000000);

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
