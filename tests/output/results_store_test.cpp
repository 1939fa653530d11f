// The SQLite results store: exact round trips, reuse by cache key, groups,
// and what other processes see while it is written or when it is killed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "negsim/output/results_store.hpp"
#include "negsim/output/sensitivity_report.hpp"
#include "negsim/output/summary_json.hpp"
#include "negsim/output/sweep_json.hpp"
#include "negsim/run/paired_comparison.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/run/sweep.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

namespace fs = std::filesystem;

class Store : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = negsim::test_support::scratch_path("store");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "results.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string db_;
};

RunRecord a_run(std::uint64_t seed = 7, std::uint64_t branches = 1000) {
  RunRecord r;
  r.name = "talks.yaml";
  r.created_utc = "2026-01-23T09:30:00Z";
  r.engine_version = "0.1.0";
  r.scenario_id = "talks";
  r.scenario_file = "scenarios/talks.yaml";
  r.scenario_sha256 = sha256_hex("scenario text");
  r.scenario_text = "scenario:\n  id: talks\n# ünïcödé and a NUL-free comment\n";
  r.overrides = {"parties.russia.batna=0.3", "scenario.horizon=40"};
  r.options_json = R"({"precision":0.005})";
  r.seed = seed;
  r.branches = branches;
  r.threads = 2;
  r.wall_seconds = 1.25;
  r.cache_key =
      cache_key(r.scenario_sha256, seed, branches, r.overrides, r.options_json, r.engine_version);
  r.summary_json = R"({"format":"negsim-summary"})";
  return r;
}

// `k` outcome rows whose counts add up to `branches`.
std::vector<StoredOutcome> some_outcomes(std::uint64_t branches, int k = 4) {
  std::vector<StoredOutcome> out;
  std::uint64_t left = branches;
  for (int i = 0; i < k; ++i) {
    const std::uint64_t c = i + 1 == k ? left : left / 3;
    left -= c;
    const double p = static_cast<double>(c) / static_cast<double>(branches);
    out.push_back(
        {fmt::format("outcome_{}", i), fmt::format("Outcome {}", i), c, p, p - 0.01, p + 0.01});
  }
  return out;
}

Summary a_summary() {
  Summary s;
  Provenance& p = s.provenance;
  p.engine_version = "0.1.0";
  p.date = "2026-01-23T09:30:00Z";
  p.scenario_id = "talks";
  p.scenario_title = "Talks";
  p.scenario_file = "talks.yaml";
  p.scenario_sha256 = sha256_hex("x");
  p.round_label = "week";
  p.round_days = 7;
  p.horizon = 52;
  p.seed = std::numeric_limits<std::uint64_t>::max();  // survives SQLite's signed integers
  p.branches = 3;
  p.threads = 2;
  p.wall_seconds = 0.1 + 0.2;  // not a short decimal
  OutcomeSummary o;
  o.id = "agreement";
  o.label = "Agreement";
  o.count = 1;
  o.probability = 1.0 / 3.0;
  o.std_error = std::sqrt(2.0 / 27.0);
  o.ci95 = wilson_interval(1, 3);
  o.rounds = Spread{12.5, 0.1, 1, 2, 3, 4, 5, 6, 7};
  o.agreed_count = 1;
  o.terms.push_back(IssueTerms{"donetsk",
                               "Donetsk",
                               "continuous",
                               "share",
                               1,
                               Spread{0.123456789012345678, 1e-300, 0, 0, 0, 0, 0, 0, 1},
                               {}});
  o.utility.push_back(PartyUtility{"ukraine", "Ukraine", Spread{2.0 / 3.0}});
  s.outcomes.push_back(o);
  OutcomeSummary u;
  u.id = "unresolved";
  u.label = "Unresolved";
  u.unresolved = true;
  u.count = 2;
  u.probability = 2.0 / 3.0;
  u.ci95 = wilson_interval(2, 3);
  s.outcomes.push_back(u);
  s.timing.resolved = 1;
  s.timing.unresolved_share = 2.0 / 3.0;
  PathSummary path;
  path.states = {"talks", "deal"};
  path.count = 1;
  path.share = 1.0 / 3.0;
  path.labels = {"Talks", "Deal"};
  s.paths.push_back(path);
  return s;
}

TEST_F(Store, RoundTripsARunAndASummaryExactly) {
  const Summary summary = a_summary();
  RunRecord run = a_run();
  run.summary_json = to_json(summary).dump();
  std::vector<StoredOutcome> rows;
  for (const auto& o : summary.outcomes)
    rows.push_back({o.id, o.label, o.count, o.probability, o.ci95.low, o.ci95.high});
  std::int64_t id = 0;
  {
    ResultsStore store(db_);
    id = store.add_run(run, rows);
  }
  const ResultsStore store(db_, ResultsStore::Open::existing);  // a fresh connection
  const auto back = store.run(id);
  ASSERT_TRUE(back.has_value());
  run.id = id;
  EXPECT_EQ(*back, run);
  EXPECT_EQ(store.outcomes(id), rows);  // doubles bit for bit
  EXPECT_EQ(summary_from_json(nlohmann::json::parse(back->summary_json)), summary);
}

TEST_F(Store, ReusesAResultOnlyForTheSameKey) {
  ResultsStore store(db_);
  EXPECT_FALSE(store.find_cached(a_run().cache_key).has_value());
  const auto first = store.add_run(a_run(), some_outcomes(1000));
  const auto second = store.add_run(a_run(), some_outcomes(1000));
  EXPECT_EQ(store.find_cached(a_run().cache_key), second);  // the newest
  (void)first;
  EXPECT_FALSE(store.find_cached(a_run(8).cache_key).has_value());
  EXPECT_FALSE(store.find_cached(a_run(7, 999).cache_key).has_value());
  RunRecord partial = a_run(9);
  partial.partial = true;
  store.add_run(partial, some_outcomes(1000));
  EXPECT_FALSE(store.find_cached(partial.cache_key).has_value());  // partial runs are never reused

  const auto key = [](std::vector<std::string> overrides, std::string options,
                      std::string version) {
    return cache_key("abc", 7, 100, overrides, options, version);
  };
  EXPECT_EQ(key({"a=1"}, "{}", "1"), key({"a=1"}, "", "1"));
  EXPECT_NE(key({"a=1"}, "{}", "1"), key({"a=2"}, "{}", "1"));
  EXPECT_NE(key({"a=1", "b=2"}, "{}", "1"), key({"b=2", "a=1"}, "{}", "1"));
  EXPECT_NE(key({}, "{}", "1"), key({}, "{}", "2"));
  EXPECT_NE(key({}, "{}", "1"), key({}, R"({"precision":0.01})", "1"));
}

TEST_F(Store, GroupsCollectTheirMembers) {
  ResultsStore store(db_);
  const auto standalone = store.add_run(a_run(1), some_outcomes(1000));
  RunRecord batch;
  batch.kind = "batch";
  batch.name = "abu_dhabi.yaml";
  batch.created_utc = "2026-01-23T10:00:00Z";
  batch.engine_version = "0.1.0";
  const auto id = store.begin_group(batch);
  EXPECT_EQ(store.run(id)->status, "running");
  const auto member =
      store.add_run(a_run(2), some_outcomes(1000), Member{id, 0, "base", std::nullopt, ""});
  store.add_member(Member{id, 1, "reused", standalone, ""});
  store.add_member(Member{id, 2, "broken", std::nullopt, "variant.yaml:3:1: error: ..."});
  store.finish_group(id, "complete", 4.5, R"({"entries":3})");

  const auto members = store.members(id);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].run_id, member);
  EXPECT_EQ(members[1].run_id, standalone);
  EXPECT_FALSE(members[2].run_id.has_value());
  EXPECT_EQ(members[2].error, "variant.yaml:3:1: error: ...");
  const auto group = store.run(id);
  EXPECT_EQ(group->status, "complete");
  EXPECT_FALSE(group->partial);
  EXPECT_EQ(group->summary_json, R"({"entries":3})");
  EXPECT_EQ(store.run(member)->parent_id, id);

  // The listing shows what the user ran, not the runs made for a group.
  std::vector<std::int64_t> top;
  for (const auto& r : store.list()) top.push_back(r.id);
  EXPECT_EQ(top, (std::vector<std::int64_t>{id, standalone}));
  EXPECT_EQ(store.list(false).size(), 3u);
  EXPECT_THROW(store.finish_group(standalone, "complete", 0, "{}"), StoreError);
  EXPECT_THROW(store.finish_group(id, "done", 0, "{}"), StoreError);
}

RunRecord a_group(const std::string& kind = "batch") {
  RunRecord group;
  group.kind = kind;
  group.name = "abu_dhabi.yaml";
  group.created_utc = "2026-01-23T10:00:00Z";
  group.engine_version = "0.1.0";
  return group;
}

std::vector<std::int64_t> all_ids(const ResultsStore& store) {
  std::vector<std::int64_t> ids;
  for (const auto& r : store.list(false)) ids.push_back(r.id);
  return ids;
}

// A group shared among MPI ranks is written whole or not at all.
TEST_F(Store, AnAllOrNothingWriteIsKeptWholeOrNotAtAll) {
  ResultsStore store(db_);
  const auto standalone = store.add_run(a_run(1), some_outcomes(1000));

  store.begin_all_or_nothing();
  EXPECT_THROW(store.begin_all_or_nothing(), StoreError);
  const auto id = store.begin_group(a_group());
  store.add_run(a_run(2), some_outcomes(1000), Member{id, 0, "base", std::nullopt, ""});
  // A write that fails inside takes back only itself.
  EXPECT_THROW(store.finish_group(id, "done", 0, "{}"), StoreError);
  EXPECT_EQ(store.list(false).size(), 3u);
  {
    const ResultsStore other(db_, ResultsStore::Open::existing);  // another process's view
    EXPECT_EQ(all_ids(other), std::vector<std::int64_t>{standalone});
  }
  store.roll_back_all_or_nothing();
  EXPECT_EQ(all_ids(store), std::vector<std::int64_t>{standalone});

  store.begin_all_or_nothing();
  const auto kept = store.begin_group(a_group());
  const auto member =
      store.add_run(a_run(3), some_outcomes(1000), Member{kept, 0, "base", std::nullopt, ""});
  store.finish_group(kept, "complete", 2.0, R"({"entries":1})");
  store.commit_all_or_nothing();
  store.roll_back_all_or_nothing();  // nothing open: no effect
  const ResultsStore other(db_, ResultsStore::Open::existing);
  EXPECT_EQ(other.run(kept)->status, "complete");
  ASSERT_EQ(other.members(kept).size(), 1u);
  EXPECT_EQ(other.members(kept)[0].run_id, member);
  EXPECT_EQ(other.list(false).size(), 3u);
}

TEST_F(Store, KeepsSweepAndComparisonRows) {
  ResultsStore store(db_);
  RunRecord sweep_row;
  sweep_row.kind = "sweep";
  const auto sweep_id = store.begin_group(sweep_row);
  SweepResult sweep;
  sweep.axes = {{"parties.russia.batna", 0, 1, 3}};
  sweep.outcomes = {"no_deal", "deal"};
  for (double x : sweep.axes[0].values())
    sweep.points.push_back(SweepPoint{{x}, {}, {1 - x, x}, {}, 100, 0, ""});
  sweep.tipping_points = find_tipping_points(sweep);
  store.finish_sweep(sweep_id, "complete", 1, sweep, to_json(sweep).dump());

  RunRecord compare_row;
  compare_row.kind = "compare";
  const auto compare_id = store.begin_group(compare_row);
  PairedTally t(2);
  t.add(0, 0);
  t.add(0, 1);
  store.finish_compare(compare_id, "interrupted", 1,
                       {compare_paired(t, {"a", "b"}, "base", "variant")}, "{}");
  EXPECT_TRUE(store.run(compare_id)->partial);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const auto scalar = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
    const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
  };
  EXPECT_EQ(scalar("SELECT count(*) FROM sweep_points"), "3");
  // At 0.5 the two tie and the first listed leads.
  EXPECT_EQ(scalar("SELECT group_concat(most_likely) FROM sweep_points"), "no_deal,no_deal,deal");
  EXPECT_EQ(scalar("SELECT from_outcome || '>' || to_outcome || '@' || at_value FROM "
                   "sweep_tipping_points"),
            "no_deal>deal@0.5");
  EXPECT_EQ(scalar("SELECT gained || '/' || lost FROM compare_outcomes WHERE outcome = 'b'"),
            "1/0");
  EXPECT_EQ(scalar("SELECT count FROM compare_changes"), "1");
  sqlite3_close(db);
}

TEST_F(Store, RefusesDatabasesItCannotRead) {
  EXPECT_THROW(ResultsStore((dir_ / "absent.db").string(), ResultsStore::Open::existing),
               StoreError);
  {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "other.db").string().c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  try {
    ResultsStore store((dir_ / "other.db").string());
    FAIL() << "a foreign database was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              fmt::format("'{}' is an SQLite database but not a negsim results database; choose "
                          "another file with --db",
                          (dir_ / "other.db").string()));
  }
  { ResultsStore store(db_); }
  {
    sqlite3* db = nullptr;
    sqlite3_open(db_.c_str(), &db);
    // A version 1 or 2 file kept its version in schema_version only.
    sqlite3_exec(db, "UPDATE schema_version SET version = 99; PRAGMA user_version = 0", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
  }
  try {
    ResultsStore store(db_);
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("was written by a newer negsim (schema 99"),
              std::string::npos);
  }
}

// Every run visible to a reader has all its outcome rows, and they add up.
// Returns how many runs it saw; fails the test on a partial run.
int check_complete(const std::string& path, int outcomes_per_run) {
  const ResultsStore reader(path, ResultsStore::Open::existing);
  int seen = 0;
  for (const auto& run : reader.list(false)) {
    if (run.kind != "run") continue;
    const auto rows = reader.outcomes(run.id);
    EXPECT_EQ(rows.size(), static_cast<std::size_t>(outcomes_per_run)) << "run " << run.id;
    std::uint64_t total = 0;
    for (const auto& r : rows) total += r.count;
    EXPECT_EQ(total, run.branches) << "run " << run.id;
    ++seen;
  }
  return seen;
}

// Forks a process that writes runs (into a batch when `batch` is set) until it
// has written `runs` of them (0: until it is killed).
pid_t start_writer(const std::string& path, int runs, bool batch) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: only SQLite and the store from here on, then _exit without unwinding gtest.
  try {
    ResultsStore store(path);
    std::optional<std::int64_t> group;
    if (batch) {
      RunRecord b;
      b.kind = "batch";
      group = store.begin_group(b);
    }
    for (int i = 0; runs == 0 || i < runs; ++i) {
      const std::uint64_t branches = 1000 + static_cast<std::uint64_t>(i);
      RunRecord r = a_run(static_cast<std::uint64_t>(i), branches);
      const auto rows = some_outcomes(branches, 12);
      if (group)
        store.add_run(r, rows, Member{*group, i, fmt::format("entry {}", i), std::nullopt, ""});
      else
        store.add_run(r, rows);
    }
  } catch (...) {
    _exit(3);
  }
  _exit(0);
}

// tests/data/results_store/version2.sql: `sqlite3 .dump` of a database that
// negsim wrote before results could be named (schema version 2, kept in the
// table schema_version): two runs (one with --set) and a comparison of the
// scenario with itself changed, whose two member runs are results 4 and 5.
void load_version2(const std::string& path) {
  std::ifstream in(std::string(NEGSIM_SOURCE_DIR) + "/tests/data/results_store/version2.sql");
  std::stringstream sql;
  sql << in.rdbuf();
  ASSERT_FALSE(sql.str().empty());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// One integer a query gives, read without negsim.
std::int64_t query_integer(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sql;
  std::int64_t value = -1;
  if (s && sqlite3_step(s) == SQLITE_ROW) value = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return value;
}

TEST_F(Store, UpgradesAVersionTwoFileAsTheLastReleaseWroteIt) {
  load_version2(db_);
  ASSERT_EQ(query_integer(db_, "PRAGMA user_version"), 0);
  ASSERT_EQ(query_integer(db_, "SELECT version FROM schema_version"), 2);
  {
    ResultsStore store(db_, ResultsStore::Open::existing);
    const auto all = store.list(false);
    ASSERT_EQ(all.size(), 5u);
    const auto first = store.run(1);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->kind, "run");
    EXPECT_EQ(first->seed, 3u);
    EXPECT_EQ(first->scenario_file, "minimal.yaml");
    EXPECT_EQ(first->label, "");
    EXPECT_EQ(first->note, "");
    // The stored summary still reads back as a summary.
    const Summary summary = summary_from_json(nlohmann::json::parse(first->summary_json));
    EXPECT_EQ(summary.provenance.branches, 200u);
    EXPECT_FALSE(store.outcomes(1).empty());
    EXPECT_EQ(store.run(2)->overrides, std::vector<std::string>{"scenario.horizon=10"});
    const auto members = store.members(3);
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[1].run_id, 5);
    // The cache keys the last release wrote are found again.
    EXPECT_EQ(store.find_cached(first->cache_key), 1);

    // What version 3 adds works on the upgraded file.
    EXPECT_TRUE(store.set_label(3, "horizon 8 against the base"));
    EXPECT_TRUE(store.set_note(3, "a note"));
    EXPECT_FALSE(store.set_label(99, "none"));
    EXPECT_EQ(store.run(3)->label, "horizon 8 against the base");
    EXPECT_EQ(store.run(3)->note, "a note");
    EXPECT_GT(store.add_run(a_run(), some_outcomes(1000)), 5);
  }
  EXPECT_EQ(query_integer(db_, "PRAGMA user_version"), ResultsStore::kSchemaVersion);
  // The old mark follows, so that the last release refuses the file as newer.
  EXPECT_EQ(query_integer(db_, "SELECT version FROM schema_version"), ResultsStore::kSchemaVersion);
  EXPECT_EQ(query_integer(db_, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  // Opening it again changes nothing more.
  { ResultsStore again(db_, ResultsStore::Open::existing); }
  EXPECT_EQ(query_integer(db_, "SELECT count(*) FROM runs"), 6);
}

TEST_F(Store, ANewFileCarriesItsVersionInUserVersion) {
  { ResultsStore store(db_); }
  EXPECT_EQ(query_integer(db_, "PRAGMA user_version"), ResultsStore::kSchemaVersion);
  EXPECT_EQ(query_integer(db_, "SELECT version FROM schema_version"), ResultsStore::kSchemaVersion);
}

TEST_F(Store, RefusesAFileOfANewerVersion) {
  { ResultsStore store(db_); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    ResultsStore store(db_);
    FAIL() << "opened a newer file";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              fmt::format("results database '{}' was written by a newer negsim (schema 99, this "
                          "negsim reads up to {}); use a newer negsim or another file with --db",
                          db_, ResultsStore::kSchemaVersion));
  }
}

TEST_F(Store, NamesAndNotesAreKeptAndCleared) {
  ResultsStore store(db_);
  const std::int64_t id = store.add_run(a_run(), some_outcomes(1000));
  EXPECT_TRUE(store.set_label(id, "baseline — März"));
  EXPECT_TRUE(store.set_note(id, "US pressure at the 2025 rate"));
  EXPECT_EQ(store.list().front().label, "baseline — März");
  EXPECT_EQ(store.run(id)->note, "US pressure at the 2025 rate");
  EXPECT_TRUE(store.set_label(id, ""));
  EXPECT_EQ(store.run(id)->label, "");
  EXPECT_EQ(store.run(id)->note, "US pressure at the 2025 rate");
}

TEST_F(Store, UpgradesAVersionOneFileKeepingItsRuns) {
  // A version 1 file as an earlier release wrote it: `runs.kind` without
  // 'sensitivity' and no sensitivity tables (made from the version 2 file by hand).
  load_version2(db_);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  const auto exec = [&](const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    return rc == SQLITE_OK ? std::string() : message;
  };
  ASSERT_EQ(exec(R"sql(
PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE sensitivity_tornado;
DROP TABLE sensitivity_indices;
CREATE TABLE runs_v1 (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('run', 'batch', 'sweep', 'compare')),
  name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
  parent_id INTEGER REFERENCES runs(id),
  created_utc TEXT NOT NULL, engine_version TEXT NOT NULL,
  scenario_id TEXT NOT NULL DEFAULT '', scenario_file TEXT NOT NULL DEFAULT '',
  scenario_sha256 TEXT NOT NULL DEFAULT '', scenario_text TEXT NOT NULL DEFAULT '',
  overrides_json TEXT NOT NULL DEFAULT '[]', options_json TEXT NOT NULL DEFAULT '{}',
  seed INTEGER NOT NULL DEFAULT 0, branches INTEGER NOT NULL DEFAULT 0,
  threads INTEGER NOT NULL DEFAULT 0, wall_seconds REAL NOT NULL DEFAULT 0,
  partial INTEGER NOT NULL DEFAULT 0, cache_key TEXT, summary_json TEXT NOT NULL DEFAULT '');
INSERT INTO runs_v1 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v1 RENAME TO runs;
CREATE INDEX runs_by_cache_key ON runs(cache_key) WHERE cache_key IS NOT NULL;
CREATE INDEX runs_by_parent ON runs(parent_id);
UPDATE schema_version SET version = 1;
COMMIT;
)sql"),
            "");
  // The old CHECK holds: a version 1 file cannot take a sensitivity analysis.
  EXPECT_NE(exec("INSERT INTO runs (kind, status, created_utc, engine_version) VALUES "
                 "('sensitivity', 'complete', 'x', 'y')"),
            "");
  sqlite3_close(db);

  ResultsStore store(db_, ResultsStore::Open::existing);
  const auto back = store.run(1);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->seed, 3u);
  EXPECT_FALSE(store.outcomes(1).empty());
  EXPECT_EQ(store.find_cached(back->cache_key), 1);
  RunRecord analysis = a_run();
  analysis.kind = "sensitivity";
  analysis.cache_key.clear();
  const std::int64_t group = store.begin_group(analysis);
  SensitivityReport report;
  report.tornado = Tornado{};
  report.tornado->bars.push_back(TornadoBar{});
  report.tornado->bars[0].input = "parties.a.batna";
  store.finish_sensitivity(group, "complete", 1.0, report, "{}");
  EXPECT_EQ(store.run(group)->status, "complete");
  EXPECT_TRUE(store.set_note(group, "from version 1"));
  EXPECT_EQ(query_integer(db_, "SELECT version FROM schema_version"), ResultsStore::kSchemaVersion);
  EXPECT_EQ(query_integer(db_, "PRAGMA user_version"), ResultsStore::kSchemaVersion);
  EXPECT_EQ(query_integer(db_, "SELECT count(*) FROM sensitivity_tornado"), 1);
  EXPECT_EQ(query_integer(db_, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

TEST_F(Store, AConcurrentReaderSeesOnlyCompleteRuns) {
  { ResultsStore create(db_); }
  const int kRuns = 400;
  const pid_t writer = start_writer(db_, kRuns, false);
  ASSERT_GT(writer, 0);
  int status = 0;
  int reads = 0;
  while (waitpid(writer, &status, WNOHANG) == 0) {
    check_complete(db_, 12);
    ++reads;
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(check_complete(db_, 12), kRuns);
  EXPECT_GT(reads, 0);
}

TEST_F(Store, AKilledBatchLeavesAConsistentDatabase) {
  { ResultsStore create(db_); }
  const pid_t writer = start_writer(db_, 0, true);
  ASSERT_GT(writer, 0);
  // Let it finish a few entries, then kill it without warning, mid-write more often than not.
  for (;;) {
    int early = 0;
    ASSERT_EQ(waitpid(writer, &early, WNOHANG), 0) << "the writer stopped on its own";
    const ResultsStore reader(db_, ResultsStore::Open::existing);
    const auto groups = reader.list();
    if (!groups.empty() && reader.members(groups.front().id).size() >= 25) break;
  }
  ASSERT_EQ(kill(writer, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(writer, &status, 0), writer);
  ASSERT_TRUE(WIFSIGNALED(status));

  const int runs = check_complete(db_, 12);
  ResultsStore store(db_);
  const auto groups = store.list();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].status, "running");  // never finished: shown as such, with what it did
  EXPECT_TRUE(groups[0].partial);
  const auto members = store.members(groups[0].id);
  EXPECT_EQ(static_cast<int>(members.size()), runs);  // every finished run is a member, and back
  for (const auto& m : members) {
    ASSERT_TRUE(m.run_id.has_value());
    EXPECT_EQ(store.run(*m.run_id)->parent_id, groups[0].id);
  }

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok");
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(s), SQLITE_DONE);  // no dangling reference
  sqlite3_finalize(s);
  sqlite3_close(db);

  // The database keeps working: a new result goes in after the crash.
  EXPECT_GT(store.add_run(a_run(), some_outcomes(1000)), 0);
}

}  // namespace
}  // namespace negsim
