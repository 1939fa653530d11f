#pragma once
// Numbers on the command line, read strictly: decimal digits only (no sign
// for counts, no hex, no exponent), within the option's range, never wrapped
// or saturated. A value outside those rules is refused with a message naming
// the option, what it takes and what was given (exit status 2).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace negsim::cli {

// "expected ..., got '...'" when `text` is not a whole number in [min, max].
std::optional<std::string> count_problem(const std::string& text, std::uint64_t min,
                                         std::uint64_t max, std::uint64_t& value);
// The same for a finite decimal number in [min, max].
std::optional<std::string> number_problem(const std::string& text, double min, double max,
                                          double& value);

// `--name N`: a whole number in [min, max] into `value`; `given` (when not
// null) turns true when the option is used.
CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, std::uint64_t& value,
                              std::uint64_t min, std::uint64_t max, const std::string& help,
                              bool* given = nullptr);
CLI::Option* add_count_option(CLI::App* cmd, const std::string& name,
                              std::optional<std::uint64_t>& value, std::uint64_t min,
                              std::uint64_t max, const std::string& help);
CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, int& value, int min, int max,
                              const std::string& help);
CLI::Option* add_count_option(CLI::App* cmd, const std::string& name, std::int64_t& value,
                              std::int64_t min, std::int64_t max, const std::string& help);
// `--name X`: a finite decimal number in [min, max].
CLI::Option* add_number_option(CLI::App* cmd, const std::string& name, double& value, double min,
                               double max, const std::string& help);

// `--shard K/N`: shard K (1-based) of N, 1 <= K <= N <= kMaxShards, into
// `k` and `n`; "expected ..., got '...'" otherwise.
inline constexpr std::uint64_t kMaxShards = 1000000;
std::optional<std::string> shard_problem(const std::string& text, std::uint64_t& k,
                                         std::uint64_t& n);
CLI::Option* add_shard_option(CLI::App* cmd, const std::string& name, std::string& text,
                              std::uint64_t& k, std::uint64_t& n, const std::string& help);

// The seed options of every command: 0 to 2^64 - 1.
inline constexpr std::uint64_t kMaxSeed = UINT64_MAX;
// Branch counts on the command line and in batch files.
inline constexpr std::uint64_t kMaxBranches = 1000000000;

// A path option (`--out`, `--db`) that may not be given empty: `--out ""` is
// refused rather than taken as "not given".
CLI::Option* add_path_option(CLI::App* cmd, const std::string& name, std::string& value,
                             const std::string& help);

}  // namespace negsim::cli
