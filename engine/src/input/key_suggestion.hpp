#pragma once
// "did you mean 'x'?" hints for mistyped ids and keys in overrides and
// variant files (internal to the engine).

#include <string>
#include <vector>

namespace negsim::detail {

// " (did you mean 'x'?)" when one candidate is close enough to be a typo of
// `word` (by the loader's rule, loader::closest), otherwise empty.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace negsim::detail
