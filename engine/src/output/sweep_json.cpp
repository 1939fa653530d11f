#include "negsim/output/sweep_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_field.hpp"

namespace negsim {

using report::json_field;

nlohmann::json to_json(const SweepResult& r) {
  nlohmann::json j;
  auto& axes = j["axes"] = nlohmann::json::array();
  for (const auto& a : r.axes)
    axes.push_back({{"key", a.key}, {"low", a.low}, {"high", a.high}, {"steps", a.steps}});
  j["outcomes"] = r.outcomes;
  auto& points = j["points"] = nlohmann::json::array();
  for (const auto& p : r.points) {
    nlohmann::json ci = nlohmann::json::array();
    for (const auto& i : p.ci95) ci.push_back({i.low, i.high});
    nlohmann::json pj = {
        {"values", p.values}, {"counts", p.counts},     {"probabilities", p.probabilities},
        {"ci95", ci},         {"branches", p.branches}, {"most_likely", p.most_likely}};
    if (!p.ok()) pj["error"] = p.error;
    points.push_back(std::move(pj));
  }
  auto& tips = j["tipping_points"] = nlohmann::json::array();
  for (const auto& t : r.tipping_points) {
    nlohmann::json tj = {{"axis", t.axis}, {"before", t.before}, {"after", t.after},
                         {"at", t.at},     {"from", t.from},     {"to", t.to}};
    tj["other"] = t.other ? nlohmann::json(*t.other) : nlohmann::json(nullptr);
    tips.push_back(std::move(tj));
  }
  return j;
}

SweepResult sweep_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a sweep must be a JSON object");
  SweepResult r;
  for (const auto& a : json_field<nlohmann::json>(j, "axes", "sweep"))
    r.axes.push_back(
        SweepAxis{json_field<std::string>(a, "key", "sweep"), json_field<double>(a, "low", "sweep"),
                  json_field<double>(a, "high", "sweep"), json_field<int>(a, "steps", "sweep")});
  r.outcomes = json_field<std::vector<std::string>>(j, "outcomes", "sweep");
  for (const auto& pj : json_field<nlohmann::json>(j, "points", "sweep")) {
    SweepPoint p;
    p.values = json_field<std::vector<double>>(pj, "values", "sweep");
    p.counts = json_field<std::vector<std::uint64_t>>(pj, "counts", "sweep");
    p.probabilities = json_field<std::vector<double>>(pj, "probabilities", "sweep");
    for (const auto& i : json_field<nlohmann::json>(pj, "ci95", "sweep"))
      p.ci95.push_back(Interval{i.at(0).get<double>(), i.at(1).get<double>()});
    p.branches = json_field<std::uint64_t>(pj, "branches", "sweep");
    p.most_likely = json_field<std::size_t>(pj, "most_likely", "sweep");
    if (pj.contains("error")) p.error = json_field<std::string>(pj, "error", "sweep");
    r.points.push_back(std::move(p));
  }
  for (const auto& tj : json_field<nlohmann::json>(j, "tipping_points", "sweep")) {
    TippingPoint t;
    t.axis = json_field<std::size_t>(tj, "axis", "sweep");
    if (tj.contains("other") && !tj.at("other").is_null())
      t.other = json_field<double>(tj, "other", "sweep");
    t.before = json_field<double>(tj, "before", "sweep");
    t.after = json_field<double>(tj, "after", "sweep");
    t.at = json_field<double>(tj, "at", "sweep");
    t.from = json_field<std::string>(tj, "from", "sweep");
    t.to = json_field<std::string>(tj, "to", "sweep");
    r.tipping_points.push_back(std::move(t));
  }
  return r;
}

}  // namespace negsim
