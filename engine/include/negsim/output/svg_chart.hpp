#pragma once
// Charts drawn as static SVG: the same picture inline in summary.html and as a
// standalone figure sized for a 16:9 slide. No script and no web fonts, so a
// chart prints, opens from a USB stick, and can be checked by reading it.
//
// Every mark that stands for a figure carries it exactly, as the shortest
// decimal that reads back as the same double (`data-value`, and for intervals
// `data-low`/`data-high`), next to the rounded text a reader sees; the tests
// compare those attributes with summary.json.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "negsim/run/statistics.hpp"

namespace negsim {

// One bar: a share (or any value from 0) with its 95% interval when known.
struct ChartBar {
  std::string label;
  double value = 0;
  std::optional<Interval> interval;
  std::string value_text;  // printed beside the bar, e.g. "41% (40–42%)"
};

// Horizontal bars from zero: outcome probabilities, option shares.
struct BarChart {
  std::vector<ChartBar> bars;
  double max = 1;       // the axis runs from 0 to max
  bool percent = true;  // ticks as percentages of 1
};

// One curve over the x positions of a chart, with its 95% band when known.
struct ChartSeries {
  std::string label;
  std::vector<double> values;
  std::vector<Interval> intervals;  // empty, or one per value
};

// Cumulative shares drawn as steps over rounds, labelled by calendar date.
struct StepChart {
  std::vector<std::string> x_labels;  // one per round: its date, or "week 3"
  std::vector<ChartSeries> series;
};

// A signed difference with its 95% interval, drawn from zero.
struct DivergingBar {
  std::string label;
  double value = 0;
  Interval interval;
  std::string value_text;
};

// Differences around zero, largest first when sorted so: paired differences
// of a comparison, key drivers, tornado charts. Values are shares; ticks are
// percentage points.
struct DivergingChart {
  std::vector<DivergingBar> bars;
};

// Quantiles of a number, one row per group: the agreed terms of a continuous
// issue (90% whisker, middle-half box, median tick).
struct QuantileRow {
  std::string label;
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

struct QuantileChart {
  std::vector<QuantileRow> rows;
  double low = 0, high = 1;           // the range
  std::string low_label, high_label;  // what its ends mean, when given
};

// Shares of categories that add up to one, one 100% bar per row: the agreed
// options of an ordinal issue per outcome, the outcomes of each batch entry.
struct StackedRow {
  std::string label;
  std::vector<double> shares;  // one per category
};

struct StackedChart {
  std::vector<std::string> categories;  // in order, as the legend shows them
  std::vector<StackedRow> rows;
};

// Shares over a numeric parameter (sweep curves), with vertical markers where
// the most likely outcome tips.
struct ChartMarker {
  double x = 0;
  std::string label;
};

struct LineChart {
  std::vector<double> x;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

using ChartBody =
    std::variant<BarChart, StepChart, DivergingChart, QuantileChart, StackedChart, LineChart>;

// A chart with the words a reader sees. `name` is its file stem and the id of
// its figure in the page (letters, digits, '-' and '_' only; see chart_name).
struct Chart {
  std::string name;
  std::string title, subtitle;
  std::string x_label;  // the value axis of bars, the horizontal axis of curves
  std::string caption;  // one line under the chart (source, caveat)
  ChartBody body;
};

// How a chart is drawn: a slide figure (960 × 540 with its title, white
// background, XML declaration) or a figure inside summary.html (narrower and
// with larger type for a phone; the page prints the title as a caption).
enum class SvgMode { standalone, inline_html };

std::string render_svg(const Chart& chart, SvgMode mode);

// How many marks a chart draws (bars, boxes or curves): what a reader counts.
std::size_t mark_count(const Chart& chart);

// `text` escaped for XML and HTML content and double-quoted attribute values.
// Control characters other than tab and line breaks, which XML 1.0 forbids,
// become spaces; invalid UTF-8 is kept as it is.
std::string xml_escape(std::string_view text);

// A file-stem-safe name from ids: "terms", "ceasefire agreement" →
// "terms-ceasefire_agreement". Characters other than letters, digits, '-' and
// '_' become '_'.
std::string chart_name(std::initializer_list<std::string_view> parts);

// An option id as readers see it: "article5_like" → "article5 like".
std::string readable_option(std::string_view id);

}  // namespace negsim
