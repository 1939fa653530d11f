#include "cli_options.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace negsim::cli {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    else
      out += c;
  }
  return out + "'";
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::optional<std::string> count_problem(const std::string& text, std::uint64_t min,
                                         std::uint64_t max, std::uint64_t& value) {
  const std::string expected = fmt::format("expected a whole number from {} to {}", min, max);
  if (!all_digits(text)) {
    if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0)
      return fmt::format("{} in decimal digits, got {}", expected, quoted(text));
    return fmt::format("{}, got {}", expected, quoted(text));
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && (v < min || v > max)))
    return fmt::format("{}, got {}, which is {}", expected, text,
                       ec == std::errc() && v < min ? "too small" : "too large");
  if (ec != std::errc() || end != text.data() + text.size())
    return fmt::format("{}, got {}", expected, quoted(text));
  value = v;
  return std::nullopt;
}

std::optional<std::string> number_problem(const std::string& text, double min, double max,
                                          double& value) {
  const std::string expected = fmt::format("expected a number from {} to {}", min, max);
  double v = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] =
      std::from_chars(first, last, v, std::chars_format::fixed | std::chars_format::scientific);
  // from_chars reads "nan" and "inf" too; a number here is finite.
  if (text.empty() || ec != std::errc() || end != last || !std::isfinite(v) ||
      text.find_first_of("nNiI") != std::string::npos)
    return fmt::format("{}, got {}", expected, quoted(text));
  if (v < min || v > max) return fmt::format("{}, got {}", expected, text);
  value = v;
  return std::nullopt;
}

namespace {

template <class Apply>
CLI::Option* add_checked(CLI::App* cmd, const std::string& name, const std::string& help,
                         const std::string& type_name, Apply apply) {
  auto* option = cmd->add_option_function<std::string>(
      name,
      [name, apply](const std::string& text) {
        if (const auto problem = apply(text)) throw CLI::ValidationError(name, *problem);
      },
      help);
  option->type_name(type_name);
  return option;
}

}  // namespace

CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, std::uint64_t& value,
                              std::uint64_t min, std::uint64_t max, const std::string& help,
                              bool* given) {
  return add_checked(cmd, name, help, "UINT", [&value, min, max, given](const std::string& text) {
    auto problem = count_problem(text, min, max, value);
    if (!problem && given) *given = true;
    return problem;
  });
}

CLI::Option* add_count_option(CLI::App* cmd, const std::string& name,
                              std::optional<std::uint64_t>& value, std::uint64_t min,
                              std::uint64_t max, const std::string& help) {
  return add_checked(cmd, name, help, "UINT", [&value, min, max](const std::string& text) {
    std::uint64_t v = 0;
    auto problem = count_problem(text, min, max, v);
    if (!problem) value = v;
    return problem;
  });
}

CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, int& value, int min, int max,
                              const std::string& help) {
  return add_checked(cmd, name, help, "INT", [&value, min, max](const std::string& text) {
    std::uint64_t v = 0;
    auto problem =
        count_problem(text, static_cast<std::uint64_t>(min), static_cast<std::uint64_t>(max), v);
    if (!problem) value = static_cast<int>(v);
    return problem;
  });
}

CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, std::int64_t& value,
                              std::int64_t min, std::int64_t max, const std::string& help) {
  return add_checked(cmd, name, help, "INT", [&value, min, max](const std::string& text) {
    std::uint64_t v = 0;
    auto problem =
        count_problem(text, static_cast<std::uint64_t>(min), static_cast<std::uint64_t>(max), v);
    if (!problem) value = static_cast<std::int64_t>(v);
    return problem;
  });
}

CLI::Option* add_number_option(CLI::App* cmd, const std::string& name, double& value, double min,
                               double max, const std::string& help) {
  return add_checked(cmd, name, help, "NUMBER", [&value, min, max](const std::string& text) {
    return number_problem(text, min, max, value);
  });
}

std::optional<std::string> shard_problem(const std::string& text, std::uint64_t& k,
                                         std::uint64_t& n) {
  const std::string expected =
      fmt::format("expected K/N, shard K of N with 1 <= K <= N <= {}, e.g. 2/8", kMaxShards);
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || !all_digits(text.substr(0, slash)) ||
      !all_digits(text.substr(slash + 1)))
    return fmt::format("{}, got {}", expected, quoted(text));
  std::uint64_t shard = 0, shards = 0;
  if (count_problem(text.substr(0, slash), 1, kMaxShards, shard) ||
      count_problem(text.substr(slash + 1), 1, kMaxShards, shards))
    return fmt::format("{}, got {}", expected, quoted(text));
  if (shard > shards)
    return fmt::format("{}, got {}: there is no shard {} of {}", expected, quoted(text), shard,
                       shards);
  k = shard;
  n = shards;
  return std::nullopt;
}

CLI::Option* add_shard_option(CLI::App* cmd, const std::string& name, std::string& text,
                              std::uint64_t& k, std::uint64_t& n, const std::string& help) {
  return add_checked(cmd, name, help, "K/N", [&text, &k, &n](const std::string& given) {
    auto problem = shard_problem(given, k, n);
    if (!problem) text = given;
    return problem;
  });
}

CLI::Option* add_path_option(CLI::App* cmd, const std::string& name, std::string& value,
                             const std::string& help) {
  return add_checked(cmd, name, help, "PATH", [&value](const std::string& text) {
    if (text.empty())
      return std::optional<std::string>(
          "expected a path, got an empty one (leave the option "
          "out for the default)");
    value = text;
    return std::optional<std::string>();
  });
}

}  // namespace negsim::cli
