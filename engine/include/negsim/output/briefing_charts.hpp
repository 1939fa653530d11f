#pragma once
// The charts of a briefing, built from what the reports render (a Summary, or
// the report of a batch, sweep or comparison) and nothing else, so a stored
// result draws the same charts. summary.html shows them inline and the
// figures/ folder holds each as a slide-ready SVG (report_files.hpp).

#include <string>
#include <vector>

#include "negsim/output/batch_report.hpp"
#include "negsim/output/compare_report.hpp"
#include "negsim/output/svg_chart.hpp"
#include "negsim/output/sweep_report.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// Outcome probabilities with 95% intervals ("outcomes"); the cumulative
// chance of each outcome group and milestone by date ("milestones"); the
// agreed terms, one chart per issue ("terms-ISSUE"); the key drivers when the
// run measured them ("drivers"), else the shocks' association with the most
// likely outcome ("shocks"). Outcomes appear in the summary's order, as in
// every report.
std::vector<Chart> summary_charts(const Summary& summary);

// The outcomes of every entry side by side ("outcomes").
std::vector<Chart> batch_charts(const BatchReport& report);
// The outcome curves over the swept parameter, with the tipping points
// ("sweep", or "sweep-N" per value of the second parameter of a 2-D sweep).
std::vector<Chart> sweep_charts(const SweepReport& report);
// Each variant's paired differences from the base ("differences-N").
std::vector<Chart> compare_charts(const CompareReport& report);

// The one-sentence caveat every briefing carries: the intervals measure
// Monte Carlo noise, not whether the assumptions are right.
extern const char* const kNoiseCaveat;

}  // namespace negsim
