#include "negsim/input/scenario_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <optional>
#include <sstream>

#include "negsim/model/process_graph.hpp"
#include "scenario_compose.hpp"
#include "scenario_tree.hpp"
#include "scenario_yaml.hpp"
#include "text_file.hpp"
#include "yaml_reader.hpp"

namespace negsim {

namespace {

[[noreturn]] void fail(std::string file, std::string message, int line = 0, int column = 0) {
  throw InputError({Diagnostic{std::move(file), line, column, "", std::move(message)}});
}

// Byte-level problems that would otherwise reach the user as a baffling YAML
// error (binary files, other encodings, stray control characters). Returns
// the first one, positioned by line and character.
std::optional<Diagnostic> check_bytes(std::string_view text, const std::string& name) {
  int line = 1, column = 1;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte order mark
  const auto at = [&](std::string message) {
    return Diagnostic{name, line, column, "", std::move(message)};
  };
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
      ++i;
      continue;
    }
    if (c == 0) return at("the file contains a NUL byte, so it is binary, not a YAML text file");
    // yaml-cpp reads a lone CR as part of the line, so a file saved with
    // classic Mac line endings would be one long line ("the file is empty").
    if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))
      return at(
          "a line ends with a carriage return (CR) alone; save the file with LF (Unix) or "
          "CRLF (Windows) line endings");
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
      return at(
          fmt::format("the file contains the control character 0x{:02x}, which YAML does "
                      "not allow; a scenario file is plain UTF-8 text",
                      c));
    std::size_t length = 1;
    if (c >= 0x80) {
      std::uint32_t cp = 0;
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        cp = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        cp = c & 0x0F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        cp = c & 0x07;
      } else {
        length = 0;
      }
      bool valid = length > 0 && i + length <= text.size();
      for (std::size_t k = 1; valid && k < length; ++k) {
        const unsigned char cc = static_cast<unsigned char>(text[i + k]);
        valid = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      // Overlong forms, UTF-16 surrogates and code points beyond Unicode.
      if (valid && ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                    (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
        valid = false;
      if (!valid)
        return at(
            fmt::format("the file is not UTF-8 text (byte 0x{:02x} is not valid here); "
                        "save it with UTF-8 encoding",
                        c));
    }
    i += length;
    ++column;
  }
  return std::nullopt;
}

// Plain-language hints for yaml-cpp's terse syntax messages.
std::string syntax_hint(const std::string& message) {
  if (message == "illegal map value")
    return "; a ': ' inside a value (put the value in quotes) or a key indented wrongly?";
  if (message == "end of map not found" || message == "end of sequence not found")
    return "; check the indentation of the lines above";
  if (message == "end of map flow not found") return "; a '{' is not closed with '}'";
  if (message == "end of sequence flow not found") return "; a '[' is not closed with ']'";
  if (message == "illegal block entry")
    return "; a '- ' list item where a value was expected, or indented wrongly?";
  return "";
}

// The innermost '[' or '{' (`open`) still open at `line` (1-based), outside
// quotes and comments: where an unclosed flow collection began, which
// yaml-cpp reports only where it gave up.
std::optional<SourceLoc> unclosed_flow(std::string_view text, char open, int last_line) {
  struct Open {
    char c;
    SourceLoc at;
  };
  std::vector<Open> stack;
  int line = 1, column = 1;
  char quote = 0;
  bool comment = false;
  char previous = '\n';
  for (const char c : text) {
    if (line > last_line) break;
    if (c == '\n') {
      ++line;
      column = 1;
      comment = false;
      previous = c;
      continue;  // a quoted scalar may span lines: `quote` stays open
    }
    if (!comment) {
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '#' && (previous == ' ' || previous == '\t' || previous == '\n')) {
        comment = true;
      } else if ((c == '"' || c == '\'') && !stack.empty()) {
        quote = c;
      } else if (c == '"' || c == '\'') {
        if (previous == ' ' || previous == ':' || previous == '\n' || previous == '-') quote = c;
      } else if (c == '[' || c == '{') {
        stack.push_back({c, SourceLoc{line, column}});
      } else if ((c == ']' || c == '}') && !stack.empty()) {
        stack.pop_back();
      }
    }
    previous = c;
    ++column;
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it)
    if (it->c == open) return it->at;
  return std::nullopt;
}

// The first tab used for indentation at or before `last_line` (1-based).
std::optional<SourceLoc> indentation_tab(std::string_view text, int last_line) {
  int line = 1;
  bool in_indent = true;
  int column = 1;
  for (char c : text) {
    if (line > last_line) break;
    if (c == '\n') {
      ++line;
      column = 1;
      in_indent = true;
      continue;
    }
    if (in_indent && c == '\t') return SourceLoc{line, column};
    if (c != ' ' && c != '-') in_indent = false;
    ++column;
  }
  return std::nullopt;
}

struct IgnoreEvents : YAML::EventHandler {
  YAML::Mark start;
  bool started = false;
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (!started) start = mark;
    started = true;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Where a second document starts, if the text has one. YAML::LoadAll would
// tell too, but loops forever on some malformed inputs (e.g. "[],"), so the
// parser is asked for exactly two documents.
std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  IgnoreEvents first, second;
  if (!parser.HandleNextDocument(first)) return std::nullopt;
  if (!parser.HandleNextDocument(second)) return std::nullopt;
  return second.start;
}

// YAML text to a tree; syntax problems become Diagnostics.
std::optional<YAML::Node> parse(const std::string& text, const std::string& name,
                                std::vector<Diagnostic>& out) {
  const auto report = [&](const YAML::Mark& mark, std::string message) {
    const SourceLoc loc = loader::loc_of(mark);
    out.push_back(Diagnostic{name, loc.line, loc.column, "", std::move(message)});
  };
  try {
    YAML::Node root = YAML::Load(text);
    try {
      if (auto mark = second_document(text))
        report(*mark,
               "a second YAML document starts here; a scenario file holds exactly one (remove "
               "the '---' or what follows the end of the scenario)");
    } catch (const YAML::Exception& e) {
      report(e.mark,
             "a second YAML document starts after the scenario; a scenario file holds "
             "exactly one");
    }
    if (!out.empty()) return std::nullopt;
    return root;
  } catch (const YAML::DeepRecursion& e) {
    report(e.mark, fmt::format("the YAML is nested more than {} levels deep; a scenario needs "
                               "fewer than 10",
                               e.depth()));
  } catch (const YAML::Exception& e) {
    const SourceLoc loc = loader::loc_of(e.mark);
    if (auto tab = indentation_tab(text, loc.line > 0 ? loc.line : INT_MAX)) {
      out.push_back(Diagnostic{name, tab->line, tab->column, "",
                               "a tab is used for indentation; YAML indents with spaces only"});
    } else if (e.msg == "end of sequence flow not found" || e.msg == "end of map flow not found") {
      const char open = e.msg == "end of map flow not found" ? '{' : '[';
      const char close = open == '{' ? '}' : ']';
      if (auto at = unclosed_flow(text, open, loc.line > 0 ? loc.line : INT_MAX))
        out.push_back(Diagnostic{
            name, at->line, at->column, "",
            fmt::format("YAML syntax error: this '{}' is not closed with '{}' (the parser gave "
                        "up at line {}, column {})",
                        open, close, loc.line, loc.column)});
      else
        report(e.mark, "YAML syntax error: " + e.msg + syntax_hint(e.msg));
    } else {
      report(e.mark, "YAML syntax error: " + e.msg + syntax_hint(e.msg));
    }
  } catch (const std::bad_alloc&) {
    out.push_back(Diagnostic{name, 0, 0, "", "the file is too complex to read"});
  }
  return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> parse_checked_yaml(const std::string& text, const std::string& name,
                                             std::vector<Diagnostic>& diagnostics) {
  if (auto bad = check_bytes(text, name)) {
    diagnostics.push_back(*bad);
    return std::nullopt;
  }
  return parse(text, name, diagnostics);
}

namespace {

// The one place where the parsed tree may change before validation: the
// files it `extends` are merged in and `--set` overrides applied
// (scenario_compose.hpp). The files it extends are read with the same checks
// as this one. The result also knows which file or override each value came
// from, to point validation messages there.
ComposedScenario amend_tree(const YAML::Node& root, const std::string& text,
                            const std::string& name, const LoadOptions& options) {
  return compose_scenario(root, text, name, options.overrides, parse_checked_yaml);
}

void sort_by_position(std::vector<Diagnostic>& d, std::size_t first) {
  // Problems without a position (limits, whole-file problems) go last.
  const auto key = [](const Diagnostic& x) {
    return std::pair(x.line > 0 ? x.line : INT_MAX, x.column);
  };
  std::stable_sort(d.begin() + static_cast<std::ptrdiff_t>(first), d.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

Scenario load_text(const std::string& text, const std::string& name, const LoadOptions& options) {
  if (text.size() > kMaxScenarioFileBytes)
    fail(name, fmt::format("the text is larger than {} KiB, the limit for a scenario; "
                           "scenarios are usually well under 100 KiB",
                           kMaxScenarioFileBytes / 1024));
  std::vector<Diagnostic> diagnostics;
  auto root = parse_checked_yaml(text, name, diagnostics);
  if (!root) throw InputError(std::move(diagnostics));
  const ComposedScenario composed = amend_tree(*root, text, name, options);
  Scenario scenario = scenario_from_yaml(composed.root, name, diagnostics);
  composed.attribute(diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  // What ran: the file's bytes, or the composed scenario's canonical text.
  scenario.sha256 = text_sha256(composed.text);
  return scenario;
}

}  // namespace

Scenario scenario_from_yaml(const YAML::Node& root, const std::string& name,
                            std::vector<Diagnostic>& diagnostics) {
  Scenario scenario;
  scenario.file = name;
  const std::size_t first = diagnostics.size();
  loader::Reader reader(name, diagnostics);
  loader::TreeResult result;
  bool stopped = false;
  try {
    result = loader::read_scenario_tree(reader, root, scenario);
  } catch (const loader::WalkStopped&) {
    stopped = true;
  }
  // The graph checks (reachability, traps, probability sums) only make sense
  // once the process and events read cleanly; before that they would repeat
  // the same problems in other words.
  if (!stopped && !result.process_problems) {
    for (auto& d : check_process(scenario)) diagnostics.push_back(std::move(d));
  }
  sort_by_position(diagnostics, first);
  return scenario;
}

Scenario load_scenario_string(std::string_view text, const std::string& name,
                              const LoadOptions& options) {
  return load_text(std::string(text), name, options);
}

Scenario load_scenario_file(const std::string& path, const LoadOptions& options) {
  std::string problem;
  const auto text = read_text_file(path, problem);
  if (!text) fail(path, problem);
  return load_text(*text, path, options);
}

std::string composed_scenario_text(const std::string& path,
                                   const std::vector<std::string>& overrides) {
  return compose_scenario_file(path, overrides).text;
}

std::vector<std::string> scenario_files(const std::string& path) {
  try {
    return compose_scenario_file(path).files;
  } catch (const InputError&) {
    return {path};
  }
}

}  // namespace negsim
