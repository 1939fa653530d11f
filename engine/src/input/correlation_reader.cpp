#include "correlation_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "negsim/model/correlation.hpp"
#include "uncertain_reader.hpp"

namespace negsim::loader {

namespace {

// Every number of the scenario that the simulator samples, by key path.
std::map<std::string, const Uncertain*> parameters(const Scenario& s) {
  std::map<std::string, const Uncertain*> out;
  const auto add = [&](const Uncertain* u) {
    if (u) out.emplace(u->path, u);
  };
  const auto add_opt = [&](const std::optional<Uncertain>& u) { add(u ? &*u : nullptr); };
  for (const Party& p : s.parties) {
    for (const Uncertain* u : {&p.capability, &p.batna, &p.cost_per_round, &p.patience,
                               &p.curvature, &p.tactic.e, &p.tactic.k})
      add(u);
    add_opt(p.approval_threshold);
    add_opt(p.approval_spread);
    for (const Demand& d : p.demands) {
      add(&d.ideal);
      add_opt(d.red_line);
      add(&d.salience);
      add_opt(d.curvature);
    }
  }
  for (const Event& e : s.events) add(&e.chance);
  add_opt(s.process.deadline);
  for (const Deadline& d : s.process.deadlines) add(&d.round);
  for (const State& st : s.process.states) add_opt(st.max_rounds);
  for (const Transition& t : s.process.transitions) {
    if (t.trigger == Trigger::probability && t.probability_kind == ProbabilityKind::plain)
      add(&t.probability);
    add_opt(t.approval_threshold);
    add_opt(t.approval_spread);
  }
  return out;
}

struct Read {
  std::size_t index;  // in the file's list
  SourceLoc loc;
  YAML::Mark mark;
  std::string path;
  std::string a, b;
  double rank;
};

}  // namespace

void read_correlations(Reader& r, const Field& f, Scenario& s, const KnownIds& known) {
  if (!f.present()) return;
  const auto items = read_list(r, f, "a list of rank correlations");
  if (!items) return;
  const auto params = parameters(s);
  std::vector<Read> good;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const Field& item = (*items)[i];
    MapReader m(r, item, "a rank correlation (a map {between: [PATH, PATH], rank: R})");
    if (!m.ok()) continue;
    m.check_keys({"between", "rank"}, " in a correlation");
    Read c{i, loc_of(m.mark()), m.mark(), item.path, "", "", 0};
    bool ok = true;
    const Field between = m.require("between", " (the two uncertain inputs)");
    std::vector<std::string> paths;
    if (between.present()) {
      if (const auto list = read_list(r, between, "a list of two key paths")) {
        if (list->size() != 2) {
          r.error(between.mark(), between.path,
                  fmt::format("a correlation is between exactly two inputs, got {}", list->size()));
          ok = false;
        }
        for (const Field& p : *list) {
          const auto text = read_text(r, p);
          if (!text) {
            ok = false;
            continue;
          }
          const auto it = params.find(*text);
          if (it == params.end()) {
            ok = false;
            // The effect targets' grammar explains what is wrong with the path.
            if (resolve_target(r, s, p, *text, known))
              r.error(p.mark(), p.path,
                      fmt::format("'{}' is not an input of this scenario", shorten(*text)));
            continue;
          }
          if (it->second->is_fixed()) {
            r.error(p.mark(), p.path,
                    fmt::format("'{}' is the plain number {} here; only an uncertain input (a "
                                "distribution) can be correlated",
                                shorten(*text), format_number(it->second->fixed_value())));
            ok = false;
            continue;
          }
          paths.push_back(*text);
        }
        if (ok && paths.size() == 2 && paths[0] == paths[1]) {
          r.error(between.mark(), between.path,
                  fmt::format("'{}' is correlated with itself; name two different inputs",
                              shorten(paths[0])));
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
    const Field rank = m.require("rank", " (Spearman's rank correlation, from -1 to 1)");
    const auto value =
        rank.present() ? read_number(r, rank, Bounds::between(-1, 1)) : std::optional<double>{};
    if (!value) ok = false;
    if (!ok || paths.size() != 2) continue;
    c.a = paths[0];
    c.b = paths[1];
    c.rank = *value;
    const auto same = std::find_if(good.begin(), good.end(), [&](const Read& g) {
      return (g.a == c.a && g.b == c.b) || (g.a == c.b && g.b == c.a);
    });
    if (same != good.end()) {
      r.error(c.mark, c.path,
              fmt::format("the correlation between '{}' and '{}' is already given at line {}; "
                          "give it once",
                          shorten(c.a), shorten(c.b), same->loc.line));
      continue;
    }
    good.push_back(c);
  }

  // Inputs tied together, directly or through others, must be possible at
  // once: check each connected set's matrix of normal-score correlations.
  std::vector<std::string> inputs;
  for (const Read& c : good)
    for (const std::string* p : {&c.a, &c.b})
      if (std::find(inputs.begin(), inputs.end(), *p) == inputs.end()) inputs.push_back(*p);
  const auto at = [&](const std::string& p) {
    return static_cast<std::size_t>(std::find(inputs.begin(), inputs.end(), p) - inputs.begin());
  };
  std::vector<std::size_t> parent(inputs.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i];
    return i;
  };
  for (const Read& c : good) parent[root(at(c.a))] = root(at(c.b));
  bool all_possible = true;
  for (std::size_t g = 0; g < inputs.size(); ++g) {
    if (root(g) != g) continue;
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (root(i) == g) members.push_back(i);
    const std::size_t m = members.size();
    const auto slot = [&](std::size_t input) {
      return static_cast<std::size_t>(std::find(members.begin(), members.end(), input) -
                                      members.begin());
    };
    std::vector<double> matrix(m * m, 0.0);
    for (std::size_t i = 0; i < m; ++i) matrix[i * m + i] = 1;
    const Read* last = nullptr;
    for (const Read& c : good) {
      if (root(at(c.a)) != g) continue;
      const std::size_t i = slot(at(c.a)), j = slot(at(c.b));
      matrix[i * m + j] = matrix[j * m + i] = normal_correlation_from_rank(c.rank);
    }
    const CholeskyFactor factor = cholesky_semidefinite(matrix, m);
    if (factor.ok()) continue;
    all_possible = false;
    // Name the inputs of the smallest leading set that fails, and point at the
    // last correlation among them in the file.
    std::vector<std::string> names;
    for (std::size_t k = 0; k <= static_cast<std::size_t>(factor.failed); ++k)
      names.push_back(inputs[members[k]]);
    for (const Read& c : good)
      if (std::find(names.begin(), names.end(), c.a) != names.end() &&
          std::find(names.begin(), names.end(), c.b) != names.end())
        last = &c;
    if (last == nullptr) last = &good.front();
    std::string list;
    for (std::size_t k = 0; k < names.size(); ++k)
      list += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
    r.error(last->mark, last->path,
            fmt::format("the rank correlations among {} cannot all hold at once (their matrix "
                        "is not positive semi-definite); weaken some of them",
                        list));
  }
  if (!all_possible) return;
  for (const Read& c : good) s.correlations.push_back(Correlation{c.a, c.b, c.rank, c.loc});
}

}  // namespace negsim::loader
