// negsim results list | show ID | export ID --format md|json|csv|scenario:
// earlier results from the results database, re-rendered without running.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/batch_report.hpp"
#include "negsim/output/compare_report.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/sensitivity_report.hpp"
#include "negsim/output/summary_json.hpp"
#include "negsim/output/sweep_report.hpp"

namespace negsim::cli {
namespace {

struct ResultsCommandOptions {
  std::string db;
  bool all = false;
  int limit = 50;
  std::int64_t id = 0;
  std::string format = "md";
  std::string out;
};

std::string db_path(const ResultsCommandOptions& o) {
  return o.db.empty() ? default_db_path("") : o.db;
}

// What a stored row is, in one short phrase for the listing.
std::string headline(const ResultsStore& store, const RunRecord& r) {
  if (r.kind == "run") {
    const auto outcomes = store.outcomes(r.id);
    const StoredOutcome* top = nullptr;
    for (const auto& o : outcomes)
      if (!top || o.probability > top->probability) top = &o;
    if (!top) return "";
    return fmt::format("{} {:.1f}%", top->label.empty() ? top->outcome : top->label,
                       top->probability * 100);
  }
  if (r.kind == "sensitivity") {
    if (r.summary_json.empty()) return "";
    const SensitivityReport s = sensitivity_report_from_json(nlohmann::json::parse(r.summary_json));
    const auto order = factors_by_total(s);
    const std::string top = !order.empty() && !s.factors[order[0]].chance ? s.factors[order[0]].id
                            : s.tornado && !s.tornado->bars.empty()       ? s.tornado->bars[0].input
                                                                          : "";
    return fmt::format("{}{}", s.target_id, top.empty() ? "" : "; most: " + top);
  }
  const auto members = store.members(r.id);
  std::size_t failed = 0;
  for (const auto& m : members) failed += !m.run_id.has_value();
  return fmt::format("{} member{}{}", members.size(), members.size() == 1 ? "" : "s",
                     failed ? fmt::format(", {} could not run", failed) : "");
}

// Opens an existing database, saying plainly what to do when there is none.
ResultsStore open_existing(const ResultsCommandOptions& o) {
  const std::string path = db_path(o);
  if (!std::filesystem::exists(path))
    throw StoreError(fmt::format(
        "no results database at '{}'. Results are recorded there by negsim run, batch, sweep "
        "and compare (in the --out directory when one is given); point --db at the file",
        path));
  return ResultsStore(path, ResultsStore::Open::existing);
}

int list_results(const ResultsCommandOptions& o) {
  const ResultsStore store = open_existing(o);
  const auto rows = store.list(!o.all, o.limit);
  if (rows.empty()) {
    std::cout << "No results in " << store.path() << " yet.\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:>5}  {:<11}  {:<11}  {:<20}  {:>10}  {:>11}  {:<40}  {}\n", "ID",
                           "Kind", "Status", "Recorded (UTC)", "Seed", "Branches", "Result",
                           "Scenario");
  for (const auto& r : rows) {
    std::string name = r.kind == "run" && !r.scenario_file.empty() ? r.scenario_file : r.name;
    if (!r.overrides.empty() && r.kind == "run")
      name += fmt::format(" (+{} --set)", r.overrides.size());
    std::cout << fmt::format("{:>5}  {:<11}  {:<11}  {:<20}  {:>10}  {:>11}  {:<40}  {}\n", r.id,
                             r.kind, r.status, r.created_utc, r.seed, r.branches,
                             headline(store, r), name);
  }
  if (!o.all) std::cout << "(runs made for a batch, sweep or comparison are listed with --all)\n";
  return kExitOk;
}

// The row's own rendering in `format` (text for `show`).
std::string render(const RunRecord& r, const std::string& format) {
  const nlohmann::json j = nlohmann::json::parse(r.summary_json.empty() ? "null" : r.summary_json);
  if (format == "scenario") {
    if (r.kind != "run" && r.kind != "compare" && r.kind != "sensitivity")
      throw std::runtime_error(
          fmt::format("result {} is a {}; --format scenario exports the "
                      "scenario text of a run",
                      r.id, r.kind));
    return r.scenario_text;
  }
  if (j.is_null())
    throw std::runtime_error(fmt::format(
        "result {} has no stored report (status: {}); it never finished", r.id, r.status));
  if (r.kind == "run") {
    const Summary s = summary_from_json(j);
    if (format == "text") return text_report(s);
    if (format == "md") return markdown_report(s);
    if (format == "csv") return csv_report(s);
    return to_json(s).dump(2) + "\n";
  }
  if (r.kind == "batch") {
    const BatchReport b = batch_from_json(j);
    if (format == "text") return batch_text(b);
    if (format == "md") return batch_markdown(b);
    if (format == "csv") return batch_csv(b);
    return to_json(b).dump(2) + "\n";
  }
  if (r.kind == "sweep") {
    const SweepReport s = sweep_report_from_json(j);
    if (format == "text") return sweep_text(s);
    if (format == "md") return sweep_markdown(s);
    if (format == "csv") return sweep_csv(s);
    return to_json(s).dump(2) + "\n";
  }
  if (r.kind == "sensitivity") {
    const SensitivityReport s = sensitivity_report_from_json(j);
    if (format == "text") return sensitivity_text(s);
    if (format == "md") return sensitivity_markdown(s);
    if (format == "csv") return sensitivity_csv(s);
    return to_json(s).dump(2) + "\n";
  }
  const CompareReport c = compare_report_from_json(j);
  if (format == "text") return compare_text(c);
  if (format == "md") return compare_markdown(c);
  if (format == "csv") return compare_csv(c);
  return to_json(c).dump(2) + "\n";
}

RunRecord find(const ResultsStore& store, std::int64_t id) {
  auto r = store.run(id);
  if (!r)
    throw std::runtime_error(
        fmt::format("there is no result {} in {} (negsim results list shows "
                    "what there is)",
                    id, store.path()));
  return *r;
}

int show_result(const ResultsCommandOptions& o) {
  const ResultsStore store = open_existing(o);
  const RunRecord r = find(store, o.id);
  std::cout << fmt::format("Result {} — {} of {}, recorded {} by negsim {} ({})\n", r.id, r.kind,
                           r.name.empty() ? r.scenario_file : r.name, r.created_utc,
                           r.engine_version, r.status);
  if (!r.overrides.empty()) {
    std::cout << "Overrides:";
    for (const auto& s : r.overrides)
      std::cout << " " << (s.rfind("--", 0) == 0 ? s : "--set " + s);
    std::cout << "\n";
  }
  if (r.parent_id) std::cout << "Part of result " << *r.parent_id << ".\n";
  if (r.kind != "run") {
    for (const auto& m : store.members(r.id))
      std::cout << fmt::format("  {:>3}. {}: {}\n", m.position + 1, m.name,
                               m.run_id
                                   ? fmt::format("result {}", *m.run_id)
                                   : "could not run — " + m.error.substr(0, m.error.find('\n')));
  }
  std::cout << "\n";
  if (r.summary_json.empty()) {
    std::cout << "This " << r.kind
              << " never finished (stopped or killed); its finished members are listed above.\n";
    return kExitOk;
  }
  std::cout << render(r, "text");
  return kExitOk;
}

int export_result(const ResultsCommandOptions& o) {
  const ResultsStore store = open_existing(o);
  const RunRecord r = find(store, o.id);
  const std::string text = render(r, o.format);
  if (o.out.empty()) {
    std::cout << text;
  } else {
    write_file_atomically(o.out, text);
    std::cerr << "wrote " << o.out << "\n";
  }
  return kExitOk;
}

int guarded(int (*action)(const ResultsCommandOptions&), const ResultsCommandOptions& o) {
  try {
    return action(o);
  } catch (const std::runtime_error& e) {  // StoreError too
    say(Severity::error, e.what());
    return kExitBadInput;
  }
}

const RegisterCommand registered{
    80, [](CLI::App& app) {
      auto options = std::make_shared<ResultsCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "results", "List and re-render earlier results from the results database");
      cmd->footer(
          "List and re-render earlier results from the results database (every run, batch,\n"
          "sweep and comparison is recorded there) without running anything again.");
      cmd->require_subcommand(1);
      const auto db = [options](CLI::App* sub) {
        sub->add_option("--db", options->db,
                        "results database (default: negsim-results.db in the current directory)");
      };
      CLI::App* list = cmd->add_subcommand("list", "List the recorded results, newest first");
      db(list);
      list->add_flag("--all", options->all,
                     "also list the runs made for a batch, sweep or comparison");
      list->add_option("--limit", options->limit, "show at most this many (default 50; 0 = all)")
          ->check(CLI::Range(0, 1000000));
      CLI::App* show = cmd->add_subcommand("show", "Show one result as the briefing text");
      db(show);
      show->add_option("ID", options->id, "result number from `negsim results list`")->required();
      CLI::App* exp = cmd->add_subcommand(
          "export", "Write one result as Markdown, JSON or CSV (or the scenario text it ran)");
      db(exp);
      exp->add_option("ID", options->id, "result number from `negsim results list`")->required();
      exp->add_option("--format", options->format,
                      "md (default), json, csv, text, or scenario (the YAML exactly as it ran)")
          ->check(CLI::IsMember({"md", "json", "csv", "text", "scenario"}));
      exp->add_option("--out", options->out, "write to this file instead of standard output");
      return [options, list, show, exp]() -> int {
        if (list->parsed()) return guarded(list_results, *options);
        if (show->parsed()) return guarded(show_result, *options);
        if (exp->parsed()) return guarded(export_result, *options);
        return kExitBadInput;
      };
    }};

}  // namespace
}  // namespace negsim::cli
