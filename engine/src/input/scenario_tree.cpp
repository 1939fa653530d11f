#include "scenario_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "correlation_reader.hpp"
#include "effect_target.hpp"
#include "uncertain_reader.hpp"

namespace negsim::loader {

namespace {

constexpr int kMaxHorizon = 10000;  // rounds; a branch loops over them

const std::vector<std::string> kIssueKinds = {"continuous", "ordinal", "binary"};
const std::vector<std::string> kRoles = {"principal", "mediator", "observer", "ratifier"};
const std::vector<std::string> kTactics = {"boulware", "linear", "conceder", "hardliner"};
const std::vector<std::string> kStateKinds = {"bargaining", "pause", "chance", "terminal"};
const std::vector<std::string> kRules = {"compromise", "weighted_median", "nash"};
const std::vector<std::string> kEngineEvents = {"accepted", "rejected", "walkout", "round_limit",
                                                "deadline"};
const std::vector<std::string> kOps = {"add", "multiply", "set"};

double named_tactic_e(const std::string& name) {
  if (name == "boulware") return 0.2;
  if (name == "conceder") return 2.0;
  if (name == "hardliner") return 0.05;
  return 1.0;  // linear
}

IssueKind issue_kind(const std::string& s) {
  return s == "ordinal"  ? IssueKind::ordinal
         : s == "binary" ? IssueKind::binary
                         : IssueKind::continuous;
}
Role role_of(const std::string& s) {
  if (s == "mediator") return Role::mediator;
  if (s == "observer") return Role::observer;
  if (s == "ratifier") return Role::ratifier;
  return Role::principal;
}
StateKind state_kind(const std::string& s) {
  if (s == "pause") return StateKind::pause;
  if (s == "chance") return StateKind::chance;
  if (s == "terminal") return StateKind::terminal;
  return StateKind::bargaining;
}
ProposalRule rule_of(const std::string& s) {
  if (s == "weighted_median") return ProposalRule::weighted_median;
  if (s == "nash") return ProposalRule::nash;
  return ProposalRule::compromise;
}
Trigger trigger_of(const std::string& s) {
  if (s == "rejected") return Trigger::rejected;
  if (s == "walkout") return Trigger::walkout;
  if (s == "round_limit") return Trigger::round_limit;
  if (s == "deadline") return Trigger::deadline;
  return Trigger::accepted;
}
EffectOp op_of(const std::string& s) {
  return s == "multiply" ? EffectOp::multiply : s == "set" ? EffectOp::set : EffectOp::add;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)),
            day = std::stoi(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// A reference to an id defined elsewhere, resolved once everything is read.
struct IdRef {
  std::string id;
  Field field;
};

struct PendingTransition {
  std::size_t index;
  IdRef from, to;
  std::optional<IdRef> event;
  YAML::Mark mark;
  std::string path;
  bool complete = false;  // every key read without a problem
};

struct PendingEffect {
  std::size_t event, index;  // into Scenario::events (or transitions) and their effects
  bool transition = false;   // `event` indexes Process::transitions
  Field target;
  std::string target_text;
  std::string op;
  Field value;
};

class TreeReader {
 public:
  TreeReader(Reader& reader, Scenario& out) : r_(reader), s_(out) {}

  TreeResult read(const YAML::Node& root) {
    const Field top_field{undefined_node(), root, "", root.Mark()};
    if (!root.IsDefined() || root.IsNull()) {
      r_.error(SourceLoc{}, "",
               "the file is empty; a scenario needs the keys scenario, issues, parties and "
               "process");
      return TreeResult{true};
    }
    MapReader top(r_, top_field, "a map with the keys scenario, issues, parties and process");
    if (!top.ok()) return TreeResult{true};
    // Another kind of negsim file where a scenario belongs: one message saying
    // what it is and which command takes it, not one per unexpected key.
    if (!top.has("scenario") && !top.has("issues")) {
      const std::pair<const char*, const char*> kinds[] = {
          {"entries",
           "a batch file (a list of scenarios to run side by side), not a scenario; run it "
           "with `negsim batch FILE`"}};
      for (const auto& [key, what] : kinds)
        if (const Field f = top.get(key); f.present()) {
          r_.error(f.key.Mark(), "", fmt::format("this is {}", what));
          return TreeResult{true};
        }
    }
    const std::vector<std::string> sections = {"scenario", "issues",  "parties",
                                               "events",   "process", "correlations"};
    top.check_keys(sections, " at the top level");
    // `event:` for `events:` is reported once, not again at every reference to an event.
    if (!top.has("events") && !top.extra_keys(sections).empty()) known_.events = false;

    read_header(top.require("scenario"));
    read_issues(top.require("issues"));
    read_parties(top.require("parties"));
    const std::size_t before_process = r_.problems();  // a missing process counts too
    read_events(top.get("events"));
    read_process(top.require("process"));
    resolve_process();
    const std::size_t process_problems = r_.problems() - before_process;
    read_effects();  // needs the parties, issues and events
    read_correlations(r_, top.get("correlations"), s_, known_);  // needs every input
    // Unresolved references would reach the graph checks as unknown states or events.
    return TreeResult{process_problems > 0 || !known_.events || !states_known_};
  }

 private:
  // ---- scenario: -------------------------------------------------------------
  void read_header(const Field& f) {
    MapReader m(r_, f, "a map of scenario settings (id, title, as_of, horizon, ...)");
    if (!m.ok()) return;
    m.check_keys({"id", "title", "as_of", "description", "round", "horizon", "sources"},
                 " in the scenario block");
    if (auto id = read_id(r_, m.require("id"))) s_.id = *id;
    if (auto title = read_line(r_, m.require("title"))) s_.title = *title;
    const Field as_of = m.require("as_of", " (the date the assumptions describe, YYYY-MM-DD)");
    if (as_of.present()) {
      if (as_of.value.IsScalar() && is_date(as_of.value.Scalar())) {
        s_.as_of = as_of.value.Scalar();
      } else {
        r_.error(as_of.mark(), as_of.path,
                 fmt::format("expected a date written YYYY-MM-DD, got {}", describe(as_of.value)));
      }
    }
    if (const Field d = m.get("description"); d.present())
      if (auto text = read_text(r_, d)) s_.description = *text;
    if (const Field round = m.get("round"); round.present()) {
      MapReader rm(r_, round, "a map {label: ..., days: ...}");
      rm.check_keys({"label", "days"}, " in round");
      if (const Field label = rm.get("label"); label.present())
        if (auto text = read_text(r_, label)) s_.round_label = *text;
      if (const Field days = rm.get("days"); days.present())
        if (auto v = read_number(r_, days, Bounds::above(0))) s_.round_days = *v;
    }
    const Field horizon = m.require("horizon", " (how many rounds to simulate at most)");
    if (horizon.present()) {
      if (auto h = read_whole(r_, horizon, 1, kMaxHorizon)) s_.horizon = *h;
    }
    if (const Field sources = m.get("sources"); sources.present()) {
      MapReader sm(r_, sources, "a map from source ids to citations");
      for (const Field& source : sm.fields()) {
        const std::string id = source.key.Scalar();
        if (!is_id(id)) {
          r_.error(source.key.Mark(), source.path,
                   fmt::format("expected a source id (a letter, then letters, digits, '_' or "
                               "'-'), got '{}'",
                               shorten(id)));
          continue;
        }
        if (auto text = read_text(r_, source)) s_.sources[id] = *text;
      }
    }
  }

  // Reports a second use of an id within one list.
  bool unique_id(std::map<std::string, std::string>& seen, const std::string& id,
                 const Field& field, const std::string& item_path, const char* noun) {
    auto [it, inserted] = seen.emplace(id, item_path);
    if (inserted) return true;
    r_.error(field.mark(), field.path,
             fmt::format("{} id '{}' is already used by {}; each {} needs its own id", noun, id,
                         it->second, noun));
    return false;
  }

  // How every listed thing with an id (an issue, event, state, milestone or
  // deadline) starts: where it stands, its id, and its label (the id when it
  // has none). The id's field stays for the message about a duplicate id.
  struct Identity {
    Field field;
    std::optional<std::string> id;
  };
  template <typename Thing>
  Identity read_identity(MapReader& m, Thing& thing) {
    thing.loc = loc_of(m.mark());
    Identity identity{m.require("id"), std::nullopt};
    if (identity.field.present()) identity.id = read_id(r_, identity.field);
    if (identity.id) thing.id = *identity.id;
    if (const Field label = m.get("label"); label.present()) {
      if (auto text = read_text(r_, label)) thing.label = *text;
    } else {
      thing.label = thing.id;
    }
    return identity;
  }

  // ---- issues: ---------------------------------------------------------------
  void read_issues(const Field& f) {
    if (!f.present()) return;
    const auto items = read_list(r_, f, "a list of issues");
    if (!items) return;
    if (items->empty()) r_.error(f.mark(), f.path, "expected at least one issue, got none");
    std::map<std::string, std::string> seen;
    for (const Field& item : *items) read_issue(item, seen);
    known_.issues = items->size() == s_.issues.size();
  }

  void read_issue(const Field& item, std::map<std::string, std::string>& seen) {
    MapReader m(r_, item, "an issue (a map with id, label, kind, ...)");
    if (!m.ok()) return;
    m.check_keys({"id", "label", "kind", "range", "ends", "unit", "options"}, " in an issue");
    Issue issue;
    const auto [id_field, id] = read_identity(m, issue);
    bool ok = id.has_value();
    const Field kind_field = m.require("kind", " (continuous, ordinal or binary)");
    std::optional<std::string> kind;
    if (kind_field.present()) kind = read_choice(r_, kind_field, kIssueKinds, "issue kind");
    ok = ok && kind.has_value();
    if (kind) {
      issue.kind = issue_kind(*kind);
      if (issue.kind == IssueKind::continuous) {
        ok = read_range(m, issue) && ok;
      } else {
        ok = read_options(m, issue) && ok;
      }
    }
    if (!id) return;
    if (!unique_id(seen, *id, id_field, item.path, "issue")) return;
    if (!ok) broken_issues_.insert(*id);
    s_.issues.push_back(std::move(issue));
  }

  bool read_range(MapReader& m, Issue& issue) {
    bool ok = true;
    if (const Field options = m.get("options"); options.present()) {
      r_.error(options.key.Mark(), options.path,
               "options are only for ordinal and binary issues; a continuous issue has a range");
      ok = false;
    }
    const Field range = m.require("range", " for a continuous issue ({low: ..., high: ...})");
    if (!range.present()) return false;
    MapReader rm(r_, range, "a map {low: ..., high: ...}");
    if (!rm.ok()) return false;
    rm.check_keys({"low", "high"}, " in a range");
    const Field low_field = rm.require("low"), high_field = rm.require("high");
    std::optional<double> low, high;
    if (low_field.present()) low = read_number(r_, low_field);
    if (high_field.present()) high = read_number(r_, high_field);
    if (!low.has_value() || !high.has_value()) return false;
    if (*low >= *high) {
      r_.error(rm.mark(), range.path,
               fmt::format("low ({}) must be less than high ({})", format_number(*low),
                           format_number(*high)));
      return false;
    }
    // Shares, medians and sums over a billion branches are computed from
    // these ends: beyond this they overflow to infinities and NaN.
    constexpr double kLargestEnd = 1e12;
    if (std::abs(*low) > kLargestEnd || std::abs(*high) > kLargestEnd) {
      r_.error(rm.mark(), range.path,
               fmt::format("low and high must lie between -{0} and {0} (rescale the issue, e.g. "
                           "to millions), got low {1} and high {2}",
                           format_number(kLargestEnd), format_number(*low), format_number(*high)));
      return false;
    }
    issue.low = *low;
    issue.high = *high;
    if (const Field ends = m.get("ends"); ends.present()) {
      MapReader em(r_, ends, "a map {low: text, high: text}");
      em.check_keys({"low", "high"}, " in ends");
      if (const Field l = em.get("low"); l.present())
        if (auto text = read_text(r_, l)) issue.low_label = *text;
      if (const Field h = em.get("high"); h.present())
        if (auto text = read_text(r_, h)) issue.high_label = *text;
    }
    if (const Field unit = m.get("unit"); unit.present())
      if (auto text = read_text(r_, unit)) issue.unit = *text;
    return ok;
  }

  bool read_options(MapReader& m, Issue& issue) {
    bool ok = true;
    for (const char* key : {"range", "ends", "unit"}) {
      if (const Field f = m.get(key); f.present()) {
        r_.error(f.key.Mark(), f.path,
                 fmt::format("{} is only for continuous issues; {} issue has options", key,
                             issue.kind == IssueKind::binary ? "a binary" : "an ordinal"));
        ok = false;
      }
    }
    const bool binary = issue.kind == IssueKind::binary;
    const Field options =
        binary ? m.get("options") : m.require("options", " for an ordinal issue (a list of names)");
    if (!options.present()) {
      if (binary) issue.options = {"no", "yes"};
      issue.high = binary ? 1 : 0;
      return ok && binary;
    }
    const auto items = read_list(r_, options, "a list of option names");
    if (!items) return false;
    std::set<std::string> seen;
    for (const Field& item : *items) {
      const auto name = read_text(r_, item);
      if (!name) {
        ok = false;
      } else if (name->empty()) {
        r_.error(item.mark(), item.path, "an option needs a name");
        ok = false;
      } else if (!seen.insert(*name).second) {
        r_.error(item.mark(), item.path,
                 fmt::format("option '{}' is listed twice; each option needs its own name",
                             shorten(*name)));
        ok = false;
      } else {
        issue.options.push_back(*name);
      }
    }
    if (ok && binary && items->size() != 2) {
      r_.error(options.mark(), options.path,
               fmt::format("a binary issue has exactly 2 options (no, then yes), got {}",
                           items->size()));
      ok = false;
    } else if (ok && items->size() < 2) {
      r_.error(options.mark(), options.path,
               fmt::format("an ordinal issue needs at least 2 options, got {}", items->size()));
      ok = false;
    }
    issue.low = 0;
    issue.high = issue.options.empty() ? 0 : static_cast<double>(issue.options.size() - 1);
    return ok;
  }

  // An option of a discrete issue by name (binary issues also take true/false).
  std::optional<double> read_option(const Field& f, const Issue& issue) {
    r_.visit();
    const auto it = f.value.IsScalar()
                        ? std::find(issue.options.begin(), issue.options.end(), f.value.Scalar())
                        : issue.options.end();
    if (it != issue.options.end()) return static_cast<double>(it - issue.options.begin());
    if (issue.kind == IssueKind::binary)
      if (auto b = scalar_bool(f.value)) return *b ? 1.0 : 0.0;
    if (f.value.IsScalar() && !scalar_number(f.value)) {
      r_.error(f.mark(), f.path,
               fmt::format("unknown option '{}' of issue '{}'{}", shorten(f.value.Scalar()),
                           issue.id, suggestion(f.value.Scalar(), issue.options, "options")));
    } else {
      r_.error(f.mark(), f.path,
               fmt::format("expected an option of issue '{}' ({}), got {}", issue.id,
                           quoted_list(issue.options), describe(f.value)));
    }
    return std::nullopt;
  }

  // ---- parties: --------------------------------------------------------------
  void read_parties(const Field& f) {
    if (!f.present()) return;
    const auto items = read_list(r_, f, "a list of parties");
    if (!items) return;
    if (items->empty()) r_.error(f.mark(), f.path, "expected at least one party, got none");
    std::map<std::string, std::string> seen;
    bool roles_known = true;
    for (const Field& item : *items) roles_known = read_party(item, seen) && roles_known;
    known_.parties = items->size() == s_.parties.size();
    if (roles_known && !items->empty() &&
        std::none_of(s_.parties.begin(), s_.parties.end(),
                     [](const Party& p) { return p.role == Role::principal; }))
      r_.error(f.mark(), f.path,
               "no party has role principal; at least one party must be able to accept a deal");
  }

  // Returns false when the party's role could not be read.
  bool read_party(const Field& item, std::map<std::string, std::string>& seen) {
    MapReader m(r_, item, "a party (a map with id, name, role, ...)");
    if (!m.ok()) return false;
    m.check_keys({"id", "name", "role", "capability", "batna", "costs", "patience", "tactic",
                  "curvature", "approval", "demands"},
                 " in a party");
    Party p;
    p.loc = loc_of(m.mark());
    const Field id_field = m.require("id");
    const auto id = id_field.present() ? read_id(r_, id_field) : std::nullopt;
    if (id) p.id = *id;
    const std::string base = "parties." + p.id;
    if (const Field name = m.get("name"); name.present()) {
      if (auto text = read_text(r_, name)) p.name = *text;
    } else {
      p.name = p.id;
    }
    const Field role_field = m.require("role", " (principal, mediator, observer or ratifier)");
    std::optional<std::string> role;
    if (role_field.present()) role = read_choice(r_, role_field, kRoles, "role");
    if (role) p.role = role_of(*role);

    p.capability = uncertain(m.get("capability"), base + ".capability", bounds::capability(), 1);
    p.batna = uncertain(m.get("batna"), base + ".batna", bounds::batna(), 0);
    p.cost_per_round = constant(0, base + ".costs.per_round");
    if (const Field costs = m.get("costs"); costs.present()) {
      MapReader cm(r_, costs, "a map {per_round: ...}");
      cm.check_keys({"per_round"}, " in costs");
      p.cost_per_round =
          uncertain(cm.get("per_round"), base + ".costs.per_round", bounds::cost_per_round(), 0);
    }
    p.patience = uncertain(m.get("patience"), base + ".patience", bounds::patience(),
                           static_cast<double>(s_.horizon));
    read_tactic(m.get("tactic"), base, p.tactic);
    p.curvature = uncertain(m.get("curvature"), base + ".curvature", bounds::curvature(), 1);
    if (const Field approval = m.get("approval"); approval.present())
      read_approval(approval, base + ".approval", p.approval_threshold, p.approval_spread, {});

    const bool judges = p.role == Role::principal || p.role == Role::ratifier;
    const Field demands =
        judges && role ? m.require("demands", p.role == Role::principal
                                                  ? " (a principal must state what it wants)"
                                                  : " (a ratifier judges terms by its demands)")
                       : m.get("demands");
    if (demands.present()) read_demands(demands, base, p);

    if (id && unique_id(seen, *id, id_field, item.path, "party"))
      s_.parties.push_back(std::move(p));
    return role.has_value();
  }

  // {threshold: (U), spread: (U)} of an approval, both required; `keys` are
  // further keys the caller reads itself (a transition's `by`).
  void read_approval(const Field& f, const std::string& id_path,
                     std::optional<Uncertain>& threshold, std::optional<Uncertain>& spread,
                     std::vector<std::string> keys) {
    MapReader m(r_, f, "a map {threshold: ..., spread: ...}");
    if (!m.ok()) return;
    keys.push_back("threshold");
    keys.push_back("spread");
    m.check_keys(keys, " in an approval");
    const Field t = m.require("threshold", " (the utility of the terms at which half approve)");
    const Field s = m.require("spread", " (how sharply approval rises around the threshold)");
    if (t.present())
      if (auto u = read_uncertain(r_, t, id_path + ".threshold", bounds::approval_threshold()))
        threshold = std::move(*u);
    if (s.present())
      if (auto u = read_uncertain(r_, s, id_path + ".spread", bounds::approval_spread()))
        spread = std::move(*u);
  }

  // An uncertain value, or `fallback` when not written.
  Uncertain uncertain(const Field& f, std::string id_path, const Bounds& b, double fallback) {
    if (!f.present()) return constant(fallback, std::move(id_path));
    if (auto u = read_uncertain(r_, f, id_path, b)) return std::move(*u);
    return constant(fallback, std::move(id_path));
  }

  void read_tactic(const Field& f, const std::string& base, Tactic& tactic) {
    tactic.e = constant(1, base + ".tactic.e");
    tactic.k = constant(0, base + ".tactic.k");
    tactic.name = "linear";
    if (!f.present()) return;
    if (f.value.IsScalar()) {
      if (auto name = read_choice(r_, f, kTactics, "tactic")) {
        tactic.name = *name;
        tactic.e = constant(named_tactic_e(*name), base + ".tactic.e");
        tactic.e.loc = loc_of(f.mark());
      }
      return;
    }
    if (!f.value.IsMap()) {
      r_.error(f.mark(), f.path,
               fmt::format("expected a tactic (boulware, linear, conceder or hardliner) or a map "
                           "{{e: ..., k: ...}}, got {}",
                           describe(f.value)));
      return;
    }
    MapReader m(r_, f, "a tactic");
    m.check_keys({"e", "k"}, " in a tactic");
    tactic.name.clear();
    const Field e =
        m.require("e", " (the concession exponent: below 1 holds firm, above 1 concedes)");
    if (e.present()) tactic.e = uncertain(e, base + ".tactic.e", bounds::tactic_e(), 1);
    tactic.k = uncertain(m.get("k"), base + ".tactic.k", bounds::tactic_k(), 0);
  }

  void read_demands(const Field& f, const std::string& base, Party& p) {
    MapReader dm(r_, f, "a map from issue ids to demands");
    if (!dm.ok()) return;
    for (const Field& entry : dm.fields()) {
      const std::string issue_id = entry.key.Scalar();
      const Issue* issue = s_.issue(issue_id);
      if (!issue) {
        if (known_.issues)
          r_.error(entry.key.Mark(), entry.path,
                   fmt::format("unknown issue '{}'{}", shorten(issue_id),
                               suggestion(issue_id, ids_of(s_.issues), "issues")));
        continue;
      }
      MapReader m(r_, entry, "a demand (a map with ideal, red_line and salience)");
      if (!m.ok()) continue;
      m.check_keys({"ideal", "red_line", "salience", "curvature"}, " in a demand");
      Demand d;
      d.issue = issue_id;
      d.loc = loc_of(m.mark());
      const std::string path = base + ".demands." + issue_id;
      const bool check = !broken_issues_.count(issue_id);
      const Field ideal = m.require("ideal", " (the outcome the party wants most)");
      if (ideal.present() && check)
        if (auto v = demand_value(ideal, *issue, path + ".ideal")) d.ideal = std::move(*v);
      d.ideal.path = path + ".ideal";
      if (const Field red = m.get("red_line"); red.present() && check) {
        // A red line that failed still exists for effects (no second message about it).
        auto v = demand_value(red, *issue, path + ".red_line");
        d.red_line = v ? std::move(*v) : constant(issue->low, path + ".red_line");
      }
      d.salience = uncertain(m.get("salience"), path + ".salience", bounds::salience(), 1);
      if (const Field curvature = m.get("curvature"); curvature.present())
        d.curvature = uncertain(curvature, path + ".curvature", bounds::curvature(), 1);
      p.demands.push_back(std::move(d));
    }
  }

  std::optional<Uncertain> demand_value(const Field& f, const Issue& issue, std::string id_path) {
    if (!issue.is_discrete())
      return read_uncertain(r_, f, std::move(id_path), bounds::issue_range(issue));
    if (f.value.IsMap()) return option_distribution(f, issue, std::move(id_path));
    const auto index = read_option(f, issue);
    if (!index) return std::nullopt;
    Uncertain u = constant(*index, std::move(id_path));
    u.loc = loc_of(f.mark());
    return u;
  }

  // An uncertain ideal or red line on an ordinal or binary issue: a discrete
  // distribution over its options, {dist: discrete, values: [options], weights: [...]}.
  std::optional<Uncertain> option_distribution(const Field& f, const Issue& issue,
                                               std::string id_path) {
    MapReader m(r_, f, "a distribution over options");
    if (!m.ok()) return std::nullopt;
    m.check_keys({"dist", "values", "weights"}, " in a distribution over options");
    const Field dist = m.require("dist", " (discrete)");
    if (dist.present()) {
      r_.visit();
      if (!dist.value.IsScalar() || dist.value.Scalar() != "discrete") {
        r_.error(dist.mark(), dist.path,
                 fmt::format("an uncertain option of issue '{}' takes dist: discrete (values are "
                             "options, each with a weight), got {}",
                             issue.id, describe(dist.value)));
        return std::nullopt;
      }
    }
    Distribution d;
    d.kind = DistKind::discrete;
    // Every item of a required list, read by `read` into `into`; false when
    // the list is missing or not a list, or some item is not what it should
    // be (each is reported).
    const auto read_each = [&](const Field& list, std::string_view what, auto read,
                               std::vector<double>& into) {
      if (!list.present()) return false;
      const auto items = read_list(r_, list, what);
      if (!items) return false;
      bool all = true;
      for (const Field& item : *items) {
        if (auto v = read(item)) {
          into.push_back(*v);
        } else {
          all = false;
        }
      }
      return all;
    };
    const Field values = m.require("values", " (a list of options)");
    const bool values_read = read_each(
        values, "a list of options", [&](const Field& item) { return read_option(item, issue); },
        d.values);
    const Field weights = m.require("weights", " (a list of numbers, one per option)");
    const bool weights_read = read_each(
        weights, "a list of numbers", [&](const Field& item) { return read_number(r_, item); },
        d.weights);
    if (!dist.present() || !values_read || !weights_read) return std::nullopt;
    if (auto why = d.problem()) {
      r_.error(m.mark(), f.path, *why);
      return std::nullopt;
    }
    std::set<double> seen;
    for (double v : d.values)
      if (!seen.insert(v).second) {
        r_.error(values.mark(), values.path,
                 fmt::format("option '{}' is listed twice; give it one weight",
                             issue.options[static_cast<std::size_t>(v)]));
        return std::nullopt;
      }
    // Ascending values, as read_distribution gives them (the quantile needs it).
    std::vector<std::size_t> order(d.values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return d.values[a] < d.values[b]; });
    Distribution sorted = d;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sorted.values[i] = d.values[order[i]];
      sorted.weights[i] = d.weights[order[i]];
    }
    Uncertain u;
    u.dist = std::move(sorted);
    u.path = std::move(id_path);
    u.loc = loc_of(f.mark());
    return u;
  }

  // ---- events: ---------------------------------------------------------------
  void read_events(const Field& f) {
    if (!f.present()) return;
    const auto items = read_list(r_, f, "a list of events");
    if (!items) {
      known_.events = false;
      return;
    }
    std::map<std::string, std::string> seen;
    for (const Field& item : *items) read_event(item, seen);
    known_.events = items->size() == s_.events.size();
  }

  void read_event(const Field& item, std::map<std::string, std::string>& seen) {
    MapReader m(r_, item, "an event (a map with id, label, chance, ...)");
    if (!m.ok()) return;
    m.check_keys({"id", "label", "chance", "states", "repeats", "effects"}, " in an event");
    Event e;
    const auto [id_field, id] = read_identity(m, e);
    const Field chance = m.require("chance", " (its probability per round)");
    e.chance = constant(0, "events." + e.id + ".chance");
    if (chance.present()) e.chance = uncertain(chance, e.chance.path, bounds::probability(), 0);
    if (const Field states = m.get("states"); states.present()) {
      if (const auto list = read_list(r_, states, "a list of state ids")) {
        for (const Field& s : *list)
          if (auto sid = read_id(r_, s)) {
            e.states.push_back(*sid);
            event_state_refs_.push_back(IdRef{*sid, s});
          }
      }
    }
    if (const Field repeats = m.get("repeats"); repeats.present())
      if (auto b = read_bool(r_, repeats)) e.repeats = *b;
    const std::size_t first_pending = pending_effects_.size();
    if (const Field effects = m.get("effects"); effects.present()) {
      if (const auto list = read_list(r_, effects, "a list of effects")) {
        for (std::size_t i = 0; i < list->size(); ++i) read_effect((*list)[i], e, i);
      }
    }
    if (id && unique_id(seen, *id, id_field, item.path, "event")) {
      for (std::size_t i = first_pending; i < pending_effects_.size(); ++i)
        pending_effects_[i].event = s_.events.size();
      s_.events.push_back(std::move(e));
    } else {
      // Without an event of its own there is nothing to attach the effects to.
      pending_effects_.resize(first_pending);
    }
  }

  void read_effect(const Field& item, Event& e, std::size_t index) {
    read_effect(item, e.effects, fmt::format("events.{}", e.id), index);
  }

  // One effect of an event or transition (`owner` names it in key paths).
  void read_effect(const Field& item, std::vector<Effect>& effects, const std::string& owner,
                   std::size_t index) {
    MapReader m(r_, item, "an effect (a map {target: ..., add: ...})");
    if (!m.ok()) return;
    const std::size_t slot = effects.size();
    m.check_keys({"target", "add", "multiply", "set"}, " in an effect");
    Effect effect;
    effect.loc = loc_of(m.mark());
    const Field target = m.require("target", " (the parameter to change)");
    std::optional<std::string> text;
    if (target.present()) text = read_text(r_, target);
    if (text) effect.target = *text;
    std::vector<Field> ops;
    for (const auto& op : kOps)
      if (const Field f = m.get(op); f.present()) ops.push_back(f);
    if (ops.empty()) r_.error(m.mark(), item.path, "an effect needs one of add, multiply or set");
    for (std::size_t i = 1; i < ops.size(); ++i)
      r_.error(ops[i].key.Mark(), ops[i].path,
               fmt::format("an effect takes exactly one of add, multiply or set; this one has "
                           "both '{}' and '{}'",
                           ops[0].key.Scalar(), ops[i].key.Scalar()));
    if (ops.size() == 1) {
      const std::string op = ops[0].key.Scalar();
      effect.op = op_of(op);
      effect.value = constant(0, fmt::format("{}.effects[{}].{}", owner, index, op));
      if (text)
        pending_effects_.push_back(PendingEffect{0, slot, false, target, *text, op, ops[0]});
    }
    effects.push_back(std::move(effect));
  }

  // After parties and issues are known: what each effect changes and whether its value fits.
  void read_effects() {
    for (PendingEffect& pe : pending_effects_) {
      Effect& effect = pe.transition ? s_.process.transitions[pe.event].effects[pe.index]
                                     : s_.events[pe.event].effects[pe.index];
      const auto target = resolve_target(r_, s_, pe.target, pe.target_text, known_);
      if (!target) continue;
      if (target->issue && broken_issues_.count(target->issue->id)) continue;
      if (target->absent && pe.op != "set") {
        // The simulator leaves an absent red line absent: this effect would do nothing.
        r_.error(pe.value.key.Mark(), pe.value.path,
                 fmt::format("party '{}' has no red line on issue '{}', so {} would change "
                             "nothing; give the demand a red_line, or use set to create one "
                             "when the event fires",
                             target->party, target->issue->id, pe.op));
        continue;
      }
      const std::string id_path = effect.value.path;
      if (target->options) {
        if (auto v = option_effect(pe, *target)) {
          effect.value = constant(*v, id_path);
          effect.value.loc = loc_of(pe.value.mark());
        }
        continue;
      }
      Bounds b = pe.op == "set"        ? target->bounds
                 : pe.op == "multiply" ? Bounds::at_least(0).because("a factor")
                                       : Bounds::any();
      if (pe.op == "set" && b.context.empty())
        b.because(fmt::format("the range of {}", pe.target_text));
      if (auto u = read_uncertain(r_, pe.value, id_path, b)) effect.value = std::move(*u);
    }
  }

  // Effects on an ordinal or binary demand move by whole options.
  std::optional<double> option_effect(const PendingEffect& pe, const EffectTarget& target) {
    const Issue& issue = *target.issue;
    if (pe.op == "multiply") {
      r_.error(pe.value.key.Mark(), pe.value.path,
               fmt::format("multiply does not apply to issue '{}', whose values are options; use "
                           "set (an option) or add (a whole number of options to move)",
                           issue.id));
      return std::nullopt;
    }
    const auto number = scalar_number(pe.value.value);
    if (pe.op == "set" && !number) return read_option(pe.value, issue);
    const bool whole = number && *number == std::floor(*number);
    const bool in_range = whole && (pe.op == "add" ? std::abs(*number) <= issue.high
                                                   : *number >= 0 && *number <= issue.high);
    if (in_range) return *number;
    r_.error(pe.value.mark(), pe.value.path,
             pe.op == "add"
                 ? fmt::format("expected a whole number of options to move (from -{} to {}) for "
                               "issue '{}', got {}",
                               format_number(issue.high), format_number(issue.high), issue.id,
                               describe(pe.value.value))
                 : fmt::format("expected an option of issue '{}' ({}) or its position (0 to {}), "
                               "got {}",
                               issue.id, quoted_list(issue.options), format_number(issue.high),
                               describe(pe.value.value)));
    return std::nullopt;
  }

  // ---- process: --------------------------------------------------------------
  void read_process(const Field& f) {
    if (!f.present()) return;
    MapReader m(r_, f, "a map with initial, states and transitions");
    if (!m.ok()) return;
    s_.process.loc = loc_of(m.mark());
    m.check_keys({"initial", "deadline", "deadlines", "milestones", "proposal_rule",
                  "mediator_knows_red_lines", "states", "transitions"},
                 " in the process");
    const Field initial = m.require("initial", " (the state where the talks begin)");
    if (initial.present())
      if (auto id = read_id(r_, initial)) {
        s_.process.initial = *id;
        initial_ref_ = IdRef{*id, initial};
      }
    if (const Field deadline = m.get("deadline"); deadline.present())
      s_.process.deadline = read_rounds(deadline, "process.deadline");
    if (const Field deadlines = m.get("deadlines"); deadlines.present()) read_deadlines(deadlines);
    if (const Field milestones = m.get("milestones"); milestones.present())
      read_milestones(milestones);
    if (const Field rule = m.get("proposal_rule"); rule.present())
      if (auto name = read_choice(r_, rule, kRules, "proposal rule"))
        s_.process.proposal_rule = rule_of(*name);
    if (const Field knows = m.get("mediator_knows_red_lines"); knows.present())
      if (auto b = read_bool(r_, knows)) s_.process.mediator_knows_red_lines = *b;

    const Field states = m.require("states");
    if (states.present()) {
      if (const auto list = read_list(r_, states, "a list of states")) {
        if (list->empty())
          r_.error(states.mark(), states.path, "expected at least one state, got none");
        std::map<std::string, std::string> seen;
        for (const Field& item : *list) read_state(item, seen);
        states_known_ = list->size() == s_.process.states.size();
      }
    }
    const Field transitions = m.require("transitions");
    if (transitions.present()) {
      if (const auto list = read_list(r_, transitions, "a list of transitions")) {
        for (const Field& item : *list) read_transition(item);
      }
    }
  }

  void read_state(const Field& item, std::map<std::string, std::string>& seen) {
    MapReader m(r_, item, "a state (a map with id, kind, ...)");
    if (!m.ok()) return;
    m.check_keys({"id", "kind", "label", "max_rounds", "proposal_rule", "outcome", "agreement",
                  "agenda", "horizon_outcome"},
                 " in a state");
    State st;
    const auto [id_field, id] = read_identity(m, st);
    const Field kind_field = m.require("kind", " (bargaining, pause, chance or terminal)");
    std::optional<std::string> kind;
    if (kind_field.present()) kind = read_choice(r_, kind_field, kStateKinds, "state kind");
    if (kind) st.kind = state_kind(*kind);

    if (const Field mr = m.get("max_rounds"); mr.present()) {
      if (kind && (st.kind == StateKind::terminal || st.kind == StateKind::chance)) {
        r_.error(
            mr.key.Mark(), mr.path,
            fmt::format("max_rounds applies only to bargaining and pause states; a {} state "
                        "{}",
                        *kind,
                        st.kind == StateKind::chance ? "is resolved at once" : "ends the talks"));
      } else {
        st.max_rounds = read_rounds(mr, "process.states." + st.id + ".max_rounds");
      }
    }
    if (const Field rule = m.get("proposal_rule"); rule.present()) {
      if (kind && st.kind != StateKind::bargaining) {
        r_.error(rule.key.Mark(), rule.path,
                 fmt::format("proposal_rule applies only to bargaining states, and '{}' is a {} "
                             "state",
                             st.id, *kind));
      } else if (auto name = read_choice(r_, rule, kRules, "proposal rule")) {
        st.proposal_rule = rule_of(*name);
      }
    }
    if (const Field agenda = m.get("agenda"); agenda.present()) {
      if (kind && st.kind != StateKind::bargaining) {
        r_.error(agenda.key.Mark(), agenda.path,
                 fmt::format("agenda applies only to bargaining states, and '{}' is a {} state",
                             st.id, *kind));
      } else if (const auto list = read_list(r_, agenda, "a list of issue ids")) {
        if (list->empty())
          r_.error(agenda.mark(), agenda.path,
                   "an agenda needs at least one issue; leave it out to negotiate every issue");
        for (const Field& item : *list) {
          const auto issue = read_id(r_, item);
          if (!issue) continue;
          if (!s_.issue(*issue)) {
            if (known_.issues)
              r_.error(item.mark(), item.path,
                       fmt::format("unknown issue '{}'{}", shorten(*issue),
                                   suggestion(*issue, ids_of(s_.issues), "issues")));
            continue;
          }
          st.agenda.push_back(*issue);
        }
      }
    }
    if (const Field horizon = m.get("horizon_outcome"); horizon.present()) {
      if (kind && st.kind != StateKind::bargaining && st.kind != StateKind::pause)
        r_.error(horizon.key.Mark(), horizon.path,
                 fmt::format("horizon_outcome applies only to bargaining and pause states (the "
                             "outcome of a branch still there at the horizon), and '{}' is a {} "
                             "state",
                             st.id, *kind));
      else if (auto o = read_id(r_, horizon))
        st.horizon_outcome = *o;
    }
    if (const Field agreement = m.get("agreement"); agreement.present()) {
      if (kind && st.kind != StateKind::terminal && st.horizon_outcome.empty())
        r_.error(agreement.key.Mark(), agreement.path,
                 fmt::format("agreement applies only to terminal states and states with a "
                             "horizon_outcome (does their outcome count as an agreement?), and "
                             "'{}' is a {} state without one",
                             st.id, *kind));
      else if (auto b = read_bool(r_, agreement))
        st.agreement = *b;
    }
    if (kind && st.kind == StateKind::terminal) {
      const Field outcome = m.require("outcome", " for a terminal state (e.g. agreement, no_deal)");
      if (outcome.present())
        if (auto o = read_id(r_, outcome)) st.outcome = *o;
    } else if (const Field outcome = m.get("outcome"); outcome.present() && kind) {
      r_.error(outcome.key.Mark(), outcome.path,
               fmt::format("outcome applies only to terminal states, and '{}' is a {} state", st.id,
                           *kind));
    }
    if (id && unique_id(seen, *id, id_field, item.path, "state"))
      s_.process.states.push_back(std::move(st));
  }

  void read_transition(const Field& item) {
    MapReader m(r_, item,
                "a transition (a map with from, to and one of on, event, deadline or probability)");
    if (!m.ok()) return;
    m.check_keys({"from", "to", "on", "event", "deadline", "probability", "effects"},
                 " in a transition");
    const std::size_t before = r_.problems();
    Transition t;
    t.loc = loc_of(m.mark());
    PendingTransition pt{s_.process.transitions.size(), {}, {}, {}, m.mark(), item.path};
    const Field from = m.require("from"), to = m.require("to");
    if (from.present())
      if (auto id = read_id(r_, from)) {
        t.from = *id;
        pt.from = IdRef{*id, from};
      }
    if (to.present())
      if (auto id = read_id(r_, to)) {
        t.to = *id;
        pt.to = IdRef{*id, to};
      }
    std::vector<Field> triggers;
    for (const char* key : {"on", "event", "deadline", "probability"})
      if (const Field f = m.get(key); f.present()) triggers.push_back(f);
    if (triggers.empty())
      r_.error(m.mark(), item.path, "a transition needs one of on, event, deadline or probability");
    for (std::size_t i = 1; i < triggers.size(); ++i)
      r_.error(triggers[i].key.Mark(), triggers[i].path,
               fmt::format("a transition takes exactly one of on, event, deadline or probability; "
                           "this one has both '{}' and '{}'",
                           triggers[0].key.Scalar(), triggers[i].key.Scalar()));
    if (triggers.size() == 1) {
      const Field& trig = triggers[0];
      const std::string key = trig.key.Scalar();
      if (key == "on") {
        if (auto name = read_choice(r_, trig, kEngineEvents, "engine event"))
          t.trigger = trigger_of(*name);
      } else if (key == "event") {
        t.trigger = Trigger::event;
        if (auto id = read_id(r_, trig)) {
          t.event = *id;
          pt.event = IdRef{*id, trig};
        }
      } else if (key == "deadline") {
        t.trigger = Trigger::deadline;
        if (auto id = read_id(r_, trig)) {
          t.deadline = *id;
          deadline_refs_.push_back(IdRef{*id, trig});
        }
      } else {
        t.trigger = Trigger::probability;
        const std::string id_path =
            fmt::format("process.transitions.{}->{}.probability", t.from, t.to);
        t.probability = constant(0, id_path);
        if (trig.value.IsScalar() && trig.value.Scalar() == "otherwise") {
          r_.visit();
          t.probability_kind = ProbabilityKind::otherwise;
        } else if (trig.value.IsMap() && trig.value["approval"]) {
          read_approval_probability(trig, t);
        } else {
          t.probability = uncertain(trig, id_path, bounds::probability(), 0);
        }
      }
    }
    pt.complete = r_.problems() == before;
    if (const Field effects = m.get("effects"); effects.present()) {
      const std::size_t first_pending = pending_effects_.size();
      if (const auto list = read_list(r_, effects, "a list of effects")) {
        const std::string owner = fmt::format("process.transitions.{}->{}", t.from, t.to);
        for (std::size_t i = 0; i < list->size(); ++i) read_effect((*list)[i], t.effects, owner, i);
      }
      for (std::size_t i = first_pending; i < pending_effects_.size(); ++i) {
        pending_effects_[i].event = s_.process.transitions.size();
        pending_effects_[i].transition = true;
      }
    }
    pending_transitions_.push_back(std::move(pt));
    s_.process.transitions.push_back(std::move(t));
  }

  // A number of rounds: a whole number of at least 1, or a distribution
  // (rounded to whole rounds when drawn).
  std::optional<Uncertain> read_rounds(const Field& f, std::string id_path) {
    if (f.value.IsMap()) return read_uncertain(r_, f, std::move(id_path), Bounds::at_least(1));
    const auto n = read_whole(r_, f, 1);
    if (!n) return std::nullopt;
    Uncertain u = constant(*n, std::move(id_path));
    u.loc = loc_of(f.mark());
    return u;
  }

  void read_milestones(const Field& f) {
    const auto items = read_list(r_, f, "a list of milestones");
    if (!items) return;
    std::map<std::string, std::string> seen;
    for (const Field& item : *items) {
      MapReader m(r_, item, "a milestone (a map with id, label and states)");
      if (!m.ok()) continue;
      m.check_keys({"id", "label", "states"}, " in a milestone");
      Milestone ms;
      const auto [id_field, id] = read_identity(m, ms);
      const Field states = m.require("states", " (the states that reach it)");
      if (states.present())
        if (const auto list = read_list(r_, states, "a list of state ids")) {
          if (list->empty())
            r_.error(states.mark(), states.path, "a milestone needs at least one state");
          for (const Field& s : *list)
            if (auto sid = read_id(r_, s)) {
              ms.states.push_back(*sid);
              milestone_state_refs_.push_back(IdRef{*sid, s});
            }
        }
      if (id && unique_id(seen, *id, id_field, item.path, "milestone"))
        s_.process.milestones.push_back(std::move(ms));
    }
  }

  void read_deadlines(const Field& f) {
    const auto items = read_list(r_, f, "a list of deadlines");
    if (!items) return;
    std::map<std::string, std::string> seen;
    for (const Field& item : *items) {
      MapReader m(r_, item, "a deadline (a map with id, round and label)");
      if (!m.ok()) continue;
      m.check_keys({"id", "label", "round"}, " in a deadline");
      Deadline d;
      const auto [id_field, id] = read_identity(m, d);
      const Field round = m.require("round", " (the round at which it falls)");
      if (round.present())
        if (auto r = read_rounds(round, "process.deadlines." + d.id)) d.round = std::move(*r);
      if (id && unique_id(seen, *id, id_field, item.path, "deadline"))
        s_.process.deadlines.push_back(std::move(d));
    }
  }

  // probability: {approval: {by: PARTY, threshold: (U), spread: (U)}}, the
  // threshold and spread optional when the party states its own.
  void read_approval_probability(const Field& f, Transition& t) {
    MapReader m(r_, f, "a map {approval: {by: ..., threshold: ..., spread: ...}}");
    if (!m.ok()) return;
    m.check_keys({"approval"}, " in a terms-dependent probability");
    const Field a = m.get("approval");
    t.probability_kind = ProbabilityKind::approval;
    MapReader am(r_, a, "a map {by: PARTY, threshold: ..., spread: ...}");
    if (!am.ok()) return;
    const Field by = am.require("by", " (the party whose approval decides)");
    if (by.present())
      if (auto id = read_id(r_, by)) {
        t.approval_by = *id;
        approval_refs_.push_back(IdRef{*id, by});
      }
    const std::string id_path = fmt::format("process.transitions.{}->{}.approval", t.from, t.to);
    if (am.has("threshold") || am.has("spread")) {
      read_approval(a, id_path, t.approval_threshold, t.approval_spread, {"by"});
    } else {
      am.check_keys({"by", "threshold", "spread"}, " in an approval");
    }
  }

  // References into the process and events, once both are read.
  void resolve_process() {
    const auto states = ids_of(s_.process.states);
    const auto known_state = [&](const IdRef& ref) {
      if (s_.state(ref.id)) return true;
      if (!states_known_) return false;  // maybe the state whose id is wrong
      r_.error(ref.field.mark(), ref.field.path,
               states.empty() ? fmt::format("unknown state '{}'; the process has no states", ref.id)
                              : fmt::format("unknown state '{}'{}", ref.id,
                                            suggestion(ref.id, states, "states")));
      return false;
    };
    if (initial_ref_) known_state(*initial_ref_);
    for (const IdRef& ref : milestone_state_refs_) known_state(ref);
    for (const IdRef& ref : deadline_refs_) {
      const auto& ds = s_.process.deadlines;
      if (std::any_of(ds.begin(), ds.end(), [&](const Deadline& d) { return d.id == ref.id; }))
        continue;
      r_.error(ref.field.mark(), ref.field.path,
               ds.empty() ? fmt::format("unknown deadline '{}'; the process names no deadlines "
                                        "(process.deadlines)",
                                        ref.id)
                          : fmt::format("unknown deadline '{}'{}", ref.id,
                                        suggestion(ref.id, ids_of(ds), "deadlines")));
    }
    for (const IdRef& ref : approval_refs_) {
      const Party* party = s_.party(ref.id);
      if (!party) {
        if (known_.parties)
          r_.error(ref.field.mark(), ref.field.path,
                   fmt::format("unknown party '{}'{}", shorten(ref.id),
                               suggestion(ref.id, ids_of(s_.parties), "parties")));
        continue;
      }
      const auto t = std::find_if(s_.process.transitions.begin(), s_.process.transitions.end(),
                                  [&](const Transition& tr) {
                                    return tr.probability_kind == ProbabilityKind::approval &&
                                           tr.approval_by == ref.id && !tr.approval_threshold;
                                  });
      if (t != s_.process.transitions.end() && !party->approval_threshold)
        r_.error(ref.field.mark(), ref.field.path,
                 fmt::format("party '{}' states no approval threshold; give it approval: "
                             "{{threshold: ..., spread: ...}}, or give this approval its own",
                             ref.id));
    }
    for (const IdRef& ref : event_state_refs_) {
      if (!known_state(ref)) continue;
      if (s_.state(ref.id)->kind == StateKind::terminal)
        r_.error(ref.field.mark(), ref.field.path,
                 fmt::format("'{}' is a terminal state, where the talks are over; an event can "
                             "only happen in states where they go on",
                             ref.id));
    }
    std::set<std::pair<std::string, std::string>> probability_pairs;
    for (const PendingTransition& pt : pending_transitions_) {
      const Transition& t = s_.process.transitions[pt.index];
      const bool from_ok = !pt.from.id.empty() && known_state(pt.from);
      if (!pt.to.id.empty()) known_state(pt.to);
      if (pt.event && !s_.event(pt.event->id) && known_.events) {
        const auto events = ids_of(s_.events);
        r_.error(pt.event->field.mark(), pt.event->field.path,
                 events.empty()
                     ? fmt::format("unknown event '{}'; the scenario has no events", pt.event->id)
                     : fmt::format("unknown event '{}'{}", pt.event->id,
                                   suggestion(pt.event->id, events, "events")));
      }
      if (!from_ok || !pt.complete) continue;
      const State& from = *s_.state(t.from);
      if (from.kind == StateKind::terminal) {
        r_.error(pt.mark, pt.path,
                 fmt::format("a transition cannot leave terminal state '{}': a terminal state "
                             "ends the talks",
                             from.id));
      } else if (from.kind == StateKind::chance && t.trigger != Trigger::probability) {
        r_.error(
            pt.mark, pt.path,
            fmt::format("'{}' is a chance state, resolved at once by probability, so its "
                        "transitions need probability: instead of {}",
                        from.id,
                        t.trigger == Trigger::event ? "event: " + t.event
                                                    : std::string("on: ") + to_string(t.trigger)));
      }
      if (t.trigger == Trigger::probability && !t.to.empty() &&
          !probability_pairs.emplace(t.from, t.to).second)
        r_.error(pt.mark, pt.path,
                 fmt::format("a second probability transition from '{}' to '{}'; combine them "
                             "into one",
                             t.from, t.to));
    }
  }

  Reader& r_;
  Scenario& s_;
  std::set<std::string> broken_issues_;  // issues whose kind, range or options failed
  KnownIds known_{false, false, true};   // lists read completely (no events is complete)
  bool states_known_ = false;
  std::optional<IdRef> initial_ref_;
  std::vector<IdRef> event_state_refs_;
  std::vector<IdRef> approval_refs_;  // approval: by PARTY
  std::vector<IdRef> deadline_refs_;  // deadline: ID
  std::vector<IdRef> milestone_state_refs_;
  std::vector<PendingTransition> pending_transitions_;
  std::vector<PendingEffect> pending_effects_;
};

}  // namespace

TreeResult read_scenario_tree(Reader& reader, const YAML::Node& root, Scenario& out) {
  return TreeReader(reader, out).read(root);
}

}  // namespace negsim::loader
