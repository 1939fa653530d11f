#include <fmt/format.h>

#include <sstream>

#include "negsim/output/report.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using namespace report;

std::string csv_report(const Summary& summary) {
  const Provenance& p = summary.provenance;
  std::ostringstream out;
  out << "outcome,label,count,probability,ci95_low,ci95_high,std_error,agreed_count,"
         "median_rounds,p10_rounds,p90_rounds,median_days,p10_days,p90_days,"
         "branches,partial,seed,scenario_id,scenario_sha256,engine_version,date,overrides,"
         "scenario_file_sha256\n";
  for (const OutcomeSummary& o : summary.outcomes) {
    out << csv_field(o.id) << ',' << csv_field(o.label) << ',' << o.count << ','
        << exact_number(o.probability) << ',' << exact_number(o.ci95.low) << ','
        << exact_number(o.ci95.high) << ',' << exact_number(o.std_error) << ',' << o.agreed_count
        << ',';
    if (o.rounds && !o.unresolved) {
      const Spread days = o.rounds->scaled(p.round_days);
      out << exact_number(o.rounds->p50) << ',' << exact_number(o.rounds->p10) << ','
          << exact_number(o.rounds->p90) << ',' << exact_number(days.p50) << ','
          << exact_number(days.p10) << ',' << exact_number(days.p90);
    } else {
      out << ",,,,,";
    }
    out << ',' << p.branches << ',' << (p.partial ? "true" : "false") << ',' << p.seed << ','
        << csv_field(p.scenario_id) << ',' << p.scenario_sha256 << ','
        << csv_field(p.engine_version) << ',' << p.date << ','
        << csv_field(overrides_phrase(p.overrides)) << ',' << p.scenario_file_sha256 << '\n';
  }
  return out.str();
}

}  // namespace negsim
