#pragma once
// `extends: base.yaml`: a variant file that states only what differs from
// the scenario it builds on.
//
// Merge rules (applied to the parsed YAML trees, before validation):
// - maps merge key by key, recursively; a map that names `dist` replaces the
//   value it meets whole (a distribution is one value, not a set of keys), and
//   `key: {remove: true}` deletes `key`;
// - the lists of items with ids (issues, parties, events, process.states) merge
//   by id: an item with a known id merges into the base's item, a new id is
//   appended, and an item with `remove: true` deletes the base's item;
// - process.transitions merge the same way, a transition being identified by
//   its from, to and trigger (`on: X`, `event: X`, or being a probability
//   edge): restating one with a new probability changes it;
// - every other list (effects, options, states of an event, ...) and every
//   single value replaces the base's;
// - chains are allowed (a base may extend another); a cycle is an error.
//
// Where messages point. yaml-cpp positions carry no file name, so the merge
// keeps a side record (SourceMap): for every node of the merged tree that came
// unchanged from one file, which file; for every map or list combined from
// several files, where the variant wrote it. Validation then runs once on the
// merged tree and its diagnostics are rewritten to name the right file, with
// the line and column of the value in that file. Limits: a key path in a message
// counts list items in the merged scenario, which differs from the base file's
// own count when the variant removed or reordered items; a problem about a
// combined map or list as a whole (e.g. a key missing from a merged party) is
// placed where the variant names it.

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "negsim/model/diagnostic.hpp"

namespace negsim {

class SourceMap {
 public:
  // The node at `path` (index form) and everything below it came unchanged from `file`.
  void add_whole(std::string path, std::string file);
  // The map or list at `path` was combined from several files; the variant
  // wrote it in `file` at `line`:`column` (1-based).
  void add_combined(std::string path, std::string file, int line, int column);

  // Rewrites diagnostics of the merged tree to the file each value came from.
  // Diagnostics whose file is not `merged_name` (already attributed elsewhere,
  // e.g. to an override) are left alone. Returns how many were rewritten.
  int attribute(std::vector<Diagnostic>& diagnostics, const std::string& merged_name) const;

  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string path, file;
    int line = 0, column = 0;
    bool combined = false;
  };
  std::vector<Entry> entries_;
};

struct ExtendedYaml {
  YAML::Node root;                 // merged tree, without the `extends` key
  std::vector<std::string> files;  // the chain: the file asked for first, then what it extends
  SourceMap sources;               // filled only when `files` has more than one entry
};

// Turns the text of a file into a tree, adding a Diagnostic for each problem
// (the loader passes its own, with its byte checks and friendlier messages).
using YamlParser = std::function<std::optional<YAML::Node>(
    const std::string& text, const std::string& name, std::vector<Diagnostic>& diagnostics)>;

// YAML::Load, with a syntax error reported at its position.
std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& name,
                                     std::vector<Diagnostic>& diagnostics);

// Follows the `extends:` chain of `root`, the parsed file `name`; base paths
// are relative to the directory of `name`. Problems (an unreadable base, YAML
// syntax, a cycle, removing an id the base does not have) are added to
// `diagnostics`; `root` of the result is then undefined.
ExtendedYaml resolve_extends(const YAML::Node& root, const std::string& name,
                             const YamlParser& parse, std::vector<Diagnostic>& diagnostics);

// One merge step: `variant` (from `variant_file`) on top of `base`. Neither
// input is modified; the result shares their unchanged nodes.
YAML::Node merge_yaml(const YAML::Node& base, const YAML::Node& variant,
                      const std::string& variant_file, std::vector<Diagnostic>& diagnostics);

}  // namespace negsim
