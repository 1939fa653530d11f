#pragma once
// summary.html: the briefing as one self-contained page. No script, no web
// font, no link to fetch: the charts are inline SVG (svg_chart.hpp) and the
// style is in the page, so it opens from a USB stick, prints on A4 or Letter
// and reads on a phone. It says what summary.md says, section by section and
// in the same order, with the charts beside the tables, the bottom line as
// headline figures, and (when given) the assumptions table.
//
// Headline figures carry their exact value (data-figure="group:agreement",
// data-value="0.1234") for the browser tests to compare with summary.json.

#include <string>
#include <vector>

#include "negsim/output/assumptions.hpp"
#include "negsim/output/batch_report.hpp"
#include "negsim/output/compare_report.hpp"
#include "negsim/output/sweep_report.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// `assumptions` empty: the page says where the assumptions are instead
// (a result re-rendered from the store has no file to read comments from).
std::string html_report(const Summary& summary, const std::vector<Assumption>& assumptions = {});

// The reports of a batch, sweep and comparison: their Markdown as HTML, with
// their charts.
std::string batch_html(const BatchReport& report);
std::string sweep_html(const SweepReport& report);
std::string compare_html(const CompareReport& report);

}  // namespace negsim
