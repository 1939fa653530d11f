#pragma once
// What every negsim command shares: the one way to say a note, warning or
// error, Ctrl-C, the progress display, the listener that shows what the
// engine's what-if work tells, and the results store options.

#include <signal.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "mpi_job.hpp"

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/output_set.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/svg_chart.hpp"
#include "negsim/run/runner.hpp"
#include "negsim/whatif/context.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ ending a command

// Thrown once the reason was said on stderr: main() ends the command with
// `code` (command.hpp's table).
struct Exit {
  int code;
};

// The end of every command: standard output flushed, and a failure to write
// it (a closed pipe, a full disk) said on stderr and turned into exit code 1
// when the command had none worse. What it stores and writes to files is kept
// before anything is printed, so such a failure never loses results.
int finish_standard_output(int code);

// ------------------------------------------------------------ messages

// "negsim: note: TEXT", "negsim: warning: TEXT" or "negsim: error: TEXT" on stderr.
// Control characters and bytes that are not UTF-8 (from a damaged file or
// database) are shown as \xNN, never sent raw to the terminal.
void say(Severity severity, const std::string& text);
std::string printable(const std::string& text);

// Every problem on stderr, one "FILE:LINE:COLUMN: error: PATH: message" per line.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics);
inline void print_diagnostics(const InputError& error) {
  print_diagnostics(error.diagnostics());
}

// ------------------------------------------------------------ Ctrl-C, SIGTERM, SIGHUP

// main() installs the early handler: SIGPIPE is ignored (a closed standard
// output is reported, see finish_standard_output) and SIGINT, SIGTERM or
// SIGHUP end the process at once with exit code 130, before any work is done.
void install_early_stop_handler();
// Under mpirun the early handler stays: a stop ends every rank at once and
// keeps nothing (docs/cluster.md). Rank 0 says so with `line` (a string
// that lives for the whole program), written as the process ends.
void explain_early_stop(const char* line);
// A command that has work to keep installs this one: the first SIGINT,
// SIGTERM or SIGHUP sets stop_requested() and the work stops within about a
// second, keeping what has run; a second ends the process at once (130).
const std::atomic<bool>& stop_requested();
void install_stop_handler();

// Holds SIGINT, SIGTERM and SIGHUP back while it lives (while results are
// written); a pending signal is delivered afterwards.
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
  // An error was told (a result that could not be recorded).
  bool any_error() const { return any_error_; }

 private:
  bool quiet_, show_progress_, any_error_ = false;
  ProgressDisplay display_;
  std::vector<std::unique_ptr<InterruptsHeld>> held_;
};

// ------------------------------------------------------------ output paths

// Checked before any work, so that nothing is simulated for results that
// could not be written: `option` (--out) names a directory that can take
// the files `names` (it is created when missing), and none of them is one of
// the command's `inputs` (scenario and batch files, the results database).
// On a problem: says it and throws Exit (2 for a name that cannot work or an
// input, 1 for permissions or space).
void check_out_dir(const std::string& option, const std::string& dir,
                   const std::vector<std::string>& names, const std::vector<std::string>& inputs);
// The same for a single output file (graph, results export).
void check_out_file(const std::string& option, const std::string& file,
                    const std::vector<std::string>& inputs);

// ------------------------------------------------------------ the results store

struct StoreOptions {
  std::string db;      // --db; empty: NEGSIM_DB, else the project's store
  bool no_db = false;  // --no-db
  bool force = false;  // --force: run again even when the result is stored
};

// Adds --db, --no-db and (when `with_force`) --force to `cmd`.
void add_store_options(CLI::App* cmd, StoreOptions& options, bool with_force = true);

// The results database every command records in and reads from: `--db` when
// given, else the environment variable NEGSIM_DB when set and not empty, else
// the project's store, `.negsim/results.db` in the first folder from the
// current one upward that holds a `.negsim` folder or a `.git` entry (in the
// current folder when none does; results_location.hpp).
std::string results_db_path(const std::string& db_option);

// The database path a command will record in ("" with --no-db).
std::string store_path(const StoreOptions& options);
// check_out_dir for a command whose inputs are the scenario `file` (with
// what it extends) and the results store; nothing when `dir` is empty, or on
// a rank that does not speak for its MPI job (speaks()).
void check_scenario_out_dir(const std::string& dir, const std::vector<std::string>& names,
                            const std::string& file, const StoreOptions& store);

// Opens the store unless --no-db (creating it, and its folder, on first use),
// and checks that a result can be written to it (waiting, interruptibly, for
// another process's lock). A store that cannot record is an error said on
// stderr (even with --quiet), Exit 1, before anything runs; Ctrl-C while
// waiting, Exit 130.
std::unique_ptr<ResultsStore> open_store(const StoreOptions& options, bool quiet);

// ------------------------------------------------------------ batch, sweep, compare

// What they set up once their input is checked: Ctrl-C, the listener and the
// results store.
// Under mpirun with several ranks (MpiJob::shared()) the ranks form the
// context's team: rank 0 alone opens the store and tells what happens, and
// Ctrl-C (SIGTERM from mpirun) ends the job at once, keeping nothing, as for
// `negsim run` (docs/cluster.md).
class WhatIfSession {
 public:
  WhatIfSession(const StoreOptions& store, bool quiet);
  const WhatIfContext& context() const { return context_; }
  bool any_error() const { return listener_.any_error(); }

 private:
  const MpiJob* job_;
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
  std::vector<OutputFile> also_files;     // files written in the same set
  bool partial = false;                   // stopped by Ctrl-C
  bool any_invalid = false;               // an entry, point or variant could not run
  bool store_failed = false;              // a result could not be recorded
};

// How they end: the report's files in `out_dir` (when given; a note names them
// unless `quiet`), then the report on standard output, and the exit code: 130
// when stopped, 1 when a result could not be recorded or written, 2 when an
// entry could not run.
int finish_what_if(const WhatIfResult& result, const std::string& out_dir, bool quiet);

// False on the ranks of an MPI job other than rank 0, which say nothing:
// rank 0 speaks for the job.
bool speaks();

// A what-if command (batch, sweep, backtest), alone or on the ranks of an MPI
// job. `prepare` reads the inputs, checks the outputs and opens the session;
// it returns -1 to go on, or the exit code (it may throw Exit), and says
// nothing unless speaks(). Every rank prepares; the job ends with rank 0's
// code when rank 0 stops there, and with 2 (naming the rank) when another
// rank stops where rank 0 did not.
// `work` runs on every rank; rank 0 alone writes and prints its result
// (finish_what_if), and every rank ends with rank 0's exit code.
int run_what_if(const std::function<int()>& prepare, const std::function<WhatIfResult()>& work,
                const std::string& out_dir, bool quiet);

}  // namespace negsim::cli
