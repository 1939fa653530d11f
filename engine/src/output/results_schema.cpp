#include "results_schema.hpp"

namespace negsim::detail {

const char* const kResultsSchema = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('run', 'batch', 'sweep', 'compare',
                                                'sensitivity')),
  name            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
  parent_id       INTEGER REFERENCES runs(id),
  created_utc     TEXT NOT NULL,
  engine_version  TEXT NOT NULL,
  scenario_id     TEXT NOT NULL DEFAULT '',
  scenario_file   TEXT NOT NULL DEFAULT '',
  scenario_sha256 TEXT NOT NULL DEFAULT '',
  scenario_text   TEXT NOT NULL DEFAULT '',
  overrides_json  TEXT NOT NULL DEFAULT '[]',
  options_json    TEXT NOT NULL DEFAULT '{}',
  seed            INTEGER NOT NULL DEFAULT 0,
  branches        INTEGER NOT NULL DEFAULT 0,
  threads         INTEGER NOT NULL DEFAULT 0,
  wall_seconds    REAL NOT NULL DEFAULT 0,
  partial         INTEGER NOT NULL DEFAULT 0,
  cache_key       TEXT,
  summary_json    TEXT NOT NULL DEFAULT '',
  label           TEXT NOT NULL DEFAULT '',
  note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_cache_key ON runs(cache_key) WHERE cache_key IS NOT NULL;
CREATE INDEX runs_by_parent ON runs(parent_id);
CREATE TABLE outcomes (
  run_id      INTEGER NOT NULL REFERENCES runs(id),
  position    INTEGER NOT NULL,
  outcome     TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  count       INTEGER NOT NULL,
  probability REAL NOT NULL,
  ci_low      REAL NOT NULL,
  ci_high     REAL NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE members (
  group_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  run_id   INTEGER REFERENCES runs(id),
  error    TEXT,
  PRIMARY KEY (group_id, position),
  CHECK ((run_id IS NULL) <> (error IS NULL))
);
CREATE TABLE sweep_points (
  sweep_id    INTEGER NOT NULL REFERENCES runs(id),
  position    INTEGER NOT NULL,
  key1        TEXT NOT NULL,
  value1      REAL NOT NULL,
  key2        TEXT,
  value2      REAL,
  most_likely TEXT,
  error       TEXT,
  PRIMARY KEY (sweep_id, position)
);
CREATE TABLE sweep_tipping_points (
  sweep_id     INTEGER NOT NULL REFERENCES runs(id),
  position     INTEGER NOT NULL,
  key          TEXT NOT NULL,
  other_key    TEXT,
  other_value  REAL,
  before_value REAL NOT NULL,
  after_value  REAL NOT NULL,
  at_value     REAL NOT NULL,
  from_outcome TEXT NOT NULL,
  to_outcome   TEXT NOT NULL,
  PRIMARY KEY (sweep_id, position)
);
CREATE TABLE compare_outcomes (
  compare_id          INTEGER NOT NULL REFERENCES runs(id),
  variant_position    INTEGER NOT NULL,
  outcome             TEXT NOT NULL,
  base_probability    REAL NOT NULL,
  variant_probability REAL NOT NULL,
  difference          REAL NOT NULL,
  paired_low          REAL NOT NULL,
  paired_high         REAL NOT NULL,
  unpaired_low        REAL NOT NULL,
  unpaired_high       REAL NOT NULL,
  gained              INTEGER NOT NULL,
  lost                INTEGER NOT NULL,
  PRIMARY KEY (compare_id, variant_position, outcome)
);
CREATE TABLE compare_changes (
  compare_id       INTEGER NOT NULL REFERENCES runs(id),
  variant_position INTEGER NOT NULL,
  from_outcome     TEXT NOT NULL,
  to_outcome       TEXT NOT NULL,
  count            INTEGER NOT NULL,
  PRIMARY KEY (compare_id, variant_position, from_outcome, to_outcome)
);
CREATE TABLE sensitivity_tornado (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  input            TEXT NOT NULL,
  low_value        REAL NOT NULL,
  high_value       REAL NOT NULL,
  low_probability  REAL NOT NULL,
  high_probability REAL NOT NULL,
  swing            REAL NOT NULL,
  swing_low        REAL NOT NULL,
  swing_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
CREATE TABLE sensitivity_indices (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  factor           TEXT NOT NULL,
  first_order      REAL NOT NULL,
  first_order_low  REAL NOT NULL,
  first_order_high REAL NOT NULL,
  total            REAL NOT NULL,
  total_low        REAL NOT NULL,
  total_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
)sql";

namespace {

// Version 1 to 2: `runs.kind` may be 'sensitivity', and its two tables. SQLite
// cannot change a CHECK in place, so `runs` is copied into a new table under
// its name (https://sqlite.org/lang_altertable.html, "other kinds of table
// schema changes"); the other tables keep referring to it by name.
constexpr const char* kUpgradeTo2 = R"sql(
CREATE TABLE runs_v2 (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('run', 'batch', 'sweep', 'compare',
                                                'sensitivity')),
  name            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
  parent_id       INTEGER REFERENCES runs(id),
  created_utc     TEXT NOT NULL,
  engine_version  TEXT NOT NULL,
  scenario_id     TEXT NOT NULL DEFAULT '',
  scenario_file   TEXT NOT NULL DEFAULT '',
  scenario_sha256 TEXT NOT NULL DEFAULT '',
  scenario_text   TEXT NOT NULL DEFAULT '',
  overrides_json  TEXT NOT NULL DEFAULT '[]',
  options_json    TEXT NOT NULL DEFAULT '{}',
  seed            INTEGER NOT NULL DEFAULT 0,
  branches        INTEGER NOT NULL DEFAULT 0,
  threads         INTEGER NOT NULL DEFAULT 0,
  wall_seconds    REAL NOT NULL DEFAULT 0,
  partial         INTEGER NOT NULL DEFAULT 0,
  cache_key       TEXT,
  summary_json    TEXT NOT NULL DEFAULT ''
);
INSERT INTO runs_v2 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_by_cache_key ON runs(cache_key) WHERE cache_key IS NOT NULL;
CREATE INDEX runs_by_parent ON runs(parent_id);
CREATE TABLE sensitivity_tornado (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  input            TEXT NOT NULL,
  low_value        REAL NOT NULL,
  high_value       REAL NOT NULL,
  low_probability  REAL NOT NULL,
  high_probability REAL NOT NULL,
  swing            REAL NOT NULL,
  swing_low        REAL NOT NULL,
  swing_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
CREATE TABLE sensitivity_indices (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  factor           TEXT NOT NULL,
  first_order      REAL NOT NULL,
  first_order_low  REAL NOT NULL,
  first_order_high REAL NOT NULL,
  total            REAL NOT NULL,
  total_low        REAL NOT NULL,
  total_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
UPDATE schema_version SET version = 2;
PRAGMA user_version = 2;
)sql";

// Version 2 to 3: a result can be named and annotated (`negsim results name`,
// `negsim results note`); the version moves to user_version.
constexpr const char* kUpgradeTo3 = R"sql(
ALTER TABLE runs ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';
UPDATE schema_version SET version = 3;
PRAGMA user_version = 3;
)sql";

}  // namespace

const char* results_upgrade(int from) {
  switch (from) {
    case 1:
      return kUpgradeTo2;
    case 2:
      return kUpgradeTo3;
    default:
      return nullptr;
  }
}

}  // namespace negsim::detail
