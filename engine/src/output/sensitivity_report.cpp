#include "negsim/output/sensitivity_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "json_field.hpp"
#include "negsim/output/sensitivity_charts.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

using nlohmann::json;
using namespace report;

namespace {

constexpr const char* kWhat = "sensitivity analysis";

std::string value_text(double v) {
  if (v == 0) return "0";
  return fmt::format("{:.4g}", v);
}

std::string held_text(double value, const std::string& option) {
  return option.empty() ? value_text(value) : option;
}

std::string index_text(double x) {
  const std::string s = fmt::format("{:.3f}", x);
  return s == "-0.000" ? "0.000" : s;
}

std::string index_range(const Interval& i) {
  return index_text(i.low) + " to " + index_text(i.high);
}

int swing_decimals(const TornadoBar& bar) {
  return bar.swing_ci95.half_width() < 0.005 ? 2 : 1;
}

std::string target_phrase(const SensitivityReport& r) {
  const std::string when = r.by_horizon ? fmt::format("by the horizon (round {}{})", r.by_round,
                                                      r.by_date.empty() ? "" : ", " + r.by_date)
                                        : fmt::format("by {} (round {})", r.by_date, r.by_round);
  return fmt::format("{} ({} {}), {}", r.target_label, r.target_kind, r.target_id, when);
}

std::string run_line(const SensitivityReport& r) {
  const std::size_t blocks = r.rows ? static_cast<std::size_t>(r.runs / r.rows) : 0;
  return fmt::format(
      "negsim {} · scenario {} ({}, sha256 {}) · seed {} · {} base branches × {} = {} branches · "
      "{} {} · {:.1f} s · {}",
      r.engine_version, r.scenario_id, r.scenario_file, r.scenario_sha256.substr(0, 12), r.seed,
      thousands(r.rows), blocks, thousands(r.runs), r.threads,
      r.threads == 1 ? "thread" : "threads", r.wall_seconds, r.date);
}

std::vector<std::vector<std::string>> tornado_rows(const SensitivityReport& r) {
  const Tornado& t = *r.tornado;
  const int lo = static_cast<int>(std::lround(t.low_quantile * 100));
  const int hi = static_cast<int>(std::lround(t.high_quantile * 100));
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Input", fmt::format("p{}", lo), fmt::format("p{}", hi),
                  fmt::format("Chance at p{}", lo), fmt::format("Chance at p{}", hi), "Swing",
                  "95% paired"});
  for (const TornadoBar& b : t.bars) {
    const int d = swing_decimals(b);
    rows.push_back({b.input, held_text(b.low_value, b.low_option),
                    held_text(b.high_value, b.high_option), percent(b.low), percent(b.high),
                    points(b.swing, d) + " pts",
                    points(b.swing_ci95.low, d) + " to " + points(b.swing_ci95.high, d)});
  }
  return rows;
}

std::string factor_name(const SensitivityFactorRow& f) {
  return f.chance ? "chance within the branch (shocks, transitions, effect sizes)" : f.id;
}

std::vector<std::vector<std::string>> index_rows(const SensitivityReport& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Input", "First-order", "95% interval", "Total", "95% interval"});
  for (std::size_t f : factors_by_total(r)) {
    const SobolIndex& s = r.indices->factors[f];
    rows.push_back({factor_name(r.factors[f]), index_text(s.first), index_range(s.first_ci95),
                    index_text(s.total), index_range(s.total_ci95)});
  }
  return rows;
}

std::string share_range(double x, const Interval& i) {
  return fmt::format("{} (95% interval {})", percent(x), percent_range(i, 1));
}

std::string indices_note(const SensitivityReport& r) {
  const SobolEstimate& e = *r.indices;
  if (!(e.variance > 0))
    return "The target is the same in every branch, so it has no variance to explain.";
  std::string s = fmt::format("Not explained by any single input: {}.",
                              share_range(e.unexplained, e.unexplained_ci95));
  for (std::size_t f = 0; f < r.factors.size(); ++f)
    if (r.factors[f].chance)
      s += fmt::format(" Chance within the branch explains {} on its own;",
                       share_range(e.factors[f].first, e.factors[f].first_ci95));
  s += fmt::format(" interactions (no factor alone) {}.",
                   share_range(e.interactions, e.interactions_ci95));
  return s;
}

std::string copula_note(const SensitivityReport& r) {
  std::vector<std::string> groups;
  for (const auto& f : r.factors)
    if (f.inputs.size() > 1) groups.push_back(f.id);
  if (groups.empty()) return "";
  return "Inputs tied by rank correlations are one factor of the indices, since their shares "
         "cannot be told apart: " +
         joined(groups, "; ") + ".";
}

Interval interval_of(const json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>()};
}

}  // namespace

std::string describe_input(const UncertainInput& input) {
  const Distribution& d = input.dist;
  const auto option = [&](double v) {
    const auto k = static_cast<std::size_t>(std::lround(v));
    return k < input.options.size() ? input.options[k] : value_text(v);
  };
  std::string s;
  switch (d.kind) {
    case DistKind::fixed:
      return value_text(d.value);
    case DistKind::uniform:
      s = fmt::format("uniform from {} to {}", value_text(d.low), value_text(d.high));
      break;
    case DistKind::normal:
      s = fmt::format("normal, mean {}, sd {}", value_text(d.mean), value_text(d.sd));
      break;
    case DistKind::triangular:
      s = fmt::format("triangular from {} to {}, most likely {}", value_text(d.low),
                      value_text(d.high), value_text(d.mode));
      break;
    case DistKind::beta:
      s = fmt::format("beta({}, {}) on {} to {}", value_text(d.alpha), value_text(d.beta),
                      value_text(d.low), value_text(d.high));
      break;
    case DistKind::lognormal:
      s = fmt::format("lognormal, mu {}, sigma {}", value_text(d.mu), value_text(d.sigma));
      break;
    case DistKind::discrete: {
      double total = 0;
      for (double w : d.weights) total += w;
      s = "one of ";
      for (std::size_t i = 0; i < d.values.size(); ++i)
        s += (i ? ", " : "") + option(d.values[i]) +
             (i < d.weights.size() && total > 0 ? " (" + percent(d.weights[i] / total, 0) + ")"
                                                : "");
      break;
    }
  }
  if (d.min || d.max)
    s += fmt::format(", kept within {} to {}", d.min ? value_text(*d.min) : "-inf",
                     d.max ? value_text(*d.max) : "+inf");
  return s;
}

std::vector<std::size_t> factors_by_total(const SensitivityReport& r) {
  std::vector<std::size_t> order;
  if (!r.indices) return order;
  for (std::size_t f = 0; f < r.factors.size(); ++f)
    if (!r.factors[f].chance) order.push_back(f);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.indices->factors[a].total > r.indices->factors[b].total;
  });
  for (std::size_t f = 0; f < r.factors.size(); ++f)
    if (r.factors[f].chance) order.push_back(f);
  return order;
}

std::vector<OutputFile> sensitivity_charts(const SensitivityReport& report) {
  std::vector<OutputFile> files;
  if (report.tornado) files.push_back({"tornado.svg", tornado_svg(report)});
  if (report.indices) files.push_back({"indices.svg", indices_svg(report)});
  return files;
}

std::string sensitivity_text(const SensitivityReport& r) {
  std::ostringstream out;
  if (r.partial)
    out << "PARTIAL: the analysis was interrupted; the figures cover the " << thousands(r.rows)
        << " base branches whose every run finished.\n\n";
  out << "Sensitivity of " << target_phrase(r) << "\n";
  if (r.tornado)
    out << fmt::format("Base: {} (95% CI {}) in {} base branches\n", percent(r.tornado->base),
                       percent_range(r.tornado->base_ci95, 1), thousands(r.rows));
  else if (r.indices)
    out << fmt::format("Base: {} over the {} branches of the two base samples\n",
                       percent(r.indices->mean), thousands(2 * r.rows));
  if (r.tornado) {
    const Tornado& t = *r.tornado;
    out << "\n"
        << wrapped(fmt::format(
               "Tornado: the chance with each input held at its {}th and {}th percentile, every "
               "other input and all chance as in the base branches (paired), largest swing first",
               std::lround(t.low_quantile * 100), std::lround(t.high_quantile * 100)))
        << "\n\n";
    out << (t.bars.empty() ? "The scenario has no uncertain inputs.\n"
                           : text_table(tornado_rows(r)));
  }
  if (r.indices) {
    out << "\n"
        << wrapped(fmt::format("Variance-based (Sobol) indices of the target indicator: the "
                               "share of its variance each input explains alone (first-order) "
                               "and with others (total), largest total first; 95% bootstrap "
                               "intervals ({} resamples)",
                               r.indices->replicates))
        << "\n\n";
    out << text_table(index_rows(r));
    out << wrapped(indices_note(r)) << "\n";
    if (const std::string note = copula_note(r); !note.empty()) out << wrapped(note) << "\n";
  }
  out << "\n" << wrapped(run_line(r)) << "\n";
  return out.str();
}

std::string sensitivity_markdown(const SensitivityReport& r) {
  std::ostringstream out;
  out << "# Sensitivity: " << markdown_cell(r.target_label) << "\n\n";
  if (r.partial)
    out << "**Partial:** the analysis was interrupted; the figures cover the " << thousands(r.rows)
        << " base branches whose every run finished.\n\n";
  out << "Target: " << target_phrase(r) << ". Scenario `" << r.scenario_id << "` ("
      << r.scenario_title << ").\n\n";
  if (r.tornado)
    out << fmt::format("Base: **{}** (95% CI {}) in {} base branches.\n\n",
                       percent(r.tornado->base), percent_range(r.tornado->base_ci95, 1),
                       thousands(r.rows));
  out << "## Inputs\n\n";
  std::vector<std::vector<std::string>> inputs{{"Input", "Distribution"}};
  for (const auto& i : r.inputs)
    inputs.push_back(
        {"`" + i.path + "`",
         i.distribution + (i.varied ? " (--param)" : "") +
             (i.copula >= 0 ? fmt::format(" (correlated set {})", i.copula + 1) : "")});
  out << markdown_table(inputs) << "\n";
  if (r.tornado) {
    const Tornado& t = *r.tornado;
    out << "## Tornado\n\n"
        << fmt::format(
               "The chance of the target with each input held at its {}th and {}th "
               "percentile, every other input and all chance as in the base branches "
               "(common random numbers: the intervals are paired).\n\n",
               std::lround(t.low_quantile * 100), std::lround(t.high_quantile * 100))
        << "![Tornado](tornado.svg)\n\n"
        << markdown_table(tornado_rows(r)) << "\n";
  }
  if (r.indices) {
    out << "## Variance-based indices\n\n"
        << "First-order: the share of the target's variance an input explains on its own; "
           "total: the share it has a hand in, alone or with others. 95% bootstrap intervals ("
        << r.indices->replicates << " resamples).\n\n"
        << "![Sobol indices](indices.svg)\n\n"
        << markdown_table(index_rows(r)) << "\n"
        << indices_note(r) << "\n\n";
    if (const std::string note = copula_note(r); !note.empty()) out << note << "\n\n";
  }
  out << "*" << run_line(r) << "*\n";
  return out.str();
}

std::string sensitivity_csv(const SensitivityReport& r) {
  std::ostringstream out;
  out << "analysis,input,low_value,high_value,low_probability,high_probability,swing,"
         "swing_ci95_low,swing_ci95_high,first_order,first_order_ci95_low,first_order_ci95_high,"
         "total,total_ci95_low,total_ci95_high,target,by_round,rows,seed\n";
  const std::string tail = "," + csv_field(r.target_id) + "," + std::to_string(r.by_round) + "," +
                           std::to_string(r.rows) + "," + std::to_string(r.seed) + "\n";
  if (r.tornado)
    for (const TornadoBar& b : r.tornado->bars)
      out << "tornado," << csv_field(b.input) << ","
          << csv_field(b.low_option.empty() ? exact_number(b.low_value) : b.low_option) << ","
          << csv_field(b.high_option.empty() ? exact_number(b.high_value) : b.high_option) << ","
          << exact_number(b.low) << "," << exact_number(b.high) << "," << exact_number(b.swing)
          << "," << exact_number(b.swing_ci95.low) << "," << exact_number(b.swing_ci95.high)
          << ",,,,,," << tail;
  if (r.indices)
    for (std::size_t f : factors_by_total(r)) {
      const SobolIndex& s = r.indices->factors[f];
      out << "sobol," << csv_field(r.factors[f].id) << ",,,,,,,," << exact_number(s.first) << ","
          << exact_number(s.first_ci95.low) << "," << exact_number(s.first_ci95.high) << ","
          << exact_number(s.total) << "," << exact_number(s.total_ci95.low) << ","
          << exact_number(s.total_ci95.high) << tail;
    }
  return out.str();
}

json to_json(const SensitivityReport& r) {
  json j;
  j["format"] = "negsim-sensitivity";
  j["format_version"] = 1;
  j["engine_version"] = r.engine_version;
  j["date"] = r.date;
  j["scenario"] = {{"id", r.scenario_id},
                   {"title", r.scenario_title},
                   {"file", r.scenario_file},
                   {"sha256", r.scenario_sha256}};
  j["overrides"] = r.overrides;
  j["seed"] = r.seed;
  j["rows"] = r.rows;
  j["runs"] = r.runs;
  j["threads"] = r.threads;
  j["wall_seconds"] = r.wall_seconds;
  j["partial"] = r.partial;
  j["target"] = {{"id", r.target_id},      {"kind", r.target_kind}, {"label", r.target_label},
                 {"by_round", r.by_round}, {"by_date", r.by_date},  {"by_horizon", r.by_horizon}};
  auto& inputs = j["inputs"] = json::array();
  for (const auto& i : r.inputs)
    inputs.push_back({{"path", i.path},
                      {"distribution", i.distribution},
                      {"varied", i.varied},
                      {"copula", i.copula}});
  if (r.tornado) {
    const Tornado& t = *r.tornado;
    json bars = json::array();
    for (const TornadoBar& b : t.bars)
      bars.push_back({{"input", b.input},
                      {"low_value", b.low_value},
                      {"high_value", b.high_value},
                      {"low_option", b.low_option},
                      {"high_option", b.high_option},
                      {"low", b.low},
                      {"high", b.high},
                      {"low_ci95", interval_json(b.low_ci95)},
                      {"high_ci95", interval_json(b.high_ci95)},
                      {"swing", b.swing},
                      {"swing_ci95", interval_json(b.swing_ci95)},
                      {"changed", b.changed}});
    j["tornado"] = {{"low_quantile", t.low_quantile},
                    {"high_quantile", t.high_quantile},
                    {"rows", t.rows},
                    {"base", t.base},
                    {"base_ci95", interval_json(t.base_ci95)},
                    {"bars", bars}};
  }
  if (r.indices) {
    const SobolEstimate& e = *r.indices;
    json factors = json::array();
    for (std::size_t f = 0; f < r.factors.size(); ++f) {
      const SobolIndex& s = e.factors[f];
      factors.push_back({{"id", r.factors[f].id},
                         {"inputs", r.factors[f].inputs},
                         {"chance", r.factors[f].chance},
                         {"first", s.first},
                         {"first_ci95", interval_json(s.first_ci95)},
                         {"total", s.total},
                         {"total_ci95", interval_json(s.total_ci95)}});
    }
    j["indices"] = {{"rows", e.rows},
                    {"mean", e.mean},
                    {"variance", e.variance},
                    {"replicates", e.replicates},
                    {"unexplained", e.unexplained},
                    {"unexplained_ci95", interval_json(e.unexplained_ci95)},
                    {"interactions", e.interactions},
                    {"interactions_ci95", interval_json(e.interactions_ci95)},
                    {"factors", factors}};
  }
  return j;
}

SensitivityReport sensitivity_report_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "negsim-sensitivity")
    throw std::runtime_error(
        "not a negsim sensitivity analysis (format is not "
        "\"negsim-sensitivity\")");
  SensitivityReport r;
  try {
    r.engine_version = j.at("engine_version").get<std::string>();
    r.date = j.at("date").get<std::string>();
    const json& s = j.at("scenario");
    r.scenario_id = s.at("id").get<std::string>();
    r.scenario_title = s.at("title").get<std::string>();
    r.scenario_file = s.at("file").get<std::string>();
    r.scenario_sha256 = s.at("sha256").get<std::string>();
    r.overrides = j.at("overrides").get<std::vector<std::string>>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.rows = j.at("rows").get<std::uint64_t>();
    r.runs = j.at("runs").get<std::uint64_t>();
    r.threads = j.at("threads").get<int>();
    r.wall_seconds = j.at("wall_seconds").get<double>();
    r.partial = j.at("partial").get<bool>();
    const json& t = j.at("target");
    r.target_id = t.at("id").get<std::string>();
    r.target_kind = t.at("kind").get<std::string>();
    r.target_label = t.at("label").get<std::string>();
    r.by_round = t.at("by_round").get<int>();
    r.by_date = t.at("by_date").get<std::string>();
    r.by_horizon = t.at("by_horizon").get<bool>();
    for (const json& i : j.at("inputs"))
      r.inputs.push_back({i.at("path").get<std::string>(), i.at("distribution").get<std::string>(),
                          i.at("varied").get<bool>(), i.at("copula").get<int>()});
    if (j.contains("tornado")) {
      const json& tj = j.at("tornado");
      Tornado tornado;
      tornado.low_quantile = tj.at("low_quantile").get<double>();
      tornado.high_quantile = tj.at("high_quantile").get<double>();
      tornado.rows = tj.at("rows").get<std::uint64_t>();
      tornado.base = tj.at("base").get<double>();
      tornado.base_ci95 = interval_of(tj.at("base_ci95"));
      for (const json& b : tj.at("bars")) {
        TornadoBar bar;
        bar.input = b.at("input").get<std::string>();
        bar.low_value = b.at("low_value").get<double>();
        bar.high_value = b.at("high_value").get<double>();
        bar.low_option = b.at("low_option").get<std::string>();
        bar.high_option = b.at("high_option").get<std::string>();
        bar.low = b.at("low").get<double>();
        bar.high = b.at("high").get<double>();
        bar.low_ci95 = interval_of(b.at("low_ci95"));
        bar.high_ci95 = interval_of(b.at("high_ci95"));
        bar.swing = b.at("swing").get<double>();
        bar.swing_ci95 = interval_of(b.at("swing_ci95"));
        bar.changed = b.at("changed").get<std::uint64_t>();
        tornado.bars.push_back(std::move(bar));
      }
      r.tornado = std::move(tornado);
    }
    if (j.contains("indices")) {
      const json& ij = j.at("indices");
      SobolEstimate e;
      e.rows = ij.at("rows").get<std::uint64_t>();
      e.mean = ij.at("mean").get<double>();
      e.variance = ij.at("variance").get<double>();
      e.replicates = ij.at("replicates").get<int>();
      e.unexplained = ij.at("unexplained").get<double>();
      e.unexplained_ci95 = interval_of(ij.at("unexplained_ci95"));
      e.interactions = ij.at("interactions").get<double>();
      e.interactions_ci95 = interval_of(ij.at("interactions_ci95"));
      for (const json& f : ij.at("factors")) {
        r.factors.push_back({f.at("id").get<std::string>(), f.at("inputs").get<std::vector<int>>(),
                             f.at("chance").get<bool>()});
        e.factors.push_back({f.at("first").get<double>(), f.at("total").get<double>(),
                             interval_of(f.at("first_ci95")), interval_of(f.at("total_ci95"))});
      }
      r.indices = std::move(e);
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("the ") + kWhat + " is malformed: " + e.what());
  }
  return r;
}

}  // namespace negsim
