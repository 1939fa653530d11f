#include "negsim/output/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"
#include "negsim/output/sweep_json.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using nlohmann::json;
using namespace report;

namespace {

// What the text and Markdown reports say when no tipping point was found.
const char* no_tipping_point(bool partial) {
  return partial ? "No tipping point among the points that ran; the points that did not run may "
                   "hold one."
                 : "No tipping point: the most likely outcome is the same across the grid.";
}

std::string sweep_heading(const SweepReport& report) {
  const SweepResult& r = report.result;
  std::vector<std::string> axes;
  for (const auto& a : r.axes)
    axes.push_back(fmt::format("{} from {} to {} ({} points)", a.key, exact_number(a.low),
                               exact_number(a.high), a.steps));
  return fmt::format("Sweep of {}: {} branches per point, seed {}", joined(axes, " and "),
                     report::thousands(report.branches), report.seed);
}

std::string tip_sentence(const SweepReport& report, const TippingPoint& t) {
  const SweepResult& r = report.result;
  std::string where;
  if (t.other && r.axes.size() > 1)
    where = fmt::format(" (with {} = {})", r.axes[1 - t.axis].key, exact_number(*t.other));
  return fmt::format("{} ≈ {}{}: between {} and {} the most likely outcome changes from {} to {}",
                     r.axes[t.axis].key, fmt::format("{:.4g}", t.at), where, exact_number(t.before),
                     exact_number(t.after), label_of(report.labels, t.from),
                     label_of(report.labels, t.to));
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
      std::vector<std::string> row{exact_number(p.values.at(0))};
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
  for (double y : v1) header.push_back(exact_number(y));
  rows.push_back(header);
  for (std::size_t i = 0; i < v0.size(); ++i) {
    std::vector<std::string> row{exact_number(v0[i])};
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
    out << no_tipping_point(report.partial) << "\n";
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
    out << no_tipping_point(report.partial) << "\n";
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
    std::string head = csv_field(r.axes.at(0).key) + "," + exact_number(p.values.at(0)) + ",";
    head += r.axes.size() > 1 ? csv_field(r.axes[1].key) + "," + exact_number(p.values.at(1)) + ","
                              : ",,";
    if (!p.ok()) {
      out << head << ",,,,,,,," << csv_field(p.error) << "\n";
      continue;
    }
    for (std::size_t o = 0; o < r.outcomes.size(); ++o)
      out << head << csv_field(r.outcomes[o]) << ","
          << csv_field(label_of(report.labels, r.outcomes[o])) << ","
          << (o < p.counts.size() ? std::to_string(p.counts[o]) : "") << ","
          << exact_number(p.probabilities.at(o)) << ","
          << (o < p.ci95.size() ? exact_number(p.ci95[o].low) + "," + exact_number(p.ci95[o].high)
                                : ",")
          << "," << p.branches << "," << csv_field(r.outcomes.at(p.most_likely)) << ",\n";
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
  r.scenario = json_field<std::string>(j, "scenario", "sweep");
  r.overrides = json_field<std::vector<std::string>>(j, "overrides", "sweep");
  r.seed = json_field<std::uint64_t>(j, "seed", "sweep");
  r.branches = json_field<std::uint64_t>(j, "branches", "sweep");
  r.partial = json_field<bool>(j, "partial", "sweep");
  r.labels = json_field<std::map<std::string, std::string>>(j, "labels", "sweep");
  r.result = sweep_from_json(json_field<json>(j, "sweep", "sweep"));
  return r;
}

}  // namespace negsim
