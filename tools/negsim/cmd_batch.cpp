// negsim batch BATCH.yaml | DIR/: run several scenarios and variants and show
// their outcome probabilities side by side.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/what_if_report.hpp"
#include "what_if_cli.hpp"

namespace negsim::cli {
namespace {

namespace fs = std::filesystem;

struct BatchCommandOptions {
  std::string input;
  std::optional<std::uint64_t> branches, seed;
  int threads = 0;
  std::string out_dir;
  StoreOptions store;
  bool quiet = false;
};

// One entry as the batch file states it.
struct PlannedEntry {
  std::string name, scenario;  // scenario: as written; path: resolved against the batch file
  fs::path path;
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> branches;
};

struct Plan {
  std::string title;
  std::string text;  // the batch file (or the directory listing), for the results store
  std::optional<std::uint64_t> seed, branches;
  std::vector<PlannedEntry> entries;
};

bool is_name(const std::string& s) {
  if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// Reads a batch file, collecting every problem with its position.
class BatchFileReader {
 public:
  BatchFileReader(std::string file, std::vector<Diagnostic>& out)
      : file_(std::move(file)), out_(out) {}

  void error(const YAML::Node& at, const std::string& path, const std::string& message) {
    const auto m = at.Mark();
    out_.push_back(Diagnostic{file_, m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1,
                              path, message});
  }

  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string>& allowed) {
    std::vector<std::string> seen;
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      const std::string at = path.empty() ? key : path + "." + key;
      if (std::find(seen.begin(), seen.end(), key) != seen.end())
        error(kv.first, at, "this key appears twice; keep one");
      seen.push_back(key);
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "'" : ", '") + a + "'";
        error(kv.first, at, fmt::format("unknown key '{}'; expected {}", key, list));
      }
    }
  }

  std::optional<std::uint64_t> count(const YAML::Node& node, const std::string& path,
                                     const char* what) {
    if (!node.IsDefined()) return std::nullopt;
    try {
      if (node.IsScalar() && node.Tag() == "?") {
        const auto v = node.as<long long>();
        if (v >= 1) return static_cast<std::uint64_t>(v);
      }
    } catch (const YAML::Exception&) {
    }
    error(node, path, fmt::format("expected {} (a whole number of at least 1)", what));
    return std::nullopt;
  }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
};

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter e;
  e << YAML::Flow << node;
  return e.c_str();
}

Plan read_batch_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  Plan plan;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError({Diagnostic{path, 0, 0, "", "cannot open the batch file"}});
    std::ostringstream text;
    text << in.rdbuf();
    plan.text = text.str();
  }
  YAML::Node parsed;
  try {
    parsed = YAML::Load(plan.text);
  } catch (const YAML::Exception& e) {
    throw InputError(
        {Diagnostic{path, e.mark.line + 1, e.mark.column + 1, "", "YAML syntax error: " + e.msg}});
  }
  const YAML::Node root = parsed;  // const: looking a key up never adds it
  BatchFileReader r(path, problems);
  if (!root.IsMap())
    throw InputError({Diagnostic{path, 1, 1, "",
                                 "expected a batch: a map with 'entries' (a list of {name, "
                                 "scenario, set, branches}) and optional 'title', 'seed', "
                                 "'branches'"}});
  r.check_keys(root, "", {"title", "seed", "branches", "entries"});
  if (root["title"]) plan.title = root["title"].as<std::string>("");
  plan.seed = r.count(root["seed"], "seed", "a seed");
  plan.branches = r.count(root["branches"], "branches", "a branch count");
  const YAML::Node entries = root["entries"];
  if (!entries.IsDefined() || !entries.IsSequence() || entries.size() == 0) {
    r.error(entries.IsDefined() ? entries : root, "entries",
            "expected a list of scenarios to run, e.g.\n  entries:\n    - {name: base, "
            "scenario: ../abu_dhabi_2026.yaml}");
    throw InputError(std::move(problems));
  }
  const fs::path dir = fs::path(path).parent_path();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const YAML::Node e = entries[i];
    const std::string at = fmt::format("entries[{}]", i);
    if (!e.IsMap()) {
      r.error(e, at, "expected {name, scenario, set, branches}");
      continue;
    }
    r.check_keys(e, at, {"name", "scenario", "set", "branches"});
    PlannedEntry p;
    const YAML::Node name = e["name"], scenario = e["scenario"];
    if (!name || !name.IsScalar() || !is_name(name.Scalar())) {
      r.error(name ? name : e, at + ".name",
              "expected a short name made of letters, digits, '_', '-' or '.' (it names the "
              "entry's column and its output folder)");
    } else {
      p.name = name.Scalar();
      for (const auto& other : plan.entries)
        if (other.name == p.name)
          r.error(name, at + ".name", fmt::format("the name '{}' is used twice", p.name));
    }
    if (!scenario || !scenario.IsScalar() || scenario.Scalar().empty()) {
      r.error(scenario ? scenario : e, at + ".scenario",
              "expected the path of a scenario file, relative to the batch file");
    } else {
      p.scenario = scenario.Scalar();
      p.path = (dir / p.scenario).lexically_normal();
    }
    if (const YAML::Node set = e["set"]) {
      if (set.IsSequence()) {
        for (std::size_t k = 0; k < set.size(); ++k) {
          if (set[k].IsScalar())
            p.overrides.push_back(set[k].Scalar());
          else
            r.error(set[k], fmt::format("{}.set[{}]", at, k), "expected KEY_PATH=VALUE");
        }
      } else if (set.IsMap()) {
        for (const auto& kv : set)
          p.overrides.push_back(kv.first.Scalar() + "=" +
                                (kv.second.IsScalar() ? kv.second.Scalar() : flow_text(kv.second)));
      } else {
        r.error(set, at + ".set",
                "expected a list of KEY_PATH=VALUE overrides, or a map KEY_PATH: VALUE");
      }
    }
    p.branches = r.count(e["branches"], at + ".branches", "a branch count");
    plan.entries.push_back(std::move(p));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return plan;
}

Plan plan_directory(const std::string& dir) {
  Plan plan;
  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(dir)) {
    const auto ext = item.path().extension();
    if (item.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError({Diagnostic{dir, 0, 0, "", "the directory holds no .yaml scenario files"}});
  plan.title = "Scenarios in " + dir;
  for (const auto& f : files) {
    PlannedEntry p;
    p.name = f.stem().string();
    p.scenario = f.filename().string();
    p.path = f;
    plan.text += f.filename().string() + "\n";
    plan.entries.push_back(std::move(p));
  }
  return plan;
}

// 1234567 → "1,234,567".
std::string thousands_of(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string diagnostics_text(const InputError& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}

int run_batch(const BatchCommandOptions& options) {
  Plan plan;
  try {
    plan = fs::is_directory(options.input) ? plan_directory(options.input)
                                           : read_batch_file(options.input);
  } catch (const InputError& e) {
    std::cerr << diagnostics_text(e) << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "negsim: error: " << options.input << ": " << e.what() << "\n";
    return kExitBadInput;
  }
  const std::uint64_t seed = options.seed.value_or(plan.seed.value_or(kDefaultSeed));
  install_stop_handler();
  const bool show_progress = progress_wanted(options.quiet);
  auto store = open_store(options.store, options.out_dir, options.quiet);
  const auto start = std::chrono::steady_clock::now();

  BatchReport report;
  report.title = plan.title;
  report.file = options.input;
  std::optional<std::int64_t> group;
  if (store) {
    RunRecord g;
    g.kind = "batch";
    g.name = options.input;
    g.created_utc = utc_timestamp();
    g.engine_version = NEGSIM_VERSION;
    g.scenario_file = options.input;
    g.scenario_text = plan.text;
    g.scenario_sha256 = sha256_hex(plan.text);
    g.seed = seed;
    g.threads = options.threads;
    try {
      group = store->begin_group(g);
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: results will not be recorded: " << e.what() << "\n";
      store.reset();
    }
  }

  bool any_invalid = false;
  const std::size_t n = plan.entries.size();
  for (std::size_t i = 0; i < n; ++i) {
    const PlannedEntry& p = plan.entries[i];
    BatchEntry entry;
    entry.name = p.name;
    entry.scenario = p.scenario;
    entry.overrides = p.overrides;
    const std::string tag = fmt::format("[{}/{}] {}", i + 1, n, p.name);
    if (stop_requested().load()) break;

    LoadedScenario loaded;
    try {
      loaded = load_for_run(p.path.string(), p.overrides);
    } catch (const InputError& e) {
      any_invalid = true;
      entry.error = diagnostics_text(e);
      std::cerr << tag << ": could not run " << p.path.string() << ":\n" << entry.error << "\n";
      if (store && group)
        store->add_member(Member{*group, static_cast<int>(i), p.name, std::nullopt, entry.error});
      report.entries.push_back(std::move(entry));
      continue;
    }

    RunOptions run;
    run.seed = seed;
    run.threads = options.threads;
    run.branches =
        options.branches.value_or(p.branches.value_or(plan.branches.value_or(kDefaultBranches)));
    const std::string options_json = "{}";
    const std::string key =
        run_cache_key(loaded, run.seed, run.branches, p.overrides, options_json);
    if (store && !options.store.force) {
      if (auto id = store->find_cached(key)) {
        if (auto summary = stored_summary(*store, *id)) {
          entry.summary = std::move(summary);
          entry.run_id = id;
          entry.reused = true;
          if (group) store->add_member(Member{*group, static_cast<int>(i), p.name, id, ""});
        }
      }
    }
    if (!entry.summary) {
      Summary summary = run_and_summarise(loaded, run, tag, show_progress);
      if (summary.provenance.branches == 0) break;  // stopped before any branch finished
      entry.summary = std::move(summary);
      if (store) {
        const InterruptsHeld held;
        try {
          entry.run_id = store->add_run(
              run_record(loaded, *entry.summary, p.overrides, options_json, key, p.name),
              outcome_rows(*entry.summary),
              group ? std::optional<Member>(
                          Member{*group, static_cast<int>(i), p.name, std::nullopt, ""})
                    : std::nullopt);
        } catch (const StoreError& e) {
          std::cerr << "negsim: warning: " << e.what() << "\n";
        }
      }
    }
    if (!options.quiet) {
      std::cerr << fmt::format(
          "{}: {} branches{} — {}\n", tag, thousands_of(entry.summary->provenance.branches),
          entry.reused
              ? fmt::format(" (stored result {} reused; --force runs again)", *entry.run_id)
              : fmt::format(" in {:.1f} s", entry.summary->provenance.wall_seconds),
          bottom_line(*entry.summary));
    }
    if (!options.out_dir.empty()) {
      const InterruptsHeld held;
      try {
        write_run_outputs(fs::path(options.out_dir) / p.name, *entry.summary);
      } catch (const std::exception& e) {
        std::cerr << "negsim: error: " << e.what() << "\n";
        return kExitFailure;
      }
    }
    const bool partial = entry.summary->provenance.partial;
    report.entries.push_back(std::move(entry));
    if (partial) break;
  }
  report.partial = stop_requested().load() || report.entries.size() < n;

  const InterruptsHeld held;
  std::cout << "\n" << batch_text(report);
  std::cout.flush();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (store && group) {
    try {
      store->finish_group(*group, report.partial ? "interrupted" : "complete", wall,
                          to_json(report).dump());
      if (!options.quiet)
        std::cerr << "recorded as result " << *group << " in " << store->path()
                  << " (negsim results show " << *group << ")\n";
    } catch (const StoreError& e) {
      std::cerr << "negsim: warning: " << e.what() << "\n";
    }
  }
  if (!options.out_dir.empty() &&
      !write_report_files(options.out_dir, "comparison", batch_markdown(report), batch_csv(report),
                          to_json(report).dump(2) + "\n", options.quiet, "each scenario's summary"))
    return kExitFailure;
  if (report.partial) return kExitInterrupted;
  return any_invalid ? kExitBadInput : kExitOk;
}

const RegisterCommand registered{
    30, [](CLI::App& app) {
      auto options = std::make_shared<BatchCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "batch",
          "Run several scenarios and variants; show their outcome probabilities side by side");
      cmd->footer(
          "Run several scenarios and variants, and show their outcome probabilities side by\n"
          "side. BATCH.yaml lists the entries:\n"
          "  title: \"Abu Dhabi 2026 and variants\"\n"
          "  seed: 7                  # optional, shared by every entry\n"
          "  branches: 100000         # optional default\n"
          "  entries:\n"
          "    - {name: base, scenario: ../abu_dhabi_2026.yaml}\n"
          "    - name: costly_war\n"
          "      scenario: ../abu_dhabi_2026.yaml\n"
          "      set: [\"parties.russia.costs.per_round=0.02\"]\n"
          "      branches: 50000\n"
          "Paths are relative to the batch file. Given a DIRECTORY instead, every .yaml file\n"
          "in it is an entry. A scenario that cannot run is reported and the others still\n"
          "run (exit status 2 at the end).");
      cmd->add_option("BATCH", options->input, "batch file (YAML) or a directory of scenarios")
          ->required();
      cmd->add_option("--branches", options->branches,
                      "branches for every entry (overrides the batch file; default " +
                          std::to_string(kDefaultBranches) + ")")
          ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
      cmd->add_option("--seed", options->seed,
                      "random seed for every entry (overrides the batch file; default " +
                          std::to_string(kDefaultSeed) + ")");
      cmd->add_option("--threads", options->threads, "threads to use; 0 = every core")
          ->check(CLI::Range(0, 1024));
      cmd->add_option("--out", options->out_dir,
                      "write comparison.md, comparison.csv, comparison.json and NAME/summary.* "
                      "for each entry into this directory");
      add_store_options(cmd, options->store);
      cmd->add_flag("--quiet,-q", options->quiet, "no progress or notes on stderr");
      return [options] { return run_batch(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
