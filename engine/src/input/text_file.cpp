#include "text_file.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

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

std::string text_sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 of an input file failed (OpenSSL)");
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace negsim
