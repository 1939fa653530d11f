#include "negsim/output/backtest_report.hpp"

#include <fmt/format.h>

#include <sstream>

#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using namespace report;

namespace {

std::string score(double x) {
  return fmt::format("{:.3f}", x);
}

// "+0.123" for a skill score 1 − model / reference (positive: the model is better).
std::string skill(double model, double reference) {
  if (!(reference > 0)) return "–";
  return fmt::format("{:+.2f}", 1.0 - model / reference);
}

std::string heading(const BacktestReport& r) {
  const std::size_t n = r.scores.cases.size();
  return fmt::format("Backtest of {}: {} historical case{}, {} branches each, seed {}",
                     joined(r.inputs, ", "), n, n == 1 ? "" : "s", thousands(r.branches), r.seed);
}

std::string partial_note(const BacktestReport& r) {
  return fmt::format(
      "PARTIAL: interrupted after {} of {} cases; the scores cover only the cases that ran.",
      r.scores.cases.size(), r.planned_cases);
}

// The mean scores by kind, two rows per kind (Brier, log loss).
std::vector<std::vector<std::string>> score_rows(const BacktestReport& r, bool skills) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"Mean score (lower is better)", "Forecasts", "Model", "Base rate",
                                  "Uniform"};
  if (skills) {
    header.push_back("Skill vs base rate");
    header.push_back("Skill vs uniform");
  }
  rows.push_back(header);
  for (const auto& row : r.scores.rows) {
    const bool multi = row.kind == "outcome";
    for (const bool brier : {true, false}) {
      const Forecasts& f = brier ? row.brier : row.log_loss;
      std::vector<std::string> cells{
          row.label + (brier ? (multi ? ": Brier (0–2)" : ": Brier") : ": log loss"),
          std::to_string(row.forecasts)};
      if (row.forecasts == 0) {
        cells.insert(cells.end(), {"–", "–", "–"});
        if (skills) cells.insert(cells.end(), {"–", "–"});
      } else {
        cells.insert(cells.end(), {score(f.model), score(f.base_rate), score(f.uniform)});
        if (skills) {
          cells.push_back(skill(f.model, f.base_rate));
          cells.push_back(skill(f.model, f.uniform));
        }
      }
      rows.push_back(std::move(cells));
    }
  }
  return rows;
}

std::vector<std::vector<std::string>> calibration_rows(const BacktestReport& r) {
  std::vector<std::vector<std::string>> rows{
      {"Predicted", "Forecasts", "Mean predicted", "Happened", "Observed frequency"}};
  for (const auto& b : r.scores.calibration) {
    rows.push_back({fmt::format("{:.0f}–{:.0f}%", b.low * 100, b.high * 100),
                    std::to_string(b.forecasts), b.forecasts ? percent(b.mean_forecast) : "–",
                    std::to_string(b.happened), b.forecasts ? percent(b.observed_frequency) : "–"});
  }
  return rows;
}

std::string share_of(std::uint64_t k, std::uint64_t n) {
  return n == 0 ? "–" : fmt::format("{} of {} ({})", k, n, percent(static_cast<double>(k) / n, 0));
}

std::string coverage_sentence(const BacktestReport& r) {
  const CoverageTotals& c = r.scores.coverage;
  if (c.terms == 0) return "Terms: no case records agreed terms.";
  std::string text = fmt::format(
      "Terms: {} agreed term{} observed, {} with a model range. Inside the model's 50% range: {} "
      "(a uniform range: {}); inside its 90% range: {} (uniform: {}). The model's ranges span on "
      "average {} (50%) and {} (90%) of an issue, the uniform ones {} and {}.",
      c.terms, c.terms == 1 ? "" : "s", c.scored, share_of(c.model50, c.scored),
      share_of(c.uniform50, c.scored), share_of(c.model90, c.scored),
      share_of(c.uniform90, c.scored), percent(c.model_width50, 0), percent(c.model_width90, 0),
      percent(c.uniform_width50, 0), percent(c.uniform_width90, 0));
  if (c.scored < c.terms)
    text += fmt::format(" {} term{} had no range: no branch agreed on the issue.",
                        c.terms - c.scored, c.terms - c.scored == 1 ? "" : "s");
  return text;
}

std::string timing_sentence(const BacktestReport& r) {
  const TimingTotals& t = r.scores.timing;
  if (t.cases == 0) return "Time to outcome: no case reached its outcome within the horizon.";
  return fmt::format(
      "Time to outcome ({} case{} whose outcome came within the horizon): the model's median "
      "time was off by {:.0f} days in the median case ({:.0f} on average); on average it "
      "expected the outcome {:.0f} days {}.",
      t.cases, t.cases == 1 ? "" : "s", t.median_abs_error_days, t.mean_abs_error_days,
      std::abs(t.mean_error_days), t.mean_error_days >= 0 ? "later" : "earlier");
}

const EventForecast* find_event(const CaseScore& c, const std::string& id) {
  for (const auto& e : c.events)
    if (e.kind == "group" && e.id == id) return &e;
  return nullptr;
}

std::string yes_no(bool happened) {
  return happened ? "yes" : "no";
}

// One row per case: the observed outcome, the model's probability of it and
// the multi-class Brier scores, then P(agreement by the scoring date).
std::vector<std::vector<std::string>> case_rows(const BacktestReport& r) {
  std::vector<std::vector<std::string>> rows{{"Case", "Observed at the horizon", "Model's P",
                                              "Brier: model / base rate / uniform", "Agreement by",
                                              "Model's P(agreement)", "Agreed"}};
  for (const auto& c : r.scores.cases) {
    std::vector<std::string> row{c.id};
    if (c.outcome) {
      const OutcomeForecast& f = *c.outcome;
      const std::size_t o = f.observed_index();
      row.push_back(f.observed == c.observed_outcome && !c.outcome_date.empty()
                        ? fmt::format("{} ({})", f.observed, c.outcome_date)
                        : f.observed);
      row.push_back(percent(f.model[o]));
      row.push_back(fmt::format("{} / {} / {}", score(brier_score(f.model, o)),
                                score(brier_score(f.base_rate, o)),
                                score(brier_score(f.uniform, o))));
    } else {
      row.insert(row.end(), {"not known (" + c.observed_outcome + ")", "–", "–"});
    }
    if (const EventForecast* a = find_event(c, "agreement")) {
      row.push_back(c.scored_until);
      row.push_back(percent(a->p.model));
      row.push_back(yes_no(a->happened));
    } else {
      row.insert(row.end(), {"–", "–", "–"});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string range_text(const TermCheck& t, const CentralRange& range) {
  if (t.kind == "continuous")
    return fmt::format("{}–{}", issue_value(range.low, t.high - t.low),
                       issue_value(range.high, t.high - t.low));
  const auto option = [&](double index) {
    const auto i = static_cast<std::size_t>(index);
    return i < t.options.size() ? t.options[i] : fmt::format("option {}", i + 1);
  };
  return range.low == range.high ? option(range.low)
                                 : fmt::format("{} … {}", option(range.low), option(range.high));
}

void write_case_details(std::ostringstream& out, const CaseScore& c) {
  out << "### " << markdown_cell(c.id) << ": " << markdown_cell(c.title) << "\n\n";
  out << fmt::format(
      "As of {}; record to {}; horizon {} {}{} (to {}); scored at round {} ({}). Observed: "
      "`{}`{}. Files: `{}` (sha256 {}), `{}` (sha256 {}).\n\n",
      c.as_of, c.recorded_until, c.horizon, c.round_label, c.horizon == 1 ? "" : "s",
      c.horizon_date, c.scored_round, c.scored_until, c.observed_outcome,
      c.outcome_date.empty() ? "" : " on " + c.outcome_date, c.scenario_file,
      c.scenario_sha256.substr(0, 12), c.observation_file, c.observation_sha256.substr(0, 12));
  for (const auto& note : c.notes) out << "- " << note << "\n";
  if (!c.notes.empty()) out << "\n";

  std::vector<std::vector<std::string>> rows{
      {"Forecast", "Happened", "Model", "Base rate", "Uniform", "Brier (model)"}};
  if (c.outcome) {
    const OutcomeForecast& f = *c.outcome;
    const std::size_t o = f.observed_index();
    rows.push_back({"Outcome at the horizon: " + f.observed, "yes", percent(f.model[o]),
                    percent(f.base_rate[o]), percent(f.uniform[o]),
                    score(brier_score(f.model, o)) + " (multi-class)"});
  }
  for (const auto& e : c.events)
    rows.push_back(
        {(e.kind == "group" ? "Group: " : "Milestone: ") + e.label + " by " + c.scored_until,
         yes_no(e.happened), percent(e.p.model), percent(e.p.base_rate), percent(e.p.uniform),
         score(brier_score(e.p.model, e.happened))});
  out << markdown_table(rows) << "\n";

  if (c.outcome) {
    const OutcomeForecast& f = *c.outcome;
    std::vector<std::vector<std::string>> outcomes{
        {"Outcome", "Group", "Model", "Base rate", "Uniform"}};
    for (std::size_t k = 0; k < f.outcomes.size(); ++k)
      outcomes.push_back({f.outcomes[k] + (f.outcomes[k] == f.observed ? " (observed)" : ""),
                          f.groups[k], percent(f.model[k]), percent(f.base_rate[k]),
                          percent(f.uniform[k])});
    out << markdown_table(outcomes) << "\n";
  }

  if (!c.terms.empty()) {
    std::vector<std::vector<std::string>> terms{
        {"Issue", "Observed", "Model 50%", "Model 90%", "In 50%", "In 90%", "From"}};
    for (const auto& t : c.terms) {
      std::string observed = t.observed;
      if (t.option_share) observed += fmt::format(" (model {})", percent(*t.option_share));
      if (!t.scored()) {
        terms.push_back({t.label, observed, "–", "–", "–", "–", "no agreed package"});
        continue;
      }
      terms.push_back({t.label, observed, range_text(t, t.model50), range_text(t, t.model90),
                       yes_no(t.model50.covers(t.value)), yes_no(t.model90.covers(t.value)),
                       fmt::format("{} ({} packages)",
                                   t.basis == "outcome" ? "the observed outcome" : "all agreements",
                                   thousands(t.packages))});
    }
    out << markdown_table(terms) << "\n";
  }
  if (c.timing) {
    const TimingCheck& t = *c.timing;
    out << fmt::format(
        "Time to the outcome: the model's median {:.1f} {}s{}, observed round {}: off by {:+.1f} "
        "{}s ({:+.0f} days).\n\n",
        t.predicted_rounds, c.round_label,
        t.basis == "outcome" ? "" : " (of any ending: no branch reached the observed outcome)",
        t.actual_round, t.error_rounds, c.round_label, t.error_days);
  }
}

}  // namespace

std::string backtest_text(const BacktestReport& r) {
  std::ostringstream out;
  out << heading(r) << "\n";
  if (r.partial) out << partial_note(r) << "\n";
  out << "\n" << text_table(score_rows(r, false)) << "\n";
  out << "Calibration of the model's yes/no forecasts (groups and milestones):\n\n"
      << text_table(calibration_rows(r)) << "\n";
  out << wrapped(coverage_sentence(r)) << "\n" << wrapped(timing_sentence(r)) << "\n\n";
  out << text_table(case_rows(r));
  return out.str();
}

std::string backtest_markdown(const BacktestReport& r) {
  std::ostringstream out;
  out << "# " << heading(r) << "\n\n";
  if (r.partial) out << "**" << partial_note(r) << "**\n\n";
  out << fmt::format(
      "negsim {}. The model against two reference forecasters: the base rate of the library "
      "(each case scored against the other cases only) and a uniform forecast. Definitions: "
      "docs/validation.md.\n\n",
      r.engine_version);
  out << "## Scores\n\n" << markdown_table(score_rows(r, true)) << "\n";
  out << "A skill score is 1 − model / reference: above 0 the model beats the reference, 1 is "
         "perfect.\n\n";
  out << "## Calibration\n\nThe model's yes/no forecasts (outcome groups and milestones by the "
         "scoring date), binned by predicted probability; a bin holds the forecasts from its lower "
         "end up to, not including, its upper end (the last includes 100%).\n\n"
      << markdown_table(calibration_rows(r)) << "\n";
  out << "## Terms and timing\n\n"
      << coverage_sentence(r) << "\n\n"
      << timing_sentence(r) << "\n\n";
  out << "## Cases\n\n" << markdown_table(case_rows(r)) << "\n";
  for (const auto& c : r.scores.cases) write_case_details(out, c);
  return out.str();
}

std::string backtest_csv(const BacktestReport& r) {
  std::ostringstream out;
  out << "case,kind,item,observed,happened,model,base_rate,uniform,brier_model,brier_base_rate,"
         "brier_uniform,log_loss_model,log_loss_base_rate,log_loss_uniform,scored_until,"
         "range50_low,range50_high,range90_low,range90_high,in50,in90,uniform_in50,uniform_in90,"
         "basis,packages,predicted_rounds,actual_round,error_rounds,error_days\n";
  const auto tf = [](bool b) { return b ? "true" : "false"; };
  for (const auto& c : r.scores.cases) {
    const std::string head = csv_field(c.id) + ",";
    if (c.outcome) {
      const OutcomeForecast& f = *c.outcome;
      const std::size_t o = f.observed_index();
      const double fl = c.log_loss_floor;
      out << head << "outcome," << csv_field(f.observed) << "," << csv_field(f.observed) << ",true,"
          << exact_number(f.model[o]) << "," << exact_number(f.base_rate[o]) << ","
          << exact_number(f.uniform[o]) << "," << exact_number(brier_score(f.model, o)) << ","
          << exact_number(brier_score(f.base_rate, o)) << ","
          << exact_number(brier_score(f.uniform, o)) << ","
          << exact_number(log_loss(f.model, o, fl)) << ","
          << exact_number(log_loss(f.base_rate, o, fl)) << ","
          << exact_number(log_loss(f.uniform, o, fl)) << "," << c.horizon_date
          << ",,,,,,,,,,,,,,\n";
    }
    for (const auto& e : c.events) {
      const double fl = c.log_loss_floor;
      out << head << e.kind << "," << csv_field(e.id) << ",," << tf(e.happened) << ","
          << exact_number(e.p.model) << "," << exact_number(e.p.base_rate) << ","
          << exact_number(e.p.uniform) << "," << exact_number(brier_score(e.p.model, e.happened))
          << "," << exact_number(brier_score(e.p.base_rate, e.happened)) << ","
          << exact_number(brier_score(e.p.uniform, e.happened)) << ","
          << exact_number(log_loss(e.p.model, e.happened, fl)) << ","
          << exact_number(log_loss(e.p.base_rate, e.happened, fl)) << ","
          << exact_number(log_loss(e.p.uniform, e.happened, fl)) << "," << c.scored_until
          << ",,,,,,,,,,,,,,\n";
    }
    for (const auto& t : c.terms) {
      out << head << "term," << csv_field(t.issue) << "," << csv_field(t.observed) << ",,"
          << (t.option_share ? exact_number(*t.option_share) : "") << ",,,,,,,,,,";
      if (t.scored())
        out << exact_number(t.model50.low) << "," << exact_number(t.model50.high) << ","
            << exact_number(t.model90.low) << "," << exact_number(t.model90.high) << ","
            << tf(t.model50.covers(t.value)) << "," << tf(t.model90.covers(t.value)) << ",";
      else
        out << ",,,,,,";
      out << tf(t.uniform50.covers(t.value)) << "," << tf(t.uniform90.covers(t.value)) << ","
          << t.basis << "," << t.packages << ",,,,\n";
    }
    if (c.timing) {
      const TimingCheck& t = *c.timing;
      out << head << "timing," << csv_field(c.observed_outcome) << "," << c.outcome_date
          << ",,,,,,,,,,,,,,,,,,,," << t.basis << ",," << exact_number(t.predicted_rounds) << ","
          << t.actual_round << "," << exact_number(t.error_rounds) << ","
          << exact_number(t.error_days) << "\n";
    }
  }
  return out.str();
}

}  // namespace negsim
