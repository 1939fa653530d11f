// The red line of a stance that has none: Stance::red_line is NaN then.
#pragma once

#include <limits>

namespace negsim::test_support {

inline constexpr double kNoRedLine = std::numeric_limits<double>::quiet_NaN();

}  // namespace negsim::test_support
