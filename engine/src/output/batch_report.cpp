#include "negsim/output/batch_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"
#include "negsim/output/summary_json.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using nlohmann::json;
using namespace report;

namespace {

struct OutcomeRow {
  std::string id, label;
};

std::vector<OutcomeRow> batch_outcomes(const BatchReport& report) {
  std::vector<OutcomeRow> rows;
  for (const auto& e : report.entries) {
    if (!e.summary) continue;
    for (const auto& o : e.summary->outcomes)
      if (std::none_of(rows.begin(), rows.end(), [&](const OutcomeRow& r) { return r.id == o.id; }))
        rows.push_back({o.id, o.label});
  }
  // Unresolved last, as in every other report.
  std::stable_partition(rows.begin(), rows.end(),
                        [](const OutcomeRow& r) { return r.id != "unresolved"; });
  return rows;
}

const OutcomeSummary* find_outcome(const Summary& s, const std::string& id) {
  for (const auto& o : s.outcomes)
    if (o.id == id) return &o;
  return nullptr;
}

// The side-by-side table; `most_likely_row` adds the most likely outcome of
// each entry as a last row (Markdown wraps long labels; a terminal does not).
std::vector<std::vector<std::string>> batch_rows(const BatchReport& report, bool most_likely_row) {
  std::vector<const BatchEntry*> ran;
  for (const auto& e : report.entries)
    if (e.summary) ran.push_back(&e);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"Outcome"};
  for (const auto* e : ran)
    header.push_back(e->name + (e->summary->provenance.partial ? " (partial)" : ""));
  rows.push_back(header);
  for (const auto& outcome : batch_outcomes(report)) {
    std::vector<std::string> row{outcome.label};
    for (const auto* e : ran) {
      const OutcomeSummary* o = find_outcome(*e->summary, outcome.id);
      row.push_back(o ? probability_cell(*o) : "–");
    }
    rows.push_back(row);
  }
  std::vector<std::string> most{"Most likely"}, branches{"Branches"};
  for (const auto* e : ran) {
    const Summary& s = *e->summary;
    most.push_back(s.outcomes.empty() ? "–" : s.outcomes[s.most_likely()].label);
    branches.push_back(report::thousands(s.provenance.branches));
  }
  if (most_likely_row) rows.push_back(most);
  rows.push_back(branches);
  return rows;
}

// "Most likely: X in every scenario." or one clause per entry.
std::string most_likely_sentence(const BatchReport& report) {
  std::vector<std::pair<std::string, std::string>> ran;
  for (const auto& e : report.entries)
    if (e.summary && !e.summary->outcomes.empty())
      ran.emplace_back(e.name, e.summary->outcomes[e.summary->most_likely()].label);
  if (ran.empty()) return "";
  if (std::all_of(ran.begin(), ran.end(), [&](const auto& x) { return x.second == ran[0].second; }))
    return fmt::format("Most likely in {}: {}.", ran.size() == 1 ? "it" : "every scenario",
                       ran[0].second);
  std::vector<std::string> parts;
  for (const auto& [name, label] : ran) parts.push_back(name + ": " + label);
  return "Most likely — " + joined(parts, "; ") + ".";
}

std::string batch_heading(const BatchReport& report) {
  std::size_t ran = 0;
  for (const auto& e : report.entries) ran += e.summary.has_value();
  std::string title = report.title.empty() ? report.file : report.title;
  const std::size_t planned = std::max(report.planned, report.entries.size());
  return fmt::format("{}: {} of {} scenario{} ran", title, ran, planned, planned == 1 ? "" : "s");
}

}  // namespace

std::string batch_text(const BatchReport& report) {
  std::ostringstream out;
  out << batch_heading(report) << "\n";
  if (report.partial) out << "PARTIAL: the batch was interrupted before every scenario had run.\n";
  out << "Probability of each outcome with its 95% interval:\n\n";
  out << text_table(batch_rows(report, false));
  if (const std::string most = most_likely_sentence(report); !most.empty())
    out << "\n" << wrapped(most) << "\n";
  bool first = true;
  for (const auto& e : report.entries) {
    if (e.summary) continue;
    if (first) out << "\nCould not run:\n";
    first = false;
    out << "  " << e.name << " (" << e.scenario << "):\n";
    std::istringstream lines(e.error);
    for (std::string line; std::getline(lines, line);) out << "    " << line << "\n";
  }
  return out.str();
}

std::string batch_markdown(const BatchReport& report) {
  std::ostringstream out;
  out << "# " << batch_heading(report) << "\n\n";
  if (report.partial)
    out << "**Partial:** the batch was interrupted before every scenario had run.\n\n";
  out << "Probability of each outcome, with its 95% interval.\n\n";
  out << markdown_table(batch_rows(report, true)) << "\n";
  out << "## Scenarios\n\n";
  for (const auto& e : report.entries) {
    out << "- **" << markdown_cell(e.name) << "**: `" << e.scenario << "`";
    if (!e.overrides.empty()) out << " with `--set " << joined(e.overrides, "`, `--set ") << "`";
    if (e.summary) {
      const Provenance& p = e.summary->provenance;
      out << fmt::format("; {} branches, seed {}, scenario sha256 {}",
                         report::thousands(p.branches), p.seed, p.scenario_sha256.substr(0, 12));
      if (e.run_id) out << ", results store run " << *e.run_id << (e.reused ? " (reused)" : "");
      if (p.partial) out << "; **partial**";
    } else {
      out << "; **could not run**:\n\n```\n" << e.error << "\n```";
    }
    out << "\n";
  }
  return out.str();
}

std::string batch_csv(const BatchReport& report) {
  std::ostringstream out;
  out << "entry,scenario,overrides,outcome,label,count,probability,ci95_low,ci95_high,branches,"
         "partial,seed,scenario_id,scenario_sha256,engine_version,run_id,error\n";
  for (const auto& e : report.entries) {
    const std::string head = csv_field(e.name) + "," + csv_field(e.scenario) + "," +
                             csv_field(joined(e.overrides, "; ")) + ",";
    const std::string run = e.run_id ? std::to_string(*e.run_id) : "";
    if (!e.summary) {
      out << head << ",,,,,,,,,,,," << run << "," << csv_field(e.error) << "\n";
      continue;
    }
    const Provenance& p = e.summary->provenance;
    for (const auto& o : e.summary->outcomes)
      out << head << csv_field(o.id) << "," << csv_field(o.label) << "," << o.count << ","
          << exact_number(o.probability) << "," << exact_number(o.ci95.low) << ","
          << exact_number(o.ci95.high) << "," << p.branches << "," << (p.partial ? "true" : "false")
          << "," << p.seed << "," << csv_field(p.scenario_id) << "," << p.scenario_sha256 << ","
          << csv_field(p.engine_version) << "," << run << ",\n";
  }
  return out.str();
}

json to_json(const BatchReport& report) {
  json j;
  j["format"] = "negsim-batch";
  j["title"] = report.title;
  j["file"] = report.file;
  j["partial"] = report.partial;
  j["planned"] = std::max(report.planned, report.entries.size());
  auto& entries = j["entries"] = json::array();
  for (const auto& e : report.entries) {
    json ej = {{"name", e.name},
               {"scenario", e.scenario},
               {"overrides", e.overrides},
               {"error", e.error},
               {"reused", e.reused}};
    ej["run_id"] = e.run_id ? json(*e.run_id) : json(nullptr);
    ej["summary"] = e.summary ? to_json(*e.summary) : json(nullptr);
    entries.push_back(std::move(ej));
  }
  return j;
}

BatchReport batch_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "negsim-batch")
    throw std::runtime_error("not a negsim batch (format is not \"negsim-batch\")");
  BatchReport r;
  r.title = json_field<std::string>(j, "title", "batch");
  r.file = json_field<std::string>(j, "file", "batch");
  r.partial = json_field<bool>(j, "partial", "batch");
  if (j.contains("planned") && j["planned"].is_number_unsigned())
    r.planned = j["planned"].get<std::size_t>();
  for (const auto& ej : json_field<json>(j, "entries", "batch")) {
    BatchEntry e;
    e.name = json_field<std::string>(ej, "name", "batch entry");
    e.scenario = json_field<std::string>(ej, "scenario", "batch entry");
    e.overrides = json_field<std::vector<std::string>>(ej, "overrides", "batch entry");
    e.error = json_field<std::string>(ej, "error", "batch entry");
    e.reused = json_field<bool>(ej, "reused", "batch entry");
    if (!ej.at("run_id").is_null())
      e.run_id = json_field<std::int64_t>(ej, "run_id", "batch entry");
    if (!ej.at("summary").is_null()) e.summary = summary_from_json(ej.at("summary"));
    r.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace negsim
