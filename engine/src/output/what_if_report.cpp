#include "negsim/output/what_if_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "negsim/output/paired_comparison_json.hpp"
#include "negsim/output/summary_json.hpp"
#include "negsim/output/sweep_json.hpp"
#include "report_format.hpp"

namespace negsim {

namespace {

using nlohmann::json;

// RFC 4180: quote a field that holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Shortest text that reads back as the same double.
std::string num(double x) {
  return fmt::format("{}", x);
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

// Markdown table cells must not break the table.
std::string md_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// Characters as a terminal shows them (fmt pads by the same count): UTF-8
// continuation bytes take no room.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A plain-text table: first column left-aligned, the others right-aligned.
std::string text_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], display_width(row[c]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c == 0)
        line += fmt::format("{:<{}}", row[c], width[c]);
      else
        line += fmt::format("  {:>{}}", row[c], width[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// Breaks `text` into lines of at most `width` characters at spaces.
std::string wrapped(const std::string& text, std::size_t width = 96) {
  std::string out, line;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

std::string markdown_table(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += "|";
    for (const auto& cell : rows[r]) {
      out += ' ';
      out += md_cell(cell);
      out += " |";
    }
    out += "\n";
    if (r == 0) {
      out += "|";
      for (std::size_t c = 0; c < rows[r].size(); ++c) out += c == 0 ? " --- |" : " ---: |";
      out += "\n";
    }
  }
  return out;
}

std::string probability_cell(const OutcomeSummary& o) {
  const int decimals = report::percent_decimals(o.ci95);
  return fmt::format("{} ({})", report::percent(o.probability, decimals),
                     report::percent_range(o.ci95, decimals));
}

std::string label_of(const std::map<std::string, std::string>& labels, const std::string& id) {
  const auto it = labels.find(id);
  return it == labels.end() || it->second.empty() ? id : it->second;
}

template <class T>
T field(const json& j, const char* key, const char* what) {
  if (!j.contains(key)) throw std::runtime_error(fmt::format("the {} has no '{}'", what, key));
  try {
    return j.at(key).get<T>();
  } catch (const json::exception& e) {
    throw std::runtime_error(fmt::format("the {}'s '{}' is malformed: {}", what, key, e.what()));
  }
}

// ------------------------------------------------------------------ batch

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
  return fmt::format("{}: {} of {} scenario{} ran", title, ran, report.entries.size(),
                     report.entries.size() == 1 ? "" : "s");
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
    out << "- **" << md_cell(e.name) << "**: `" << e.scenario << "`";
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
          << num(o.probability) << "," << num(o.ci95.low) << "," << num(o.ci95.high) << ","
          << p.branches << "," << (p.partial ? "true" : "false") << "," << p.seed << ","
          << csv_field(p.scenario_id) << "," << p.scenario_sha256 << ","
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
  r.title = field<std::string>(j, "title", "batch");
  r.file = field<std::string>(j, "file", "batch");
  r.partial = field<bool>(j, "partial", "batch");
  for (const auto& ej : field<json>(j, "entries", "batch")) {
    BatchEntry e;
    e.name = field<std::string>(ej, "name", "batch entry");
    e.scenario = field<std::string>(ej, "scenario", "batch entry");
    e.overrides = field<std::vector<std::string>>(ej, "overrides", "batch entry");
    e.error = field<std::string>(ej, "error", "batch entry");
    e.reused = field<bool>(ej, "reused", "batch entry");
    if (!ej.at("run_id").is_null()) e.run_id = field<std::int64_t>(ej, "run_id", "batch entry");
    if (!ej.at("summary").is_null()) e.summary = summary_from_json(ej.at("summary"));
    r.entries.push_back(std::move(e));
  }
  return r;
}

// ------------------------------------------------------------------ sweep

namespace {

std::string sweep_heading(const SweepReport& report) {
  const SweepResult& r = report.result;
  std::vector<std::string> axes;
  for (const auto& a : r.axes)
    axes.push_back(
        fmt::format("{} from {} to {} ({} points)", a.key, num(a.low), num(a.high), a.steps));
  return fmt::format("Sweep of {}: {} branches per point, seed {}", joined(axes, " and "),
                     report::thousands(report.branches), report.seed);
}

std::string tip_sentence(const SweepReport& report, const TippingPoint& t) {
  const SweepResult& r = report.result;
  std::string where;
  if (t.other && r.axes.size() > 1)
    where = fmt::format(" (with {} = {})", r.axes[1 - t.axis].key, num(*t.other));
  return fmt::format("{} ≈ {}{}: between {} and {} the most likely outcome changes from {} to {}",
                     r.axes[t.axis].key, fmt::format("{:.4g}", t.at), where, num(t.before),
                     num(t.after), label_of(report.labels, t.from), label_of(report.labels, t.to));
}

// 1-D: one row per value, one column per outcome. 2-D: the most likely
// outcome on the grid (rows: first parameter, columns: second).
std::vector<std::vector<std::string>> sweep_rows(const SweepReport& report) {
  const SweepResult& r = report.result;
  std::vector<std::vector<std::string>> rows;
  if (r.axes.size() == 1) {
    std::vector<std::string> header{r.axes[0].key};
    for (const auto& o : r.outcomes) header.push_back(label_of(report.labels, o));
    header.push_back("Most likely");
    rows.push_back(header);
    for (const auto& p : r.points) {
      std::vector<std::string> row{num(p.values.at(0))};
      if (!p.ok()) {
        row.push_back("could not run: " + p.error);
        rows.push_back(row);
        continue;
      }
      for (std::size_t o = 0; o < r.outcomes.size(); ++o) {
        const int decimals = p.ci95.size() > o ? report::percent_decimals(p.ci95[o]) : 1;
        row.push_back(report::percent(p.probabilities.at(o), decimals));
      }
      row.push_back(label_of(report.labels, r.outcomes.at(p.most_likely)));
      rows.push_back(row);
    }
    return rows;
  }
  const auto v0 = r.axes[0].values();
  const auto v1 = r.axes[1].values();
  std::vector<std::string> header{r.axes[0].key + " \\ " + r.axes[1].key};
  for (double y : v1) header.push_back(num(y));
  rows.push_back(header);
  for (std::size_t i = 0; i < v0.size(); ++i) {
    std::vector<std::string> row{num(v0[i])};
    for (std::size_t j = 0; j < v1.size(); ++j) {
      const SweepPoint& p = r.at(i, j);
      row.push_back(p.ok() ? fmt::format("{} {}",
                                         label_of(report.labels, r.outcomes.at(p.most_likely)),
                                         report::percent(p.probabilities.at(p.most_likely), 0))
                           : "–");
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::string sweep_text(const SweepReport& report) {
  std::ostringstream out;
  out << sweep_heading(report) << "\n";
  if (!report.overrides.empty())
    out << "With --set " << joined(report.overrides, ", --set ") << "\n";
  if (report.partial) out << "PARTIAL: the sweep was interrupted; later points did not run.\n";
  out << (report.result.axes.size() == 1 ? "Probability of each outcome:\n\n"
                                         : "Most likely outcome (and its probability):\n\n");
  out << text_table(sweep_rows(report));
  out << "\n";
  if (report.result.tipping_points.empty()) {
    out << "No tipping point: the most likely outcome is the same across the grid.\n";
  } else {
    out << "Tipping points (where the two outcomes' probabilities cross, interpolated):\n";
    for (const auto& t : report.result.tipping_points)
      out << "  " << tip_sentence(report, t) << "\n";
  }
  for (const auto& p : report.result.points)
    if (!p.ok()) {
      out << "\nSome points could not run; see the messages above.\n";
      break;
    }
  return out.str();
}

std::string sweep_markdown(const SweepReport& report) {
  std::ostringstream out;
  out << "# " << sweep_heading(report) << "\n\n";
  out << "Scenario: `" << report.scenario << "`";
  if (!report.overrides.empty())
    out << " with `--set " << joined(report.overrides, "`, `--set ") << "`";
  out << ". Every point runs on the same random numbers (seed " << report.seed
      << "), so differences between points come from the swept assumption, not from noise.\n\n";
  if (report.partial)
    out << "**Partial:** the sweep was interrupted; later points did not run.\n\n";
  out << markdown_table(sweep_rows(report)) << "\n";
  if (report.result.tipping_points.empty()) {
    out << "No tipping point: the most likely outcome is the same across the grid.\n";
  } else {
    out << "## Tipping points\n\n";
    for (const auto& t : report.result.tipping_points)
      out << "- " << tip_sentence(report, t) << "\n";
  }
  return out.str();
}

std::string sweep_csv(const SweepReport& report) {
  const SweepResult& r = report.result;
  std::ostringstream out;
  out << "key1,value1,key2,value2,outcome,label,count,probability,ci95_low,ci95_high,branches,"
         "most_likely,error\n";
  for (const auto& p : r.points) {
    std::string head = csv_field(r.axes.at(0).key) + "," + num(p.values.at(0)) + ",";
    head += r.axes.size() > 1 ? csv_field(r.axes[1].key) + "," + num(p.values.at(1)) + "," : ",,";
    if (!p.ok()) {
      out << head << ",,,,,,,," << csv_field(p.error) << "\n";
      continue;
    }
    for (std::size_t o = 0; o < r.outcomes.size(); ++o)
      out << head << csv_field(r.outcomes[o]) << ","
          << csv_field(label_of(report.labels, r.outcomes[o])) << ","
          << (o < p.counts.size() ? std::to_string(p.counts[o]) : "") << ","
          << num(p.probabilities.at(o)) << ","
          << (o < p.ci95.size() ? num(p.ci95[o].low) + "," + num(p.ci95[o].high) : ",") << ","
          << p.branches << "," << csv_field(r.outcomes.at(p.most_likely)) << ",\n";
  }
  return out.str();
}

json to_json(const SweepReport& report) {
  json j;
  j["format"] = "negsim-sweep";
  j["scenario"] = report.scenario;
  j["overrides"] = report.overrides;
  j["seed"] = report.seed;
  j["branches"] = report.branches;
  j["partial"] = report.partial;
  j["labels"] = report.labels;
  j["sweep"] = to_json(report.result);
  return j;
}

SweepReport sweep_report_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "negsim-sweep")
    throw std::runtime_error("not a negsim sweep (format is not \"negsim-sweep\")");
  SweepReport r;
  r.scenario = field<std::string>(j, "scenario", "sweep");
  r.overrides = field<std::vector<std::string>>(j, "overrides", "sweep");
  r.seed = field<std::uint64_t>(j, "seed", "sweep");
  r.branches = field<std::uint64_t>(j, "branches", "sweep");
  r.partial = field<bool>(j, "partial", "sweep");
  r.labels = field<std::map<std::string, std::string>>(j, "labels", "sweep");
  r.result = sweep_from_json(field<json>(j, "sweep", "sweep"));
  return r;
}

// ------------------------------------------------------------------ compare

double median_narrowing(const PairedComparison& c) {
  std::vector<double> ratios;
  for (const auto& d : c.outcomes)
    if (d.paired_ci95.high > d.paired_ci95.low) ratios.push_back(d.narrowing());
  if (ratios.empty()) return 0;
  std::sort(ratios.begin(), ratios.end());
  const std::size_t n = ratios.size();
  return n % 2 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
}

namespace {

// Decimals for a comparison row: two when the paired interval is narrower
// than a point either side, so that its ends stay distinct.
int difference_decimals(const OutcomeDifference& d) {
  return d.paired_ci95.half_width() < 0.005 ? 2 : 1;
}

std::string signed_range(const Interval& i, int decimals) {
  return fmt::format("{} to {}", report::points(i.low, decimals), report::points(i.high, decimals));
}

std::vector<std::vector<std::string>> compare_rows(const CompareReport& report,
                                                   const PairedComparison& c) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back(
      {"Outcome", "Base", "Variant", "Difference", "95% paired", "95% unpaired", "Gained", "Lost"});
  for (const auto& d : c.outcomes) {
    const int decimals = difference_decimals(d);
    rows.push_back({label_of(report.labels, d.outcome), report::percent(d.base_probability),
                    report::percent(d.variant_probability),
                    report::points(d.difference, decimals) + " pts",
                    signed_range(d.paired_ci95, decimals), signed_range(d.unpaired_ci95, decimals),
                    report::thousands(d.gained), report::thousands(d.lost)});
  }
  return rows;
}

std::string moves_sentence(const CompareReport& report, const PairedComparison& c) {
  if (c.pairs == 0) return "No branch ran.";
  std::string s =
      fmt::format("{} of {} branches ({}) ended differently under the variant.",
                  report::thousands(c.changed), report::thousands(c.pairs),
                  report::percent(static_cast<double>(c.changed) / static_cast<double>(c.pairs)));
  if (!c.changes.empty()) {
    std::vector<std::string> moves;
    for (std::size_t i = 0; i < std::min<std::size_t>(c.changes.size(), 4); ++i)
      moves.push_back(fmt::format("{} → {}: {}", label_of(report.labels, c.changes[i].from),
                                  label_of(report.labels, c.changes[i].to),
                                  report::thousands(c.changes[i].count)));
    s += " Largest moves: " + joined(moves, "; ") + ".";
  }
  const double narrowing = median_narrowing(c);
  if (narrowing > 0)
    s += fmt::format(
        " Pairing the branches makes the intervals {:.1f} times narrower (median over outcomes) "
        "than comparing two independent runs of the same size.",
        narrowing);
  return s;
}

std::string compare_heading(const CompareReport& report, const PairedComparison& c) {
  return fmt::format(
      "{} compared with {}: {} paired branches (seed {}, the same branch numbers "
      "and random numbers on both sides)",
      c.variant, c.base, report::thousands(c.pairs), report.seed);
}

}  // namespace

std::string compare_text(const CompareReport& report) {
  std::ostringstream out;
  if (report.partial)
    out << "PARTIAL: the comparison was interrupted; the figures cover the branches finished.\n\n";
  for (std::size_t v = 0; v < report.comparisons.size(); ++v) {
    const auto& c = report.comparisons[v];
    if (v > 0) out << "\n";
    out << compare_heading(report, c) << "\n\n";
    out << text_table(compare_rows(report, c)) << "\n";
    out << wrapped(moves_sentence(report, c)) << "\n";
  }
  return out.str();
}

std::string compare_markdown(const CompareReport& report) {
  std::ostringstream out;
  out << "# Paired comparison with " << report.base << "\n\n";
  out << "Each variant runs on the same " << report::thousands(report.branches)
      << " branch numbers and seed (" << report.seed
      << ") as the base, so both sides of a branch draw the same random numbers for every "
         "assumption they share. Differences are in percentage points; \"paired\" intervals come "
         "from the branch-by-branch differences, \"unpaired\" ones are what two independent runs "
         "would give.\n\n";
  if (report.partial)
    out << "**Partial:** the comparison was interrupted; the figures cover the branches "
           "finished.\n\n";
  for (const auto& c : report.comparisons) {
    out << "## " << c.variant << "\n\n";
    out << markdown_table(compare_rows(report, c)) << "\n" << moves_sentence(report, c) << "\n\n";
  }
  return out.str();
}

std::string compare_csv(const CompareReport& report) {
  std::ostringstream out;
  out << "base,variant,outcome,label,base_probability,variant_probability,difference,"
         "paired_ci95_low,paired_ci95_high,unpaired_ci95_low,unpaired_ci95_high,gained,lost,"
         "pairs,seed\n";
  for (const auto& c : report.comparisons)
    for (const auto& d : c.outcomes)
      out << csv_field(c.base) << "," << csv_field(c.variant) << "," << csv_field(d.outcome) << ","
          << csv_field(label_of(report.labels, d.outcome)) << "," << num(d.base_probability) << ","
          << num(d.variant_probability) << "," << num(d.difference) << "," << num(d.paired_ci95.low)
          << "," << num(d.paired_ci95.high) << "," << num(d.unpaired_ci95.low) << ","
          << num(d.unpaired_ci95.high) << "," << d.gained << "," << d.lost << "," << c.pairs << ","
          << report.seed << "\n";
  return out.str();
}

json to_json(const CompareReport& report) {
  json j;
  j["format"] = "negsim-compare";
  j["base"] = report.base;
  j["variants"] = report.variants;
  j["labels"] = report.labels;
  j["seed"] = report.seed;
  j["branches"] = report.branches;
  j["partial"] = report.partial;
  auto& comparisons = j["comparisons"] = json::array();
  for (const auto& c : report.comparisons) comparisons.push_back(to_json(c));
  return j;
}

CompareReport compare_report_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "negsim-compare")
    throw std::runtime_error("not a negsim comparison (format is not \"negsim-compare\")");
  CompareReport r;
  r.base = field<std::string>(j, "base", "comparison");
  r.variants = field<std::vector<std::string>>(j, "variants", "comparison");
  r.labels = field<std::map<std::string, std::string>>(j, "labels", "comparison");
  r.seed = field<std::uint64_t>(j, "seed", "comparison");
  r.branches = field<std::uint64_t>(j, "branches", "comparison");
  r.partial = field<bool>(j, "partial", "comparison");
  for (const auto& c : field<json>(j, "comparisons", "comparison"))
    r.comparisons.push_back(paired_comparison_from_json(c));
  return r;
}

}  // namespace negsim
