#include "negsim/output/paired_comparison_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"

namespace negsim {

using report::json_field;

namespace {

Interval interval_from(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 2) throw std::runtime_error("expected [low, high]");
  return Interval{j[0].get<double>(), j[1].get<double>()};
}

}  // namespace

nlohmann::json to_json(const PairedComparison& c) {
  nlohmann::json j;
  j["base"] = c.base;
  j["variant"] = c.variant;
  j["pairs"] = c.pairs;
  j["changed"] = c.changed;
  auto& outcomes = j["outcomes"] = nlohmann::json::array();
  for (const auto& d : c.outcomes) {
    outcomes.push_back({{"id", d.outcome},
                        {"base_count", d.base_count},
                        {"variant_count", d.variant_count},
                        {"base_probability", d.base_probability},
                        {"variant_probability", d.variant_probability},
                        {"difference", d.difference},
                        {"gained", d.gained},
                        {"lost", d.lost},
                        {"paired_std_error", d.paired_std_error},
                        {"paired_ci95", report::interval_json(d.paired_ci95)},
                        {"unpaired_std_error", d.unpaired_std_error},
                        {"unpaired_ci95", report::interval_json(d.unpaired_ci95)}});
  }
  auto& changes = j["changes"] = nlohmann::json::array();
  for (const auto& ch : c.changes)
    changes.push_back({{"from", ch.from}, {"to", ch.to}, {"count", ch.count}});
  return j;
}

PairedComparison paired_comparison_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a comparison must be a JSON object");
  PairedComparison c;
  c.base = json_field<std::string>(j, "base", "comparison");
  c.variant = json_field<std::string>(j, "variant", "comparison");
  c.pairs = json_field<std::uint64_t>(j, "pairs", "comparison");
  c.changed = json_field<std::uint64_t>(j, "changed", "comparison");
  for (const auto& o : json_field<nlohmann::json>(j, "outcomes", "comparison")) {
    OutcomeDifference d;
    d.outcome = json_field<std::string>(o, "id", "comparison");
    d.base_count = json_field<std::uint64_t>(o, "base_count", "comparison");
    d.variant_count = json_field<std::uint64_t>(o, "variant_count", "comparison");
    d.base_probability = json_field<double>(o, "base_probability", "comparison");
    d.variant_probability = json_field<double>(o, "variant_probability", "comparison");
    d.difference = json_field<double>(o, "difference", "comparison");
    d.gained = json_field<std::uint64_t>(o, "gained", "comparison");
    d.lost = json_field<std::uint64_t>(o, "lost", "comparison");
    d.paired_std_error = json_field<double>(o, "paired_std_error", "comparison");
    d.paired_ci95 = interval_from(json_field<nlohmann::json>(o, "paired_ci95", "comparison"));
    d.unpaired_std_error = json_field<double>(o, "unpaired_std_error", "comparison");
    d.unpaired_ci95 = interval_from(json_field<nlohmann::json>(o, "unpaired_ci95", "comparison"));
    c.outcomes.push_back(std::move(d));
  }
  for (const auto& ch : json_field<nlohmann::json>(j, "changes", "comparison"))
    c.changes.push_back(OutcomeChange{json_field<std::string>(ch, "from", "comparison"),
                                      json_field<std::string>(ch, "to", "comparison"),
                                      json_field<std::uint64_t>(ch, "count", "comparison")});
  return c;
}

}  // namespace negsim
