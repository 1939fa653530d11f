#include "negsim/output/results_store.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "negsim/output/sensitivity_report.hpp"
#include "negsim/run/paired_comparison.hpp"
#include "negsim/run/sweep.hpp"
#include "results_schema.hpp"

namespace negsim {

namespace {

// Another negsim writing at the same moment holds the lock for milliseconds;
// waiting this long means something is stuck, and the user should hear so.
constexpr double kBusyTimeoutSeconds = 30;
// After this long a waiting command says what it waits for.
constexpr double kBusyNoteSeconds = 1;

// SQLite keeps signed 64-bit integers; seeds and counts are unsigned and
// round-trip through the same bits.
std::int64_t to_sql(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}
std::uint64_t from_sql(std::int64_t v) {
  return static_cast<std::uint64_t>(v);
}

}  // namespace

struct ResultsStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void()> waiting;
  bool told_waiting = false;
  std::chrono::steady_clock::time_point wait_start;

  // SQLite's busy handler: wait for another process's lock in short sleeps,
  // giving up on cancel (Ctrl-C) or after kBusyTimeoutSeconds, and saying
  // once what it waits for.
  static int on_busy(void* self, int count) {
    auto& impl = *static_cast<Impl*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) impl.wait_start = now;
    if (impl.cancel && impl.cancel->load()) return 0;
    const double waited = std::chrono::duration<double>(now - impl.wait_start).count();
    if (waited > kBusyTimeoutSeconds) return 0;
    if (waited > kBusyNoteSeconds && !impl.told_waiting && impl.waiting) {
      impl.told_waiting = true;
      impl.waiting();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(count < 10 ? 2 : 20));
    return 1;
  }

  ~Impl() {
    if (db) sqlite3_close_v2(db);
  }

  // The layout's version (results_schema.hpp): user_version, or for files
  // from before it the one-row table schema_version; 0 for an empty file and
  // -1 for a database that is not a results store. Each statement is
  // finished before the caller goes on: SQLite refuses to change a table
  // while a statement of the same connection still reads it.
  int layout_version();

  [[noreturn]] void fail(const std::string& what) const {
    throw StoreError(fmt::format("results database '{}': {}: {}", path, what,
                                 db ? sqlite3_errmsg(db) : "out of memory"));
  }

  void exec(const char* sql, const char* what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : sqlite3_errmsg(db);
      sqlite3_free(message);
      throw StoreError(fmt::format("results database '{}': {}: {}", path, what, text));
    }
  }

  class Statement {
   public:
    Statement(Impl& impl, const char* sql) : impl_(impl) {
      if (sqlite3_prepare_v2(impl.db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
        impl.fail("preparing a query");
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v) {
      check(sqlite3_bind_int64(stmt_, i, v));
      return *this;
    }
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v) {
      check(sqlite3_bind_double(stmt_, i, v));
      return *this;
    }
    Statement& bind(int i, const std::string& v) {
      check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
      return *this;
    }
    Statement& bind_null(int i) {
      check(sqlite3_bind_null(stmt_, i));
      return *this;
    }
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
      return v ? bind(i, *v) : bind_null(i);
    }

    // True while there is a row to read.
    bool step() {
      const int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_ROW) return true;
      if (rc == SQLITE_DONE) return false;
      impl_.fail("running a query");
    }
    void run() {
      while (step()) {
      }
    }
    void reset() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }

    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::string text(int col) const {
      const auto* p = sqlite3_column_text(stmt_, col);
      return p ? std::string(reinterpret_cast<const char*>(p),
                             static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
               : std::string();
    }

   private:
    void check(int rc) {
      if (rc != SQLITE_OK) impl_.fail("binding a value");
    }
    Impl& impl_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  // BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the
  // busy timeout instead of failing half-way when one upgrades its lock.
  // Inside an all-or-nothing write (ResultsStore::begin_all_or_nothing) it is
  // a savepoint: its changes are kept only if the outer write commits.
  class Transaction {
   public:
    explicit Transaction(Impl& impl) : impl_(impl), nested_(impl.all_or_nothing) {
      impl_.exec(nested_ ? "SAVEPOINT one_write" : "BEGIN IMMEDIATE", "starting a write");
    }
    ~Transaction() {
      if (done_) return;
      sqlite3_exec(impl_.db, nested_ ? "ROLLBACK TO one_write; RELEASE one_write" : "ROLLBACK",
                   nullptr, nullptr, nullptr);
    }
    void commit() {
      impl_.exec(nested_ ? "RELEASE one_write" : "COMMIT", "saving the result");
      done_ = true;
    }

   private:
    Impl& impl_;
    bool nested_;
    bool done_ = false;
  };
  bool all_or_nothing = false;

  std::int64_t insert_run(const RunRecord& r) {
    Statement s(*this, R"sql(
      INSERT INTO runs (kind, name, status, parent_id, created_utc, engine_version, scenario_id,
                        scenario_file, scenario_sha256, scenario_text, overrides_json,
                        options_json, seed, branches, threads, wall_seconds, partial, cache_key,
                        summary_json)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19))sql");
    s.bind(1, r.kind).bind(2, r.name).bind(3, r.status).bind(4, r.parent_id);
    s.bind(5, r.created_utc).bind(6, r.engine_version).bind(7, r.scenario_id);
    s.bind(8, r.scenario_file).bind(9, r.scenario_sha256).bind(10, r.scenario_text);
    s.bind(11, nlohmann::json(r.overrides).dump()).bind(12, r.options_json);
    s.bind(13, to_sql(r.seed)).bind(14, to_sql(r.branches)).bind(15, r.threads);
    s.bind(16, r.wall_seconds).bind(17, r.partial ? 1 : 0);
    if (r.cache_key.empty())
      s.bind_null(18);
    else
      s.bind(18, r.cache_key);
    s.bind(19, r.summary_json);
    s.run();
    return sqlite3_last_insert_rowid(db);
  }

  void insert_member(const Member& m) {
    Statement s(*this,
                "INSERT INTO members (group_id, position, name, run_id, error) "
                "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, m.group_id).bind(2, m.position).bind(3, m.name).bind(4, m.run_id);
    if (m.run_id)
      s.bind_null(5);
    else
      s.bind(5, m.error.empty() ? std::string("it did not run") : m.error);
    s.run();
  }

  void update_group(std::int64_t id, const std::string& status, double wall_seconds,
                    const std::string& summary_json) {
    if (status != "complete" && status != "interrupted")
      throw StoreError(
          fmt::format("a finished group is complete or interrupted, not '{}'", status));
    Statement s(*this,
                "UPDATE runs SET status = ?1, partial = ?2, wall_seconds = ?3, summary_json = ?4 "
                "WHERE id = ?5 AND kind <> 'run'");
    s.bind(1, status).bind(2, status == "complete" ? 0 : 1).bind(3, wall_seconds);
    s.bind(4, summary_json).bind(5, id);
    s.run();
    if (sqlite3_changes(db) != 1)
      throw StoreError(
          fmt::format("results database '{}': there is no batch, sweep or comparison "
                      "with id {}",
                      path, id));
  }

  // Runs `sql` (an UPDATE of one text column, ?1 the text and ?2 the id) in
  // a transaction of its own; false when no row has that id.
  bool update_text(const char* sql, std::int64_t id, const std::string& text) {
    Transaction t(*this);
    Statement s(*this, sql);
    s.bind(1, text).bind(2, id);
    s.run();
    const bool found = sqlite3_changes(db) == 1;
    t.commit();
    return found;
  }

  static RunRecord read_run(const Statement& s) {
    RunRecord r;
    r.id = s.integer(0);
    r.kind = s.text(1);
    r.name = s.text(2);
    r.status = s.text(3);
    if (!s.is_null(4)) r.parent_id = s.integer(4);
    r.created_utc = s.text(5);
    r.engine_version = s.text(6);
    r.scenario_id = s.text(7);
    r.scenario_file = s.text(8);
    r.scenario_sha256 = s.text(9);
    r.scenario_text = s.text(10);
    try {
      r.overrides = nlohmann::json::parse(s.text(11)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
      r.overrides = {"(damaged in the database)"};
    }
    r.options_json = s.text(12);
    r.seed = from_sql(s.integer(13));
    r.branches = from_sql(s.integer(14));
    r.threads = static_cast<int>(s.integer(15));
    r.wall_seconds = s.real(16);
    r.partial = s.integer(17) != 0;
    r.cache_key = s.text(18);
    r.summary_json = s.text(19);
    r.label = s.text(20);
    r.note = s.text(21);
    return r;
  }
};

int ResultsStore::Impl::layout_version() {
  {
    Statement user(*this, "PRAGMA user_version");
    if (user.step() && user.integer(0) > 0) return static_cast<int>(user.integer(0));
  }
  {
    Statement table(*this,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                    "'schema_version'");
    table.step();
    if (table.integer(0) > 0) {
      Statement v(*this, "SELECT max(version) FROM schema_version");
      return v.step() ? static_cast<int>(v.integer(0)) : 0;
    }
  }
  Statement any(*this, "SELECT count(*) FROM sqlite_master");
  any.step();
  return any.integer(0) > 0 ? -1 : 0;
}

namespace {
constexpr const char* kRunColumns =
    "id, kind, name, status, parent_id, created_utc, engine_version, scenario_id, scenario_file, "
    "scenario_sha256, scenario_text, overrides_json, options_json, seed, branches, threads, "
    "wall_seconds, partial, cache_key, summary_json, label, note";
}  // namespace

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string cache_key(const std::string& scenario_sha256, std::uint64_t seed,
                      std::uint64_t branches, const std::vector<std::string>& overrides,
                      const std::string& options_json, const std::string& engine_version) {
  // A JSON array has one spelling for these values, so equal inputs give equal keys.
  const nlohmann::json key = {scenario_sha256,
                              seed,
                              branches,
                              overrides,
                              nlohmann::json::parse(options_json.empty() ? "{}" : options_json),
                              engine_version};
  return sha256_hex(key.dump());
}

ResultsStore::ResultsStore(const std::string& path, Open mode) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  const int flags = SQLITE_OPEN_READWRITE | (mode == Open::create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &impl_->db, flags, nullptr) != SQLITE_OK) {
    const std::string why = impl_->db ? sqlite3_errmsg(impl_->db) : "out of memory";
    throw StoreError(mode == Open::existing
                         ? fmt::format("no results database at '{}' ({})", path, why)
                         : fmt::format("cannot open the results database '{}': {}", path, why));
  }
  sqlite3_busy_handler(impl_->db, &Impl::on_busy, impl_.get());
  sqlite3_extended_result_codes(impl_->db, 1);
  impl_->exec("PRAGMA foreign_keys = ON", "enabling foreign keys");

  // Is it a negsim database at all, and of which version?
  const int version = impl_->layout_version();
  if (version < 0)
    throw StoreError(fmt::format(
        "'{}' is an SQLite database but not a negsim results database; choose another file "
        "with --db",
        path));
  if (version > kSchemaVersion)
    throw StoreError(fmt::format(
        "results database '{}' was written by a newer negsim (schema {}, this negsim reads up to "
        "{}); use a newer negsim or another file with --db",
        path, version, kSchemaVersion));
  if (version == 0) {
    // WAL: readers never block the writer and always see a committed state.
    impl_->exec("PRAGMA journal_mode = WAL", "switching to write-ahead logging");
    Impl::Transaction t(*impl_);
    // Another process may have created the tables since we looked.
    if (impl_->layout_version() == 0) {
      impl_->exec(detail::kResultsSchema, "creating the tables");
      Impl::Statement v(*impl_, "INSERT INTO schema_version (version) VALUES (?1)");
      v.bind(1, kSchemaVersion).run();
      impl_->exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(),
                  "marking the tables' version");
    }
    t.commit();
  }
  if (version > 0 && version < kSchemaVersion) upgrade();
  impl_->exec("PRAGMA synchronous = NORMAL", "setting durability");
}

void ResultsStore::upgrade() {
  // Foreign keys stay off while a table is replaced (they cannot change inside
  // a transaction), and are checked before the change is saved.
  impl_->exec("PRAGMA foreign_keys = OFF", "upgrading the tables");
  {
    Impl::Transaction t(*impl_);
    // Another negsim may have upgraded the file since we looked; each step
    // is taken from the version found under the write lock.
    for (int version = impl_->layout_version(); version > 0 && version < kSchemaVersion;
         ++version) {
      impl_->exec(
          detail::results_upgrade(version),
          fmt::format("upgrading the tables from version {} to {}", version, version + 1).c_str());
      Impl::Statement check(*impl_, "PRAGMA foreign_key_check");
      if (check.step())
        throw StoreError(fmt::format(
            "results database '{}': the upgrade to version {} broke a reference; left as it was",
            impl_->path, version + 1));
    }
    t.commit();
  }
  impl_->exec("PRAGMA foreign_keys = ON", "enabling foreign keys");
}

ResultsStore::~ResultsStore() = default;
ResultsStore::ResultsStore(ResultsStore&&) noexcept = default;
ResultsStore& ResultsStore::operator=(ResultsStore&&) noexcept = default;

const std::string& ResultsStore::path() const {
  return impl_->path;
}

void ResultsStore::set_waiting(const std::atomic<bool>* cancel, std::function<void()> waiting) {
  impl_->cancel = cancel;
  impl_->waiting = std::move(waiting);
}

void ResultsStore::check_writable() {
  Impl::Transaction t(*impl_);
  // Nothing written: the write lock was taken, which is what a result needs,
  // and the tables every result goes to are there.
  impl_->exec(
      "SELECT 1 FROM runs LIMIT 0; SELECT 1 FROM outcomes LIMIT 0; "
      "SELECT 1 FROM members LIMIT 0",
      "checking its tables");
}

std::int64_t ResultsStore::add_run(const RunRecord& run, const std::vector<StoredOutcome>& outcomes,
                                   const std::optional<Member>& member) {
  if (run.kind != "run")
    throw StoreError(fmt::format("add_run stores single runs, not a '{}'", run.kind));
  Impl::Transaction t(*impl_);
  RunRecord record = run;
  if (member) record.parent_id = member->group_id;
  const std::int64_t id = impl_->insert_run(record);
  Impl::Statement s(*impl_,
                    "INSERT INTO outcomes (run_id, position, outcome, label, count, probability, "
                    "ci_low, ci_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    s.reset();
    s.bind(1, id).bind(2, static_cast<int>(i)).bind(3, o.outcome).bind(4, o.label);
    s.bind(5, to_sql(o.count)).bind(6, o.probability).bind(7, o.ci_low).bind(8, o.ci_high);
    s.run();
  }
  if (member) {
    Member m = *member;
    m.run_id = id;
    m.error.clear();
    impl_->insert_member(m);
  }
  t.commit();
  return id;
}

void ResultsStore::begin_all_or_nothing() {
  if (impl_->all_or_nothing) throw StoreError("an all-or-nothing write is already open");
  impl_->exec("BEGIN IMMEDIATE", "starting a write");
  impl_->all_or_nothing = true;
}

void ResultsStore::commit_all_or_nothing() {
  if (!impl_->all_or_nothing) return;
  impl_->exec("COMMIT", "saving the results");
  impl_->all_or_nothing = false;
}

void ResultsStore::roll_back_all_or_nothing() noexcept {
  if (!impl_->all_or_nothing) return;
  sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
  impl_->all_or_nothing = false;
}

std::int64_t ResultsStore::begin_group(const RunRecord& group) {
  if (group.kind != "batch" && group.kind != "sweep" && group.kind != "compare" &&
      group.kind != "sensitivity")
    throw StoreError(fmt::format(
        "a group is a batch, sweep, compare or sensitivity analysis, not a '{}'", group.kind));
  Impl::Transaction t(*impl_);
  RunRecord record = group;
  record.status = "running";
  record.partial = true;
  const std::int64_t id = impl_->insert_run(record);
  t.commit();
  return id;
}

void ResultsStore::add_member(const Member& member) {
  Impl::Transaction t(*impl_);
  impl_->insert_member(member);
  t.commit();
}

void ResultsStore::finish_group(std::int64_t group_id, const std::string& status,
                                double wall_seconds, const std::string& summary_json) {
  Impl::Transaction t(*impl_);
  impl_->update_group(group_id, status, wall_seconds, summary_json);
  t.commit();
}

void ResultsStore::finish_sweep(std::int64_t sweep_id, const std::string& status,
                                double wall_seconds, const SweepResult& sweep,
                                const std::string& summary_json) {
  Impl::Transaction t(*impl_);
  impl_->update_group(sweep_id, status, wall_seconds, summary_json);
  Impl::Statement p(*impl_,
                    "INSERT INTO sweep_points (sweep_id, position, key1, value1, key2, value2, "
                    "most_likely, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    const auto& pt = sweep.points[i];
    p.reset();
    p.bind(1, sweep_id).bind(2, static_cast<int>(i));
    p.bind(3, sweep.axes.at(0).key).bind(4, pt.values.at(0));
    if (sweep.axes.size() > 1) {
      p.bind(5, sweep.axes[1].key).bind(6, pt.values.at(1));
    } else {
      p.bind_null(5).bind_null(6);
    }
    if (pt.ok() && pt.most_likely < sweep.outcomes.size()) {
      p.bind(7, sweep.outcomes[pt.most_likely]).bind_null(8);
    } else {
      p.bind_null(7).bind(8, pt.error);
    }
    p.run();
  }
  Impl::Statement tp(*impl_,
                     "INSERT INTO sweep_tipping_points (sweep_id, position, key, other_key, "
                     "other_value, before_value, after_value, at_value, from_outcome, to_outcome) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  for (std::size_t i = 0; i < sweep.tipping_points.size(); ++i) {
    const auto& tip = sweep.tipping_points[i];
    tp.reset();
    tp.bind(1, sweep_id).bind(2, static_cast<int>(i)).bind(3, sweep.axes.at(tip.axis).key);
    if (tip.other && sweep.axes.size() > 1) {
      tp.bind(4, sweep.axes[1 - tip.axis].key).bind(5, *tip.other);
    } else {
      tp.bind_null(4).bind_null(5);
    }
    tp.bind(6, tip.before).bind(7, tip.after).bind(8, tip.at).bind(9, tip.from).bind(10, tip.to);
    tp.run();
  }
  t.commit();
}

void ResultsStore::finish_compare(std::int64_t compare_id, const std::string& status,
                                  double wall_seconds,
                                  const std::vector<PairedComparison>& comparisons,
                                  const std::string& summary_json) {
  Impl::Transaction t(*impl_);
  impl_->update_group(compare_id, status, wall_seconds, summary_json);
  Impl::Statement o(*impl_,
                    "INSERT INTO compare_outcomes (compare_id, variant_position, outcome, "
                    "base_probability, variant_probability, difference, paired_low, paired_high, "
                    "unpaired_low, unpaired_high, gained, lost) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  Impl::Statement c(*impl_,
                    "INSERT INTO compare_changes (compare_id, variant_position, from_outcome, "
                    "to_outcome, count) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (std::size_t v = 0; v < comparisons.size(); ++v) {
    const int position = static_cast<int>(v) + 1;
    for (const auto& d : comparisons[v].outcomes) {
      o.reset();
      o.bind(1, compare_id).bind(2, position).bind(3, d.outcome).bind(4, d.base_probability);
      o.bind(5, d.variant_probability).bind(6, d.difference).bind(7, d.paired_ci95.low);
      o.bind(8, d.paired_ci95.high).bind(9, d.unpaired_ci95.low).bind(10, d.unpaired_ci95.high);
      o.bind(11, to_sql(d.gained)).bind(12, to_sql(d.lost));
      o.run();
    }
    for (const auto& ch : comparisons[v].changes) {
      c.reset();
      c.bind(1, compare_id).bind(2, position).bind(3, ch.from).bind(4, ch.to);
      c.bind(5, to_sql(ch.count));
      c.run();
    }
  }
  t.commit();
}

void ResultsStore::finish_sensitivity(std::int64_t sensitivity_id, const std::string& status,
                                      double wall_seconds, const SensitivityReport& report,
                                      const std::string& summary_json) {
  Impl::Transaction t(*impl_);
  impl_->update_group(sensitivity_id, status, wall_seconds, summary_json);
  if (report.tornado) {
    Impl::Statement s(*impl_,
                      "INSERT INTO sensitivity_tornado (sensitivity_id, position, input, "
                      "low_value, high_value, low_probability, high_probability, swing, "
                      "swing_low, swing_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    const auto& bars = report.tornado->bars;
    for (std::size_t i = 0; i < bars.size(); ++i) {
      const TornadoBar& b = bars[i];
      s.reset();
      s.bind(1, sensitivity_id).bind(2, static_cast<int>(i)).bind(3, b.input);
      s.bind(4, b.low_value).bind(5, b.high_value).bind(6, b.low).bind(7, b.high);
      s.bind(8, b.swing).bind(9, b.swing_ci95.low).bind(10, b.swing_ci95.high);
      s.run();
    }
  }
  if (report.indices) {
    Impl::Statement s(*impl_,
                      "INSERT INTO sensitivity_indices (sensitivity_id, position, factor, "
                      "first_order, first_order_low, first_order_high, total, total_low, "
                      "total_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    int position = 0;
    for (std::size_t f : factors_by_total(report)) {
      const SobolIndex& x = report.indices->factors.at(f);
      s.reset();
      s.bind(1, sensitivity_id).bind(2, position++).bind(3, report.factors.at(f).id);
      s.bind(4, x.first).bind(5, x.first_ci95.low).bind(6, x.first_ci95.high);
      s.bind(7, x.total).bind(8, x.total_ci95.low).bind(9, x.total_ci95.high);
      s.run();
    }
  }
  t.commit();
}

bool ResultsStore::set_label(std::int64_t id, const std::string& label) {
  return impl_->update_text("UPDATE runs SET label = ?1 WHERE id = ?2", id, label);
}

bool ResultsStore::set_note(std::int64_t id, const std::string& note) {
  return impl_->update_text("UPDATE runs SET note = ?1 WHERE id = ?2", id, note);
}

std::optional<std::int64_t> ResultsStore::find_cached(const std::string& key) const {
  if (key.empty()) return std::nullopt;
  Impl::Statement s(*impl_,
                    "SELECT id FROM runs WHERE cache_key = ?1 AND kind = 'run' AND status = "
                    "'complete' AND partial = 0 ORDER BY id DESC LIMIT 1");
  s.bind(1, key);
  if (s.step()) return s.integer(0);
  return std::nullopt;
}

std::vector<RunRecord> ResultsStore::list(bool top_level_only, int limit) const {
  const std::string sql = fmt::format("SELECT {} FROM runs {} ORDER BY id DESC {}", kRunColumns,
                                      top_level_only ? "WHERE parent_id IS NULL" : "",
                                      limit > 0 ? fmt::format("LIMIT {}", limit) : std::string());
  Impl::Statement s(*impl_, sql.c_str());
  std::vector<RunRecord> out;
  while (s.step()) out.push_back(Impl::read_run(s));
  return out;
}

std::optional<RunRecord> ResultsStore::run(std::int64_t id) const {
  const std::string sql = fmt::format("SELECT {} FROM runs WHERE id = ?1", kRunColumns);
  Impl::Statement s(*impl_, sql.c_str());
  s.bind(1, id);
  if (s.step()) return Impl::read_run(s);
  return std::nullopt;
}

std::vector<StoredOutcome> ResultsStore::outcomes(std::int64_t run_id) const {
  Impl::Statement s(*impl_,
                    "SELECT outcome, label, count, probability, ci_low, ci_high FROM outcomes "
                    "WHERE run_id = ?1 ORDER BY position");
  s.bind(1, run_id);
  std::vector<StoredOutcome> out;
  while (s.step())
    out.push_back(StoredOutcome{s.text(0), s.text(1), from_sql(s.integer(2)), s.real(3), s.real(4),
                                s.real(5)});
  return out;
}

std::vector<Member> ResultsStore::members(std::int64_t group_id) const {
  Impl::Statement s(*impl_,
                    "SELECT group_id, position, name, run_id, error FROM members WHERE group_id = "
                    "?1 ORDER BY position");
  s.bind(1, group_id);
  std::vector<Member> out;
  while (s.step()) {
    Member m;
    m.group_id = s.integer(0);
    m.position = static_cast<int>(s.integer(1));
    m.name = s.text(2);
    if (!s.is_null(3)) m.run_id = s.integer(3);
    m.error = s.text(4);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace negsim
