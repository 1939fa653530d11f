#pragma once
// What a batch, sweep or comparison is given besides its own options (the
// results store, Ctrl-C), and what it tells while it works. The negsim command
// shows what it is told on stderr; a test can simply collect it.

#include <atomic>
#include <string>

#include "negsim/output/results_store.hpp"
#include "negsim/run/process_team.hpp"
#include "negsim/run/runner.hpp"

namespace negsim {

enum class Severity { note, warning, error };

class WhatIfListener {
 public:
  virtual ~WhatIfListener() = default;

  // What was just done, e.g. "[2/5] costly_war: 20,000 branches in 0.4 s — ...".
  virtual void status(const std::string& /*line*/) {}
  // Something to know although the work goes on (a result that will not be
  // recorded, a stored result that cannot be read back).
  virtual void message(Severity /*severity*/, const std::string& /*text*/) {}
  // An entry or grid point that could not run: its label and every problem.
  virtual void could_not_run(const std::string& /*text*/) {}

  // One run (labelled e.g. "[2/5] costly_war") starts, progresses and ends;
  // run_progress is called only when wants_progress() (from worker threads,
  // never from two at once).
  virtual bool wants_progress() const { return false; }
  virtual void run_started(const std::string& /*label*/) {}
  virtual void run_progress(const RunProgress& /*progress*/) {}
  virtual void run_ended() {}

  // Results are being written (to the store, to files) from writing(true) to
  // writing(false): a command holds Ctrl-C back meanwhile, so that nothing is
  // left half-written. Calls nest.
  virtual void writing(bool /*begins*/) {}
};

struct WhatIfContext {
  ResultsStore* store = nullptr;              // record the results there and reuse what it holds
  bool force = false;                         // run again even when the store holds the result
  const std::atomic<bool>* cancel = nullptr;  // stop within a branch's time when true (Ctrl-C)
  WhatIfListener* listener = nullptr;         // none: nothing is told
  // The processes sharing the work (MPI ranks, process_team.hpp); none: this
  // one alone. Each runs its share of every run's branches; only the lead has
  // a store, a listener, and writes files.
  const ProcessTeam* team = nullptr;

  WhatIfListener& tell() const;
  bool cancelled() const { return cancel && cancel->load(); }
  // This process writes the files and records the results.
  bool leads() const { return !team || team->leads(); }
};

}  // namespace negsim
