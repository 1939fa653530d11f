#include "yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace negsim::loader {

const YAML::Node& undefined_node() {
  static const YAML::Node node(YAML::NodeType::Undefined);
  return node;
}

SourceLoc loc_of(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

Reader::Reader(std::string file, std::vector<Diagnostic>& out, WalkLimits limits)
    : file_(std::move(file)), out_(out), first_(out.size()), limits_(limits) {}

void Reader::error(const YAML::Mark& mark, std::string path, std::string message) {
  error(loc_of(mark), std::move(path), std::move(message));
}

void Reader::error(const SourceLoc& loc, std::string path, std::string message) {
  out_.push_back(Diagnostic{file_, loc.line, loc.column, std::move(path), std::move(message)});
  if (problems() >= limits_.max_diagnostics) {
    out_.push_back(
        Diagnostic{file_, 0, 0, "",
                   fmt::format("stopped after {} problems; fix these and run again", problems())});
    throw WalkStopped{};
  }
}

void Reader::visit() {
  if (++nodes_ <= limits_.max_nodes) return;
  out_.push_back(Diagnostic{
      file_, 0, 0, "",
      fmt::format("the file has more than {} values (counting every use of a YAML alias); "
                  "a scenario is far smaller, so this looks like an alias bomb",
                  limits_.max_nodes)});
  throw WalkStopped{};
}

std::string child_path(const std::string& parent, std::string_view key) {
  // An absurdly long key (only an unknown one can be) must not flood the message.
  const std::string name = key.size() > 64 ? shorten(std::string(key)) : std::string(key);
  if (parent.empty()) return name;
  return parent + "." + name;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

namespace {

constexpr std::size_t kMaxShown = 40;  // characters of a value quoted in a message

// Nodes built in code (e.g. by overrides) carry no tag at all.
bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?" || node.Tag().empty();
}

}  // namespace

std::string shorten(const std::string& text) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && ++chars > kMaxShown) return out + "...";
    if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<double> scalar_number(const YAML::Node& node, std::string* why) {
  const auto fail = [&](std::string reason) -> std::optional<double> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (!node.IsDefined() || !node.IsScalar()) return fail("");
  const std::string& text = node.Scalar();
  const std::string& tag = node.Tag();
  if (tag == "!") return fail("numbers are written without quotes");
  if (!is_plain(node) && tag != "tag:yaml.org,2002:float" && tag != "tag:yaml.org,2002:int")
    return fail("");
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".inf" || lower == "-.inf" || lower == ".nan" || lower == "inf" || lower == "-inf" ||
      lower == "nan" || lower == "infinity" || lower == "-infinity")
    return fail("expected a finite number");
  double value = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (s.empty() || ec == std::errc::result_out_of_range)
    return fail(ec == std::errc::result_out_of_range ? "the number is too large" : "");
  if (ec != std::errc() || end != last) return fail("");
  if (!std::isfinite(value)) return fail("expected a finite number");
  return value;
}

std::optional<bool> scalar_bool(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar() || !is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (is_plain(node)) {
    if (scalar_bool(node)) return node.Scalar();
    if (scalar_number(node)) return "the number " + node.Scalar();
  }
  return "the text '" + shorten(node.Scalar()) + "'";
}

std::string quoted_list(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > limit) out += fmt::format(", ... ({} in all)", names.size());
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Long words are never typos of short keys; bound the quadratic table.
  if (a.size() > 64 || b.size() > 64) return std::max(a.size(), b.size());
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> d((n + 1) * (m + 1));
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
  for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  return at(n, m);
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::string lower_word;
  for (char c : word) lower_word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t allowed = word.size() <= 3 ? 1 : word.size() <= 7 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    std::string lower;
    for (char c : candidate)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t distance = lower == lower_word ? 0 : edit_distance(lower_word, lower);
    // A one-letter word is "close" to every other one-letter word; do not guess.
    if (distance < best_distance && distance < std::max(word.size(), candidate.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates,
                       std::string_view noun_plural) {
  if (auto near = closest(word, candidates)) return fmt::format("; did you mean '{}'?", *near);
  if (candidates.empty()) return "";
  if (noun_plural.empty()) return "; expected one of: " + quoted_list(candidates);
  return fmt::format("; the {} are: {}", noun_plural, quoted_list(candidates));
}

YAML::Mark Field::mark() const {
  if (value.IsDefined() && !value.IsNull()) return value.Mark();
  if (key.IsDefined()) return key.Mark();
  if (value.IsDefined()) return value.Mark();
  return parent_mark;
}

MapReader::MapReader(Reader& reader, const Field& field, std::string_view what)
    : reader_(reader), path_(field.path), mark_(field.mark()) {
  if (!field.present()) return;
  reader_.visit();
  if (!field.value.IsMap()) {
    reader_.error(field.mark(), path_,
                  fmt::format("expected {}, got {}", what, describe(field.value)));
    return;
  }
  ok_ = true;
  std::unordered_map<std::string, std::size_t> seen;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    reader_.visit();
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      reader_.error(key.Mark(), path_, fmt::format("expected a key name, got {}", describe(key)));
      continue;
    }
    const std::string name = key.Scalar();
    auto [at, inserted] = seen.emplace(name, entries_.size());
    if (!inserted) {
      const SourceLoc first = loc_of(entries_[at->second].key.Mark());
      reader_.error(key.Mark(), child_path(path_, name),
                    first.line > 0
                        ? fmt::format("key '{}' is given twice (first at line {}); keep only one",
                                      name, first.line)
                        : fmt::format("key '{}' is given twice; keep only one", name));
      continue;
    }
    entries_.push_back(Entry{name, key, it->second});
  }
}

void MapReader::check_keys(const std::vector<std::string>& allowed, std::string_view context) {
  if (!ok_) return;
  for (const auto& e : entries_) {
    if (std::find(allowed.begin(), allowed.end(), e.name) != allowed.end()) continue;
    if (e.name == "<<") {
      reader_.error(e.key.Mark(), child_path(path_, e.name),
                    "YAML merge keys (<<) are not supported; write the keys out");
      continue;
    }
    reader_.error(e.key.Mark(), child_path(path_, e.name),
                  fmt::format("unknown key '{}'{}{}", shorten(e.name), context,
                              suggestion(e.name, allowed, "")));
  }
}

void MapReader::check_keys(std::initializer_list<const char*> allowed, std::string_view context) {
  std::vector<std::string> names(allowed.begin(), allowed.end());
  check_keys(names, context);
}

std::vector<Field> MapReader::extra_keys(const std::vector<std::string>& allowed) const {
  std::vector<Field> out;
  for (const auto& e : entries_)
    if (std::find(allowed.begin(), allowed.end(), e.name) == allowed.end())
      out.push_back(Field{e.key, e.value, child_path(path_, e.name), mark_});
  return out;
}

bool MapReader::has(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.name == key; });
}

Field MapReader::get(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.name == key) return Field(e.key, e.value, child_path(path_, key), mark_);
  return Field(undefined_node(), undefined_node(), child_path(path_, key), mark_);
}

Field MapReader::require(std::string_view key, std::string_view context) {
  Field f = get(key);
  if (ok_ && !f.present())
    reader_.error(mark_, path_, fmt::format("missing required key '{}'{}", key, context));
  return f;
}

std::vector<Field> MapReader::fields() const {
  std::vector<Field> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_)
    out.push_back(Field{e.key, e.value, child_path(path_, e.name), mark_});
  return out;
}

std::optional<std::vector<Field>> read_list(Reader& reader, const Field& field,
                                            std::string_view what) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (!field.value.IsSequence()) {
    reader.error(field.mark(), field.path,
                 fmt::format("expected {}, got {}", what, describe(field.value)));
    return std::nullopt;
  }
  std::vector<Field> items;
  items.reserve(std::min<std::size_t>(field.value.size(), 4096));
  std::size_t i = 0;
  for (auto it = field.value.begin(); it != field.value.end(); ++it, ++i) {
    reader.visit();
    items.push_back(Field{undefined_node(), *it, index_path(field.path, i), field.mark()});
  }
  return items;
}

std::optional<std::string> read_text(Reader& reader, const Field& field) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (field.value.IsScalar()) return field.value.Scalar();
  reader.error(field.mark(), field.path,
               fmt::format("expected text, got {}", describe(field.value)));
  return std::nullopt;
}

std::optional<std::string> read_line(Reader& reader, const Field& field) {
  auto text = read_text(reader, field);
  if (!text) return text;
  const auto bad = std::find_if(text->begin(), text->end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
  });
  if (bad == text->end()) return text;
  reader.error(field.mark(), field.path,
               fmt::format("expected one line of text, got a text with {} in it (a title "
                           "heads reports and tables; put longer text in description)",
                           *bad == '\n' ? "a line break" : "a control character"));
  return std::nullopt;
}

bool is_id(std::string_view text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u < 0x80 && (std::isalnum(u) || c == '_' || c == '-');
  });
}

std::optional<std::string> read_id(Reader& reader, const Field& field) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (field.value.IsScalar() && is_id(field.value.Scalar())) return field.value.Scalar();
  reader.error(field.mark(), field.path,
               fmt::format("expected an id (a letter, then letters, digits, '_' or '-'), got {}",
                           describe(field.value)));
  return std::nullopt;
}

std::optional<bool> read_bool(Reader& reader, const Field& field) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (auto b = scalar_bool(field.value)) return b;
  reader.error(field.mark(), field.path,
               fmt::format("expected true or false, got {}", describe(field.value)));
  return std::nullopt;
}

std::optional<std::string> read_choice(Reader& reader, const Field& field,
                                       const std::vector<std::string>& choices,
                                       std::string_view noun) {
  if (!field.present()) return std::nullopt;  // absence is the caller's to report
  reader.visit();
  if (!field.value.IsScalar()) {
    reader.error(field.mark(), field.path,
                 fmt::format("expected a {} ({}), got {}", noun, quoted_list(choices),
                             describe(field.value)));
    return std::nullopt;
  }
  const std::string& text = field.value.Scalar();
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  reader.error(
      field.mark(), field.path,
      fmt::format("unknown {} '{}'{}", noun, shorten(text), suggestion(text, choices, "")));
  return std::nullopt;
}

}  // namespace negsim::loader
