#pragma once
// A distribution in words, as the graph's edge labels and the briefing's
// assumptions table print it: "0.3 to 0.8 (uniform)", "normal, mean 1, sd 0.2".

#include <functional>
#include <string>

#include "negsim/model/distribution.hpp"

namespace negsim {

// `value` names a value (an option of an ordinal issue, say); the default
// prints the number with up to six significant digits.
std::string describe_distribution(const Distribution& d,
                                  const std::function<std::string(double)>& value = {});

}  // namespace negsim
