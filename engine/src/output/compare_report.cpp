#include "negsim/output/compare_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"
#include "negsim/output/paired_comparison_json.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using nlohmann::json;
using namespace report;

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
          << csv_field(label_of(report.labels, d.outcome)) << ","
          << exact_number(d.base_probability) << "," << exact_number(d.variant_probability) << ","
          << exact_number(d.difference) << "," << exact_number(d.paired_ci95.low) << ","
          << exact_number(d.paired_ci95.high) << "," << exact_number(d.unpaired_ci95.low) << ","
          << exact_number(d.unpaired_ci95.high) << "," << d.gained << "," << d.lost << ","
          << c.pairs << "," << report.seed << "\n";
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
  r.base = json_field<std::string>(j, "base", "comparison");
  r.variants = json_field<std::vector<std::string>>(j, "variants", "comparison");
  r.labels = json_field<std::map<std::string, std::string>>(j, "labels", "comparison");
  r.seed = json_field<std::uint64_t>(j, "seed", "comparison");
  r.branches = json_field<std::uint64_t>(j, "branches", "comparison");
  r.partial = json_field<bool>(j, "partial", "comparison");
  for (const auto& c : json_field<json>(j, "comparisons", "comparison"))
    r.comparisons.push_back(paired_comparison_from_json(c));
  return r;
}

}  // namespace negsim
