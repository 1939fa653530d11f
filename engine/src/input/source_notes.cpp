#include "negsim/input/source_notes.hpp"

#include <cstddef>
#include <vector>

#include "text_file.hpp"

namespace negsim {

namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

// Where the comment of a content line starts: a '#' at the start or after
// white space, outside quotes; npos when there is none.
std::size_t comment_start(std::string_view line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) {
        // '' inside single quotes is a quote, not the end.
        if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          continue;
        }
        quote = 0;
      } else if (quote == '"' && c == '\\') {
        ++i;
      }
      continue;
    }
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
    // A quote opens a string only where a value or key begins.
    if ((c == '"' || c == '\'') &&
        (i == 0 || std::string_view(" \t:[{,-").find(line[i - 1]) != std::string_view::npos))
      quote = c;
  }
  return std::string_view::npos;
}

std::string comment_text(std::string_view comment) {
  const std::size_t text = comment.find_first_not_of('#');
  // A rule of '#' alone says nothing; remove_prefix(npos) would be undefined
  // (clang's -fsanitize=pointer-overflow found it on the shipped scenarios).
  if (text == std::string_view::npos) return {};
  comment.remove_prefix(text);
  return trim(comment);
}

}  // namespace

std::map<int, std::string> source_notes(std::string_view text) {
  std::map<int, std::string> notes;
  std::string block;    // full-line comments waiting for the line they document
  std::string carried;  // a block key's note, for the first line of its block
  int line_number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::string stripped = trim(line);
    if (stripped.empty() || stripped == "---" || stripped == "...") {
      block.clear();
      if (end == text.size()) break;
      continue;
    }
    if (stripped[0] == '#') {
      const std::string part = comment_text(stripped);
      if (!part.empty()) block += (block.empty() ? "" : " ") + part;
      if (end == text.size()) break;
      continue;
    }
    const std::size_t hash = comment_start(line);
    std::string note = block;
    if (hash != std::string_view::npos) {
      const std::string trailing = comment_text(line.substr(hash));
      if (!trailing.empty()) note += (note.empty() ? "" : " ") + trailing;
    }
    block.clear();
    const std::string content = trim(line.substr(0, hash));
    if (note.empty() && !carried.empty()) note = carried;
    carried.clear();
    if (!content.empty() && content.back() == ':') carried = note;
    if (!note.empty()) notes[line_number] = note;
    if (end == text.size()) break;
  }
  return notes;
}

std::map<int, std::string> source_notes_of_file(const std::string& path) {
  std::string problem;
  const auto text = read_text_file(path, problem);
  if (!text) return {};
  // A top-level `extends:` key: the values may come from the other file.
  for (std::size_t at = 0; (at = text->find("extends", at)) != std::string::npos; at += 7) {
    const bool line_start = at == 0 || (*text)[at - 1] == '\n';
    const auto colon = text->find_first_not_of(" \t", at + 7);
    if (line_start && colon != std::string::npos && (*text)[colon] == ':') return {};
  }
  return source_notes(*text);
}

}  // namespace negsim
