#pragma once
// `--set KEY_PATH=VALUE`: changing one assumption of a scenario without
// editing its file.
//
// Overrides work on the parsed YAML tree BEFORE validation, so an overridden
// value goes through exactly the checks a value written in the file would.
// KEY_PATH names list items by id (parties.russia.costs.per_round,
// events.energy_strikes.chance, process.states.talks.max_rounds) or by index
// (parties[1].batna, process.transitions[0].probability); VALUE is YAML, so a
// distribution can be given inline: `{dist: uniform, low: 0.1, high: 0.4}`.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "negsim/model/diagnostic.hpp"

namespace negsim {

struct Override {
  std::string text;      // as the user typed it: "parties.russia.costs.per_round=0.01"
  std::string key;       // "parties.russia.costs.per_round"
  std::string value;     // "0.01"
  std::string resolved;  // index form once applied: "parties[1].costs.per_round"

  // How messages name it: "--set parties.russia.costs.per_round=0.01".
  std::string label() const { return "--set " + text; }
};

// Applies `overrides` to `root` in order (a later override of the same key wins)
// and returns them with `resolved` filled in. An override that cannot be applied
// (malformed, a path through an unknown id, a value that is not YAML) adds a
// Diagnostic naming it to `diagnostics` and is left out of the result.
//
// A key that does not exist yet may be created when its parent does (adding a
// red_line to a demand); a path through a missing key or id is an error.
// Writing through a YAML alias is refused: the change would silently reach
// every other place that shares the aliased value.
std::vector<Override> apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides,
                                      std::vector<Diagnostic>& diagnostics);

// Rewrites validation diagnostics about values that came from an override so
// that they name the override instead of a file position:
//   `--set parties.russia.costs.per_round=-1: error: parties[1].costs.per_round: ...`
// A diagnostic belongs to the override whose resolved path is the longest
// prefix of its key path (the later override when two are equally long).
// Returns how many diagnostics were rewritten.
int attribute_to_overrides(std::vector<Diagnostic>& diagnostics,
                           const std::vector<Override>& applied);

// The value of `key` in `map`, or an undefined node, looked up without
// creating the key (the non-const operator[] would); overrides and extends
// both read trees they must not change.
YAML::Node child_of(const YAML::Node& map, const std::string& key);

// True when `path` is `prefix` itself or lies below it ("a.b[2]" lies below "a.b").
bool key_path_within(const std::string& path, const std::string& prefix);

}  // namespace negsim
