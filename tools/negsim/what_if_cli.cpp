#include "what_if_cli.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/summary_json.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ Ctrl-C

namespace {

std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_stop(int) {
  if (stop_flag.exchange(true)) ::_exit(kExitInterrupted);
  static const char note[] =
      "\nnegsim: stopping after the branches in progress (Ctrl-C again to quit at once)\n";
  const ssize_t ignored = ::write(STDERR_FILENO, note, sizeof note - 1);
  (void)ignored;
}

}  // namespace

const std::atomic<bool>& stop_requested() {
  return stop_flag;
}

void install_stop_handler() {
  struct sigaction action {};
  action.sa_handler = on_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
}

InterruptsHeld::InterruptsHeld() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

InterruptsHeld::~InterruptsHeld() {
  ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

// ------------------------------------------------------------ progress

bool progress_wanted(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return false;
  return std::getenv("CI") == nullptr && std::getenv("NEGSIM_NO_PROGRESS") == nullptr;
}

void ProgressLine::draw(const RunProgress& p) {
  if (p.seconds - last_ < 0.1 && p.done < p.target) return;
  last_ = p.seconds;
  const double fraction =
      p.target ? static_cast<double>(p.done) / static_cast<double>(p.target) : 1.0;
  const int width = 20, filled = static_cast<int>(fraction * width);
  const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
  const long eta = rate > 0 ? std::lround(static_cast<double>(p.target - p.done) / rate) : 0;
  std::cerr << fmt::format("\r{} [{}{}] {:3.0f}%  ETA {}:{:02}\033[K", label_,
                           std::string(filled, '#'), std::string(width - filled, '.'),
                           fraction * 100, eta / 60, eta % 60)
            << std::flush;
}

void ProgressLine::clear() {
  if (last_ >= 0) std::cerr << "\r\033[K" << std::flush;
}

// ------------------------------------------------------------ scenarios

LoadedScenario load_for_run(const std::string& file, const std::vector<std::string>& overrides) {
  LoadedScenario out;
  LoadOptions options;
  options.overrides = overrides;
  out.scenario = load_scenario_file(file, options);
  out.simulator = std::make_shared<const Simulator>(out.scenario);
  // The text that ran, as the store keeps it; the loader hashed the same text.
  out.text = composed_scenario_text(file, overrides);
  return out;
}

void write_run_outputs(const std::filesystem::path& dir, const Summary& summary) {
  std::filesystem::create_directories(dir);
  write_file_atomically(dir / "summary.json", to_json(summary).dump(2) + "\n");
  write_file_atomically(dir / "summary.md", markdown_report(summary));
  write_file_atomically(dir / "outcomes.csv", csv_report(summary));
}

bool write_report_files(const std::string& out_dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json, bool quiet, const std::string& also) {
  try {
    const std::filesystem::path dir(out_dir);
    std::filesystem::create_directories(dir);
    write_file_atomically(dir / (stem + ".md"), markdown);
    write_file_atomically(dir / (stem + ".csv"), csv);
    write_file_atomically(dir / (stem + ".json"), json);
  } catch (const std::exception& e) {
    std::cerr << "negsim: error: " << e.what() << "\n";
    return false;
  }
  if (!quiet) {
    if (also.empty())
      std::cerr << fmt::format("wrote {0}.md, {0}.csv and {0}.json to {1}\n", stem, out_dir);
    else
      std::cerr << fmt::format("wrote {0}.md, {0}.csv, {0}.json and {1} to {2}\n", stem, also,
                               out_dir);
  }
  return true;
}

// ------------------------------------------------------------ the results store

void add_store_options(CLI::App* cmd, StoreOptions& options, bool with_force) {
  cmd->add_option("--db", options.db,
                  "results database to record in (default: negsim-results.db in the --out "
                  "directory, or in the current directory)");
  cmd->add_flag("--no-db", options.no_db, "do not record the results in a database");
  if (with_force)
    cmd->add_flag("--force", options.force,
                  "run again even when the same scenario, seed, branches and overrides are "
                  "already in the database");
}

std::string default_db_path(const std::string& out_dir) {
  return (std::filesystem::path(out_dir.empty() ? "." : out_dir) / "negsim-results.db").string();
}

std::unique_ptr<ResultsStore> open_store(const StoreOptions& options, const std::string& out_dir,
                                         bool quiet) {
  if (options.no_db) return nullptr;
  const std::string path = options.db.empty() ? default_db_path(out_dir) : options.db;
  try {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    return std::make_unique<ResultsStore>(path);
  } catch (const std::exception& e) {
    if (!quiet) std::cerr << "negsim: warning: results will not be recorded: " << e.what() << "\n";
    return nullptr;
  }
}

std::string run_cache_key(const LoadedScenario& loaded, std::uint64_t seed, std::uint64_t branches,
                          const std::vector<std::string>& overrides,
                          const std::string& options_json) {
  return cache_key(loaded.scenario.sha256, seed, branches, overrides, options_json, NEGSIM_VERSION);
}

RunRecord run_record(const LoadedScenario& loaded, const Summary& summary,
                     const std::vector<std::string>& overrides, const std::string& options_json,
                     const std::string& key, const std::string& name) {
  const Provenance& p = summary.provenance;
  RunRecord r;
  r.kind = "run";
  r.name = name;
  r.status = p.partial ? "interrupted" : "complete";
  r.created_utc = p.date.empty() ? utc_timestamp() : p.date;
  r.engine_version = p.engine_version.empty() ? NEGSIM_VERSION : p.engine_version;
  r.scenario_id = loaded.scenario.id;
  r.scenario_file = loaded.scenario.file;
  r.scenario_sha256 = loaded.scenario.sha256;
  r.scenario_text = loaded.text;
  r.overrides = overrides;
  r.options_json = options_json;
  r.seed = p.seed;
  r.branches = p.branches;
  r.threads = p.threads;
  r.wall_seconds = p.wall_seconds;
  r.partial = p.partial;
  r.cache_key = p.partial ? std::string() : key;
  r.summary_json = to_json(summary).dump();
  return r;
}

std::vector<StoredOutcome> outcome_rows(const Summary& summary) {
  std::vector<StoredOutcome> rows;
  for (const auto& o : summary.outcomes)
    rows.push_back({o.id, o.label, o.count, o.probability, o.ci95.low, o.ci95.high});
  return rows;
}

std::optional<Summary> stored_summary(const ResultsStore& store, std::int64_t id) {
  try {
    const auto run = store.run(id);
    if (!run) return std::nullopt;
    return summary_from_json(nlohmann::json::parse(run->summary_json));
  } catch (const std::exception& e) {
    std::cerr << "negsim: note: stored result " << id << " cannot be read back (" << e.what()
              << "); running again\n";
    return std::nullopt;
  }
}

std::string run_options_json(double precision, std::uint64_t max_branches) {
  nlohmann::json j = nlohmann::json::object();
  if (precision > 0) {
    j["precision"] = precision;
    j["max_branches"] = max_branches;
  }
  return j.dump();
}

std::optional<Summary> stored_run_for(ResultsStore* store, const StoreOptions& options,
                                      const Scenario& scenario,
                                      const std::vector<std::string>& overrides, std::uint64_t seed,
                                      std::uint64_t branches, const std::string& options_json,
                                      bool quiet, std::string& key) {
  key = cache_key(scenario.sha256, seed, branches, overrides, options_json, NEGSIM_VERSION);
  if (!store || options.force) return std::nullopt;
  try {
    const auto id = store->find_cached(key);
    if (!id) return std::nullopt;
    auto summary = stored_summary(*store, *id);
    if (summary && !quiet)
      std::cerr << "negsim: the same scenario, seed, branches and overrides ran before: showing "
                   "stored result "
                << *id << " from " << store->path() << " (--force runs it again)\n";
    return summary;
  } catch (const StoreError& e) {
    if (!quiet) std::cerr << "negsim: warning: " << e.what() << "\n";
    return std::nullopt;
  }
}

void record_run(ResultsStore* store, const Scenario& scenario,
                const std::vector<std::string>& overrides, const Summary& summary,
                const std::string& options_json, const std::string& key, bool quiet) {
  if (!store) return;
  try {
    LoadedScenario loaded;
    loaded.scenario = scenario;
    loaded.text = composed_scenario_text(scenario.file, overrides);
    const std::string name = std::filesystem::path(scenario.file).filename().string();
    const auto id = store->add_run(run_record(loaded, summary, overrides, options_json, key, name),
                                   outcome_rows(summary));
    if (!quiet) std::cerr << "recorded as result " << id << " in " << store->path() << "\n";
  } catch (const std::exception& e) {
    if (!quiet) std::cerr << "negsim: warning: the result was not recorded: " << e.what() << "\n";
  }
}

Summary run_and_summarise(const LoadedScenario& loaded, RunOptions options,
                          const std::string& label, bool show_progress) {
  auto line = std::make_shared<ProgressLine>(label);
  if (show_progress) options.progress = [line](const RunProgress& p) { line->draw(p); };
  options.cancel = &stop_requested();
  const RunResult result = run_branches(*loaded.simulator, options);
  if (show_progress) line->clear();
  Provenance provenance;
  provenance.seed = options.seed;
  provenance.threads = result.threads;
  provenance.wall_seconds = result.wall_seconds;
  provenance.date = utc_timestamp();
  provenance.partial = result.partial;
  provenance.precision = options.precision;
  provenance.precision_met = result.precision_met;
  return summarise(loaded.scenario, loaded.simulator->outcomes(), result.tally, provenance);
}

}  // namespace negsim::cli
