#include "scenario_extends.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "key_suggestion.hpp"
#include "scenario_overrides.hpp"
#include "text_file.hpp"
#include "yaml_census.hpp"

namespace negsim {

namespace {

namespace fs = std::filesystem;

// A map or list the merge built from two files.
struct Combined {
  YAML::Node node;
  std::string file;
  int line = 0, column = 0;
};

struct MergeContext {
  std::string variant_file;
  std::vector<Combined>* combined = nullptr;  // may be null: nobody wants the record
  std::vector<Diagnostic>* diagnostics = nullptr;
};

bool is_true(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "yes");
}

// `{remove: true}` as the whole value, or an id'd item carrying `remove: true`.
bool asks_removal(const YAML::Node& node) {
  return node.IsMap() && is_true(child_of(node, "remove"));
}

std::optional<std::string> id_of(const YAML::Node& item) {
  if (!item.IsMap()) return std::nullopt;
  const YAML::Node id = child_of(item, "id");
  if (!id.IsDefined() || !id.IsScalar()) return std::nullopt;
  return id.Scalar();
}

std::string noun_of_list(const std::string& list) {
  if (list == "issues") return "issue";
  if (list == "parties") return "party";
  if (list == "events") return "event";
  if (list == "process.transitions") return "transition";
  return "state";
}

bool merges_by_key(const std::string& schema_path) {
  return schema_path == "issues" || schema_path == "parties" || schema_path == "events" ||
         schema_path == "process.states" || schema_path == "process.transitions";
}

// What identifies a transition: its ends and its trigger ("a → b (on
// round_limit)", "a → b (event x)", "a → b (probability)"); its probability is
// what a variant may change.
std::optional<std::string> transition_key(const YAML::Node& item) {
  if (!item.IsMap()) return std::nullopt;
  const YAML::Node from = child_of(item, "from"), to = child_of(item, "to");
  if (!from.IsDefined() || !from.IsScalar() || !to.IsDefined() || !to.IsScalar())
    return std::nullopt;
  std::string trigger;
  for (const char* kind : {"on", "event"}) {
    const YAML::Node t = child_of(item, kind);
    if (t.IsDefined() && t.IsScalar()) trigger = std::string(kind) + " " + t.Scalar();
  }
  if (trigger.empty() && child_of(item, "probability").IsDefined()) trigger = "probability";
  if (trigger.empty()) return std::nullopt;
  return fmt::format("{} → {} ({})", from.Scalar(), to.Scalar(), trigger);
}

// The key an item of a keyed list merges by.
std::optional<std::string> key_of(const YAML::Node& item, const std::string& schema_path) {
  return schema_path == "process.transitions" ? transition_key(item) : id_of(item);
}

void add_error(const MergeContext& ctx, const YAML::Node& at, const std::string& path,
               const std::string& message) {
  Diagnostic d;
  d.file = ctx.variant_file;
  const auto mark = at.Mark();
  if (!mark.is_null()) {
    d.line = mark.line + 1;
    d.column = mark.column + 1;
  }
  d.path = path;
  d.message = message;
  ctx.diagnostics->push_back(std::move(d));
}

void note_combined(const MergeContext& ctx, const YAML::Node& built, const YAML::Node& variant) {
  if (!ctx.combined) return;
  const auto mark = variant.Mark();
  ctx.combined->push_back(Combined{built, ctx.variant_file, mark.is_null() ? 0 : mark.line + 1,
                                   mark.is_null() ? 0 : mark.column + 1});
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

YAML::Node merge_node(const YAML::Node& base, const YAML::Node& variant, const std::string& path,
                      const std::string& schema_path, const MergeContext& ctx);

// `located` is the node whose position stands for the combined map in messages.
YAML::Node merge_map(const YAML::Node& base, const YAML::Node& variant, const YAML::Node& located,
                     const std::string& path, const std::string& schema_path,
                     const MergeContext& ctx) {
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(base.Style());     // the base holds most of the text: keep its layout
  std::vector<std::string> used;  // variant keys already merged into a base key
  for (const auto& kv : base) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const YAML::Node over =
        kv.first.IsScalar() ? child_of(variant, key) : YAML::Node(YAML::NodeType::Undefined);
    if (!over.IsDefined() || std::find(used.begin(), used.end(), key) != used.end()) {
      out.force_insert(kv.first, kv.second);
      continue;
    }
    used.push_back(key);
    if (asks_removal(over) && over.size() == 1) continue;
    out.force_insert(kv.first,
                     merge_node(kv.second, over, join(path, key), join(schema_path, key), ctx));
  }
  std::vector<std::string> seen;
  for (const auto& kv : variant) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const bool first_time = std::find(seen.begin(), seen.end(), key) == seen.end();
    seen.push_back(key);
    // Keys the base has were merged above; a repeated key is kept so that
    // validation reports the duplicate just as it would in a single file.
    if (first_time && std::find(used.begin(), used.end(), key) != used.end()) continue;
    if (path.empty() && key == "extends") continue;
    if (asks_removal(kv.second) && kv.second.size() == 1) {
      add_error(ctx, kv.first, join(path, key),
                "nothing to remove: the scenario this file extends has no such key");
      continue;
    }
    out.force_insert(kv.first, kv.second);
  }
  note_combined(ctx, out, located);
  return out;
}

YAML::Node merge_list_by_key(const YAML::Node& base, const YAML::Node& variant,
                             const std::string& path, const std::string& schema_path,
                             const MergeContext& ctx) {
  YAML::Node out(YAML::NodeType::Sequence);
  out.SetStyle(base.Style());
  std::vector<bool> used(variant.size(), false);
  for (const auto& item : base) {
    const auto id = key_of(item, schema_path);
    std::optional<std::size_t> match;
    if (id)
      for (std::size_t k = 0; k < variant.size() && !match; ++k)
        if (!used[k] && key_of(variant[k], schema_path) == id) match = k;
    if (!match) {
      out.push_back(item);
      continue;
    }
    used[*match] = true;
    const YAML::Node over = variant[*match];
    if (asks_removal(over)) continue;
    // `remove: false` is a no-op marker, not part of the scenario.
    YAML::Node cleaned(YAML::NodeType::Map);
    for (const auto& kv : over)
      if (!(kv.first.IsScalar() && kv.first.Scalar() == "remove"))
        cleaned.force_insert(kv.first, kv.second);
    const std::string item_path = fmt::format("{}[{}]", path, out.size());
    out.push_back(merge_map(item, cleaned, over, item_path, schema_path + "[]", ctx));
  }
  std::vector<std::string> base_ids;
  for (const auto& item : base)
    if (auto id = key_of(item, schema_path)) base_ids.push_back(*id);
  for (std::size_t k = 0; k < variant.size(); ++k) {
    if (used[k]) continue;
    const YAML::Node item = variant[k];
    if (asks_removal(item)) {
      const auto id = key_of(item, schema_path);
      const bool transition = schema_path == "process.transitions";
      std::string message =
          id ? fmt::format("cannot remove {} '{}': the scenario this file extends has no {} {}",
                           noun_of_list(schema_path), *id, noun_of_list(schema_path),
                           transition ? "like it" : "with that id")
          : transition ? std::string(
                             "`remove: true` needs the transition's from, to and trigger (on, "
                             "event or probability)")
                       : fmt::format("`remove: true` needs the id of the {} to remove",
                                     noun_of_list(schema_path));
      if (id) message += detail::did_you_mean(*id, base_ids);
      add_error(ctx, item, fmt::format("{}[{}]", path, k), message);
      continue;
    }
    out.push_back(item);
  }
  note_combined(ctx, out, variant);
  return out;
}

YAML::Node merge_node(const YAML::Node& base, const YAML::Node& variant, const std::string& path,
                      const std::string& schema_path, const MergeContext& ctx) {
  if (base.IsMap() && variant.IsMap() && !child_of(variant, "dist").IsDefined())
    return merge_map(base, variant, variant, path, schema_path, ctx);
  if (base.IsSequence() && variant.IsSequence() && merges_by_key(schema_path))
    return merge_list_by_key(base, variant, path, schema_path, ctx);
  return variant;
}

struct Parsed {
  YAML::Node root;
  std::string file;
};

std::string display_path(const fs::path& p) {
  return p.lexically_normal().generic_string();
}

fs::path directory_of(const std::string& name) {
  const fs::path parent = fs::path(name).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Merges the chain rooted at `root` (the parsed file `name`); `stack` holds
// the canonical paths being resolved, to detect cycles. Fills `parsed` (every
// tree read, in chain order, for the source map) and `combined`.
std::optional<YAML::Node> resolve(const YAML::Node& parsed_root, const std::string& name,
                                  const YamlParser& parse, std::vector<std::string>& stack,
                                  std::vector<std::string>& display_stack,
                                  std::vector<Parsed>& parsed, std::vector<Combined>& combined,
                                  std::vector<Diagnostic>& diagnostics) {
  const std::optional<YAML::Node> root = parsed_root;
  parsed.push_back(Parsed{parsed_root, name});
  const YAML::Node extends =
      root->IsMap() ? child_of(*root, "extends") : YAML::Node(YAML::NodeType::Undefined);
  if (!extends.IsDefined()) return root;

  const auto fail = [&](const std::string& message) {
    Diagnostic d;
    d.file = name;
    d.line = extends.Mark().line + 1;
    d.column = extends.Mark().column + 1;
    d.path = "extends";
    d.message = message;
    diagnostics.push_back(std::move(d));
    return std::nullopt;
  };
  if (!extends.IsScalar() || extends.Scalar().empty())
    return fail(
        "expected the path of the scenario file this one builds on, e.g. "
        "extends: ../abu_dhabi_2026.yaml");
  const fs::path base_path = directory_of(name) / extends.Scalar();
  const std::string base_name = display_path(base_path);
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(base_path, ec).generic_string();
  if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
    std::string cycle;
    for (const auto& f : display_stack) cycle += f + " -> ";
    return fail(fmt::format("files extend each other in a circle: {}{}", cycle, base_name));
  }
  std::string problem;
  const auto base_text = read_text_file(base_path.string(), problem);
  if (!base_text) return fail(fmt::format("cannot read '{}': {}", base_name, problem));

  stack.push_back(canonical);
  display_stack.push_back(base_name);
  const std::size_t before_parse = diagnostics.size();
  const auto base_root = parse(*base_text, base_name, diagnostics);
  if (!base_root) {
    if (diagnostics.size() == before_parse)
      diagnostics.push_back(Diagnostic{base_name, 0, 0, "", "cannot be read as YAML"});
    stack.pop_back();
    display_stack.pop_back();
    return std::nullopt;
  }
  auto base =
      resolve(*base_root, base_name, parse, stack, display_stack, parsed, combined, diagnostics);
  stack.pop_back();
  display_stack.pop_back();
  if (!base) return std::nullopt;
  if (!base->IsMap())
    return fail(
        fmt::format("'{}' is not a scenario: expected a map of keys (scenario, issues, "
                    "parties, ...)",
                    base_name));
  MergeContext ctx{name, &combined, &diagnostics};
  const std::size_t before = diagnostics.size();
  YAML::Node merged = merge_node(*base, *root, "", "", ctx);
  if (diagnostics.size() != before) return std::nullopt;
  return merged;
}

// Records, for the merged tree, where each part came from.
class SourceWalker {
 public:
  SourceWalker(const std::vector<Parsed>& parsed, const std::vector<Combined>& combined,
               SourceMap& map)
      : combined_(combined), map_(map) {
    for (const auto& p : parsed) files_.push_back({detail::NodeCensus(p.root), p.file});
  }

  void walk(const YAML::Node& node, const std::string& path, const std::string& inherited) {
    for (const auto& c : combined_)
      if (c.node.is(node)) {
        map_.add_combined(path, c.file, c.line, c.column);
        if (node.IsMap()) {
          for (const auto& kv : node) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
            walk(kv.second, path.empty() ? key : path + "." + key, c.file);
          }
        } else {
          std::size_t i = 0;
          for (const auto& item : node) walk(item, fmt::format("{}[{}]", path, i++), c.file);
        }
        return;
      }
    for (const auto& f : files_)
      if (f.census.uses(node) > 0) {
        map_.add_whole(path, f.name);
        return;
      }
    map_.add_whole(path, inherited);
  }

 private:
  struct File {
    detail::NodeCensus census;
    std::string name;
  };
  std::vector<File> files_;
  const std::vector<Combined>& combined_;
  SourceMap& map_;
};

}  // namespace

void SourceMap::add_whole(std::string path, std::string file) {
  entries_.push_back(Entry{std::move(path), std::move(file), 0, 0, false});
}

void SourceMap::add_combined(std::string path, std::string file, int line, int column) {
  entries_.push_back(Entry{std::move(path), std::move(file), line, column, true});
}

int SourceMap::attribute(std::vector<Diagnostic>& diagnostics,
                         const std::string& merged_name) const {
  int rewritten = 0;
  for (auto& d : diagnostics) {
    if (d.file != merged_name) continue;
    const Entry* best = nullptr;
    for (const auto& e : entries_)
      if (key_path_within(d.path, e.path) && (!best || e.path.size() > best->path.size()))
        best = &e;
    if (!best) continue;
    d.file = best->file;
    if (best->combined && d.line == 0) {
      d.line = best->line;
      d.column = best->column;
    }
    ++rewritten;
  }
  return rewritten;
}

YAML::Node merge_yaml(const YAML::Node& base, const YAML::Node& variant,
                      const std::string& variant_file, std::vector<Diagnostic>& diagnostics) {
  MergeContext ctx{variant_file, nullptr, &diagnostics};
  return merge_node(base, variant, "", "", ctx);
}

std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& name,
                                     std::vector<Diagnostic>& diagnostics) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Diagnostic d;
    d.file = name;
    if (!e.mark.is_null()) {
      d.line = e.mark.line + 1;
      d.column = e.mark.column + 1;
    }
    d.message = "YAML syntax error: " + e.msg;
    diagnostics.push_back(std::move(d));
    return std::nullopt;
  }
}

ExtendedYaml resolve_extends(const YAML::Node& root, const std::string& name,
                             const YamlParser& parse, std::vector<Diagnostic>& diagnostics) {
  ExtendedYaml out;
  std::error_code ec;
  std::vector<std::string> stack{fs::weakly_canonical(fs::path(name), ec).generic_string()};
  std::vector<std::string> display_stack{name};
  std::vector<Parsed> parsed;
  std::vector<Combined> combined;
  const std::size_t before = diagnostics.size();
  auto merged = resolve(root, name, parse, stack, display_stack, parsed, combined, diagnostics);
  if (!merged || diagnostics.size() != before) return out;
  out.root.reset(*merged);
  for (const auto& p : parsed) out.files.push_back(p.file);
  if (parsed.size() > 1) {
    SourceWalker walker(parsed, combined, out.sources);
    walker.walk(out.root, "", name);
  }
  return out;
}

}  // namespace negsim
