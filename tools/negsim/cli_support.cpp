#include "cli_support.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "negsim/output/report_files.hpp"

namespace negsim::cli {

// ------------------------------------------------------------ messages

void say(Severity severity, const std::string& text) {
  const char* level = severity == Severity::note      ? "note"
                      : severity == Severity::warning ? "warning"
                                                      : "error";
  std::cerr << "negsim: " << level << ": " << text << "\n";
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) std::cerr << d.to_string() << "\n";
}

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
    if (!quiet) say(Severity::warning, std::string("results will not be recorded: ") + e.what());
    return nullptr;
  }
}

// ------------------------------------------------------------ batch, sweep, compare

// Ctrl-C is caught from the start, before the store is opened.
WhatIfSession::WhatIfSession(const StoreOptions& store, const std::string& out_dir, bool quiet)
    : listener_((install_stop_handler(), quiet)),
      store_(open_store(store, out_dir, quiet)),
      context_{store_.get(), store.force, &stop_requested(), &listener_} {}

WhatIfResult::WhatIfResult(std::string text, std::string stem, std::string markdown,
                           std::string csv, const nlohmann::json& json)
    : text(std::move(text)),
      stem(std::move(stem)),
      markdown(std::move(markdown)),
      csv(std::move(csv)),
      json(json.dump(2) + "\n") {}

int finish_what_if(const WhatIfResult& result, const std::string& out_dir, bool quiet) {
  const InterruptsHeld held;
  std::cout << "\n" << result.text;
  std::cout.flush();
  if (!out_dir.empty()) {
    WrittenFiles written;
    try {
      written = write_report_files(out_dir, result.stem, result.markdown, result.csv, result.json,
                                   result.html, result.charts);
    } catch (const std::exception& e) {
      say(Severity::error, e.what());
      return kExitFailure;
    }
    if (!quiet) {
      if (!result.also.empty()) written.files.push_back(result.also);
      std::cerr << "wrote " << written.describe() << " to " << out_dir << "\n";
      if (!written.figures.png_note.empty()) say(Severity::note, written.figures.png_note);
    }
  }
  if (result.partial) return kExitInterrupted;
  return result.any_invalid ? kExitBadInput : kExitOk;
}

}  // namespace negsim::cli
