#pragma once
// The results store's tables and how a database written by an earlier negsim
// is brought up to date (internal to the output layer; the tables are
// documented in docs/results-store.md).
//
// The layout's version is SQLite's `PRAGMA user_version`. Versions 1 and 2
// predate it and kept their version only in the one-row table
// `schema_version`, which every version still keeps equal to user_version so
// that a negsim from before version 3 refuses a newer file instead of
// misreading it.

namespace negsim::detail {

// The tables of a new database, at ResultsStore::kSchemaVersion (without the
// version marks).
extern const char* const kResultsSchema;

// The statements that take a database from version `from` to `from + 1`,
// for `from` from 1 to ResultsStore::kSchemaVersion - 1 (nullptr otherwise); they set both version
// marks.
const char* results_upgrade(int from);

}  // namespace negsim::detail
