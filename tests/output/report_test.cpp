#include "negsim/output/report.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "output/markdown_html.hpp"
#include "output/report_format.hpp"
#include "output/table_format.hpp"
#include "support/summary_fixture.hpp"

namespace negsim {
namespace {

using namespace testing_fixture;

bool has_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Splits one CSV record (RFC 4180 quoting, no embedded line breaks).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(BottomLine, NamesTheMostLikelyOutcomeWithIntervalTimingAndUnresolvedShare) {
  // 6 of 10: Wilson 95% interval 0.3127–0.8318; median 3 rounds of a week.
  // First any agreement and none by the horizon (2026-01-01 + 10 weeks), then
  // each milestone, then the most likely outcome.
  EXPECT_EQ(bottom_line(small_summary()),
            "Any agreement 60.0% (95% CI 31.3–83.2%) by 2026-03-12; no agreement within the "
            "horizon 40.0%.\n"
            "Milestones: Deal signed 60.0% (95% CI 31.3–83.2%) by 2026-03-12.\n"
            "Most likely: Deal, signed, 60% (95% CI 31.3–83.2%), typically after 3 weeks; "
            "talks unresolved after 10 weeks in 10.0%.");
}

TEST(BottomLine, WithoutAgreementOutcomesGivesTheChanceOfAnAcceptedText) {
  Scenario scenario = small_scenario();
  for (State& s : scenario.process.states) s.agreement = false;
  scenario.process.milestones.clear();
  Tally t(TallyLayout::for_scenario(scenario, 3));
  BranchResult r;
  r.outcome = 0;
  r.end_round = 4;
  r.agreed = true;
  r.agreed_round = 4;
  r.first_agreed_round = 2;
  r.package = {0.5, 1.0};
  r.utility = {0.5, 0.5};
  r.path = {0, 1};
  r.fired = {0u, 0u};
  t.add(r);
  const Summary s = summarise(scenario, small_outcomes(), t, small_provenance());
  EXPECT_EQ(bottom_line(s).substr(0, bottom_line(s).find('\n')),
            "A text every principal accepted 100.0% (95% CI 20.7–100.0%) by 2026-03-12.");
  ASSERT_NE(s.group("text_accepted"), nullptr);
  EXPECT_EQ(s.group("text_accepted")->curve[1].count, 0u);
  EXPECT_EQ(s.group("text_accepted")->curve[2].count, 1u);
  EXPECT_EQ(s.group("agreement"), nullptr);
}

TEST(BottomLine, SaysSoWhenTheTalksMostLikelyStayUnresolved) {
  Summary s = small_summary();
  s.outcomes[2].count = 70;  // now 70 of 79 branches (figures need not be consistent here)
  s.outcomes[2].probability = 0.7;
  s.outcomes[2].ci95 = {0.65, 0.75};
  const std::string line = bottom_line(s);
  EXPECT_EQ(line.substr(line.rfind('\n') + 1),
            "Most likely: no outcome within 10 weeks, 70% (95% CI 65.0–75.0%); the likeliest "
            "ending is Deal, signed at 60%.");
  s.provenance.branches = 0;
  EXPECT_EQ(bottom_line(s), "No branches were run.");
}

TEST(TextReport, HasEverySectionAndTheProvenance) {
  const std::string text = text_report(small_summary());
  const auto l = lines(text);
  ASSERT_GT(l.size(), 10u);
  EXPECT_EQ(l[0], "Small talks, for testing: 10 simulated branches");
  EXPECT_EQ(l[2] + "\n" + l[3] + "\n" + l[4], bottom_line(small_summary()));
  EXPECT_TRUE(has_text(text, "Chance of reaching each point by a date")) << text;
  EXPECT_TRUE(has_text(text,
                       "Deal signed                        30.0% (10.8–60.3%)    50.0% "
                       "(23.7–76.3%)"))
      << text;
  // Outcomes most likely first, with interval and timing.
  EXPECT_TRUE(has_text(text,
                       "Deal, signed                     60.0%       31.3–83.2%  3 weeks "
                       "(2–8 weeks)"))
      << text;
  EXPECT_TRUE(has_text(text, "No deal                          30.0%       10.8–60.3%  1 week"));
  EXPECT_LT(text.find("Deal, signed    "), text.find("No deal    "));
  EXPECT_TRUE(has_text(text, "  Status: none 17%, de facto 50%, de jure 33%"));
  EXPECT_TRUE(has_text(text, "  Share to A: median 0.301 share;"));
  EXPECT_TRUE(has_text(text, "median 3 weeks (21 days)"));
  EXPECT_TRUE(
      has_text(text, "Still unresolved at the horizon, 10 weeks (about 2.3 months): 10.0%"));
  EXPECT_TRUE(has_text(text,
                       "Energy strikes (happened in 50% of branches): 40.0% if it happened, "
                       "80.0% if not; −40.0 points"));
  EXPECT_FALSE(has_text(text, "Never happens"));  // a shock that never fired drives nothing
  // The shock table is an association and says so, pointing to --drivers.
  EXPECT_TRUE(has_text(text,
                       "\nShocks and outcomes (association, not effect): chance of Deal, signed "
                       "where each shock happened and where it did not\n  Branches that last "
                       "longer see more shocks, so a shock that often fires late looks linked to "
                       "late outcomes. For the effect of a shock, run with --drivers.\n"))
      << text;
  EXPECT_FALSE(has_text(text, "Key drivers"));  // no effects were measured
  EXPECT_TRUE(has_text(text, "   60.0%  talks → deal\n"));
  EXPECT_EQ(l.back(), "negsim " NEGSIM_VERSION
                      " · scenario small_talks (small_talks.yaml, sha256 " +
                          std::string(64, 'a') + ") · seed 7 · 10 branches · 2 threads · 1.2 s · " +
                          "2026-01-23T09:30:00Z");
  EXPECT_FALSE(has_text(text, "PARTIAL"));
}

// Issue 14 (consistency): the terminal shows the terms of every outcome with
// agreed terms, in the summary's order, as summary.md does; it used to show
// only the three most likely, in order of probability.
TEST(TextReport, ShowsTheTermsOfEveryAgreementOutcomeInTheSummarysOrder) {
  Summary s = small_summary();
  const OutcomeSummary deal = s.outcomes[0];
  ASSERT_GT(deal.agreed_count, 0u);
  s.outcomes.clear();
  const char* labels[] = {"Ratified", "Rejected in a referendum", "Signed only", "Rare deal"};
  const std::uint64_t counts[] = {50, 400, 200, 10};  // of 1,000 branches
  for (int i = 0; i < 4; ++i) {
    OutcomeSummary o = deal;
    o.id = "outcome" + std::to_string(i);
    o.label = labels[i];
    o.count = o.agreed_count = counts[i];
    o.probability = static_cast<double>(counts[i]) / 1000;
    s.outcomes.push_back(o);
  }
  const std::string text = text_report(s);
  const std::string md = markdown_report(s);
  std::size_t previous_text = 0, previous_md = 0;
  for (const char* label : labels) {
    const auto in_text = text.find(std::string("Agreed terms when the talks end in ") + label);
    const auto in_md = md.find(std::string("## Agreed terms: ") + label);
    ASSERT_NE(in_text, std::string::npos) << label << "\n" << text;
    ASSERT_NE(in_md, std::string::npos) << label << "\n" << md;
    EXPECT_GT(in_text, previous_text) << label;
    EXPECT_GT(in_md, previous_md) << label;
    previous_text = in_text;
    previous_md = in_md;
  }
}

TEST(TextReport, MarksPartialResults) {
  Summary s = small_summary();
  s.provenance.partial = true;
  const std::string text = text_report(s);
  EXPECT_TRUE(has_text(text,
                       "PARTIAL RESULTS: the run was interrupted; the figures cover the "
                       "first 10 branches only."));
  EXPECT_TRUE(has_text(text, "10 branches (partial: interrupted)"));
  EXPECT_TRUE(has_text(markdown_report(s), "**Partial results:**"));
  EXPECT_EQ(csv_fields(lines(csv_report(s))[1])[15], "true");
}

TEST(MarkdownReport, PutsTheFiguresInTables) {
  const std::string md = markdown_report(small_summary());
  EXPECT_EQ(lines(md)[0], "# Small talks, for testing");
  EXPECT_TRUE(has_text(md,
                       "**Bottom line.** Any agreement 60.0% (95% CI 31.3–83.2%) by 2026-03-12; "
                       "no agreement within the horizon 40.0%.  \nMilestones: Deal signed"));
  EXPECT_TRUE(has_text(md, "| Deal signed | 30.0% (10.8–60.3%) | 50.0% (23.7–76.3%) |")) << md;
  EXPECT_TRUE(has_text(md,
                       "| Deal, signed | 60.0% | 31.3–83.2% | 6 | 3 weeks (21 days) | 2–8 "
                       "weeks |"));
  EXPECT_TRUE(has_text(md, "| Unresolved at the horizon | 10.0% | 1.8–40.4% | 1 |"));
  EXPECT_TRUE(has_text(md, "| Share to A (share) | 0.35 | 0.1 | 0.201 | 0.301 | 0.501 | 0.6 |"));
  EXPECT_TRUE(has_text(md, "| Status | none 17%, de facto 50%, de jure 33% |"));
  EXPECT_TRUE(has_text(md, "| Party A | 0.625 |"));
  EXPECT_TRUE(has_text(md, "| Energy strikes | 50.0% | 40.0% | 80.0% | −40.0 | −72.6 to +16.3 |"));
  EXPECT_TRUE(has_text(md,
                       "\n## Shocks and outcomes (association, not effect)\n\nChance of Deal, "
                       "signed in branches where each shock happened and where it did not. "
                       "Branches that last longer see more shocks, so a shock that often fires "
                       "late looks linked to late outcomes. For the effect of a shock, run with "
                       "--drivers.\n"))
      << md;
  EXPECT_FALSE(has_text(md, "Key drivers"));
  EXPECT_TRUE(has_text(md, "| 30.0% | Talks → breakdown |"));
  EXPECT_TRUE(has_text(md, "| Scenario SHA-256 | `" + std::string(64, 'a') + "` |"));
  EXPECT_TRUE(has_text(md, "| Seed | 7 |"));
  EXPECT_TRUE(has_text(md, "| Date (UTC) | 2026-01-23T09:30:00Z |"));
}

// The fixture with measured effects: the strike as written against never
// (agreement 60% vs 70%, 2 of 10 branches changed), and a quiet shock without effect.
Summary summary_with_drivers() {
  Summary s = small_summary();
  ShockDriver strike{"strike", "Energy strikes", 10, 2, {}};
  strike.outcomes = {{"agreement", 0.6, 0.7, -0.1, {-0.3, 0.1}},
                     {"no_deal", 0.3, 0.2, 0.1, {-0.1, 0.3}},
                     {"unresolved", 0.1, 0.1, 0, {0, 0}}};
  ShockDriver quiet{"quiet", "Never happens", 10, 0, {}};
  quiet.outcomes = {{"agreement", 0.6, 0.6, 0, {0, 0}},
                    {"no_deal", 0.3, 0.3, 0, {0, 0}},
                    {"unresolved", 0.1, 0.1, 0, {0, 0}}};
  s.drivers = std::vector<ShockDriver>{strike, quiet};
  return s;
}

TEST(TextReport, ShowsTheEffectOfEachShockWhenMeasured) {
  const std::string text = text_report(summary_with_drivers());
  EXPECT_TRUE(has_text(text, "For the effect of each shock, see the key drivers.")) << text;
  EXPECT_TRUE(has_text(text,
                       "\nKey drivers: effect of each shock (paired, common random numbers)\n"
                       "  Chance of Deal, signed as written and if the shock could never happen, "
                       "on the same branches; the difference is the effect of the shock.\n"
                       "  Energy strikes: 60.0% as written, 70.0% if it never happens; −10.0 "
                       "points (95% CI −30.0 to +10.0); outcome changed in 2 of 10 branches\n"
                       "    other outcomes, points (95% CI): No deal +10.0 (−10.0 to +30.0)\n"
                       "  Never happens: 60.0% as written, 60.0% if it never happens; 0.00 points "
                       "(95% CI 0.00 to 0.00); outcome changed in 0 of 10 branches\n"))
      << text;
  EXPECT_FALSE(has_text(text, "Interrupted"));
}

TEST(TextReport, SaysWhenTheDriversWereInterrupted) {
  Summary s = summary_with_drivers();
  s.drivers->pop_back();
  EXPECT_TRUE(has_text(text_report(s), "  Interrupted: 1 of 2 shocks compared.\n"));
  s.drivers->back().branches = 4;
  EXPECT_TRUE(has_text(markdown_report(s),
                       "\nInterrupted: 1 of 2 shocks compared; Energy strikes on the first 4 "
                       "branches only.\n"));
}

// Issue 14: the interval is simulation noise only, and the reader sees what
// was assumed, with the scenario's own notes and sources.
TEST(MarkdownReport, SaysTheIntervalsAreNoiseAndListsTheAssumptions) {
  const Summary s = small_summary();
  const std::vector<Assumption> assumptions = {{"Party A: value of no deal",
                                                "parties.a.batna",
                                                "0.2 to 0.4, most likely 0.3",
                                                "analysts' range",
                                                {"[3] A study | with a pipe"},
                                                false},
                                               {"Energy strikes: chance per round",
                                                "events.strikes.probability",
                                                "0.1",
                                                "set on the command line",
                                                {},
                                                true}};
  const std::string md = markdown_report(s, assumptions);
  const auto bottom = md.find("**Bottom line.**");
  const auto caveat = md.find(kNoiseCaveat);
  ASSERT_NE(caveat, std::string::npos) << md;
  EXPECT_LT(bottom, caveat);
  EXPECT_LT(caveat, md.find("## Outcomes"));
  const auto table = md.find("\n## Assumptions\n");
  ASSERT_NE(table, std::string::npos) << md;
  EXPECT_LT(table, md.find("\n## Provenance\n"));
  EXPECT_TRUE(has_text(md,
                       "| Party A: value of no deal | `parties.a.batna` | 0.2 to 0.4, most likely "
                       "0.3 | analysts' range; [3] A study \\| with a pipe |"))
      << md;
  EXPECT_TRUE(has_text(md,
                       "| Energy strikes: chance per round (`--set`) | "
                       "`events.strikes.probability` | 0.1 | set on the command line |"))
      << md;
  // A stored result re-rendered without its scenario file has no such table.
  EXPECT_FALSE(has_text(markdown_report(s), "## Assumptions"));
}

// The page shows the caveat once, in its own style, and its own assumptions
// table (with the sources as a list), not the Markdown's.
TEST(HtmlReport, ShowsTheCaveatOnceAndTheAssumptions) {
  const Summary s = small_summary();
  const std::vector<Assumption> assumptions = {{"Party A: value of no deal",
                                                "parties.a.batna",
                                                "0.2 to 0.4",
                                                "analysts' range",
                                                {"[3] A study"},
                                                false}};
  const std::string html = html_report(s, assumptions);
  const std::string caveat = "<p class=\"caveat\">The 95% intervals measure Monte Carlo noise";
  const auto first = html.find(caveat);
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(html.find("Monte Carlo noise", first + caveat.size()), std::string::npos);
  EXPECT_TRUE(has_text(html, "<section id=\"assumptions\">")) << html;
  EXPECT_TRUE(has_text(html, "<code>parties.a.batna</code>"));
  EXPECT_TRUE(has_text(html, "<ul class=\"sources\"><li>[3] A study</li></ul>"));
  EXPECT_EQ(html.find("<h2>Assumptions</h2>"), html.rfind("<h2>Assumptions</h2>"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

// The what-if reports list their entries and quote errors in fenced blocks;
// on the page these must be a list and preformatted text, not stray dashes
// and backticks (found on a batch page with an entry that could not run).
TEST(MarkdownHtml, RendersListsAndFencedBlocks) {
  const std::string html = report::markdown_to_html(
      "- **base**: `a.yaml`\n- **broken**: could not run:\n\n```\na.yaml:3: error: <x> & y\n```\n"
      "After.\n");
  EXPECT_EQ(
      html,
      "<ul>\n<li><strong>base</strong>: <code>a.yaml</code>\n</li>\n<li><strong>broken</strong>: "
      "could not run:\n</li>\n</ul>\n<pre><code>a.yaml:3: error: &lt;x&gt; &amp; y\n</code></pre>\n"
      "<p>After.\n</p>\n");
}

TEST(MarkdownReport, PutsTheEffectOfEachShockInTables) {
  const std::string md = markdown_report(summary_with_drivers());
  EXPECT_TRUE(has_text(md,
                       "\n## Key drivers: effect of each shock (paired, common random "
                       "numbers)\n"))
      << md;
  EXPECT_TRUE(has_text(md, "| Energy strikes | 60.0% | 70.0% | −10.0 | −30.0 to +10.0 | 2 of 10 |"))
      << md;
  EXPECT_TRUE(has_text(md, "| Shock | Deal, signed | No deal | Unresolved at the horizon |")) << md;
  EXPECT_TRUE(has_text(md,
                       "| Energy strikes | −10.0 (−30.0 to +10.0) | +10.0 (−10.0 to +30.0) | "
                       "0.00 (0.00 to 0.00) |"))
      << md;
}

TEST(CsvReport, HasOneRowPerOutcomeWithProvenance) {
  const Summary s = small_summary();
  const auto rows = lines(csv_report(s));
  ASSERT_EQ(rows.size(), 4u);
  const auto header = csv_fields(rows[0]);
  EXPECT_EQ(header[0], "outcome");
  EXPECT_EQ(header[3], "probability");
  for (std::size_t r = 1; r < rows.size(); ++r)
    EXPECT_EQ(csv_fields(rows[r]).size(), header.size());
  const auto deal = csv_fields(rows[1]);
  EXPECT_EQ(deal[0], "agreement");
  EXPECT_EQ(deal[1], "Deal, signed");  // quoted because of the comma
  EXPECT_EQ(deal[2], "6");
  EXPECT_EQ(std::stod(deal[3]), 0.6);
  EXPECT_EQ(std::stod(deal[4]), s.outcomes[0].ci95.low);  // full precision
  EXPECT_EQ(deal[8], "3");                                // median rounds
  EXPECT_EQ(deal[11], "21");                              // median days
  EXPECT_EQ(deal[14], "10");                              // branches
  EXPECT_EQ(deal[16], "7");                               // seed
  EXPECT_EQ(deal[18], std::string(64, 'a'));
  const auto unresolved = csv_fields(rows[3]);
  EXPECT_EQ(unresolved[8], "");  // no time to outcome for the unresolved
}

// One set of cells for every report. A carriage return in a label now becomes
// a space in the what-if reports' Markdown tables too, as it always did in the
// briefing's: it would otherwise break the table row.
TEST(TableFormat, CellsCannotBreakTheirTable) {
  using namespace report;
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(markdown_cell("a|b\r\nc"), "a\\|b  c");
  EXPECT_EQ(text_table({{"Outcome", "p"}, {"Deal", "41%"}}), "Outcome    p\nDeal     41%\n");
  EXPECT_EQ(markdown_table({{"Outcome", "p"}, {"Deal", "41%"}}),
            "| Outcome | p |\n| --- | ---: |\n| Deal | 41% |\n");
  EXPECT_EQ(exact_number(0.1 + 0.2), "0.30000000000000004");
}

TEST(ReportFormat, FormatsNumbersForReaders) {
  using namespace report;
  EXPECT_EQ(thousands(0), "0");
  EXPECT_EQ(thousands(1234567), "1,234,567");
  EXPECT_EQ(thousands(100000), "100,000");
  EXPECT_EQ(percent(0.4132), "41.3%");
  EXPECT_EQ(percent(0.00004), "<0.1%");
  EXPECT_EQ(percent(0.0), "0.0%");
  EXPECT_EQ(percent(0.99996), ">99.9%");
  EXPECT_EQ(percent(1.0), "100.0%");
  EXPECT_EQ(percent(0.5, 0), "50%");
  EXPECT_EQ(percent_decimals({0.40, 0.42}), 1);
  EXPECT_EQ(percent_decimals({0.4100, 0.4108}), 2);
  EXPECT_EQ(points(-0.031), "−3.1");
  EXPECT_EQ(points(0.004), "+0.4");
  EXPECT_EQ(points(0.0), "0.0");
  EXPECT_EQ(number(2.50, 2), "2.5");
  EXPECT_EQ(number(-0.0001, 2), "0");
  EXPECT_EQ(issue_value(0.52345, 1), "0.52");
  EXPECT_EQ(issue_value(0.52345, 0.6), "0.523");
  EXPECT_EQ(issue_value(523.45, 1000), "523");
  Provenance weeks;
  weeks.round_label = "week";
  weeks.round_days = 7;
  EXPECT_EQ(duration(14, weeks), "14 weeks (about 3.2 months)");
  EXPECT_EQ(duration(3, weeks), "3 weeks (21 days)");
  EXPECT_EQ(duration(1, weeks, false), "1 week");
  PathSummary path;
  path.states = {"start", "talk", "pause", "talk", "pause", "talk", "pause", "vote", "vote", "end"};
  EXPECT_EQ(path_phrase(path, false), "start → (talk → pause) ×3 → vote ×2 → end");
  path.states = {"a", "b", "a", "c"};
  EXPECT_EQ(path_phrase(path, false), "a → b → a → c");
  Provenance days;
  days.round_label = "day";
  days.round_days = 1;
  EXPECT_EQ(duration(12, days), "12 days");
}

}  // namespace
}  // namespace negsim
