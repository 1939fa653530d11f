#include "stored_group.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "negsim/output/summary_json.hpp"

namespace negsim::detail {

RunRecord group_record(const std::string& kind, const std::string& file, std::uint64_t seed,
                       std::uint64_t branches, int threads) {
  RunRecord record;
  record.kind = kind;
  record.name = file;
  record.created_utc = utc_timestamp();
  record.engine_version = NEGSIM_VERSION;
  record.scenario_file = file;
  record.seed = seed;
  record.branches = branches;
  record.threads = threads;
  return record;
}

StoredGroup::StoredGroup(const WhatIfContext& context, const RunRecord& record)
    : context_(context), kind_(record.kind) {
  if (!context.store) return;
  try {
    // Shared among processes, the group is recorded whole or not at all: a
    // rank that dies takes the job down with rank 0, and the store must be
    // left as it was (docs/cluster.md, "Faults").
    if (context.team && context.team->members() > 1) {
      context.store->begin_all_or_nothing();
      all_or_nothing_ = true;
    }
    id_ = context.store->begin_group(record);
    store_ = context.store;
  } catch (const StoreError& e) {
    context.store->roll_back_all_or_nothing();  // nothing open: no effect
    all_or_nothing_ = false;
    context.tell().message(Severity::error,
                           std::string("results will not be recorded: ") + e.what());
  }
}

// A store that fails once (locked past the wait, damaged, a table dropped) is
// asked nothing more but the group's end: every entry still runs and writes
// its files, the error is told once, the group is ended as interrupted (its
// members are incomplete) if the store still can, and the command ends with
// exit status 1.
void StoredGroup::fail(const StoreError& e) {
  if (!failed_)
    context_.tell().message(Severity::error,
                            std::string("the results database stopped recording: ") + e.what() +
                                "; the remaining entries still run, unrecorded");
  failed_ = true;
}

double StoredGroup::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void StoredGroup::add_member(int position, const std::string& name,
                             std::optional<std::int64_t> run_id, const std::string& error) {
  if (!store_ || failed_) return;
  const Writing writing(context_.tell());
  try {
    store_->add_member(Member{id_, position, name, run_id, error});
  } catch (const StoreError& e) {
    fail(e);
  }
}

std::optional<std::int64_t> StoredGroup::add_run(int position, const RunRecord& run,
                                                 const std::vector<StoredOutcome>& outcomes) {
  if (!store_ || failed_) return std::nullopt;
  const Writing writing(context_.tell());
  try {
    return store_->add_run(run, outcomes, Member{id_, position, run.name, std::nullopt, ""});
  } catch (const StoreError& e) {
    fail(e);
    return std::nullopt;
  }
}

StoredGroup::~StoredGroup() {
  if (all_or_nothing_) store_->roll_back_all_or_nothing();
}

void StoredGroup::finish(const std::function<void(ResultsStore&, std::int64_t)>& finish,
                         const std::string& how_to_show) {
  if (!store_) return;
  try {
    finish(*store_, id_);
    if (all_or_nothing_) {
      if (failed_) return give_up_all_or_nothing();
      store_->commit_all_or_nothing();  // when it throws, the catch rolls back
      all_or_nothing_ = false;
    }
    context_.tell().status("recorded as result " + std::to_string(id_) + " in " + store_->path() +
                           how_to_show);
  } catch (const StoreError& e) {
    fail(e);
    give_up_all_or_nothing();
  }
}

// The group's one write, if open, is taken back, and the user told.
void StoredGroup::give_up_all_or_nothing() {
  if (!all_or_nothing_) return;
  all_or_nothing_ = false;
  store_->roll_back_all_or_nothing();
  const std::string what = kind_ == "compare"       ? "comparison"
                           : kind_ == "sensitivity" ? "sensitivity analysis"
                                                    : kind_;
  context_.tell().message(Severity::error,
                          "nothing of this " + what + " was recorded in " + store_->path());
}

namespace {

// Only the lead has the store: the others take its stored result, or run
// with it. The summary travels as the store keeps it (JSON, exact).
void reused_as_the_lead(const ProcessTeam& team, MemberRun& member) {
  nlohmann::json told;
  if (team.leads() && member.reused)
    told = {{"run_id", *member.run_id}, {"summary", to_json(member.summary)}};
  const std::string text = team.from_lead(told.is_null() ? "" : told.dump());
  if (team.leads() || text.empty()) return;
  const auto json = nlohmann::json::parse(text);
  member.summary = summary_from_json(json.at("summary"));
  member.run_id = json.at("run_id").get<std::int64_t>();
  member.reused = true;
}

}  // namespace

void check_same_scenario(const WhatIfContext& context, const std::string& sha256,
                         const std::string& file) {
  if (!context.team || context.team->members() == 1) return;
  const std::int64_t other = first_disagreeing(*context.team, sha256);
  if (other < 0) return;
  throw TeamDisagreement(fmt::format(
      "rank {} did not read '{}' as rank 0 did (another text, or none at all): do all nodes see "
      "the same files?",
      other, file));
}

MemberRun run_member(StoredGroup& group, const LoadedScenario& loaded, const RunOptions& run,
                     const std::vector<std::string>& overrides, int position,
                     const std::string& name, const std::string& label,
                     const WhatIfContext& context) {
  MemberRun member;
  const std::string options_json = "{}";
  const std::string key = run_cache_key(loaded, run.seed, run.branches, overrides, options_json);
  if (group.store() && !group.failed() && !context.force) {
    std::optional<std::int64_t> id;
    try {
      id = group.store()->find_cached(key);
    } catch (const StoreError&) {
      // Not readable now: run it; recording will tell whether the store works.
    }
    if (id) {
      if (auto summary = stored_summary(*group.store(), *id, context.tell())) {
        member.summary = std::move(*summary);
        member.run_id = id;
        member.reused = true;
      }
    }
  }
  if (context.team && context.team->members() > 1) reused_as_the_lead(*context.team, member);
  if (member.reused) {
    group.add_member(position, name, member.run_id);
    return member;
  }
  member.summary = run_and_summarise(loaded, run, label, context);
  if (member.summary.provenance.branches == 0) return member;
  member.run_id = group.add_run(
      position, run_record(loaded, member.summary, overrides, options_json, key, name),
      outcome_rows(member.summary));
  return member;
}

}  // namespace negsim::detail
