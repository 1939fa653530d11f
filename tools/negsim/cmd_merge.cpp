// negsim merge PART...: the parts of a run split with --shard K/N combined
// into exactly what `negsim run` writes for the whole run.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/model/simulator.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/run_part.hpp"
#include "negsim/run/summary.hpp"
#include "run_results.hpp"

namespace negsim::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> parts;
  std::string scenario;  // --scenario: read the scenario from here instead
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

[[noreturn]] void refuse(const std::string& text) {
  say(Severity::error, text);
  throw Exit{kExitBadInput};
}

RunPart read_part(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  if (in.is_open()) bytes << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    say(Severity::error,
        fmt::format(
            "cannot read the part '{}': {}", file,
            std::filesystem::exists(file) ? "permission denied or I/O error" : "no such file"));
    throw Exit{kExitFailure};
  }
  try {
    return decode_run_part(bytes.str());
  } catch (const std::exception& e) {
    refuse(fmt::format("the part '{}' cannot be merged: {}", file, e.what()));
  }
}

std::string listed(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + ("'" + item + "'");
  return out + "]";
}

// Every part against the first: the same run, or a message naming the part
// and the field that differs.
void check_same_run(const std::vector<RunPart>& parts, const std::vector<std::string>& files) {
  const RunPart& a = parts.front();
  if (a.engine_version != NEGSIM_VERSION)
    refuse(
        fmt::format("the part '{}' was written by negsim {}, and this is negsim {}: its figures "
                    "could differ; run the shards again with this version",
                    files.front(), a.engine_version, NEGSIM_VERSION));
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const RunPart& b = parts[i];
    const auto differs = [&](const char* field, const std::string& mine, const std::string& first) {
      refuse(
          fmt::format("the part '{}' is not of the same run as '{}': its {} is {} where '{}' "
                      "has {} (the parts of one run share negsim version, scenario, "
                      "overrides, seed, branches and shard count)",
                      files[i], files.front(), field, mine, files.front(), first));
    };
    if (b.engine_version != a.engine_version)
      differs("negsim version", b.engine_version, a.engine_version);
    if (b.scenario_id != a.scenario_id) differs("scenario", b.scenario_id, a.scenario_id);
    if (b.scenario_sha256 != a.scenario_sha256)
      differs("scenario SHA-256", b.scenario_sha256, a.scenario_sha256);
    if (b.overrides != a.overrides)
      differs("overrides (--set)", listed(b.overrides), listed(a.overrides));
    if (b.seed != a.seed) differs("seed", std::to_string(b.seed), std::to_string(a.seed));
    if (b.branches != a.branches)
      differs("branch count", std::to_string(b.branches), std::to_string(a.branches));
    if (b.shards != a.shards)
      differs("shard count", fmt::format("{} (shard {}/{})", b.shards, b.shard, b.shards),
              fmt::format("{} (shard {}/{})", a.shards, a.shard, a.shards));
  }
}

// One part of each shard 1/N..N/N, each covering exactly its share.
std::vector<std::size_t> shard_order(const std::vector<RunPart>& parts,
                                     const std::vector<std::string>& files) {
  const std::uint64_t n = parts.front().shards;
  std::vector<std::size_t> of_shard(n, parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const RunPart& p = parts[i];
    if (p.shard < 1 || p.shard > n)
      refuse(fmt::format("the part '{}' says it is shard {}/{}, which does not exist", files[i],
                         p.shard, n));
    if (p.range != share_of({0, p.branches}, p.shard - 1, n))
      refuse(
          fmt::format("the part '{}' holds branches {} to {}, which are not those of shard "
                      "{}/{}",
                      files[i], p.range.first, p.range.last, p.shard, n));
    std::size_t& slot = of_shard[p.shard - 1];
    if (slot != parts.size())
      refuse(fmt::format("the parts '{}' and '{}' are both shard {}/{}; give each shard once",
                         files[slot], files[i], p.shard, n));
    slot = i;
  }
  std::vector<std::uint64_t> missing;
  for (std::uint64_t k = 0; k < n; ++k)
    if (of_shard[k] == parts.size()) missing.push_back(k + 1);
  if (!missing.empty()) {
    std::string which;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i)
      which += (i ? ", " : "") + fmt::format("{}/{}", missing[i], n);
    if (missing.size() > 10) which += fmt::format(" and {} more", missing.size() - 10);
    refuse(fmt::format("{} of the {} shards {} missing: {} (give one part of every shard)",
                       missing.size(), n, missing.size() == 1 ? "is" : "are", which));
  }
  return of_shard;
}

int merge_command(const MergeOptions& options) {
  std::vector<RunPart> parts;
  for (const auto& file : options.parts) parts.push_back(read_part(file));
  check_same_run(parts, options.parts);
  const std::vector<std::size_t> order = shard_order(parts, options.parts);
  const RunPart& first = parts.front();

  RunCommandOptions run_options;
  run_options.file = options.scenario.empty() ? first.scenario_file : options.scenario;
  run_options.load.overrides = first.overrides;
  run_options.store = options.store;
  run_options.seed = first.seed;
  run_options.branches = first.branches;
  run_options.branches_given = true;
  run_options.out_dir = options.out_dir;
  run_options.quiet = options.quiet;

  const auto loaded = load_run_scenario(run_options);
  if (!loaded) {
    say(Severity::error,
        fmt::format("the scenario the shards ran, '{}', cannot be loaded{}", run_options.file,
                    options.scenario.empty() ? " (--scenario names another copy)" : ""));
    return kExitBadInput;
  }
  const Scenario& scenario = loaded->scenario;
  const auto& simulator = loaded->simulator;
  if (scenario.sha256 != first.scenario_sha256)
    refuse(
        fmt::format("the scenario '{}' is not the one the shards ran: with the overrides its "
                    "SHA-256 is {}, the parts' is {} (did the file change since?)",
                    run_options.file, scenario.sha256, first.scenario_sha256));

  RunResult result;
  result.tally = Tally(TallyLayout::for_scenario(scenario, simulator->outcomes().size()));
  for (const std::size_t i : order) {
    if (!(parts[i].tally.layout() == result.tally.layout()))
      refuse(fmt::format("the part '{}' has a tally of another shape than the scenario '{}'",
                         options.parts[i], run_options.file));
    result.tally.merge(parts[i].tally);
    result.threads += parts[i].threads;
    result.wall_seconds = std::max(result.wall_seconds, parts[i].wall_seconds);
  }
  result.branches = result.tally.branches();

  check_run_out_dir(run_options);
  auto store = open_store(run_options.store, run_options.quiet);
  RunOptions run;
  run.seed = first.seed;
  run.branches = first.branches;
  const Summary summary = summarise_run(*simulator, run, result);
  const std::string options_json = run_options_json(run_options);
  const std::string key = cache_key(scenario.sha256, first.seed, first.branches, first.overrides,
                                    options_json, NEGSIM_VERSION);

  const InterruptsHeld held;
  const bool recorded =
      record_run(store.get(), run_options, scenario, summary, options_json, key, false);
  const bool written = write_outputs(run_options, scenario, summary);
  write_text_report(summary, std::cout);
  return recorded && written ? kExitOk : kExitFailure;
}

const RegisterCommand merge_registration{
    22, [](CLI::App& app) {
      auto options = std::make_shared<MergeOptions>();
      CLI::App* cmd = app.add_subcommand(
          "merge",
          "Combine the parts written by `negsim run --shard K/N --part FILE` into exactly\n"
          "the result of one `negsim run`: the same briefing, files (--out) and stored\n"
          "result. Refuses parts of different runs (scenario, overrides, seed, branches,\n"
          "negsim version) and a set with a shard missing or given twice.");
      cmd->add_option("PART", options->parts, "the part files, one of each shard, in any order")
          ->required();
      add_path_option(cmd, "--scenario", options->scenario,
                      "read the scenario from this file rather than from the path the shards "
                      "were given (it must be the same scenario: its SHA-256 is checked)");
      add_path_option(cmd, "--out", options->out_dir,
                      "also write summary.json, summary.md, outcomes.csv, summary.html and the "
                      "figures into this directory, as negsim run --out does");
      add_store_options(cmd, options->store, false);
      cmd->add_flag("--quiet,-q", options->quiet, "no notes on stderr");
      return [options] { return merge_command(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
