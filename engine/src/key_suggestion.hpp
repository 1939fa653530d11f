#pragma once
// "did you mean 'x'?" hints for mistyped ids and keys (internal to the engine).

#include <string>
#include <vector>

namespace negsim::detail {

// Levenshtein distance between two words.
std::size_t edit_distance(const std::string& a, const std::string& b);

// " (did you mean 'x'?)" when one candidate is close enough to be a typo of
// `word`, otherwise empty.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace negsim::detail
