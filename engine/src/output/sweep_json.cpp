#include "negsim/output/sweep_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace negsim {

namespace {

template <class T>
T field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) throw std::runtime_error(fmt::format("the sweep has no '{}'", key));
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("the sweep's '{}' is malformed: {}", key, e.what()));
  }
}

}  // namespace

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
  for (const auto& a : field<nlohmann::json>(j, "axes"))
    r.axes.push_back(SweepAxis{field<std::string>(a, "key"), field<double>(a, "low"),
                               field<double>(a, "high"), field<int>(a, "steps")});
  r.outcomes = field<std::vector<std::string>>(j, "outcomes");
  for (const auto& pj : field<nlohmann::json>(j, "points")) {
    SweepPoint p;
    p.values = field<std::vector<double>>(pj, "values");
    p.counts = field<std::vector<std::uint64_t>>(pj, "counts");
    p.probabilities = field<std::vector<double>>(pj, "probabilities");
    for (const auto& i : field<nlohmann::json>(pj, "ci95"))
      p.ci95.push_back(Interval{i.at(0).get<double>(), i.at(1).get<double>()});
    p.branches = field<std::uint64_t>(pj, "branches");
    p.most_likely = field<std::size_t>(pj, "most_likely");
    if (pj.contains("error")) p.error = field<std::string>(pj, "error");
    r.points.push_back(std::move(p));
  }
  for (const auto& tj : field<nlohmann::json>(j, "tipping_points")) {
    TippingPoint t;
    t.axis = field<std::size_t>(tj, "axis");
    if (tj.contains("other") && !tj.at("other").is_null()) t.other = field<double>(tj, "other");
    t.before = field<double>(tj, "before");
    t.after = field<double>(tj, "after");
    t.at = field<double>(tj, "at");
    t.from = field<std::string>(tj, "from");
    t.to = field<std::string>(tj, "to");
    r.tipping_points.push_back(std::move(t));
  }
  return r;
}

}  // namespace negsim
