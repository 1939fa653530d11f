#include "negsim/output/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "markdown_html.hpp"
#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/svg_chart.hpp"
#include "report_format.hpp"

namespace negsim {

using namespace report;

namespace {

// One style for every page: readable at 390 px (a phone) and at 1280 px,
// printable on A4 and Letter. System fonts only, so nothing is fetched.
constexpr const char* kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #d9d9d9; --accent: #0072B2; --soft: #f2f6fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 "DejaVu Sans", -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .75rem 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p, li { overflow-wrap: anywhere; }
.sub { color: var(--muted); margin: 0 0 .75rem; }
.overrides { display: inline-block; background: #fff3cd; border: 1px solid #e0b400; color: var(--ink);
  padding: .1rem .45rem; border-radius: 3px; overflow-wrap: anywhere; }
.note { background: #fff3cd; border-left: 4px solid #e0b400; margin: 1rem 0; padding: .4rem .9rem; }
.headline { background: var(--soft); border-left: 4px solid var(--accent); padding: .75rem 1rem;
  margin: 1rem 0 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10.5rem, 1fr)); gap: .6rem;
  margin: .25rem 0 .75rem; }
.card { background: #fff; border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .7rem; }
.card-value { font-size: 1.7rem; font-weight: bold; line-height: 1.2; color: var(--accent); }
.card-label { font-weight: bold; overflow-wrap: anywhere; }
.card-detail { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.headline p { margin: .35rem 0; }
.caveat { color: var(--muted); font-size: .9rem; }
figure.chart { margin: 1rem 0 1.5rem; }
figure.chart figcaption { font-weight: bold; margin-bottom: .35rem; overflow-wrap: anywhere; }
figure.chart svg { display: block; width: 100%; max-width: 36rem; height: auto;
  font-family: "DejaVu Sans", -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
.chart-note { color: var(--muted); font-size: .85rem; margin: .3rem 0 0; overflow-wrap: anywhere; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem;
  border-bottom: 1px solid var(--rule); overflow-wrap: break-word; }
th { border-bottom: 2px solid #999; }
th.num, td.num { text-align: right; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em;
  overflow-wrap: anywhere; word-break: break-all; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft);
  padding: .4rem .6rem; font-size: .85rem; margin: .3rem 0 .75rem; }
pre code { word-break: normal; }
ul { padding-left: 1.25rem; }
.sources { margin: .25rem 0 0; padding-left: 1.1rem; font-size: .8rem; color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; background: #fff3cd; border: 1px solid #e0b400;
  border-radius: 3px; padding: 0 .3rem; margin-left: .3rem; }
footer { color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule);
  margin-top: 2rem; padding-top: .5rem; overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem .75rem 1.5rem; }
  h1 { font-size: 1.35rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .3rem; }
  .card-value { font-size: 1.4rem; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure.chart, tr, .card, .headline { break-inside: avoid; page-break-inside: avoid; }
  figure.chart svg { max-width: 16cm; }
  .table-wrap { overflow: visible; }
  /* Paper does not scroll: a wide table (a batch's or sweep's columns) must
     fit the page, so its cells may break anywhere and its type is smaller. */
  table { font-size: 8pt; }
  th, td { padding: .15rem .25rem; overflow-wrap: anywhere; }
  .headline, .card { background: #fff; }
}
)css";

std::string page_start(const std::string& title, const std::string& heading,
                       const std::string& subtitle_html) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"negsim " NEGSIM_VERSION "\">\n<title>" +
      xml_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";
  out += "<header>\n<h1>" + xml_escape(heading) + "</h1>\n";
  if (!subtitle_html.empty()) out += "<p class=\"sub\">" + subtitle_html + "</p>\n";
  return out + "</header>\n";
}

std::string page_end(const std::string& footer) {
  return "<footer><p>" + xml_escape(footer) + "</p></footer>\n</main>\n</body>\n</html>\n";
}

std::string figure(const Chart& chart) {
  std::string out = fmt::format(
      "<figure class=\"chart\" id=\"chart-{}\" data-chart=\"{}\" data-marks=\"{}\">\n"
      "<figcaption>{}</figcaption>\n",
      xml_escape(chart.name), xml_escape(chart.name), mark_count(chart), xml_escape(chart.title));
  out += render_svg(chart, SvgMode::inline_html);
  return out + "</figure>\n";
}

const Chart* find_chart(const std::vector<Chart>& charts, const std::string& name) {
  for (const Chart& c : charts)
    if (c.name == name) return &c;
  return nullptr;
}

std::string slug(const std::string& heading) {
  std::string out;
  for (const char c : heading) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (keep || (lower >= 'a' && lower <= 'z'))
      out += lower;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "section" : out;
}

std::string card(const std::string& figure_key, double value, const Interval& ci,
                 const std::string& label, const std::string& detail) {
  const int decimals = percent_decimals(ci);
  return fmt::format(
      "<div class=\"card\" data-figure=\"{}\" data-value=\"{}\" data-low=\"{}\" data-high=\"{}\">"
      "<div class=\"card-value\">{}</div><div class=\"card-label\">{}</div>"
      "<div class=\"card-detail\">{}</div></div>\n",
      xml_escape(figure_key), exact_number(value), exact_number(ci.low), exact_number(ci.high),
      xml_escape(percent(value, decimals)), xml_escape(label),
      xml_escape("95% CI " + percent_range(ci, decimals) + (detail.empty() ? "" : " · " + detail)));
}

std::string by_date(const ReachSummary& r) {
  return !r.curve.empty() && !r.curve.back().date.empty() ? "by " + r.curve.back().date : "";
}

// The bottom line as headline figures: any agreement, no agreement, each
// milestone by the horizon with its date, then the most likely outcome.
std::string headline_cards(const Summary& summary) {
  std::string out = "<div class=\"cards\">\n";
  const ReachSummary* agreement = summary.group("agreement");
  const ReachSummary* none = summary.group("no_agreement");
  std::vector<const ReachSummary*> shown;
  if (agreement && none) {
    shown = {agreement, none};
  } else if (const ReachSummary* text = summary.group("text_accepted")) {
    shown = {text};
  }
  for (const ReachSummary& m : summary.milestones) shown.push_back(&m);
  for (const ReachSummary* r : shown) {
    const bool milestone =
        r >= summary.milestones.data() && r < summary.milestones.data() + summary.milestones.size();
    out += card((milestone ? "milestone:" : "group:") + r->id, r->probability, r->ci95, r->label,
                by_date(*r));
  }
  const OutcomeSummary& top = summary.outcomes[summary.most_likely()];
  out += card("most_likely:" + top.id, top.probability, top.ci95, "Most likely: " + top.label,
              top.unresolved ? "no outcome within the horizon" : "");
  return out + "</div>\n";
}

std::string assumptions_section(const std::vector<Assumption>& rows) {
  std::string out = "<section id=\"assumptions\">\n<h2>Assumptions</h2>\n";
  if (rows.empty()) {
    return out +
           "<p>The scenario fixes every input (no distributions, no overrides), or this page was "
           "rendered from a stored result without its scenario file; the inputs and their "
           "sources are in the scenario file named under Provenance.</p>\n</section>\n";
  }
  out +=
      "<p>The uncertain inputs of the scenario (each branch draws them from the distribution "
      "shown) and the values changed with <code>--set</code>, with the note and sources the "
      "scenario gives beside each.</p>\n"
      "<div class=\"table-wrap\"><table class=\"assumptions\">\n<thead><tr><th>Input</th>"
      "<th>Distribution or value</th><th>Source</th></tr></thead>\n<tbody>\n";
  for (const Assumption& a : rows) {
    out += "<tr" + std::string(a.overridden ? " class=\"overridden\"" : "") + "><td>" +
           xml_escape(a.what) + (a.overridden ? "<span class=\"tag\">--set</span>" : "") +
           "<br><code>" + xml_escape(a.path) + "</code></td><td>" + xml_escape(a.value) +
           "</td><td>" + xml_escape(a.note);
    if (!a.sources.empty()) {
      out += "<ul class=\"sources\">";
      for (const std::string& s : a.sources) out += "<li>" + xml_escape(s) + "</li>";
      out += "</ul>";
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody></table></div>\n</section>\n";
}

std::string subtitle_html(const Provenance& p) {
  std::string sub =
      xml_escape(thousands(p.branches) + " simulated branches · seed " + std::to_string(p.seed));
  if (!p.as_of.empty()) sub += xml_escape(" · assumptions as of " + p.as_of);
  sub += xml_escape(" · one round is a " + (p.round_label.empty() ? "round" : p.round_label));
  if (!p.overrides.empty())
    sub += "<br><span class=\"overrides\">Changed for this run: " +
           xml_escape(overrides_phrase(p.overrides)) + "</span>";
  return sub;
}

// A what-if report's page: its Markdown, with the charts after the opening.
std::string whatif_page(const std::string& markdown, const std::vector<Chart>& charts,
                        const std::string& footer) {
  const auto sections = markdown_sections(markdown);
  std::string heading = "negsim report", intro = sections.front().body;
  if (intro.rfind("# ", 0) == 0) {
    const auto end = intro.find('\n');
    heading = intro.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    intro.erase(0, end == std::string::npos ? intro.size() : end + 1);
  }
  std::string out = page_start(heading + " — negsim", heading, "");
  out += markdown_to_html(intro);
  for (const Chart& c : charts) out += figure(c);
  for (std::size_t i = 1; i < sections.size(); ++i)
    out += "<section id=\"" + slug(sections[i].heading) + "\">\n<h2>" +
           inline_html(sections[i].heading) + "</h2>\n" + markdown_to_html(sections[i].body) +
           "</section>\n";
  out += "<p class=\"caveat\">" + xml_escape(kNoiseCaveat) + "</p>\n";
  return out + page_end(footer);
}

}  // namespace

std::string html_report(const Summary& summary, const std::vector<Assumption>& assumptions) {
  const Provenance& p = summary.provenance;
  const std::string title = title_with_overrides(p);
  std::string out =
      page_start(title + " — negsim briefing",
                 p.scenario_title.empty() ? p.scenario_id : p.scenario_title, subtitle_html(p));
  const auto charts = summary_charts(summary);
  const auto sections = markdown_sections(markdown_report(summary));

  // The opening of summary.md without its title: the partial-results note and
  // the bottom line, after the headline figures.
  std::string opening = sections.front().body;
  if (opening.rfind("# ", 0) == 0) opening.erase(0, opening.find('\n') + 1);
  // The Markdown's noise caveat is shown below the bottom line in its own style.
  if (const auto at = opening.find(kNoiseCaveat); at != std::string::npos)
    opening.erase(at, std::string(kNoiseCaveat).size());
  out += "<section class=\"headline\" id=\"bottom-line\" aria-label=\"Bottom line\">\n";
  if (p.branches > 0 && !summary.outcomes.empty()) out += headline_cards(summary);
  out += markdown_to_html(opening);
  out += "<p class=\"caveat\">" + xml_escape(kNoiseCaveat) + "</p>\n</section>\n";

  bool terms_charts_shown = false;
  for (std::size_t i = 1; i < sections.size(); ++i) {
    const std::string& heading = sections[i].heading;
    std::string figures;
    if (heading == "Outcomes") {
      if (const Chart* c = find_chart(charts, "outcomes")) figures += figure(*c);
    } else if (heading.rfind("Milestones", 0) == 0) {
      if (const Chart* c = find_chart(charts, "milestones")) figures += figure(*c);
    } else if (heading == kAssociationTitle) {
      if (const Chart* c = find_chart(charts, "shocks")) figures += figure(*c);
    } else if (heading == kDriversTitle) {
      if (const Chart* c = find_chart(charts, "drivers")) figures += figure(*c);
    }
    if (heading.rfind("Agreed terms: ", 0) == 0 && !terms_charts_shown) {
      terms_charts_shown = true;
      std::string terms;
      for (const Chart& c : charts)
        if (c.name.rfind("terms-", 0) == 0) terms += figure(c);
      if (!terms.empty())
        out +=
            "<section id=\"terms-charts\">\n<h2>Agreed terms at a glance</h2>\n<p>Each "
            "issue's agreed terms in every outcome reached with an agreed package; the "
            "tables below give the figures.</p>\n" +
            terms + "</section>\n";
    }
    if (heading == "Provenance") out += assumptions_section(assumptions);
    out += "<section id=\"" + slug(heading) + "\">\n<h2>" + inline_html(heading) + "</h2>\n" +
           figures + markdown_to_html(sections[i].body) + "</section>\n";
  }
  return out + page_end(provenance_line(p));
}

std::string batch_html(const BatchReport& report) {
  return whatif_page(batch_markdown(report), batch_charts(report),
                     "negsim " NEGSIM_VERSION " · " + report.file);
}

std::string sweep_html(const SweepReport& report) {
  std::string footer = "negsim " NEGSIM_VERSION " · " + report.scenario;
  if (!report.overrides.empty()) footer += " with " + overrides_phrase(report.overrides);
  footer += " · seed " + std::to_string(report.seed);
  return whatif_page(sweep_markdown(report), sweep_charts(report), footer);
}

std::string compare_html(const CompareReport& report) {
  return whatif_page(
      compare_markdown(report), compare_charts(report),
      "negsim " NEGSIM_VERSION " · base " + report.base + " · seed " + std::to_string(report.seed));
}

}  // namespace negsim
