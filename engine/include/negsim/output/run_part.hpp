#pragma once
// A shard's partial result (`negsim run --shard K/N --part FILE`): what was
// run, which branches of it, and their exact tally, for `negsim merge` to
// combine with the other shards into exactly the result of one process.
//
// The file is a line naming the format and its version, one line of JSON
// describing the run, then the tally's bytes (Tally::encode), whose length and
// SHA-256 the JSON gives, so that a part cut short or damaged is refused.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "negsim/run/runner.hpp"
#include "negsim/run/tally.hpp"

namespace negsim {

inline constexpr int kRunPartVersion = 1;

struct RunPart {
  std::string engine_version;
  std::string scenario_id;
  std::string scenario_file;  // as the shard was given it
  std::string scenario_sha256, scenario_file_sha256;
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::uint64_t branches = 0;  // of the whole run
  std::uint64_t shard = 0;     // K of N, 1-based
  std::uint64_t shards = 0;    // N
  BranchRange range;           // the branches this shard ran
  int threads = 0;
  double wall_seconds = 0;
  Tally tally;
};

std::string encode_run_part(const RunPart& part);

// Throws std::runtime_error saying what is wrong when `bytes` are not a part
// this version of negsim wrote.
RunPart decode_run_part(std::string_view bytes);

}  // namespace negsim
