#pragma once
// The YAML tree a scenario load validates: a file, the files it `extends`,
// and the `--set` overrides on top, together with what is needed to point
// each validation message at the file or override its value came from.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "negsim/model/diagnostic.hpp"
#include "scenario_extends.hpp"
#include "scenario_overrides.hpp"

namespace negsim {

struct ComposedScenario {
  YAML::Node root;                  // what validation reads
  std::string name;                 // the file as the user named it ("<string>" for text)
  std::vector<std::string> files;   // `name` first, then the files it extends, in order
  std::vector<Override> overrides;  // as applied, with their resolved paths
  SourceMap sources;
  // Exactly what runs, for provenance and the results store: the file's own
  // bytes when nothing was composed, otherwise the canonical YAML text of the
  // composed tree (comments dropped; see canonical_yaml).
  std::string text;

  bool composed() const { return files.size() > 1 || !overrides.empty(); }

  // Rewrites diagnostics about `root` (whose file is `name`) so that each names
  // the override or the file its value came from. Call it on everything
  // validation reports, in any order.
  void attribute(std::vector<Diagnostic>& diagnostics) const;
};

// Follows the `extends:` chain of `root` (parsed from `text`, the file `name`;
// bases are found relative to its directory and read with `parse`) and applies
// `overrides`. Throws InputError with every problem found (unreadable files,
// YAML syntax in any file of the chain, cycles, overrides that cannot be
// applied). This is what the scenario loader calls between parsing and validation.
ComposedScenario compose_scenario(const YAML::Node& root, const std::string& text,
                                  const std::string& name,
                                  const std::vector<std::string>& overrides,
                                  const YamlParser& parse = parse_yaml);
// The same from text, or from a file read whole.
ComposedScenario compose_scenario_text(const std::string& text, const std::string& name,
                                       const std::vector<std::string>& overrides = {});
ComposedScenario compose_scenario_file(const std::string& path,
                                       const std::vector<std::string>& overrides = {});

// One spelling of a YAML tree: block style except where the source used flow
// style, scalars quoted exactly when the source quoted them (so "yes" stays a
// string), anchors and aliases kept (so an alias bomb stays small). Parsing the
// text gives back the same tree.
std::string canonical_yaml(const YAML::Node& root);

}  // namespace negsim
