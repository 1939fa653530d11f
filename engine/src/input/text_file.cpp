#include "text_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "negsim/input/scenario_loader.hpp"

namespace negsim {

std::optional<std::string> read_text_file(const std::string& path, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = fmt::format("cannot open the file ({})", std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxScenarioFileBytes) {
    in.read(buffer, sizeof buffer);
    const auto got = in.gcount();
    if (got <= 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  if (in.bad()) {
    problem = "cannot read the file (is it a directory?)";
    return std::nullopt;
  }
  if (text.size() > kMaxScenarioFileBytes) {
    problem = fmt::format(
        "the file is larger than {} KiB, the limit for a scenario file; scenarios are usually "
        "well under 100 KiB",
        kMaxScenarioFileBytes / 1024);
    return std::nullopt;
  }
  return text;
}

}  // namespace negsim
