#pragma once
// A checked walk over a parsed YAML tree (internal to the engine).
//
// yaml-cpp hands back a tree that silently keeps the last of two equal keys,
// converts values without saying where they were, and shares one node
// between every use of an alias. The reader puts every value it looks at
// through one place that knows the key path, reports problems with the file
// position, catches duplicate and unknown keys, and bounds the work a
// malicious file can cause (an alias bomb is a small tree visited many times).

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "negsim/model/diagnostic.hpp"
#include "negsim/model/scenario.hpp"

namespace negsim::loader {

// Thrown to abandon a walk once a limit is reached; the reason has already
// been reported as a Diagnostic.
struct WalkStopped {};

struct WalkLimits {
  std::size_t max_nodes = 1'000'000;  // values looked at, counting each use of an alias
  std::size_t max_diagnostics = 200;  // a file this broken is better fixed from the top
};

// 1-based position of a yaml-cpp mark (0-based); {0, 0} for nodes built in code.
SourceLoc loc_of(const YAML::Mark& mark);

// Collects Diagnostics for one file and counts the work done.
class Reader {
 public:
  Reader(std::string file, std::vector<Diagnostic>& out, WalkLimits limits = {});

  const std::string& file() const { return file_; }
  void error(const YAML::Mark& mark, std::string path, std::string message);
  void error(const SourceLoc& loc, std::string path, std::string message);
  // Counts one node; throws WalkStopped (after reporting why) past the limit.
  void visit();
  // How many problems were reported so far (to tell whether a part was clean).
  std::size_t problems() const { return out_.size() - first_; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  std::size_t first_;
  WalkLimits limits_;
  std::size_t nodes_ = 0;
};

// Key paths: "parties[1].demands.donetsk.red_line".
std::string child_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

// What a node is, for "expected X, got Y": "a list", "a map", "nothing",
// "the text 'abc'", "the number 3", "true".
std::string describe(const YAML::Node& node);

// User text quoted in a message: at most 40 characters, control characters blanked.
std::string shorten(const std::string& text);

// "a, b, c" (at most `limit` names, then "... (N in all)").
std::string quoted_list(const std::vector<std::string>& names, std::size_t limit = 12);

// Damerau-Levenshtein distance (a swap of two neighbours counts once).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate that `word` is most plausibly a typo of, if any.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);
// "; did you mean 'x'?" or "; expected one of: a, b, c" for an unknown `word`.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates,
                       std::string_view noun_plural);
// The ids of a scenario's parties, issues, events, ...: the candidates for suggestion().
template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

// One value in a map (or a list item), with where to point if it is wrong.
//
// Assigning one YAML::Node to another rebinds the *tree node* it refers to
// and merges the two trees' memory (a copy of every node: quadratic over a
// walk). A Field therefore only ever rebinds its handles (Node::reset).
// One shared undefined node: a fresh YAML::Node allocates its own memory pool.
const YAML::Node& undefined_node();

struct Field {
  YAML::Node key = undefined_node();    // the key node; undefined for list items
  YAML::Node value = undefined_node();  // undefined when the key is absent
  std::string path;
  YAML::Mark parent_mark;  // where to report the key missing

  Field() = default;
  Field(YAML::Node key_node, YAML::Node value_node, std::string key_path, YAML::Mark parent)
      : key(std::move(key_node)),
        value(std::move(value_node)),
        path(std::move(key_path)),
        parent_mark(parent) {}
  Field(const Field&) = default;
  Field(Field&&) = default;
  Field& operator=(const Field& other) {
    key.reset(other.key);
    value.reset(other.value);
    path = other.path;
    parent_mark = other.parent_mark;
    return *this;
  }
  Field& operator=(Field&& other) { return *this = static_cast<const Field&>(other); }

  bool present() const { return value.IsDefined(); }
  // The value's position; for an empty value (`key:` with nothing after it)
  // yaml-cpp gives the position of the next token, so point at the key.
  YAML::Mark mark() const;
};

// A map, checked for duplicate and non-text keys when opened.
class MapReader {
 public:
  // Reports "expected a map ..., got ..." when `field` is not a map; `what`
  // describes the expected map, e.g. "a map of scenario settings".
  MapReader(Reader& reader, const Field& field, std::string_view what);

  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }
  YAML::Mark mark() const { return mark_; }

  // Reports every key not in `allowed`, with a did-you-mean or the list of
  // allowed keys. `context` ends "unknown key 'x'" messages, e.g. " for a party".
  void check_keys(const std::vector<std::string>& allowed, std::string_view context = "");
  void check_keys(std::initializer_list<const char*> allowed, std::string_view context = "");

  // The keys not in `allowed`, for callers that explain them themselves.
  std::vector<Field> extra_keys(const std::vector<std::string>& allowed) const;

  bool has(std::string_view key) const;
  Field get(std::string_view key) const;
  // Like get(); reports "missing required key" at the map when absent.
  Field require(std::string_view key, std::string_view context = "");

  // Every key in file order (first occurrence of duplicates), for maps whose
  // keys are ids (demands, sources).
  std::vector<Field> fields() const;

 private:
  struct Entry {
    std::string name;
    YAML::Node key, value;
  };
  Reader& reader_;
  std::string path_;
  YAML::Mark mark_;
  bool ok_ = false;
  std::vector<Entry> entries_;
};

// A list; reports "expected a list ..." when `field` is not one.
std::optional<std::vector<Field>> read_list(Reader& reader, const Field& field,
                                            std::string_view what);

// Scalars. Each reports what was expected when the value does not fit and
// returns nullopt; an absent value returns nullopt silently (MapReader::require
// reports it).
std::optional<std::string> read_text(Reader& reader, const Field& field);
// Text on one line (a title, a label): a line break or control character in
// it is an error.
std::optional<std::string> read_line(Reader& reader, const Field& field);
// An id: a letter, then letters, digits, '_' or '-' (ids appear in key paths).
std::optional<std::string> read_id(Reader& reader, const Field& field);
std::optional<bool> read_bool(Reader& reader, const Field& field);
// One of `choices`, with a did-you-mean; `noun` names them ("issue kind").
std::optional<std::string> read_choice(Reader& reader, const Field& field,
                                       const std::vector<std::string>& choices,
                                       std::string_view noun);

bool is_id(std::string_view text);

// A plain YAML number, finite. Sets `why` to the reason when `node` is not
// one (quoted, not numeric, infinite, ...).
std::optional<double> scalar_number(const YAML::Node& node, std::string* why = nullptr);
// true/false written plainly; nullopt otherwise.
std::optional<bool> scalar_bool(const YAML::Node& node);

}  // namespace negsim::loader
