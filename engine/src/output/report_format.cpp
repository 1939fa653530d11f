#include "report_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "negsim/output/svg_chart.hpp"

namespace negsim::report {

std::string exact_number(double x) {
  return fmt::format("{}", x);
}

std::string probability_cell(const OutcomeSummary& o) {
  const int decimals = percent_decimals(o.ci95);
  return fmt::format("{} ({})", percent(o.probability, decimals), percent_range(o.ci95, decimals));
}

std::string label_of(const std::map<std::string, std::string>& labels, const std::string& id) {
  const auto it = labels.find(id);
  return it == labels.end() || it->second.empty() ? id : it->second;
}

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int percent_decimals(const Interval& interval) {
  // Half-widths under 0.05 points would print both ends alike with one decimal.
  return interval.half_width() < 0.0005 ? 2 : 1;
}

std::string percent(double share, int decimals) {
  const double scaled = share * 100;
  const double smallest = std::pow(10.0, -decimals);
  if (share > 0 && scaled < smallest / 2) return fmt::format("<{:.{}f}%", smallest, decimals);
  if (share < 1 && scaled > 100 - smallest / 2)
    return fmt::format(">{:.{}f}%", 100 - smallest, decimals);
  return fmt::format("{:.{}f}%", scaled, decimals);
}

std::string percent_range(const Interval& interval, int decimals) {
  return fmt::format("{:.{}f}–{:.{}f}%", interval.low * 100, decimals, interval.high * 100,
                     decimals);
}

std::string points(double difference, int decimals) {
  const std::string magnitude = fmt::format("{:.{}f}", std::abs(difference) * 100, decimals);
  if (magnitude.find_first_not_of("0.") == std::string::npos) return magnitude;
  return (difference < 0 ? "−" : "+") + magnitude;
}

std::string number(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, std::max(0, decimals));
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string issue_value(double value, double range) {
  // Three significant digits at the scale of the range: 0.52 on [0, 1], 523 on [0, 1000].
  const int decimals =
      range > 0 ? std::clamp(2 - static_cast<int>(std::floor(std::log10(range))), 0, 4) : 2;
  return number(value, decimals);
}

std::string plural_rounds(const Provenance& p) {
  const std::string label = p.round_label.empty() ? "round" : p.round_label;
  return label.back() == 's' ? label : label + "s";
}

std::string duration(double rounds, const Provenance& p, bool calendar) {
  const std::string label = p.round_label.empty() ? "round" : p.round_label;
  std::string text = number(rounds, 1) + " " + (rounds == 1 ? label : plural_rounds(p));
  if (!calendar || label == "day" || label == "days" || p.round_days <= 0) return text;
  const double days = rounds * p.round_days;
  if (days >= 60)
    text += " (about " + number(days / 30.4375, 1) + " months)";
  else
    text += " (" + number(days, 1) + (days == 1 ? " day)" : " days)");
  return text;
}

std::string round_range(double from, double to, const Provenance& p) {
  if (from == to) return duration(from, p, false);
  return number(from, 1) + "–" + number(to, 1) + " " + plural_rounds(p);
}

std::vector<std::size_t> outcomes_by_probability(const Summary& summary) {
  std::vector<std::size_t> order(summary.outcomes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return summary.outcomes[a].count > summary.outcomes[b].count;
  });
  return order;
}

std::vector<std::size_t> report_order(const Summary& summary) {
  std::vector<std::size_t> order(summary.outcomes.size());
  std::iota(order.begin(), order.end(), 0);
  return order;
}

std::string terms_phrase(const IssueTerms& t, double min_share) {
  if (!t.options.empty()) {
    std::string text;
    for (const OptionShare& o : t.options) {
      if (o.share < min_share) continue;
      if (!text.empty()) text += ", ";
      text += readable_option(o.option) + " " + percent(o.share, 0);
    }
    return text;
  }
  const double range = t.value.p95 - t.value.p5;
  const double scale = std::max({std::abs(t.value.p95), std::abs(t.value.p5), range, 1e-9});
  const std::string unit = t.unit.empty() ? "" : " " + t.unit;
  const auto v = [&](double x) { return issue_value(x, scale); };
  return "median " + v(t.value.p50) + unit + "; middle half " + v(t.value.p25) + "–" +
         v(t.value.p75) + "; 90% between " + v(t.value.p5) + " and " + v(t.value.p95);
}

std::string settled_note(const IssueTerms& terms, std::uint64_t agreed) {
  if (terms.count >= agreed) return "";
  return " (settled in " + thousands(terms.count) + " of " + thousands(agreed) + ")";
}

std::vector<Driver> key_drivers(const Summary& summary, std::size_t limit) {
  if (summary.outcomes.empty()) return {};
  const std::string& focus = summary.outcomes[summary.most_likely()].id;
  std::vector<Driver> drivers;
  for (std::size_t s = 0; s < summary.shocks.size(); ++s)
    for (std::size_t e = 0; e < summary.shocks[s].effects.size(); ++e)
      if (summary.shocks[s].effects[e].outcome == focus) drivers.push_back({s, e});
  const auto size = [&](const Driver& d) {
    return std::abs(summary.shocks[d.shock].effects[d.effect].difference);
  };
  std::stable_sort(drivers.begin(), drivers.end(),
                   [&](const Driver& a, const Driver& b) { return size(a) > size(b); });
  if (drivers.size() > limit) drivers.resize(limit);
  return drivers;
}

std::string association_note(const Summary& summary) {
  return std::string(
             "Branches that last longer see more shocks, so a shock that often fires late looks "
             "linked to late outcomes. ") +
         (summary.drivers ? "For the effect of each shock, see the key drivers."
                          : "For the effect of a shock, run with --drivers.");
}

const DriverEffect* driver_effect(const ShockDriver& driver, const std::string& outcome) {
  for (const DriverEffect& e : driver.outcomes)
    if (e.outcome == outcome) return &e;
  return nullptr;
}

std::string drivers_partial_note(const Summary& summary) {
  if (!summary.drivers) return {};
  const std::vector<ShockDriver>& drivers = *summary.drivers;
  std::string short_runs;
  for (const ShockDriver& d : drivers)
    if (d.branches < summary.provenance.branches)
      short_runs += "; " + (d.label.empty() ? d.id : d.label) + " on the first " +
                    thousands(d.branches) + " branches only";
  if (drivers.size() >= summary.shocks.size() && short_runs.empty()) return {};
  return "Interrupted: " + std::to_string(drivers.size()) + " of " +
         std::to_string(summary.shocks.size()) + " shocks compared" + short_runs + ".";
}

std::string reach_phrase(const ReachSummary& reach) {
  const int decimals = percent_decimals(reach.ci95);
  std::string text = reach.label + " " + percent(reach.probability, decimals) + " (95% CI " +
                     percent_range(reach.ci95, decimals) + ")";
  if (!reach.curve.empty() && !reach.curve.back().date.empty())
    text += " by " + reach.curve.back().date;
  return text;
}

std::vector<int> checkpoint_rounds(int horizon) {
  std::vector<int> rounds;
  for (int q = 1; q <= 4; ++q) {
    const int r = (horizon * q + 3) / 4;
    if (r > 0 && (rounds.empty() || rounds.back() != r)) rounds.push_back(r);
  }
  return rounds;
}

std::string curve_cell(const ReachSummary& reach, int round) {
  if (round < 0 || static_cast<std::size_t>(round) >= reach.curve.size()) return "–";
  const CurvePoint& c = reach.curve[static_cast<std::size_t>(round)];
  const int decimals = percent_decimals(c.ci95);
  return percent(c.probability, decimals) + " (" + percent_range(c.ci95, decimals) + ")";
}

std::string overrides_phrase(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& o : overrides) text += (text.empty() ? "--set " : ", --set ") + o;
  return text;
}

std::string title_with_overrides(const Provenance& p) {
  std::string title = p.scenario_title.empty() ? p.scenario_id : p.scenario_title;
  if (!p.overrides.empty()) title += " (with " + overrides_phrase(p.overrides) + ")";
  return title;
}

std::string provenance_line(const Provenance& p) {
  std::string line = "negsim " + p.engine_version + " · scenario " + p.scenario_id;
  std::string where = p.scenario_file;
  if (!p.overrides.empty()) {
    // The hash a reader can check against the file, then what changed it.
    if (!p.scenario_file_sha256.empty())
      where += (where.empty() ? "" : ", ") + std::string("file sha256 ") + p.scenario_file_sha256;
    where += (where.empty() ? "with " : ", with ") + overrides_phrase(p.overrides);
    if (!p.scenario_sha256.empty()) where += "; as run sha256 " + p.scenario_sha256;
  } else if (!p.scenario_sha256.empty()) {
    where += (where.empty() ? "" : ", ") + std::string("sha256 ") + p.scenario_sha256;
  }
  if (!where.empty()) line += " (" + where + ")";
  line += " · seed " + std::to_string(p.seed) + " · " + thousands(p.branches) + " branches";
  if (p.partial) line += " (partial: interrupted)";
  line += " · " + std::to_string(p.threads) + (p.threads == 1 ? " thread" : " threads");
  line += " · " + number(p.wall_seconds, p.wall_seconds < 10 ? 1 : 0) + " s · " + p.date;
  return line;
}

std::string path_phrase(const PathSummary& path, bool labels) {
  const std::vector<std::string>& items = labels ? path.labels : path.states;
  const std::size_t n = items.size();
  const auto same_block = [&](std::size_t a, std::size_t b, std::size_t length) {
    return std::equal(items.begin() + static_cast<std::ptrdiff_t>(a),
                      items.begin() + static_cast<std::ptrdiff_t>(a + length),
                      items.begin() + static_cast<std::ptrdiff_t>(b));
  };
  std::string text;
  const auto append = [&](const std::string& part) { text += (text.empty() ? "" : " → ") + part; };
  for (std::size_t i = 0; i < n;) {
    // The block of up to four states repeated back to back that covers most.
    std::size_t best_length = 1, best_repeats = 1;
    for (std::size_t length = 1; length <= 4 && i + 2 * length <= n; ++length) {
      std::size_t repeats = 1;
      while (i + (repeats + 1) * length <= n && same_block(i, i + repeats * length, length))
        ++repeats;
      if (repeats >= 2 && repeats * length > best_repeats * best_length) {
        best_length = length;
        best_repeats = repeats;
      }
    }
    if (best_repeats == 1) {
      append(items[i]);
      ++i;
      continue;
    }
    std::string block;
    for (std::size_t k = i; k < i + best_length; ++k) block += (k == i ? "" : " → ") + items[k];
    append((best_length > 1 ? "(" + block + ")" : block) + " ×" + std::to_string(best_repeats));
    i += best_length * best_repeats;
  }
  return text;
}

}  // namespace negsim::report
