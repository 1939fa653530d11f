// negsim results list | show ID | export ID --format md|json|csv|scenario
// (or --xlsx FILE) | name ID NAME | note ID TEXT: earlier results from the
// project's results store, re-rendered without running, named and annotated.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/input/source_notes.hpp"
#include "negsim/output/assumptions.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/backtest_json.hpp"
#include "negsim/output/batch_report.hpp"
#include "negsim/output/compare_report.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/results_store.hpp"
#include "negsim/output/sensitivity_report.hpp"
#include "negsim/output/summary_json.hpp"
#include "negsim/output/sweep_report.hpp"
#include "negsim/output/workbook.hpp"

namespace negsim::cli {
namespace {

// What was asked for does not exist (no such result, no database there, a
// format the row cannot take): bad input. A database or file that cannot be
// read or written: an I/O failure.
class NotThere : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ResultsCommandOptions {
  std::string db;
  bool all = false;
  int limit = 50;
  std::int64_t id = 0;
  std::string format = "md";
  std::string out;
  std::string xlsx;  // --xlsx FILE: a run as an Excel workbook (workbook.hpp)
  std::string text;  // name: the name; note: the note
};

std::string db_path(const ResultsCommandOptions& o) {
  return results_db_path(o.db);
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
    SensitivityReport s;
    try {
      s = sensitivity_report_from_json(nlohmann::json::parse(r.summary_json));
    } catch (const std::exception&) {
      return "(report damaged; see results show)";  // the listing goes on; show names the fault
    }
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
    throw NotThere(fmt::format(
        "no results database at '{}'. negsim run, batch, sweep, compare, sensitivity and "
        "backtest record there (the project's store: .negsim/results.db in the first folder "
        "upward with a .negsim folder or a .git entry); point --db or NEGSIM_DB at another "
        "database",
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
  std::cout << "Results in " << store.path() << "\n";
  std::cout << fmt::format("{:>5}  {:<11}  {:<11}  {:<20}  {:>10}  {:>11}  {:<40}  {}\n", "ID",
                           "Kind", "Status", "Recorded (UTC)", "Seed", "Branches", "Result",
                           "Scenario");
  for (const auto& r : rows) {
    std::string name = r.kind == "run" && !r.scenario_file.empty() ? r.scenario_file : r.name;
    if (!r.overrides.empty() && r.kind == "run")
      name += fmt::format(" (+{} --set)", r.overrides.size());
    if (!r.label.empty()) name = fmt::format("\"{}\" {}", r.label, name);
    std::cout << fmt::format("{:>5}  {:<11}  {:<11}  {:<20}  {:>10}  {:>11}  {:<40}  {}\n", r.id,
                             r.kind, r.status, r.created_utc, r.seed, r.branches,
                             headline(store, r), printable(name));
    if (!r.note.empty()) std::cout << fmt::format("{:>7}note: {}\n", "", printable(r.note));
  }
  if (!o.all) std::cout << "(runs made for a batch, sweep or comparison are listed with --all)\n";
  return kExitOk;
}

// A stored report that cannot be read back (a damaged or hand-edited
// database): the result and the database are named, not a parser's words.
class DamagedResult : public StoreError {
 public:
  using StoreError::StoreError;
};

std::string render(const RunRecord& r, const std::string& format);

// The row's own rendering in `format` (text for `show`).
std::string render_checked(const RunRecord& r, const std::string& format, const std::string& db) {
  try {
    return render(r, format);
  } catch (const nlohmann::json::exception& e) {
    throw DamagedResult(
        fmt::format("result {} in '{}' cannot be read back: its stored report is damaged ({}); the "
                    "scenario it ran can still be exported with --format scenario",
                    r.id, db, e.what()));
  }
}

std::string render(const RunRecord& r, const std::string& format) {
  const nlohmann::json j = nlohmann::json::parse(r.summary_json.empty() ? "null" : r.summary_json);
  if (format == "scenario") {
    if (r.kind != "run" && r.kind != "compare" && r.kind != "sensitivity")
      throw NotThere(
          fmt::format("result {} is a {}; --format scenario exports the "
                      "scenario text of a run",
                      r.id, r.kind));
    return r.scenario_text;
  }
  if (j.is_null())
    throw NotThere(fmt::format("result {} has no stored report (status: {}); it never finished",
                               r.id, r.status));
  if (r.kind == "run") {
    const Summary s = summary_from_json(j);
    if (format == "text") return text_report(s);
    if (format == "md") return markdown_report(s);
    if (format == "csv") return csv_report(s);
    return to_json(s).dump(2) + "\n";
  }
  // A backtest is stored as a batch whose report is a backtest (docs/results-store.md).
  if (r.kind == "batch" && j.value("format", "") == "negsim-backtest") {
    const BacktestReport b = backtest_from_json(j);
    if (format == "text") return backtest_text(b);
    if (format == "md") return backtest_markdown(b);
    if (format == "csv") return backtest_csv(b);
    return to_json(b).dump(2) + "\n";
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
    throw NotThere(
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
  if (!r.label.empty()) std::cout << "Name: " << printable(r.label) << "\n";
  if (!r.note.empty()) std::cout << "Note: " << printable(r.note) << "\n";
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
  std::cout << render_checked(r, "text", store.path());
  return kExitOk;
}

// The assumptions table of a stored run, read from the scenario text it ran
// (comments included when the text is the file's own); empty when that text
// no longer loads (a scenario written for another version of negsim).
std::vector<Assumption> stored_assumptions(const RunRecord& r) {
  try {
    Scenario scenario = load_scenario_string(r.scenario_text, r.scenario_file);
    scenario.overrides = r.overrides;
    return scenario_assumptions(scenario, source_notes(r.scenario_text));
  } catch (const std::exception&) {
    return {};
  }
}

int export_workbook(const ResultsCommandOptions& o) {
  check_out_file("--xlsx", o.xlsx, {db_path(o)});
  const ResultsStore store = open_existing(o);
  const RunRecord r = find(store, o.id);
  if (r.kind != "run")
    throw NotThere(
        fmt::format("result {} is a {}; --xlsx exports the result of a run", r.id, r.kind));
  if (r.summary_json.empty())
    throw NotThere(fmt::format("result {} has no stored report (status: {}); it never finished",
                               r.id, r.status));
  Summary summary;
  try {
    summary = summary_from_json(nlohmann::json::parse(r.summary_json));
  } catch (const nlohmann::json::exception& e) {
    throw DamagedResult(
        fmt::format("result {} in '{}' cannot be read back: its stored report is "
                    "damaged ({})",
                    r.id, store.path(), e.what()));
  }
  const std::string bytes = summary_workbook(summary, stored_assumptions(r));
  const InterruptsHeld held;
  write_file_atomically(o.xlsx, bytes);
  std::cerr << "wrote " << o.xlsx << "\n";
  return kExitOk;
}

int export_result(const ResultsCommandOptions& o) {
  if (!o.xlsx.empty()) return export_workbook(o);
  if (!o.out.empty()) check_out_file("--out", o.out, {db_path(o)});
  const ResultsStore store = open_existing(o);
  const RunRecord r = find(store, o.id);
  const std::string text = render_checked(r, o.format, store.path());
  if (o.out.empty()) {
    std::cout << text;
  } else {
    const InterruptsHeld held;
    write_file_atomically(o.out, text);
    std::cerr << "wrote " << o.out << "\n";
  }
  return kExitOk;
}

// `results name ID NAME` and `results note ID TEXT`: an empty text removes it.
int annotate(const ResultsCommandOptions& o, bool name) {
  if (o.text.find_first_of("\n\r") != std::string::npos)
    throw NotThere(fmt::format("a {} is one line; this one has a line break",
                               name ? "result's name" : "note"));
  ResultsStore store = open_existing(o);
  const bool found = name ? store.set_label(o.id, o.text) : store.set_note(o.id, o.text);
  if (!found) (void)find(store, o.id);  // says there is no such result
  std::cerr << (name ? (o.text.empty() ? "removed the name of result " : "named result ")
                     : (o.text.empty() ? "removed the note of result " : "noted result "))
            << o.id << " in " << store.path() << "\n";
  return kExitOk;
}

int name_result(const ResultsCommandOptions& o) {
  return annotate(o, true);
}

int note_result(const ResultsCommandOptions& o) {
  return annotate(o, false);
}

int guarded(int (*action)(const ResultsCommandOptions&), const ResultsCommandOptions& o) {
  try {
    return action(o);
  } catch (const NotThere& e) {
    say(Severity::error, e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {  // StoreError, a damaged report, a file not written
    say(Severity::error, e.what());
    return kExitFailure;
  }
}

const RegisterCommand results_registration{
    80, [](CLI::App& app) {
      auto options = std::make_shared<ResultsCommandOptions>();
      CLI::App* cmd = app.add_subcommand(
          "results", "List, re-render, name and annotate earlier results from the results store");
      cmd->footer(
          "List and re-render earlier results from the results store (every run, batch,\n"
          "sweep, comparison, sensitivity analysis and backtest is recorded there) without\n"
          "running anything again, and name or annotate them. The store is the project's:\n"
          ".negsim/results.db in the first folder from the current one upward that holds a\n"
          ".negsim folder or a .git entry (else in the current folder); NEGSIM_DB or --db\n"
          "choose another. For example\n"
          "  negsim results list\n"
          "  negsim results name 12 \"baseline for the March brief\"\n"
          "  negsim results note 12 \"US pressure at the 2025 rate\"\n"
          "  negsim results export 12 --format md --out brief.md");
      cmd->require_subcommand(1);
      const auto db = [options](CLI::App* sub) {
        add_path_option(sub, "--db", options->db,
                        "results database (default: $NEGSIM_DB, else the project's "
                        ".negsim/results.db, found from the current folder upward)");
      };
      // The subcommands about one result: --db and the result's number.
      const auto db_and_id = [options, db](CLI::App* sub) {
        db(sub);
        add_count_option(sub, "ID", options->id, 1, INT64_MAX,
                         "result number from `negsim results list`")
            ->required();
      };
      CLI::App* list = cmd->add_subcommand("list", "List the recorded results, newest first");
      db(list);
      list->add_flag("--all", options->all,
                     "also list the runs made for a batch, sweep or comparison");
      add_count_option(list, "--limit", options->limit, 0, 1000000,
                       "show at most this many (default 50; 0 = all)");
      CLI::App* show = cmd->add_subcommand("show", "Show one result as the briefing text");
      db_and_id(show);
      CLI::App* exp = cmd->add_subcommand(
          "export",
          "Write one result as Markdown, JSON or CSV (or the scenario text it ran), or a run's "
          "result as an Excel workbook");
      db_and_id(exp);
      exp->add_option("--format", options->format,
                      "md (default), json, csv, text, or scenario (the YAML exactly as it ran)")
          ->check(CLI::IsMember({"md", "json", "csv", "text", "scenario"}));
      add_path_option(exp, "--out", options->out, "write to this file instead of standard output");
      add_path_option(exp, "--xlsx", options->xlsx,
                      "write the result of a run as an Excel workbook to this file instead "
                      "(sheets Outcomes, Terms, Drivers, Assumptions, Provenance)")
          ->excludes("--format")
          ->excludes("--out");
      CLI::App* name = cmd->add_subcommand(
          "name", "Give a result a name, shown by list and show (\"\" removes it)");
      db_and_id(name);
      name->add_option("NAME", options->text, "the name, e.g. \"baseline for the March brief\"")
          ->required();
      CLI::App* note = cmd->add_subcommand(
          "note", "Attach a note to a result, shown by list and show (\"\" removes it)");
      db_and_id(note);
      note->add_option("TEXT", options->text, "the note, one line")->required();
      return [options, list, show, exp, name, note]() -> int {
        if (list->parsed()) return guarded(list_results, *options);
        if (show->parsed()) return guarded(show_result, *options);
        if (exp->parsed()) return guarded(export_result, *options);
        if (name->parsed()) return guarded(name_result, *options);
        if (note->parsed()) return guarded(note_result, *options);
        return kExitBadInput;
      };
    }};

}  // namespace
}  // namespace negsim::cli
