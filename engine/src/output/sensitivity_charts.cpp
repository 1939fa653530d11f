#include "negsim/output/sensitivity_charts.hpp"

#include "negsim/output/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace negsim {

namespace {

constexpr const char* kChartFont = "font-family=\"Helvetica, Arial, sans-serif\"";
constexpr const char* kLow = "#4c78a8";   // held low; first-order
constexpr const char* kHigh = "#f58518";  // held high; total
constexpr const char* kChartInk = "#333333";
constexpr const char* kChartGrid = "#dddddd";
// Outcome lines of the convergence chart, in turn.
constexpr const char* kLinePalette[] = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
                                        "#b279a2", "#ff9da6", "#9d755d", "#bab0ac", "#eeca3b"};

std::string num(double x) {
  return fmt::format("{:.1f}", x);
}

// The one document shape every chart uses.
class Svg {
 public:
  Svg(double width, double height) : width_(width), height_(height) {}

  void text(double x, double y, const std::string& s, const char* anchor = "start", int size = 12,
            const char* colour = kChartInk) {
    body_ << fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" "
        "fill=\"{}\">{}</text>\n",
        num(x), num(y), anchor, size, colour, xml_escape(s));
  }
  void line(double x1, double y1, double x2, double y2, const char* colour, double width = 1) {
    body_ << fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
        "stroke-width=\"{}\"/>\n",
        num(x1), num(y1), num(x2), num(y2), colour, width);
  }
  void rect(double x, double y, double w, double h, const char* colour, double opacity = 1) {
    body_ << fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "fill-opacity=\"{}\"/>\n",
        num(x), num(y), num(std::max(w, 0.0)), num(std::max(h, 0.0)), colour, opacity);
  }
  void polyline(const std::vector<std::pair<double, double>>& points, const char* colour,
                double width = 1.5) {
    body_ << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"" << width
          << "\" points=\"";
    for (const auto& [x, y] : points) body_ << num(x) << "," << num(y) << " ";
    body_ << "\"/>\n";
  }
  void polygon(const std::vector<std::pair<double, double>>& points, const char* colour,
               double opacity) {
    body_ << "<polygon stroke=\"none\" fill=\"" << colour << "\" fill-opacity=\"" << opacity
          << "\" points=\"";
    for (const auto& [x, y] : points) body_ << num(x) << "," << num(y) << " ";
    body_ << "\"/>\n";
  }
  std::string str() const {
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} "
        "{}\" {}>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{}</svg>\n",
        num(width_), num(height_), num(width_), num(height_), kChartFont, body_.str());
  }

 private:
  double width_, height_;
  std::ostringstream body_;
};

// A horizontal axis of [low, high] over x in [left, right], gridlines down to `bottom`.
void x_axis(Svg& svg, double low, double high, double left, double right, double top, double bottom,
            bool percent, int ticks = 5) {
  for (int i = 0; i <= ticks; ++i) {
    const double v = low + (high - low) * i / ticks;
    const double x = left + (right - left) * i / ticks;
    svg.line(x, top, x, bottom, kChartGrid);
    svg.text(x, bottom + 14, percent ? fmt::format("{:.0f}%", v * 100) : fmt::format("{:.1f}", v),
             "middle", 11);
  }
}

// The width a line of text takes, estimated: SVG cannot measure text, and a
// sans-serif character averages about 0.56 em. Counts code points, not bytes.
double text_extent(const std::string& text, double size) {
  std::size_t chars = 0;
  for (const unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return 0.56 * size * static_cast<double>(chars);
}

// The label column of a bar chart: wide enough for its longest label, so that
// long key paths are not cut off at the left edge.
double label_column(const std::vector<std::string>& labels) {
  double widest = 0;
  for (const std::string& l : labels) widest = std::max(widest, text_extent(l, 11));
  return std::max(160.0, widest + 24);
}

}  // namespace

std::string tornado_svg(const SensitivityReport& report) {
  const Tornado empty;
  const Tornado& t = report.tornado ? *report.tornado : empty;
  std::vector<std::string> labels;
  for (const TornadoBar& b : t.bars) labels.push_back(b.input);
  const double label_width = label_column(labels), plot_width = 420, row = 22, top = 56;
  const double height =
      top + row * static_cast<double>(std::max<std::size_t>(t.bars.size(), 1)) + 50;
  Svg svg(label_width + plot_width + 30, height);
  svg.text(10, 20, "Tornado: " + report.target_label, "start", 14);
  svg.text(10, 38,
           fmt::format("chance with each input held at its p{} (blue) and p{} (orange); line: base "
                       "{:.1f}%",
                       std::lround(t.low_quantile * 100), std::lround(t.high_quantile * 100),
                       t.base * 100),
           "start", 11);
  // Axis: the range the bars and intervals cover, padded to tenths.
  double low = t.base, high = t.base;
  for (const TornadoBar& b : t.bars) {
    low = std::min({low, b.low_ci95.low, b.high_ci95.low});
    high = std::max({high, b.low_ci95.high, b.high_ci95.high});
  }
  low = std::max(0.0, std::floor(low * 10) / 10);
  high = std::min(1.0, std::ceil(high * 10) / 10);
  if (high <= low) high = std::min(1.0, low + 0.1), low = high - 0.1;
  const double left = label_width, right = label_width + plot_width;
  const auto x = [&](double p) { return left + (p - low) / (high - low) * (right - left); };
  const double bottom = top + row * static_cast<double>(std::max<std::size_t>(t.bars.size(), 1));
  x_axis(svg, low, high, left, right, top, bottom, true);
  for (std::size_t i = 0; i < t.bars.size(); ++i) {
    const TornadoBar& b = t.bars[i];
    const double y = top + row * static_cast<double>(i);
    svg.text(left - 8, y + row * 0.65, b.input, "end", 11);
    for (const bool high_side : {false, true}) {
      const double p = high_side ? b.high : b.low;
      const Interval& ci = high_side ? b.high_ci95 : b.low_ci95;
      const char* colour = high_side ? kHigh : kLow;
      svg.rect(std::min(x(p), x(t.base)), y + 4, std::abs(x(p) - x(t.base)), row - 8, colour, 0.85);
      svg.line(x(ci.low), y + row / 2, x(ci.high), y + row / 2, kChartInk, 1);
    }
  }
  svg.line(x(t.base), top - 4, x(t.base), bottom, kChartInk, 1.5);
  svg.text((left + right) / 2, bottom + 32, "chance of the target", "middle", 11);
  return svg.str();
}

std::string indices_svg(const SensitivityReport& report) {
  const std::vector<std::size_t> order = factors_by_total(report);
  std::vector<std::string> labels;
  for (const SensitivityFactorRow& f : report.factors)
    labels.push_back(f.chance ? "chance within the branch" : f.id);
  const double label_width = label_column(labels), plot_width = 420, row = 26, top = 56;
  const double bottom = top + row * static_cast<double>(std::max<std::size_t>(order.size(), 1));
  Svg svg(label_width + plot_width + 30, bottom + 50);
  svg.text(10, 20, "Sobol indices: " + report.target_label, "start", 14);
  svg.text(10, 38,
           "share of the variance explained: first-order (blue), total (orange), 95% "
           "bootstrap intervals",
           "start", 11);
  const double left = label_width, right = label_width + plot_width;
  x_axis(svg, 0, 1, left, right, top, bottom, false);
  const auto x = [&](double v) { return left + std::clamp(v, 0.0, 1.0) * (right - left); };
  for (std::size_t k = 0; k < order.size() && report.indices; ++k) {
    const std::size_t f = order[k];
    const SobolIndex& s = report.indices->factors[f];
    const double y = top + row * static_cast<double>(k);
    const SensitivityFactorRow& factor = report.factors[f];
    svg.text(left - 8, y + row * 0.62, factor.chance ? "chance within the branch" : factor.id,
             "end", 11);
    svg.rect(left, y + 3, x(s.first) - left, (row - 8) / 2, kLow, 0.9);
    svg.line(x(s.first_ci95.low), y + 3 + (row - 8) / 4, x(s.first_ci95.high),
             y + 3 + (row - 8) / 4, kChartInk);
    svg.rect(left, y + 3 + (row - 8) / 2, x(s.total) - left, (row - 8) / 2, kHigh, 0.9);
    svg.line(x(s.total_ci95.low), y + 3 + 3 * (row - 8) / 4, x(s.total_ci95.high),
             y + 3 + 3 * (row - 8) / 4, kChartInk);
  }
  return svg.str();
}

std::string convergence_svg(const Convergence& c, const std::string& title) {
  const std::vector<ConvergencePoint> points = thinned(c.points);
  const double left = 70, width = 560, top = 50, height = 300, legend = 22;
  const double bottom = top + height;
  Svg svg(std::max(left + width + 30, text_extent(title, 14) + 20),
          bottom + 50 + legend * static_cast<double>(c.outcomes.size()));
  svg.text(10, 20, title, "start", 14);
  svg.text(10, 38, "running estimate of each outcome with its 95% interval, by branches run",
           "start", 11);
  if (points.empty()) return svg.str();
  const double first =
      std::log10(static_cast<double>(std::max<std::uint64_t>(1, points.front().branches)));
  double last = std::log10(static_cast<double>(points.back().branches));
  if (last <= first) last = first + 1;
  const auto x = [&](std::uint64_t n) {
    return left + (std::log10(static_cast<double>(n)) - first) / (last - first) * width;
  };
  const auto y = [&](double p) { return bottom - std::clamp(p, 0.0, 1.0) * height; };
  for (int i = 0; i <= 5; ++i) {
    const double p = i / 5.0;
    svg.line(left, y(p), left + width, y(p), kChartGrid);
    svg.text(left - 6, y(p) + 4, fmt::format("{:.0f}%", p * 100), "end", 11);
  }
  // Ticks at 1, 2 and 5 times each power of ten: a run rarely spans more than
  // two decades, so powers of ten alone would leave one tick or none.
  for (int decade = static_cast<int>(std::floor(first)); decade <= static_cast<int>(last); ++decade)
    for (const int m : {1, 2, 5}) {
      const auto n = static_cast<std::uint64_t>(std::llround(m * std::pow(10.0, decade)));
      const double at = std::log10(static_cast<double>(n));
      if (at < first - 1e-9 || at > last + 1e-9) continue;
      svg.line(x(n), top, x(n), bottom, kChartGrid);
      svg.text(x(n), bottom + 14, fmt::format("{}", n), "middle", 11);
    }
  svg.text(left + width / 2, bottom + 32, "branches (logarithmic)", "middle", 11);
  for (std::size_t o = 0; o < c.outcomes.size(); ++o) {
    const char* colour = kLinePalette[o % (sizeof kLinePalette / sizeof *kLinePalette)];
    std::vector<std::pair<double, double>> line, band;
    for (const auto& p : points) {
      line.emplace_back(x(p.branches), y(share_at(p, o)));
      band.emplace_back(x(p.branches), y(interval_at(p, o).high));
    }
    for (auto it = points.rbegin(); it != points.rend(); ++it)
      band.emplace_back(x(it->branches), y(interval_at(*it, o).low));
    svg.polygon(band, colour, 0.2);
    svg.polyline(line, colour);
    const double ly = bottom + 50 + legend * static_cast<double>(o);
    svg.rect(left, ly - 10, 14, 10, colour);
    svg.text(left + 20, ly,
             fmt::format("{}: {:.1f}%", o < c.labels.size() ? c.labels[o] : c.outcomes[o],
                         share_at(points.back(), o) * 100),
             "start", 11);
  }
  return svg.str();
}

}  // namespace negsim
