// The SVG charts of a sensitivity analysis and of convergence: every label
// drawn, long key paths given room instead of cut off, and a usable number of
// ticks on a logarithmic axis.
#include "negsim/output/sensitivity_charts.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace negsim {
namespace {

double svg_width(const std::string& svg) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(svg, m, std::regex("<svg[^>]* width=\"([0-9.]+)\"")));
  return m.empty() ? 0 : std::stod(m[1]);
}

// The x of the first text element that holds `label`, anchored at its end.
double end_of_label(const std::string& svg, const std::string& label) {
  const auto at = svg.find(">" + label + "<");
  EXPECT_NE(at, std::string::npos) << label;
  if (at == std::string::npos) return 0;
  const auto open = svg.rfind("<text", at);
  std::smatch m;
  const std::string element = svg.substr(open, at - open);
  EXPECT_TRUE(std::regex_search(element, m, std::regex(" x=\"([0-9.]+)\"")));
  return m.empty() ? 0 : std::stod(m[1]);
}

TEST(SvgChart, ATornadoGivesItsLongestLabelRoom) {
  SensitivityReport report;
  report.target_label = "Deal";
  report.tornado = Tornado{};
  report.tornado->base = 0.5;
  const std::string longest =
      "process.transitions.framework_signed->ceasefire_for_referendum.probability";
  for (const std::string& input : {std::string("parties.a.batna"), longest}) {
    TornadoBar bar;
    bar.input = input;
    bar.low = 0.4;
    bar.high = 0.6;
    bar.low_ci95 = {0.38, 0.42};
    bar.high_ci95 = {0.58, 0.62};
    report.tornado->bars.push_back(bar);
  }
  const std::string svg = tornado_svg(report);
  // Labels end at the plot's left edge: the longest (75 characters at about
  // 6.2 px each at 11 px) must fit to its left.
  const double end = end_of_label(
      svg, "process.transitions.framework_signed-&gt;ceasefire_for_referendum.probability");
  EXPECT_GE(end, 0.56 * 11 * static_cast<double>(longest.size()));
  EXPECT_EQ(end_of_label(svg, "parties.a.batna"), end);
  EXPECT_GE(svg_width(svg), end + 420);
}

TEST(SvgChart, ConvergenceTicksAtOneTwoAndFiveTimesPowersOfTen) {
  Convergence c;
  c.outcomes = {"deal", "none"};
  c.labels = {"Deal", "No deal"};
  for (std::uint64_t n = 1024; n <= 20480; n += 1024) c.points.push_back({n, {n / 2, n - n / 2}});
  const std::string svg = convergence_svg(c, "Convergence");
  // 1,024 to 20,480 branches: 2000, 5000, 10000 and 20000, not only 10000.
  for (const char* tick : {">2000<", ">5000<", ">10000<", ">20000<"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  EXPECT_EQ(svg.find(">1000<"), std::string::npos);  // below the first point
  EXPECT_NE(svg.find("Deal: 50.0%"), std::string::npos);
  // A title longer than the plot widens the chart instead of running off it.
  const std::string title(150, 'x');
  EXPECT_GE(svg_width(convergence_svg(c, title)), 0.56 * 14 * 150);
}

}  // namespace
}  // namespace negsim
