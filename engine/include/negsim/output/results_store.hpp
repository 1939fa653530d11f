#pragma once
// The results store: every run, batch, sweep and comparison recorded in one
// SQLite database, so that any earlier result can be listed, re-rendered and
// reused without running it again. The tables are documented in
// docs/results-store.md.
//
// Safety: the database is in WAL mode and every result is written in ONE
// transaction (a run together with its outcome rows and its membership in a
// batch), so a second process reading meanwhile sees each result whole or not
// at all, and a crash or Ctrl-C leaves the results finished before it intact.
// A batch, sweep or comparison is a row of its own, created as `running` when
// it starts, joined by each member as it finishes, and marked `complete` (or
// `interrupted`) at the end; one that was killed stays `running` with the
// members it finished.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace negsim {

struct PairedComparison;
struct SensitivityReport;
struct SweepResult;

// Raised when the database cannot be opened, read or written; the message
// names the file and what SQLite said.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One row of `runs`: a single run, or a batch / sweep / comparison.
struct RunRecord {
  std::int64_t id = 0;              // assigned by the store
  std::string kind = "run";         // run | batch | sweep | compare | sensitivity
  std::string name;                 // batch entry name, variant name, or the scenario file's name
  std::string status = "complete";  // running | complete | interrupted
  std::string created_utc;
  std::string engine_version;
  std::string scenario_id, scenario_file, scenario_sha256;
  std::string scenario_text;           // the scenario exactly as it ran (after extends and --set)
  std::vector<std::string> overrides;  // --set texts, in order
  std::string options_json = "{}";  // other settings that change results, e.g. {"precision":0.005}
  std::uint64_t seed = 0, branches = 0;
  int threads = 0;
  double wall_seconds = 0;
  bool partial = false;
  std::optional<std::int64_t> parent_id;  // the group it was run for; none: run on its own
  std::string cache_key;                  // see cache_key(); empty: never reused
  std::string summary_json;  // run: summary.json; batch/sweep/compare: their own report
  std::string label;         // the analyst's name for it (`negsim results name`); empty: none
  std::string note;          // the analyst's note on it (`negsim results note`)
  bool operator==(const RunRecord&) const = default;
};

// One row of `outcomes`.
struct StoredOutcome {
  std::string outcome, label;
  std::uint64_t count = 0;
  double probability = 0, ci_low = 0, ci_high = 0;
  bool operator==(const StoredOutcome&) const = default;
};

// One row of `members`: entry `position` of a batch, sweep or comparison,
// either a run or the reason it could not run.
struct Member {
  std::int64_t group_id = 0;
  int position = 0;
  std::string name;
  std::optional<std::int64_t> run_id;
  std::string error;
  bool operator==(const Member&) const = default;
};

// The key under which a result is reused: the same scenario text (after
// extends and overrides), seed, requested branches, overrides, options and
// engine version give the same result, bit for bit. SHA-256, hex.
std::string cache_key(const std::string& scenario_sha256, std::uint64_t seed,
                      std::uint64_t branches, const std::vector<std::string>& overrides,
                      const std::string& options_json, const std::string& engine_version);

// SHA-256 of `text`, lowercase hex.
std::string sha256_hex(const std::string& text);

class ResultsStore {
 public:
  // 2: sensitivity analyses (runs.kind 'sensitivity' and their two tables);
  // 3: results named and annotated (runs.label, runs.note), the version in
  // PRAGMA user_version. Earlier files are upgraded when opened.
  static constexpr int kSchemaVersion = 3;

  enum class Open { create, existing };

  // Opens the database, creating it (and its tables) when absent unless
  // `mode` is `existing`. Throws StoreError when it cannot, or when it was
  // written by a newer negsim.
  explicit ResultsStore(const std::string& path, Open mode = Open::create);
  ~ResultsStore();
  ResultsStore(ResultsStore&&) noexcept;
  ResultsStore& operator=(ResultsStore&&) noexcept;

  const std::string& path() const;

  // While another process holds the database's lock, a write waits up to 30
  // seconds, less when `cancel` turns true; `waiting` is called once when
  // the wait passes a second (to say so), from the waiting thread.
  void set_waiting(const std::atomic<bool>* cancel, std::function<void()> waiting);
  // Throws StoreError unless a result can be written now: the file is not
  // read-only, the tables are there, and no other process keeps it locked.
  void check_writable();

  // Stores a run with its outcome rows, and (when `member` is given) its place
  // in a group, in one transaction. Returns the run's id.
  std::int64_t add_run(const RunRecord& run, const std::vector<StoredOutcome>& outcomes,
                       const std::optional<Member>& member = std::nullopt);

  // Every write from here to commit_all_or_nothing() is kept together or not
  // at all: a process that dies in between (or roll_back_all_or_nothing())
  // leaves the store as it was. The write lock is held all the while, so
  // another process that writes waits, and gives up after the busy timeout.
  // Shared runs (docs/cluster.md) record this way: a rank that is killed
  // takes the whole job down and must leave no half-recorded group.
  void begin_all_or_nothing();
  void commit_all_or_nothing();
  void roll_back_all_or_nothing() noexcept;

  // Starts a batch, sweep or comparison: a `running` row that members join.
  std::int64_t begin_group(const RunRecord& group);
  // Adds a member that is an earlier run (a reused result) or an error.
  void add_member(const Member& member);
  // Ends a group: its status (complete or interrupted), wall time and own
  // report, plus the rows of its kind, in one transaction.
  void finish_group(std::int64_t group_id, const std::string& status, double wall_seconds,
                    const std::string& summary_json);
  void finish_sweep(std::int64_t sweep_id, const std::string& status, double wall_seconds,
                    const SweepResult& sweep, const std::string& summary_json);
  // `comparisons[i]` compares member 0 (the base) with member i + 1.
  void finish_compare(std::int64_t compare_id, const std::string& status, double wall_seconds,
                      const std::vector<PairedComparison>& comparisons,
                      const std::string& summary_json);

  // The tornado and the indices of a sensitivity analysis (sensitivity_report.hpp).
  void finish_sensitivity(std::int64_t sensitivity_id, const std::string& status,
                          double wall_seconds, const SensitivityReport& report,
                          const std::string& summary_json);

  // Names result `id` (empty text: no name) or sets its note (empty: none).
  // False when there is no result `id`.
  bool set_label(std::int64_t id, const std::string& label);
  bool set_note(std::int64_t id, const std::string& note);

  // The newest complete, non-partial run stored under `key`.
  std::optional<std::int64_t> find_cached(const std::string& key) const;

  // Runs, newest first. `top_level_only` leaves out runs that belong to a group.
  std::vector<RunRecord> list(bool top_level_only = true, int limit = 0) const;
  std::optional<RunRecord> run(std::int64_t id) const;
  std::vector<StoredOutcome> outcomes(std::int64_t run_id) const;
  std::vector<Member> members(std::int64_t group_id) const;

 private:
  void upgrade();  // a file of an earlier version, step by step to kSchemaVersion

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace negsim
