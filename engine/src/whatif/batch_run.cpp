#include "negsim/whatif/batch_run.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "negsim/input/source_notes.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/output/assumptions.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/report_files.hpp"
#include "output/report_format.hpp"
#include "stored_group.hpp"

namespace negsim {

BatchReport run_batch(const BatchFile& batch, const BatchOptions& options,
                      const WhatIfContext& context) {
  WhatIfListener& listener = context.tell();
  const std::uint64_t seed = options.seed.value_or(batch.seed.value_or(kDefaultSeed));
  RunRecord record = detail::group_record("batch", options.file, seed, 0, options.threads);
  record.scenario_text = batch.text;
  record.scenario_sha256 = sha256_hex(batch.text);
  detail::StoredGroup group(context, record);

  BatchReport report;
  report.title = batch.title;
  report.file = options.file;
  const std::size_t n = batch.entries.size();
  report.planned = n;
  for (std::size_t i = 0; i < n; ++i) {
    const BatchFileEntry& planned = batch.entries[i];
    const int position = static_cast<int>(i);
    BatchEntry entry;
    entry.name = planned.name;
    entry.scenario = planned.scenario;
    entry.overrides = planned.overrides;
    const std::string tag = fmt::format("[{}/{}] {}", i + 1, n, planned.name);
    if (context.cancelled()) break;

    LoadedScenario loaded;
    try {
      loaded = load_for_run(planned.path, planned.overrides);
    } catch (const InputError& e) {
      entry.error = diagnostics_text(e);
    }
    detail::check_same_scenario(context, entry.error.empty() ? loaded.scenario.sha256 : "",
                                planned.path);
    if (!entry.error.empty()) {
      listener.could_not_run(tag + ": could not run " + planned.path + ":\n" + entry.error);
      group.add_member(position, planned.name, std::nullopt, entry.error);
      report.entries.push_back(std::move(entry));
      continue;
    }

    RunOptions run;
    run.seed = seed;
    run.threads = options.threads;
    run.branches = options.branches.value_or(
        planned.branches.value_or(batch.branches.value_or(kDefaultBranches)));
    detail::MemberRun member = detail::run_member(group, loaded, run, planned.overrides, position,
                                                  planned.name, tag, context);
    if (member.summary.provenance.branches == 0) break;  // stopped before any branch finished
    entry.summary = std::move(member.summary);
    entry.run_id = member.run_id;
    entry.reused = member.reused;
    listener.status(fmt::format(
        "{}: {} branches{} — {}", tag, report::thousands(entry.summary->provenance.branches),
        entry.reused ? fmt::format(" (stored result {} reused; --force runs again)", *entry.run_id)
                     : fmt::format(" in {:.1f} s", entry.summary->provenance.wall_seconds),
        bottom_line(*entry.summary)));
    if (!options.out_dir.empty() && context.leads()) {
      const detail::Writing writing(listener);
      write_run_outputs(std::filesystem::path(options.out_dir) / planned.name, *entry.summary,
                        scenario_assumptions(loaded.scenario, source_notes_of_file(planned.path)));
    }
    const bool partial = entry.summary->provenance.partial;
    report.entries.push_back(std::move(entry));
    if (partial) break;
  }
  report.partial = context.cancelled() || report.entries.size() < n;

  const detail::Writing writing(listener);
  group.finish(
      [&](ResultsStore& store, std::int64_t id) {
        store.finish_group(id, report.partial || group.failed() ? "interrupted" : "complete",
                           group.seconds(), to_json(report).dump());
      },
      fmt::format(" (negsim results show {})", group.id()));
  return report;
}

}  // namespace negsim
