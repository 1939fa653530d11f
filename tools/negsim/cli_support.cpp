#include "cli_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli_options.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/output/output_set.hpp"
#include "negsim/output/report_files.hpp"
#include "negsim/output/results_location.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ ending a command

int finish_standard_output(int code) {
  errno = 0;
  std::cout.flush();
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout;
  if (!failed) return code;
  const int error = errno;
  say(Severity::error,
      fmt::format("cannot write to standard output{} (a closed pipe or a full disk); whatever was "
                  "recorded or written to files "
                  "is kept",
                  error ? std::string(" (") + std::strerror(error) + ")" : std::string()));
  return code == kExitOk || code == kExitBadInput ? kExitFailure : code;
}

// ------------------------------------------------------------ messages

namespace {

// Length of the valid UTF-8 sequence at `s[i]`, or 0.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xe  ? 3
                  : (c >> 3) == 0x1e ? 4
                                     : 0;
  if (n == 0 || (n == 2 && c < 0xc2) || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  return n;
}

}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

void say(Severity severity, const std::string& text) {
  const char* level = severity == Severity::note      ? "note"
                      : severity == Severity::warning ? "warning"
                                                      : "error";
  std::cerr << "negsim: " << level << ": " << printable(text) << "\n";
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) std::cerr << printable(d.to_string()) << "\n";
}

// ------------------------------------------------------------ Ctrl-C

namespace {

std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

void tell(const char* text, std::size_t size) {
  const ssize_t ignored = ::write(STDERR_FILENO, text, size);
  (void)ignored;
}

// While results are kept (InterruptsHeld), a second signal that reaches a
// thread other than the one holding them back (oneTBB's workers) quits only
// once they are kept.
std::atomic<int> hold_depth{0};
std::atomic<bool> quit_pending{false};

extern "C" void on_stop(int signal) {
  if (stop_flag.exchange(true)) {
    if (hold_depth.load() > 0) {
      quit_pending = true;
      return;
    }
    ::_exit(kExitInterrupted);
  }
  // SIGTERM and SIGHUP come from kill, timeout, CI or a closed terminal: they
  // are named, and like Ctrl-C they keep what has been done.
  static const char interrupt[] =
      "\nnegsim: stopping after the branches in progress (Ctrl-C again to quit at once)\n";
  static const char terminate[] =
      "\nnegsim: SIGTERM received: stopping after the branches in progress, keeping what has "
      "run (a second signal quits at once)\n";
  static const char hangup[] =
      "\nnegsim: SIGHUP received: stopping after the branches in progress, keeping what has "
      "run (a second signal quits at once)\n";
  if (signal == SIGTERM)
    tell(terminate, sizeof terminate - 1);
  else if (signal == SIGHUP)
    tell(hangup, sizeof hangup - 1);
  else
    tell(interrupt, sizeof interrupt - 1);
}

// Before a command's work has begun there is nothing to keep: quit at once,
// with the exit code of an interruption whatever the signal.
std::atomic<const char*> early_stop_line{nullptr};

extern "C" void on_early_stop(int) {
  if (const char* line = early_stop_line.load()) tell(line, std::strlen(line));
  ::_exit(kExitInterrupted);
}

void handle_stop_signals(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  for (const int s : kStopSignals) sigaddset(&action.sa_mask, s);
  action.sa_flags = SA_RESTART;
  for (const int s : kStopSignals) ::sigaction(s, &action, nullptr);
}

}  // namespace

const std::atomic<bool>& stop_requested() {
  return stop_flag;
}

void install_early_stop_handler() {
  // A standard stream closed by the caller (`negsim ... >&-`) would let the
  // next file opened take its number, and the briefing would be written into
  // it: hold each such number with /dev/null, read-only, so that writing to
  // it still fails and is reported.
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO})
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      const int null = ::open("/dev/null", O_RDONLY);
      if (null >= 0 && null != fd) {
        ::dup2(null, fd);
        ::close(null);
      }
    }
  // A closed pipe is an error negsim reports (exit status 1) after the
  // results are kept, not a silent death by SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  // Likewise a file grown past `ulimit -f` is a write error (EFBIG), not death.
  ::signal(SIGXFSZ, SIG_IGN);
  handle_stop_signals(on_early_stop);
}

void install_stop_handler() {
  handle_stop_signals(on_stop);
}

void explain_early_stop(const char* line) {
  early_stop_line = line;
}

InterruptsHeld::InterruptsHeld() {
  ++hold_depth;
  sigset_t set;
  sigemptyset(&set);
  for (const int s : kStopSignals) sigaddset(&set, s);
  ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

InterruptsHeld::~InterruptsHeld() {
  if (--hold_depth == 0 && quit_pending) ::_exit(kExitInterrupted);
  ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

// ------------------------------------------------------------ progress

bool progress_wanted(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return false;
  return std::getenv("CI") == nullptr && std::getenv("NEGSIM_NO_PROGRESS") == nullptr;
}

namespace {

std::string clock_time(double seconds) {
  const auto s = static_cast<long>(std::lround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

void ProgressDisplay::start(std::string label, bool open_ended) {
  clear();
  label_ = std::move(label);
  open_ended_ = open_ended;
}

void ProgressDisplay::draw(const RunProgress& p) {
  if (last_ >= 0 && p.seconds - last_ < 0.1 && p.done < p.target) return;
  last_ = p.seconds;
  const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
  std::string line;
  if (open_ended_) {
    line = fmt::format("{} branches  {:.0f}/s  {} elapsed (until the precision target is met)",
                       p.done, rate, clock_time(p.seconds));
  } else {
    const double fraction =
        p.target ? static_cast<double>(p.done) / static_cast<double>(p.target) : 1;
    const int width = 24, filled = static_cast<int>(fraction * width);
    const double eta = rate > 0 ? static_cast<double>(p.target - p.done) / rate : 0;
    line = fmt::format("[{}{}] {:3.0f}%  {}/{} branches  {:.0f}/s  ETA {}",
                       std::string(filled, '#'), std::string(width - filled, '.'), fraction * 100,
                       p.done, p.target, rate, clock_time(eta));
  }
  std::cerr << "\r" << (label_.empty() ? "" : label_ + " ") << line << "\033[K" << std::flush;
}

void ProgressDisplay::clear() {
  if (last_ >= 0) std::cerr << "\r\033[K" << std::flush;
  last_ = -1;
}

// ------------------------------------------------------------ what-if work

CliListener::CliListener(bool quiet) : quiet_(quiet), show_progress_(progress_wanted(quiet)) {}

void CliListener::status(const std::string& line) {
  if (!quiet_) std::cerr << line << "\n";
}

void CliListener::message(Severity severity, const std::string& text) {
  if (severity == Severity::error) any_error_ = true;
  say(severity, text);
}

void CliListener::could_not_run(const std::string& text) {
  std::cerr << text << "\n";
}

void CliListener::run_started(const std::string& label) {
  if (show_progress_) display_.start(label);
}

void CliListener::run_progress(const RunProgress& progress) {
  display_.draw(progress);
}

void CliListener::run_ended() {
  if (show_progress_) display_.clear();
}

void CliListener::writing(bool begins) {
  if (begins)
    held_.push_back(std::make_unique<InterruptsHeld>());
  else if (!held_.empty())
    held_.pop_back();
}

// ------------------------------------------------------------ the results store

void add_store_options(CLI::App* cmd, StoreOptions& options, bool with_force) {
  add_path_option(cmd, "--db", options.db,
                  "results database to record in (default: $NEGSIM_DB, else the project's "
                  ".negsim/results.db, found from the current folder upward)");
  cmd->add_flag("--no-db", options.no_db, "do not record the results in a database");
  if (with_force)
    cmd->add_flag("--force", options.force,
                  "run again even when the same scenario, seed, branches and overrides are "
                  "already in the database");
}

std::string results_db_path(const std::string& db_option) {
  if (!db_option.empty()) return db_option;
  if (const char* env = std::getenv("NEGSIM_DB"); env && *env) return env;
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (ec) {
    say(Severity::error, "cannot tell the current folder (" + ec.message() +
                             "), so not where the project's results store is; give --db");
    throw Exit{kExitFailure};
  }
  return default_results_path(cwd).string();
}

std::string store_path(const StoreOptions& options) {
  if (options.no_db) return "";
  return results_db_path(options.db);
}

std::unique_ptr<ResultsStore> open_store(const StoreOptions& options, bool quiet) {
  if (options.no_db) return nullptr;
  const std::string path = store_path(options);
  try {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    auto store = std::make_unique<ResultsStore>(path);
    store->set_waiting(&stop_requested(), [path, quiet] {
      if (!quiet)
        say(Severity::note, "waiting for the results database '" + path +
                                "', which another process keeps locked (Ctrl-C to stop)");
    });
    store->check_writable();
    return store;
  } catch (const std::exception& e) {
    if (stop_requested()) {
      say(Severity::error, "interrupted while waiting for the results database '" + path + "'");
      throw Exit{kExitInterrupted};
    }
    say(Severity::error, std::string("cannot record results: ") + e.what() +
                             " (--db chooses another database, --no-db runs without recording)");
    throw Exit{kExitFailure};
  }
}

// ------------------------------------------------------------ output paths

namespace {

[[noreturn]] void output_problem(const OutputError& e) {
  say(Severity::error, e.what());
  throw Exit{e.bad_name() ? kExitBadInput : kExitFailure};
}

void check_not_input(const std::string& option, const std::filesystem::path& output,
                     const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      if (same_file(output, input + suffix)) {
        say(Severity::error, fmt::format("{} would write '{}', which is one of this command's "
                                         "inputs ('{}'); choose another path",
                                         option, output.string(), input + suffix));
        throw Exit{kExitBadInput};
      }
  }
}

}  // namespace

void check_out_dir(const std::string& option, const std::string& dir,
                   const std::vector<std::string>& names, const std::vector<std::string>& inputs) {
  const std::filesystem::path base(dir);
  for (const auto& input : inputs)
    if (!input.empty() && same_file(base, input)) check_not_input(option, base, inputs);
  for (const auto& name : names) check_not_input(option, base / name, inputs);
  try {
    check_output_dir(base);
  } catch (const OutputError& e) {
    output_problem(e);
  }
}

void check_scenario_out_dir(const std::string& dir, const std::vector<std::string>& names,
                            const std::string& file, const StoreOptions& store) {
  if (dir.empty() || !speaks()) return;
  std::vector<std::string> inputs = scenario_files(file);
  inputs.push_back(store_path(store));
  check_out_dir("--out", dir, names, inputs);
}

void check_out_file(const std::string& option, const std::string& file,
                    const std::vector<std::string>& inputs) {
  check_not_input(option, file, inputs);
  try {
    check_output_file(file);
  } catch (const OutputError& e) {
    output_problem(e);
  }
}

// ------------------------------------------------------------ batch, sweep, compare

namespace {

// Ctrl-C is caught from the start, before the store is opened; not under
// mpirun, where the finished branches of the ranks need not be a prefix and
// a stop keeps nothing.
bool catch_stop_signals(const MpiJob* job, bool quiet) {
  if (!job) install_stop_handler();
  return quiet;
}

}  // namespace

WhatIfSession::WhatIfSession(const StoreOptions& store, bool quiet)
    : job_(MpiJob::shared()),
      listener_(catch_stop_signals(job_, quiet)),
      store_(speaks() ? open_store(store, quiet) : nullptr),
      context_{store_.get(), store.force, job_ ? nullptr : &stop_requested(),
               speaks() ? &listener_ : nullptr, job_} {}

bool speaks() {
  const MpiJob* job = MpiJob::shared();
  return !job || job->root();
}

int run_what_if(const std::function<int()>& prepare, const std::function<WhatIfResult()>& work,
                const std::string& out_dir, bool quiet) {
  const MpiJob* job = MpiJob::shared();
  int code = -1;
  try {
    code = prepare();
  } catch (const Exit& e) {
    code = e.code;
  }
  if (job) {
    // Rank 0 alone checks the outputs and opens the store: its end is the job's.
    if (const int lead = job->broadcast(code); lead >= 0) return lead;
    if (const auto other = job->first_failing(code < 0)) {
      if (job->root())
        say(Severity::error, fmt::format("rank {} could not read the inputs rank 0 read (do all "
                                         "nodes see the same files?)",
                                         *other));
      return kExitBadInput;
    }
  }
  if (code >= 0) return code;
  const WhatIfResult result = work();
  const int end = speaks() ? finish_what_if(result, out_dir, quiet) : kExitOk;
  return job ? job->broadcast(end) : end;
}

WhatIfResult::WhatIfResult(std::string text, std::string stem, std::string markdown,
                           std::string csv, const nlohmann::json& json)
    : text(std::move(text)),
      stem(std::move(stem)),
      markdown(std::move(markdown)),
      csv(std::move(csv)),
      json(json.dump(2) + "\n") {}

int finish_what_if(const WhatIfResult& result, const std::string& out_dir, bool quiet) {
  const InterruptsHeld held;
  bool ok = true;
  WrittenFiles written;
  if (!out_dir.empty()) {
    try {
      written = write_report_files(out_dir, result.stem, result.markdown, result.csv, result.json,
                                   result.html, result.charts, result.also_files);
    } catch (const std::exception& e) {
      say(Severity::error, std::string(e.what()) + "; the files already in " + out_dir +
                               " are those of an earlier run, left as they were");
      ok = false;
    }
  }
  std::cout << "\n" << result.text;
  std::cout.flush();
  if (!ok) return kExitFailure;
  if (!out_dir.empty() && !quiet) {
    if (!result.also.empty()) written.files.push_back(result.also);
    std::cerr << "wrote " << written.describe() << " to " << out_dir << "\n";
    if (!written.figures.png_note.empty()) say(Severity::note, written.figures.png_note);
  }
  if (result.partial) return kExitInterrupted;
  if (result.store_failed) return kExitFailure;
  return result.any_invalid ? kExitBadInput : kExitOk;
}

}  // namespace negsim::cli
