#pragma once
// The assumptions table of a briefing: the scenario's uncertain inputs (those
// given as distributions) and the values overridden with --set, each with
// its distribution in words and its source.
//
// Sources: a scenario cites in two ways, the `sources` map (id → citation)
// and YAML comments beside the values, which the YAML reader drops. The
// caller passes the comments it has read from the file (source_notes.hpp in
// the input layer, keyed by line); references like [83] in them are resolved
// against `sources` (key "s83" or "83").

#include <map>
#include <string>
#include <vector>

#include "negsim/model/scenario.hpp"

namespace negsim {

struct Assumption {
  std::string what;   // in words: "Ukraine: value of no deal (BATNA)"
  std::string path;   // the key path, as --set takes it
  std::string value;  // "0.55 to 0.8, most likely 0.65"
  std::string note;   // the comment beside it in the file; "set on the command line" for --set
  std::vector<std::string> sources;  // "[83] Fakti.bg - Russia took more territory …"
  bool overridden = false;
  bool operator==(const Assumption&) const = default;
};

// In the order of the file: parties (with their demands), shocks, the process.
std::vector<Assumption> scenario_assumptions(const Scenario& scenario,
                                             const std::map<int, std::string>& notes = {});

}  // namespace negsim
