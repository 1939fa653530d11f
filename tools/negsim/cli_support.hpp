#pragma once
// What every negsim command shares: the one way to say a note, warning or
// error, Ctrl-C, the progress display, the listener that shows what the
// engine's what-if work tells, and the results store options.

#include <signal.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/svg_chart.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/whatif/context.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ messages

// "negsim: note: TEXT", "negsim: warning: TEXT" or "negsim: error: TEXT" on stderr.
void say(Severity severity, const std::string& text);

// Every problem on stderr, one "FILE:LINE:COLUMN: error: PATH: message" per line.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics);
inline void print_diagnostics(const InputError& error) {
  print_diagnostics(error.diagnostics());
}

// ------------------------------------------------------------ Ctrl-C

// Set by the first Ctrl-C once install_stop_handler() ran; a second Ctrl-C
// ends the process at once with exit code 130.
const std::atomic<bool>& stop_requested();
void install_stop_handler();

// Holds SIGINT back while it lives (while results are written); a pending
// Ctrl-C is delivered afterwards.
class InterruptsHeld {
 public:
  InterruptsHeld();
  ~InterruptsHeld();
  InterruptsHeld(const InterruptsHeld&) = delete;
  InterruptsHeld& operator=(const InterruptsHeld&) = delete;

 private:
  sigset_t old_;
};

// ------------------------------------------------------------ progress

// A progress display on stderr only when it is a terminal, not under CI, and not --quiet.
bool progress_wanted(bool quiet);

// One line on stderr, redrawn at most ten times a second:
//   "LABEL [#######.................]  29%  29000/100000 branches  61234/s  ETA 0:01"
// or, when the total is open (a precision target), the branches so far and the time.
class ProgressDisplay {
 public:
  // Starts a new run's line (clearing the last one's).
  void start(std::string label = "", bool open_ended = false);
  void draw(const RunProgress& progress);
  // Removes the line, if one was drawn.
  void clear();

 private:
  std::string label_;
  bool open_ended_ = false;
  double last_ = -1;  // when the line was last drawn; < 0: not drawn
};

// ------------------------------------------------------------ what-if work

// Shows on stderr what a batch, sweep or comparison tells: status lines
// unless --quiet, messages and entries that could not run always, progress
// when wanted; holds Ctrl-C back while results are written.
class CliListener : public WhatIfListener {
 public:
  explicit CliListener(bool quiet);
  void status(const std::string& line) override;
  void message(Severity severity, const std::string& text) override;
  void could_not_run(const std::string& text) override;
  bool wants_progress() const override { return show_progress_; }
  void run_started(const std::string& label) override;
  void run_progress(const RunProgress& progress) override;
  void run_ended() override;
  void writing(bool begins) override;

 private:
  bool quiet_, show_progress_;
  ProgressDisplay display_;
  std::vector<std::unique_ptr<InterruptsHeld>> held_;
};

// ------------------------------------------------------------ the results store

struct StoreOptions {
  std::string db;      // --db; empty: the default place
  bool no_db = false;  // --no-db
  bool force = false;  // --force: run again even when the result is stored
};

// Adds --db, --no-db and (when `with_force`) --force to `cmd`.
void add_store_options(CLI::App* cmd, StoreOptions& options, bool with_force = true);

// `negsim-results.db` in `out_dir` when given, else in the current directory.
std::string default_db_path(const std::string& out_dir);

// Opens the store unless --no-db; on failure says why (unless `quiet`) and
// returns nullptr (results are still shown and written; only the record is missing).
std::unique_ptr<ResultsStore> open_store(const StoreOptions& options, const std::string& out_dir,
                                         bool quiet);

// ------------------------------------------------------------ batch, sweep, compare

// What they set up once their input is checked: Ctrl-C, the listener and the
// results store.
class WhatIfSession {
 public:
  WhatIfSession(const StoreOptions& store, const std::string& out_dir, bool quiet);
  const WhatIfContext& context() const { return context_; }

 private:
  CliListener listener_;
  std::unique_ptr<ResultsStore> store_;
  WhatIfContext context_;
};

struct WhatIfResult {
  WhatIfResult(std::string text, std::string stem, std::string markdown, std::string csv,
               const nlohmann::json& json);

  std::string text;                       // the report, for standard output
  std::string stem, markdown, csv, json;  // the report's files in --out: STEM.md, .csv, .json
  std::string also;                       // what else the command wrote there, for the note
  std::string html;                       // STEM.html, when not empty
  std::vector<Chart> charts;              // its figures, written to figures/
  bool partial = false;                   // stopped by Ctrl-C
  bool any_invalid = false;               // an entry, point or variant could not run
};

// How they end: the report on standard output, its files in `out_dir` (when
// given; a note names them unless `quiet`), and the exit code.
int finish_what_if(const WhatIfResult& result, const std::string& out_dir, bool quiet);

}  // namespace negsim::cli
