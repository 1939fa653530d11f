#include "negsim/output/convergence_report.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "negsim/output/sensitivity_charts.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

nlohmann::json to_json(const Convergence& c) {
  nlohmann::json j;
  j["format"] = "negsim-convergence";
  j["outcomes"] = c.outcomes;
  j["labels"] = c.labels;
  auto& points = j["points"] = nlohmann::json::array();
  for (const ConvergencePoint& p : c.points) {
    nlohmann::json estimates = nlohmann::json::array();
    for (std::size_t o = 0; o < c.outcomes.size(); ++o) {
      const Interval i = interval_at(p, o);
      estimates.push_back(
          {{"count", p.counts.at(o)}, {"probability", share_at(p, o)}, {"ci95", {i.low, i.high}}});
    }
    points.push_back({{"branches", p.branches}, {"outcomes", estimates}});
  }
  return j;
}

std::string convergence_csv(const Convergence& c) {
  std::ostringstream out;
  out << "branches,outcome,label,count,probability,ci95_low,ci95_high\n";
  for (const ConvergencePoint& p : c.points)
    for (std::size_t o = 0; o < c.outcomes.size(); ++o) {
      const Interval i = interval_at(p, o);
      out << p.branches << "," << report::csv_field(c.outcomes[o]) << ","
          << report::csv_field(o < c.labels.size() ? c.labels[o] : c.outcomes[o]) << ","
          << p.counts.at(o) << "," << report::exact_number(share_at(p, o)) << ","
          << report::exact_number(i.low) << "," << report::exact_number(i.high) << "\n";
    }
  return out.str();
}

std::vector<OutputFile> convergence_files(const Convergence& convergence,
                                          const std::string& title) {
  return {{"convergence.json", to_json(convergence).dump(2) + "\n"},
          {"convergence.csv", convergence_csv(convergence)},
          {"convergence.svg", convergence_svg(convergence, title)}};
}

}  // namespace negsim
