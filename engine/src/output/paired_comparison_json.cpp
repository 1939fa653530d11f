#include "negsim/output/paired_comparison_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace negsim {

namespace {

nlohmann::json interval_json(const Interval& i) {
  return nlohmann::json::array({i.low, i.high});
}

Interval interval_from(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 2) throw std::runtime_error("expected [low, high]");
  return Interval{j[0].get<double>(), j[1].get<double>()};
}

template <class T>
T field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) throw std::runtime_error(fmt::format("the comparison has no '{}'", key));
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("the comparison's '{}' is malformed: {}", key, e.what()));
  }
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
                        {"paired_ci95", interval_json(d.paired_ci95)},
                        {"unpaired_std_error", d.unpaired_std_error},
                        {"unpaired_ci95", interval_json(d.unpaired_ci95)}});
  }
  auto& changes = j["changes"] = nlohmann::json::array();
  for (const auto& ch : c.changes)
    changes.push_back({{"from", ch.from}, {"to", ch.to}, {"count", ch.count}});
  return j;
}

PairedComparison paired_comparison_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a comparison must be a JSON object");
  PairedComparison c;
  c.base = field<std::string>(j, "base");
  c.variant = field<std::string>(j, "variant");
  c.pairs = field<std::uint64_t>(j, "pairs");
  c.changed = field<std::uint64_t>(j, "changed");
  for (const auto& o : field<nlohmann::json>(j, "outcomes")) {
    OutcomeDifference d;
    d.outcome = field<std::string>(o, "id");
    d.base_count = field<std::uint64_t>(o, "base_count");
    d.variant_count = field<std::uint64_t>(o, "variant_count");
    d.base_probability = field<double>(o, "base_probability");
    d.variant_probability = field<double>(o, "variant_probability");
    d.difference = field<double>(o, "difference");
    d.gained = field<std::uint64_t>(o, "gained");
    d.lost = field<std::uint64_t>(o, "lost");
    d.paired_std_error = field<double>(o, "paired_std_error");
    d.paired_ci95 = interval_from(field<nlohmann::json>(o, "paired_ci95"));
    d.unpaired_std_error = field<double>(o, "unpaired_std_error");
    d.unpaired_ci95 = interval_from(field<nlohmann::json>(o, "unpaired_ci95"));
    c.outcomes.push_back(std::move(d));
  }
  for (const auto& ch : field<nlohmann::json>(j, "changes"))
    c.changes.push_back(OutcomeChange{field<std::string>(ch, "from"), field<std::string>(ch, "to"),
                                      field<std::uint64_t>(ch, "count")});
  return c;
}

}  // namespace negsim
