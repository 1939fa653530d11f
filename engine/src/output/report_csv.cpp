#include <fmt/format.h>

#include <sstream>

#include "negsim/output/report.hpp"

namespace negsim {

namespace {

// RFC 4180: quote a field that holds a comma, quote or line break.
std::string field(const std::string& text) {
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

}  // namespace

std::string csv_report(const Summary& summary) {
  const Provenance& p = summary.provenance;
  std::ostringstream out;
  out << "outcome,label,count,probability,ci95_low,ci95_high,std_error,agreed_count,"
         "median_rounds,p10_rounds,p90_rounds,median_days,p10_days,p90_days,"
         "branches,partial,seed,scenario_id,scenario_sha256,engine_version,date\n";
  for (const OutcomeSummary& o : summary.outcomes) {
    out << field(o.id) << ',' << field(o.label) << ',' << o.count << ',' << num(o.probability)
        << ',' << num(o.ci95.low) << ',' << num(o.ci95.high) << ',' << num(o.std_error) << ','
        << o.agreed_count << ',';
    if (o.rounds && !o.unresolved) {
      const Spread days = o.rounds->scaled(p.round_days);
      out << num(o.rounds->p50) << ',' << num(o.rounds->p10) << ',' << num(o.rounds->p90) << ','
          << num(days.p50) << ',' << num(days.p10) << ',' << num(days.p90);
    } else {
      out << ",,,,,";
    }
    out << ',' << p.branches << ',' << (p.partial ? "true" : "false") << ',' << p.seed << ','
        << field(p.scenario_id) << ',' << p.scenario_sha256 << ',' << field(p.engine_version) << ','
        << p.date << '\n';
  }
  return out.str();
}

}  // namespace negsim
