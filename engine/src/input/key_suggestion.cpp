#include "key_suggestion.hpp"

#include <fmt/format.h>

#include "yaml_reader.hpp"

namespace negsim::detail {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // The loader's notion of a typo, so that --set and extends suggest exactly
  // what a scenario file would.
  const auto near = loader::closest(word, candidates);
  return near ? fmt::format(" (did you mean '{}'?)", *near) : std::string();
}

}  // namespace negsim::detail
