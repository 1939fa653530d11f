#include "negsim/output/run_part.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "negsim/output/results_store.hpp"
#include "output/json_field.hpp"

namespace negsim {
namespace {

constexpr std::string_view kMark = "negsim-part";

}  // namespace

std::string encode_run_part(const RunPart& part) {
  const std::string tally = part.tally.encode();
  nlohmann::json j;
  j["engine_version"] = part.engine_version;
  j["scenario_id"] = part.scenario_id;
  j["scenario_file"] = part.scenario_file;
  j["scenario_sha256"] = part.scenario_sha256;
  j["scenario_file_sha256"] = part.scenario_file_sha256;
  j["overrides"] = part.overrides;
  j["seed"] = part.seed;
  j["branches"] = part.branches;
  j["shard"] = part.shard;
  j["shards"] = part.shards;
  j["first_branch"] = part.range.first;
  j["end_branch"] = part.range.last;
  j["threads"] = part.threads;
  j["wall_seconds"] = part.wall_seconds;
  j["tally_bytes"] = tally.size();
  j["tally_sha256"] = sha256_hex(tally);
  return fmt::format("{} {}\n{}\n", kMark, kRunPartVersion, j.dump()) + tally;
}

RunPart decode_run_part(std::string_view bytes) {
  const std::size_t first_line = bytes.find('\n');
  const std::string_view mark = bytes.substr(0, first_line);
  if (first_line == std::string_view::npos || mark.substr(0, kMark.size() + 1) != "negsim-part ")
    throw std::runtime_error("not a negsim part file (it does not begin with 'negsim-part')");
  const std::string expected = fmt::format("{} {}", kMark, kRunPartVersion);
  if (mark != expected)
    throw std::runtime_error(
        fmt::format("its format is '{}'; this negsim reads '{}'", std::string(mark), expected));
  const std::size_t header_end = bytes.find('\n', first_line + 1);
  if (header_end == std::string_view::npos)
    throw std::runtime_error("it is cut short (no end to its description line)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes.substr(first_line + 1, header_end - first_line - 1));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("its description line is not JSON: ") + e.what());
  }
  constexpr const char* what = "part";
  using report::json_field;
  RunPart part;
  part.engine_version = json_field<std::string>(j, "engine_version", what);
  part.scenario_id = json_field<std::string>(j, "scenario_id", what);
  part.scenario_file = json_field<std::string>(j, "scenario_file", what);
  part.scenario_sha256 = json_field<std::string>(j, "scenario_sha256", what);
  part.scenario_file_sha256 = json_field<std::string>(j, "scenario_file_sha256", what);
  part.overrides = json_field<std::vector<std::string>>(j, "overrides", what);
  part.seed = json_field<std::uint64_t>(j, "seed", what);
  part.branches = json_field<std::uint64_t>(j, "branches", what);
  part.shard = json_field<std::uint64_t>(j, "shard", what);
  part.shards = json_field<std::uint64_t>(j, "shards", what);
  part.range.first = json_field<std::uint64_t>(j, "first_branch", what);
  part.range.last = json_field<std::uint64_t>(j, "end_branch", what);
  part.threads = json_field<int>(j, "threads", what);
  part.wall_seconds = json_field<double>(j, "wall_seconds", what);

  const std::string tally(bytes.substr(header_end + 1));
  const auto size = json_field<std::uint64_t>(j, "tally_bytes", what);
  if (tally.size() != size)
    throw std::runtime_error(fmt::format("its tally has {} bytes where {} were written{}",
                                         tally.size(), size,
                                         tally.size() < size ? " (the file is cut short)" : ""));
  if (sha256_hex(tally) != json_field<std::string>(j, "tally_sha256", what))
    throw std::runtime_error("its tally is damaged (its SHA-256 is not the one written)");
  try {
    part.tally = Tally::decode(tally);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  if (part.tally.branches() != part.range.size())
    throw std::runtime_error(fmt::format("its tally counts {} branches, its range {}",
                                         part.tally.branches(), part.range.size()));
  return part;
}

}  // namespace negsim
