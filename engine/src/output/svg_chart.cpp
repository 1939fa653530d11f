#include "negsim/output/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace negsim {

namespace {

// Okabe & Ito (2008): eight colours told apart with any common colour-vision
// deficiency, and distinct in greyscale print by lightness for the first few.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#332288", "#999933"};
// Text on each palette colour with enough contrast (WCAG 4.5:1 or close).
constexpr const char* kOnPalette[] = {"#ffffff", "#1a1a1a", "#1a1a1a", "#1a1a1a",
                                      "#1a1a1a", "#1a1a1a", "#ffffff", "#1a1a1a"};
constexpr const char* kInk = "#1a1a1a";
constexpr const char* kMuted = "#555555";
constexpr const char* kGrid = "#dddddd";
constexpr const char* kBar = "#0072B2";
constexpr const char* kNegative = "#D55E00";
constexpr const char* kFont = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";

const char* colour(std::size_t i) {
  return kPalette[i % std::size(kPalette)];
}

// The shortest decimal that reads back as the same double (for data-*).
std::string exact(double x) {
  return fmt::format("{}", x);
}

// Coordinates with one decimal: enough on any screen, and short files.
std::string px(double x) {
  std::string text = fmt::format("{:.1f}", x);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  if (text == "-0") text = "0";
  return text;
}

// UTF-8 code points, for width estimates and cutting text without splitting a character.
std::vector<std::string> code_points(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    n = std::min(n, text.size() - i);
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// Estimated width of `text` at `font` px. No font metrics are at hand; 0.58 em
// per character is DejaVu Sans's average for mixed text, a little generous for
// Helvetica, so text placed with it does not collide.
double text_width(std::string_view text, double font) {
  return static_cast<double>(code_points(text).size()) * font * 0.58;
}

// `text` cut to lines of at most `width` px, at most `max_lines` of them; a cut
// line ends in "…".
std::vector<std::string> wrap(std::string_view text, double width, double font,
                              std::size_t max_lines) {
  const auto chars = static_cast<std::size_t>(std::max(4.0, width / (font * 0.58)));
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_chars = 0;
  std::size_t start = 0;
  const auto flush = [&] {
    lines.push_back(line);
    line.clear();
    line_chars = 0;
  };
  bool cut = false;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string word(text.substr(start, end - start));
    auto points = code_points(word);
    while (points.size() > chars) {  // a word longer than a line is broken
      if (line_chars > 0) flush();
      std::string head;
      for (std::size_t i = 0; i < chars; ++i) head += points[i];
      line = head;
      line_chars = chars;
      flush();
      points.erase(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(chars));
      word.clear();
      for (const auto& p : points) word += p;
    }
    if (line_chars > 0 && line_chars + 1 + points.size() > chars) flush();
    if (!points.empty()) {
      line += (line_chars > 0 ? " " : "") + word;
      line_chars += (line_chars > 0 ? 1 : 0) + points.size();
    }
    start = end + 1;
  }
  if (line_chars > 0 || lines.empty()) flush();
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    cut = true;
  }
  if (cut) {
    auto points = code_points(lines.back());
    while (!points.empty() && points.size() + 1 > chars) points.pop_back();
    std::string last;
    for (const auto& p : points) last += p;
    lines.back() = last + "…";
  }
  return lines;
}

// Round numbers for an axis from 0 (or lo) to hi: about `target` steps of 1, 2, 2.5 or 5 × 10^k.
double nice_step(double span, int target) {
  if (!(span > 0)) return 1;
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

std::string percent_tick(double share, double step) {
  const int decimals = step * 100 >= 1 ? 0 : 1;
  // Ticks are sums of steps: 1e-17 must not print as "-0%".
  if (std::abs(share) < step * 1e-6) share = 0;
  return fmt::format("{:.{}f}%", share * 100, decimals);
}

std::string points_tick(double difference, double step) {
  const int decimals = step * 100 >= 1 ? 0 : 1;
  const std::string magnitude = fmt::format("{:.{}f}", std::abs(difference) * 100, decimals);
  if (magnitude.find_first_not_of("0.") == std::string::npos) return "0";
  return (difference < 0 ? "−" : "+") + magnitude;
}

std::string number_tick(double x, double step) {
  if (std::abs(x) < step * 1e-6) x = 0;
  const int decimals =
      step >= 1 ? 0 : std::clamp(static_cast<int>(-std::floor(std::log10(step))), 0, 6);
  std::string text = fmt::format("{:.{}f}", x, decimals);
  if (text == "-0") text = "0";
  return text;
}

// The drawing: metrics by mode, and the SVG text being written.
class Canvas {
 public:
  Canvas(const Chart& chart, SvgMode mode) : chart_(chart), mode_(mode) {
    standalone_ = mode == SvgMode::standalone;
    // Inside the page a chart is at most 36rem wide: 520 units keep its type
    // near the page's on a desktop and legible on a 390 px phone.
    width = standalone_ ? 960 : 520;
    font = standalone_ ? 17 : 14;
    small = standalone_ ? 14 : 12;
    left = 16;
    right = width - 16;
    top = 10;
    if (standalone_) {
      title_lines_ = wrap(chart.title, width - 2 * left, 26, 2);
      top = 18 + 31.0 * static_cast<double>(title_lines_.size());
      if (!chart.subtitle.empty()) {
        subtitle_lines_ = wrap(chart.subtitle, width - 2 * left, 17, 2);
        top += 22.0 * static_cast<double>(subtitle_lines_.size());
      }
      top += 14;
    }
    // A value axis's title may not fit under the plot alone (the label column
    // takes a third of the width): it may use the chart's whole width and a
    // second line, which every body makes room for through body_bottom.
    axis_title_lines = chart.x_label.empty() ? std::vector<std::string>{}
                                             : wrap(chart.x_label, right - left, small, 2);
    if (axis_title_lines.size() > 1)
      axis_title_extra = small * 1.2 * static_cast<double>(axis_title_lines.size() - 1);
  }

  bool standalone() const { return standalone_; }

  // The height the body needs below `top` and above the caption; the slide is
  // 540 high unless more rows than fit need more.
  double body_bottom(double wanted_body) {
    // Inside the page the caption is the page's text, not the picture's.
    caption_lines_ = chart_.caption.empty() || !standalone_
                         ? std::vector<std::string>{}
                         : wrap(chart_.caption, width - 2 * left, small, 3);
    const double caption_height =
        caption_lines_.empty() ? 8 : 12 + (small + 4) * static_cast<double>(caption_lines_.size());
    const double minimum = standalone_ ? 540 : 0;
    height = std::max(minimum, top + wanted_body + axis_title_extra + caption_height);
    return height - caption_height - axis_title_extra;
  }

  void text(double x, double y, std::string_view content, double size, const char* anchor = "start",
            const char* fill = kInk, std::string_view extra = {}) {
    body_ += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"{}>{}</text>\n",
        px(x), px(y), px(size), anchor, fill, extra, xml_escape(content));
  }

  // Lines of a wrapped label, centred on `y`.
  void lines(double x, double y, const std::vector<std::string>& rows, double size,
             const char* anchor, const std::string& full) {
    const double step = size * 1.15;
    double first = y - step * (static_cast<double>(rows.size()) - 1) / 2 + size * 0.35;
    body_ += fmt::format("<text font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\">", px(size), anchor,
                         kInk);
    if (rows.size() > 1 || (!rows.empty() && rows[0] != full))
      body_ += "<title>" + xml_escape(full) + "</title>";
    for (const std::string& row : rows) {
      body_ +=
          fmt::format("<tspan x=\"{}\" y=\"{}\">{}</tspan>", px(x), px(first), xml_escape(row));
      first += step;
    }
    body_ += "</text>\n";
  }

  void line(double x1, double y1, double x2, double y2, const char* stroke, double stroke_width,
            std::string_view extra = {}) {
    body_ += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
        px(x1), px(y1), px(x2), px(y2), stroke, px(stroke_width), extra);
  }

  void raw(std::string_view s) { body_ += s; }

  std::string finish() const {
    std::string out;
    const std::string label = chart_.title.empty() ? chart_.name : chart_.title;
    if (standalone_) {
      out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
      out += fmt::format(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
          "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" class=\"negsim-chart\" "
          "data-chart=\"{3}\" font-family=\"{4}\">\n",
          px(width), px(height), xml_escape(label), xml_escape(chart_.name), kFont);
      out += "<title>" + xml_escape(label) + "</title>\n";
      out += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", px(width),
                         px(height));
      double y = 18 + 26;
      for (const std::string& l : title_lines_) {
        out += fmt::format(
            "<text x=\"{}\" y=\"{}\" font-size=\"26\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
            px(left), px(y - 6), kInk, xml_escape(l));
        y += 31;
      }
      y -= 31 - 22;
      for (const std::string& l : subtitle_lines_) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"17\" fill=\"{}\">{}</text>\n",
                           px(left), px(y - 2), kMuted, xml_escape(l));
        y += 22;
      }
    } else {
      out += fmt::format(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
          "aria-label=\"{2}\" class=\"negsim-chart\" data-chart=\"{3}\" "
          "preserveAspectRatio=\"xMinYMin meet\">\n",
          px(width), px(height), xml_escape(label), xml_escape(chart_.name));
    }
    out += body_;
    double y = height - 8 - (small + 4) * (static_cast<double>(caption_lines_.size()) - 1);
    for (const std::string& l : caption_lines_) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>\n",
                         px(left), px(y), px(small), kMuted, xml_escape(l));
      y += small + 4;
    }
    out += "</svg>\n";
    return out;
  }

  double width = 960, height = 540;
  double font = 16, small = 13;
  double left = 16, right = 944, top = 10;
  std::vector<std::string> axis_title_lines;  // the x_label, wrapped to the chart's width
  double axis_title_extra = 0;                // the height its lines past the first need

 private:
  const Chart& chart_;
  SvgMode mode_;
  bool standalone_ = true;
  std::vector<std::string> title_lines_, subtitle_lines_, caption_lines_;
  std::string body_;
};

// Row height for `n` rows of bars in the space a slide leaves, within limits.
double row_height(const Canvas& c, std::size_t n, double label_lines) {
  const double available = c.standalone() ? 540 - c.top - 80 : 0;
  const double minimum = std::max(c.font * 1.25 * label_lines + 8, c.standalone() ? 30.0 : 28.0);
  const double wanted = n > 0 ? available / static_cast<double>(n) : minimum;
  return std::clamp(wanted, minimum, c.standalone() ? 64.0 : 44.0);
}

// The width of the label column: the longest label, within a third of the chart.
double label_column(const Canvas& c, const std::vector<std::string>& labels) {
  double widest = 0;
  for (const std::string& l : labels) widest = std::max(widest, text_width(l, c.font));
  return std::clamp(widest + 12, 60.0, c.width * (c.standalone() ? 0.34 : 0.36));
}

double value_column(const Canvas& c, const std::vector<std::string>& texts) {
  double widest = 0;
  for (const std::string& t : texts) widest = std::max(widest, text_width(t, c.small));
  return widest > 0 ? widest + 14 : 8;
}

// Vertical grid lines and tick labels under a horizontal value axis.
template <class Label>
void value_axis(Canvas& c, double x0, double x1, double lo, double hi, double step, double y_top,
                double y_bottom, Label label) {
  const auto x_of = [&](double v) { return x0 + (v - lo) / (hi - lo) * (x1 - x0); };
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-6; v += step) {
    const double x = x_of(v);
    c.line(x, y_top, x, y_bottom, kGrid, 1);
    c.text(x, y_bottom + c.small + 4, label(v), c.small, "middle", kMuted);
  }
}

// The value axis's title, centred under the plot where it fits there, else
// moved (and wrapped, see Canvas) to stay inside the chart: a label past the
// edge is cut off on the page.
void axis_title(Canvas& c, double x0, double x1, double y) {
  double widest = 0;
  for (const std::string& l : c.axis_title_lines) widest = std::max(widest, text_width(l, c.small));
  const double half = std::min(widest, c.right - c.left) / 2;
  const double centre = std::clamp((x0 + x1) / 2, c.left + half, c.right - half);
  for (const std::string& l : c.axis_title_lines) {
    c.text(centre, y, l, c.small, "middle", kMuted);
    y += c.small * 1.2;
  }
}

void draw_bars(Canvas& c, const BarChart& b) {
  std::vector<std::string> labels, values;
  for (const ChartBar& bar : b.bars) {
    labels.push_back(bar.label);
    values.push_back(bar.value_text);
  }
  const double label_w = label_column(c, labels);
  const double x0 = c.left + label_w, x1 = c.right - value_column(c, values);
  const double row = row_height(c, b.bars.size(), 2);
  const double body = row * static_cast<double>(b.bars.size()) + 2 * c.small + 24;
  c.body_bottom(body);
  const double y_top = c.top, y_bottom = c.top + row * static_cast<double>(b.bars.size());
  const double hi = b.max > 0 ? b.max : 1;
  const double step = nice_step(hi, 4);
  value_axis(c, x0, x1, 0, hi, step, y_top, y_bottom,
             [&](double v) { return b.percent ? percent_tick(v, step) : number_tick(v, step); });
  axis_title(c, x0, x1, y_bottom + 2 * c.small + 12);
  const auto x_of = [&](double v) { return x0 + std::clamp(v, 0.0, hi) / hi * (x1 - x0); };
  for (std::size_t i = 0; i < b.bars.size(); ++i) {
    const ChartBar& bar = b.bars[i];
    const double mid = y_top + row * (static_cast<double>(i) + 0.5);
    const double thick = std::min(row * 0.62, 30.0);
    c.lines(x0 - 10, mid, wrap(bar.label, label_w - 14, c.font, 2), c.font, "end", bar.label);
    c.raw(fmt::format(
        "<rect class=\"mark bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "data-label=\"{}\" data-value=\"{}\"><title>{}</title></rect>\n",
        px(x0), px(mid - thick / 2), px(std::max(0.0, x_of(bar.value) - x0)), px(thick), kBar,
        xml_escape(bar.label), exact(bar.value), xml_escape(bar.label + ": " + bar.value_text)));
    double end = x_of(bar.value);
    if (bar.interval) {
      const double a = x_of(bar.interval->low), z = x_of(bar.interval->high);
      c.line(a, mid, z, mid, kInk, 1.6,
             fmt::format(" class=\"ci\" data-low=\"{}\" data-high=\"{}\"", exact(bar.interval->low),
                         exact(bar.interval->high)));
      c.line(a, mid - thick / 4, a, mid + thick / 4, kInk, 1.6);
      c.line(z, mid - thick / 4, z, mid + thick / 4, kInk, 1.6);
      end = std::max(end, z);
    }
    c.text(end + 6, mid + c.small * 0.35, bar.value_text, c.small, "start", kInk);
  }
  c.line(x0, y_top, x0, y_bottom, kInk, 1);
}

// A legend above the plot: a swatch and label per series, wrapped into rows.
double legend(Canvas& c, const std::vector<std::string>& labels, double y) {
  double x = c.left;
  const double swatch = 22;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string shown = wrap(labels[i], c.width - 2 * c.left - swatch - 8, c.small, 1)[0];
    const double w = swatch + 6 + text_width(shown, c.small) + 18;
    if (x > c.left && x + w > c.right) {
      x = c.left;
      y += c.small + 10;
    }
    c.line(x, y - c.small * 0.35, x + swatch, y - c.small * 0.35, colour(i), 3.5);
    c.text(x + swatch + 6, y, shown, c.small, "start", kInk);
    x += w;
  }
  return y + c.small + 12;
}

double fraction_axis_left(const Canvas& c) {
  return c.left + text_width("100%", c.small) + 10;
}

// The grid of a 0-100% axis from x0 to x1: a line and a label at each quarter.
template <typename YOf>
void fraction_grid(Canvas& c, double x0, double x1, const YOf& y_of) {
  for (int k = 0; k <= 4; ++k) {
    const double v = k * 0.25;
    c.line(x0, y_of(v), x1, y_of(v), kGrid, 1);
    c.text(x0 - 6, y_of(v) + c.small * 0.35, percent_tick(v, 0.25), c.small, "end", kMuted);
  }
}

void draw_steps(Canvas& c, const StepChart& s) {
  std::vector<std::string> labels;
  for (const ChartSeries& series : s.series) labels.push_back(series.label);
  const double plot_height = c.standalone() ? 0 : 260;
  // Legend first: its rows push the plot down.
  const double legend_top = c.top + c.small;
  const double y_top = legend(c, labels, legend_top) + 4;
  const double bottom =
      c.body_bottom(y_top - c.top + std::max(plot_height, 120.0) + 2 * c.small + 24);
  const double y_bottom = bottom - 2 * c.small - 26;
  const double x0 = fraction_axis_left(c), x1 = c.right - 8;
  const std::size_t n = s.x_labels.size();
  const auto x_of = [&](std::size_t i) {
    return n > 1 ? x0 + static_cast<double>(i) / static_cast<double>(n - 1) * (x1 - x0) : x0;
  };
  const auto y_of = [&](double v) {
    return y_bottom - std::clamp(v, 0.0, 1.0) * (y_bottom - y_top);
  };
  fraction_grid(c, x0, x1, y_of);
  // Ticks at the start, the quarters and the end, as the tables show them.
  if (n > 0) {
    std::vector<std::size_t> ticks{0};
    for (int q = 1; q <= 4; ++q) {
      const std::size_t t = ((n - 1) * static_cast<std::size_t>(q) + 3) / 4;
      if (t > ticks.back()) ticks.push_back(t);
    }
    for (std::size_t t : ticks) {
      c.line(x_of(t), y_bottom, x_of(t), y_bottom + 5, kInk, 1);
      const char* anchor = t == 0 ? "start" : t == n - 1 ? "end" : "middle";
      c.text(x_of(t), y_bottom + c.small + 6, s.x_labels[t], c.small, anchor, kMuted);
    }
  }
  axis_title(c, x0, x1, y_bottom + 2 * c.small + 14);
  for (std::size_t k = 0; k < s.series.size(); ++k) {
    const ChartSeries& series = s.series[k];
    const std::size_t m = std::min(series.values.size(), n);
    if (m == 0) continue;
    if (series.intervals.size() >= m) {
      std::string band = fmt::format("M{},{}", px(x_of(0)), px(y_of(series.intervals[0].high)));
      for (std::size_t i = 1; i < m; ++i)
        band += fmt::format("H{}V{}", px(x_of(i)), px(y_of(series.intervals[i].high)));
      for (std::size_t i = m; i-- > 1;)
        band += fmt::format("V{}H{}", px(y_of(series.intervals[i].low)), px(x_of(i - 1)));
      band += fmt::format("V{}Z", px(y_of(series.intervals[0].low)));
      c.raw(fmt::format("<path class=\"band\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.15\"/>\n", band,
                        colour(k)));
    }
    std::string d = fmt::format("M{},{}", px(x_of(0)), px(y_of(series.values[0])));
    for (std::size_t i = 1; i < m; ++i)
      d += fmt::format("H{}V{}", px(x_of(i)), px(y_of(series.values[i])));
    c.raw(fmt::format(
        "<path class=\"mark series\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
        "data-label=\"{}\" data-value=\"{}\"><title>{}</title></path>\n",
        d, colour(k), xml_escape(series.label), exact(series.values[m - 1]),
        xml_escape(series.label)));
  }
  c.line(x0, y_bottom, x1, y_bottom, kInk, 1);
}

void draw_diverging(Canvas& c, const DivergingChart& d) {
  std::vector<std::string> labels, values;
  double extent = 0;
  for (const DivergingBar& bar : d.bars) {
    labels.push_back(bar.label);
    values.push_back(bar.value_text);
    extent = std::max(
        {extent, std::abs(bar.value), std::abs(bar.interval.low), std::abs(bar.interval.high)});
  }
  if (!(extent > 0)) extent = 0.01;
  const double step = nice_step(extent, 2);
  extent = std::ceil(extent / step - 1e-9) * step;
  const double label_w = label_column(c, labels);
  const double x0 = c.left + label_w, x1 = c.right - value_column(c, values);
  const double row = row_height(c, d.bars.size(), 2);
  c.body_bottom(row * static_cast<double>(d.bars.size()) + 2 * c.small + 24);
  const double y_top = c.top, y_bottom = c.top + row * static_cast<double>(d.bars.size());
  value_axis(c, x0, x1, -extent, extent, step, y_top, y_bottom,
             [&](double v) { return points_tick(v, step); });
  axis_title(c, x0, x1, y_bottom + 2 * c.small + 12);
  const auto x_of = [&](double v) {
    return x0 + (std::clamp(v, -extent, extent) + extent) / (2 * extent) * (x1 - x0);
  };
  for (std::size_t i = 0; i < d.bars.size(); ++i) {
    const DivergingBar& bar = d.bars[i];
    const double mid = y_top + row * (static_cast<double>(i) + 0.5);
    const double thick = std::min(row * 0.6, 28.0);
    const double a = std::min(x_of(0), x_of(bar.value)), z = std::max(x_of(0), x_of(bar.value));
    c.lines(x0 - 10, mid, wrap(bar.label, label_w - 14, c.font, 2), c.font, "end", bar.label);
    c.raw(fmt::format(
        "<rect class=\"mark bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "data-label=\"{}\" data-value=\"{}\"><title>{}</title></rect>\n",
        px(a), px(mid - thick / 2), px(z - a), px(thick), bar.value < 0 ? kNegative : kBar,
        xml_escape(bar.label), exact(bar.value), xml_escape(bar.label + ": " + bar.value_text)));
    const double lo = x_of(bar.interval.low), hi = x_of(bar.interval.high);
    c.line(lo, mid, hi, mid, kInk, 1.6,
           fmt::format(" class=\"ci\" data-low=\"{}\" data-high=\"{}\"", exact(bar.interval.low),
                       exact(bar.interval.high)));
    c.line(lo, mid - thick / 4, lo, mid + thick / 4, kInk, 1.6);
    c.line(hi, mid - thick / 4, hi, mid + thick / 4, kInk, 1.6);
    c.text(x1 + 8, mid + c.small * 0.35, bar.value_text, c.small, "start", kInk);
  }
  c.line(x_of(0), y_top, x_of(0), y_bottom, kInk, 1.2);
}

void draw_quantiles(Canvas& c, const QuantileChart& q) {
  std::vector<std::string> labels;
  for (const QuantileRow& r : q.rows) labels.push_back(r.label);
  const double label_w = label_column(c, labels);
  const double x0 = c.left + label_w + 4, x1 = c.right - 12;
  const double row = row_height(c, q.rows.size(), 2);
  const bool ends = !q.low_label.empty() || !q.high_label.empty();
  c.body_bottom(row * static_cast<double>(q.rows.size()) + 2 * c.small + 30 +
                (ends ? c.small + 8 : 0));
  const double y_top = c.top, y_bottom = c.top + row * static_cast<double>(q.rows.size());
  const double lo = q.low, hi = q.high > q.low ? q.high : q.low + 1;
  const double step = nice_step(hi - lo, 5);
  value_axis(c, x0, x1, lo, hi, step, y_top, y_bottom,
             [&](double v) { return number_tick(v, step); });
  double y = y_bottom + 2 * c.small + 10;
  if (ends) {
    if (!q.low_label.empty())
      c.text(x0, y, "← " + wrap(q.low_label, (x1 - x0) / 2 - 10, c.small, 1)[0], c.small, "start",
             kMuted);
    if (!q.high_label.empty())
      c.text(x1, y, wrap(q.high_label, (x1 - x0) / 2 - 10, c.small, 1)[0] + " →", c.small, "end",
             kMuted);
    y += c.small + 8;
  }
  axis_title(c, x0, x1, y + 2);
  const auto x_of = [&](double v) {
    return x0 + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (x1 - x0);
  };
  for (std::size_t i = 0; i < q.rows.size(); ++i) {
    const QuantileRow& r = q.rows[i];
    const double mid = y_top + row * (static_cast<double>(i) + 0.5);
    const double thick = std::min(row * 0.55, 26.0);
    c.lines(x0 - 12, mid, wrap(r.label, label_w - 14, c.font, 2), c.font, "end", r.label);
    c.line(x_of(r.p5), mid, x_of(r.p95), mid, kInk, 1.6);
    c.line(x_of(r.p5), mid - thick / 4, x_of(r.p5), mid + thick / 4, kInk, 1.6);
    c.line(x_of(r.p95), mid - thick / 4, x_of(r.p95), mid + thick / 4, kInk, 1.6);
    c.raw(fmt::format(
        "<rect class=\"mark box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "fill-opacity=\"0.35\" stroke=\"{}\" data-label=\"{}\" data-p5=\"{}\" data-p25=\"{}\" "
        "data-value=\"{}\" data-p75=\"{}\" data-p95=\"{}\"><title>{}</title></rect>\n",
        px(x_of(r.p25)), px(mid - thick / 2), px(std::max(1.0, x_of(r.p75) - x_of(r.p25))),
        px(thick), kBar, kBar, xml_escape(r.label), exact(r.p5), exact(r.p25), exact(r.p50),
        exact(r.p75), exact(r.p95), xml_escape(r.label)));
    c.line(x_of(r.p50), mid - thick / 2, x_of(r.p50), mid + thick / 2, kInk, 3);
  }
}

void draw_stacked(Canvas& c, const StackedChart& st) {
  std::vector<std::string> labels;
  for (const StackedRow& r : st.rows) labels.push_back(r.label);
  const double y_top = legend(c, st.categories, c.top + c.small) + 4;
  const double label_w = label_column(c, labels);
  const double x0 = c.left + label_w, x1 = c.right - 12;
  const double row = row_height(c, st.rows.size(), 2);
  c.body_bottom(y_top - c.top + row * static_cast<double>(st.rows.size()) + 2 * c.small + 24);
  const double y_bottom = y_top + row * static_cast<double>(st.rows.size());
  value_axis(c, x0, x1, 0, 1, 0.25, y_top, y_bottom,
             [](double v) { return percent_tick(v, 0.25); });
  axis_title(c, x0, x1, y_bottom + 2 * c.small + 12);
  for (std::size_t i = 0; i < st.rows.size(); ++i) {
    const StackedRow& r = st.rows[i];
    const double mid = y_top + row * (static_cast<double>(i) + 0.5);
    const double thick = std::min(row * 0.62, 30.0);
    c.lines(x0 - 10, mid, wrap(r.label, label_w - 14, c.font, 2), c.font, "end", r.label);
    std::string shares;
    for (std::size_t k = 0; k < r.shares.size(); ++k) shares += (k ? " " : "") + exact(r.shares[k]);
    c.raw(fmt::format("<g class=\"mark stack\" data-label=\"{}\" data-values=\"{}\">\n",
                      xml_escape(r.label), shares));
    double x = x0;
    for (std::size_t k = 0; k < r.shares.size(); ++k) {
      const double w = std::max(0.0, r.shares[k]) * (x1 - x0);
      const std::string category = k < st.categories.size() ? st.categories[k] : "";
      c.raw(fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" data-value=\"{}\">"
          "<title>{}</title></rect>\n",
          px(x), px(mid - thick / 2), px(w), px(thick), colour(k), exact(r.shares[k]),
          xml_escape(r.label + ", " + category + ": " +
                     fmt::format("{:.0f}%", r.shares[k] * 100))));
      const std::string text = fmt::format("{:.0f}%", r.shares[k] * 100);
      if (w >= text_width(text, c.small) + 6)
        c.text(x + w / 2, mid + c.small * 0.35, text, c.small, "middle",
               kOnPalette[k % std::size(kOnPalette)], " font-weight=\"bold\"");
      x += w;
    }
    c.raw("</g>\n");
  }
}

void draw_lines(Canvas& c, const LineChart& l) {
  std::vector<std::string> labels;
  for (const ChartSeries& s : l.series) labels.push_back(s.label);
  const double y_top = legend(c, labels, c.top + c.small) + 18;
  const double bottom =
      c.body_bottom(y_top - c.top + (c.standalone() ? 120 : 260) + 2 * c.small + 24);
  const double y_bottom = bottom - 2 * c.small - 26;
  const double x0 = fraction_axis_left(c), x1 = c.right - 8;
  double lo = l.x.empty() ? 0 : *std::min_element(l.x.begin(), l.x.end());
  double hi = l.x.empty() ? 1 : *std::max_element(l.x.begin(), l.x.end());
  if (!(hi > lo)) hi = lo + 1;
  const auto x_of = [&](double v) { return x0 + (v - lo) / (hi - lo) * (x1 - x0); };
  const auto y_of = [&](double v) {
    return y_bottom - std::clamp(v, 0.0, 1.0) * (y_bottom - y_top);
  };
  fraction_grid(c, x0, x1, y_of);
  const double step = nice_step(hi - lo, 5);
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-6; v += step)
    c.text(x_of(v), y_bottom + c.small + 6, number_tick(v, step), c.small, "middle", kMuted);
  axis_title(c, x0, x1, y_bottom + 2 * c.small + 14);
  for (const ChartMarker& m : l.markers) {
    const double x = x_of(std::clamp(m.x, lo, hi));
    c.line(x, y_top - 4, x, y_bottom, kMuted, 1.2,
           fmt::format(" stroke-dasharray=\"5 4\" class=\"marker\" data-value=\"{}\"", exact(m.x)));
    const char* anchor = x > (x0 + x1) / 2 ? "end" : "start";
    c.text(x + (x > (x0 + x1) / 2 ? -4 : 4), y_top - 6, m.label, c.small, anchor, kMuted);
  }
  for (std::size_t k = 0; k < l.series.size(); ++k) {
    const ChartSeries& s = l.series[k];
    const std::size_t m = std::min(s.values.size(), l.x.size());
    if (m == 0) continue;
    std::string d;
    std::string dots;
    for (std::size_t i = 0; i < m; ++i) {
      d += fmt::format("{}{},{}", i ? "L" : "M", px(x_of(l.x[i])), px(y_of(s.values[i])));
      dots += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\" data-x=\"{}\" "
          "data-value=\"{}\"/>",
          px(x_of(l.x[i])), px(y_of(s.values[i])), colour(k), exact(l.x[i]), exact(s.values[i]));
    }
    c.raw(fmt::format(
        "<g class=\"mark series\" data-label=\"{}\"><title>{}</title><path d=\"{}\" fill=\"none\" "
        "stroke=\"{}\" stroke-width=\"2.5\"/>{}</g>\n",
        xml_escape(s.label), xml_escape(s.label), d, colour(k), dots));
  }
  c.line(x0, y_bottom, x1, y_bottom, kInk, 1);
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f ? ' ' : c;
      }
    }
  }
  return out;
}

std::string chart_name(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '-';
    for (const char c : part) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
      out += keep ? c : '_';
    }
  }
  return out;
}

std::string readable_option(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::size_t mark_count(const Chart& chart) {
  return std::visit(
      [](const auto& body) -> std::size_t {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, BarChart> || std::is_same_v<T, DivergingChart>)
          return body.bars.size();
        else if constexpr (std::is_same_v<T, QuantileChart> || std::is_same_v<T, StackedChart>)
          return body.rows.size();
        else
          return body.series.size();
      },
      chart.body);
}

std::string render_svg(const Chart& chart, SvgMode mode) {
  Canvas canvas(chart, mode);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, BarChart>)
          draw_bars(canvas, body);
        else if constexpr (std::is_same_v<T, StepChart>)
          draw_steps(canvas, body);
        else if constexpr (std::is_same_v<T, DivergingChart>)
          draw_diverging(canvas, body);
        else if constexpr (std::is_same_v<T, QuantileChart>)
          draw_quantiles(canvas, body);
        else if constexpr (std::is_same_v<T, StackedChart>)
          draw_stacked(canvas, body);
        else
          draw_lines(canvas, body);
      },
      chart.body);
  return canvas.finish();
}

}  // namespace negsim
