#pragma once
// What batches, sweeps and comparisons share (internal to the what-if layer):
// their row in the results store, and running or reusing one member.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "negsim/output/results_store.hpp"
#include "negsim/run/summary.hpp"
#include "negsim/whatif/context.hpp"
#include "negsim/whatif/loaded_scenario.hpp"

namespace negsim::detail {

// Results being written for as long as it lives (WhatIfListener::writing).
class Writing {
 public:
  explicit Writing(WhatIfListener& listener) : listener_(listener) { listener_.writing(true); }
  ~Writing() { listener_.writing(false); }
  Writing(const Writing&) = delete;
  Writing& operator=(const Writing&) = delete;

 private:
  WhatIfListener& listener_;
};

// The row of a batch, sweep or comparison (`kind`) of `file` as it starts.
RunRecord group_record(const std::string& kind, const std::string& file, std::uint64_t seed,
                       std::uint64_t branches, int threads);

// The group's row in the store, begun on construction. Without a store, or
// when the row cannot be begun (after a warning), nothing is recorded.
class StoredGroup {
 public:
  StoredGroup(const WhatIfContext& context, const RunRecord& record);
  // A group shared among processes and not finished leaves no trace.
  ~StoredGroup();
  StoredGroup(const StoredGroup&) = delete;
  StoredGroup& operator=(const StoredGroup&) = delete;

  ResultsStore* store() const { return store_; }
  std::int64_t id() const { return id_; }
  double seconds() const;
  // The store failed during the work: the group's status is to be
  // "interrupted", whatever the work did.
  bool failed() const { return failed_; }

  // Member `position` is an earlier run, or could not run for `error`.
  void add_member(int position, const std::string& name, std::optional<std::int64_t> run_id,
                  const std::string& error = "");
  // Stores a finished run as member `position`. A store error is told (as an
  // error) and ends the recording; the work goes on.
  std::optional<std::int64_t> add_run(int position, const RunRecord& run,
                                      const std::vector<StoredOutcome>& outcomes);
  // Ends the group with `finish(store, id)`, then says where it is recorded
  // (`how_to_show` after it); a store error is told as an error.
  void finish(const std::function<void(ResultsStore&, std::int64_t)>& finish,
              const std::string& how_to_show = "");

 private:
  void fail(const StoreError& e);
  void give_up_all_or_nothing();

  const WhatIfContext& context_;
  std::string kind_;
  bool all_or_nothing_ = false;  // under a team: one write, committed by finish()
  bool failed_ = false;
  ResultsStore* store_ = nullptr;
  std::int64_t id_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Under a team of processes (WhatIfContext::team): throws TeamDisagreement
// (on every member) naming the first member that read `file` otherwise than the lead did
// (`sha256` of what it read, empty when it could not), before any member goes
// on to work that another skips and waits for it for ever.
void check_same_scenario(const WhatIfContext& context, const std::string& sha256,
                         const std::string& file);

struct MemberRun {
  Summary summary;                     // provenance.branches == 0: stopped before any finished
  std::optional<std::int64_t> run_id;  // in the store
  bool reused = false;                 // the stored result of the same run was taken
};

// Member `position` of a batch or sweep: the stored result of the very same
// run unless --force, otherwise run now (progress labelled `label`) and stored.
MemberRun run_member(StoredGroup& group, const LoadedScenario& loaded, const RunOptions& run,
                     const std::vector<std::string>& overrides, int position,
                     const std::string& name, const std::string& label,
                     const WhatIfContext& context);

}  // namespace negsim::detail
