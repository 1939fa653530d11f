// The sweep's text and Markdown reports: what they say when the most likely
// outcome never tips, for a whole sweep and for one that was interrupted.
#include <gtest/gtest.h>

#include <string>

#include "negsim/output/sweep_report.hpp"

namespace negsim {
namespace {

// `deal` leads at every point: P(deal) = 0.6 .. 0.9.
SweepReport report_without_a_tip(bool partial) {
  SweepReport report;
  report.result.axes = {{"parties.a.capability", 0.6, 0.9, 4}};
  report.result.outcomes = {"no_deal", "deal"};
  for (double x : report.result.axes[0].values()) {
    SweepPoint p;
    p.values = {x};
    p.probabilities = {1 - x, x};
    p.counts = {0, 0};
    p.ci95 = {{0, 1}, {0, 1}};
    report.result.points.push_back(p);
  }
  report.result.tipping_points = find_tipping_points(report.result);
  report.partial = partial;
  return report;
}

bool report_says(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SweepReport, SaysWhenTheMostLikelyOutcomeNeverTips) {
  const SweepReport whole = report_without_a_tip(false);
  ASSERT_TRUE(whole.result.tipping_points.empty());
  const std::string sentence =
      "No tipping point: the most likely outcome is the same across the grid.\n";
  EXPECT_TRUE(report_says(sweep_text(whole), sentence)) << sweep_text(whole);
  EXPECT_TRUE(report_says(sweep_markdown(whole), sentence)) << sweep_markdown(whole);
}

TEST(SweepReport, AnInterruptedSweepLeavesRoomForATipInThePointsNotRun) {
  const SweepReport partial = report_without_a_tip(true);
  const std::string sentence =
      "No tipping point among the points that ran; the points that did not run may hold one.\n";
  EXPECT_TRUE(report_says(sweep_text(partial), sentence)) << sweep_text(partial);
  EXPECT_TRUE(report_says(sweep_markdown(partial), sentence)) << sweep_markdown(partial);
  EXPECT_FALSE(report_says(sweep_markdown(partial), "the same across the grid"));
}

}  // namespace
}  // namespace negsim
