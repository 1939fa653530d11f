#include "negsim/input/batch_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "negsim/input/observation_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "scenario_yaml.hpp"
#include "text_file.hpp"
#include "yaml_reader.hpp"

namespace negsim {

namespace {

namespace fs = std::filesystem;
using loader::Field;
using loader::MapReader;
using loader::Reader;

constexpr const char* kEntryShape = "{name, scenario, set, branches}";

bool is_name(const std::string& s) {
  if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// The command line's limit on branches (kMaxBranches in tools/negsim).
constexpr std::uint64_t kMaxBatchBranches = 1000000000;

// A whole number from `min` to `max`, written plainly (seeds use all 64 bits,
// so not through a double).
std::optional<std::uint64_t> read_count(Reader& reader, const Field& field, const char* what,
                                        std::uint64_t max = UINT64_MAX, std::uint64_t min = 1) {
  if (!field.present()) return std::nullopt;
  reader.visit();
  const YAML::Node& node = field.value;
  if (node.IsScalar() && (node.Tag() == "?" || node.Tag().empty())) {
    const std::string& text = node.Scalar();
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max)
      return value;
  }
  reader.error(field.mark(), field.path,
               fmt::format("expected {} (a whole number from {} to {}), got {}", what, min, max,
                           loader::describe(node)));
  return std::nullopt;
}

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter e;
  e << YAML::Flow << node;
  return e.c_str();
}

// `set:` as a list of KEY_PATH=VALUE texts, or as a map KEY_PATH: VALUE.
std::vector<std::string> read_overrides(Reader& reader, const Field& field) {
  std::vector<std::string> out;
  if (!field.present()) return out;
  if (field.value.IsMap()) {
    MapReader set(reader, field, "a map KEY_PATH: VALUE");
    for (const Field& f : set.fields())
      out.push_back(f.key.Scalar() + "=" +
                    (f.value.IsScalar() ? f.value.Scalar() : flow_text(f.value)));
    return out;
  }
  const auto items = loader::read_list(
      reader, field, "a list of KEY_PATH=VALUE overrides, or a map KEY_PATH: VALUE");
  if (!items) return out;
  for (const Field& item : *items) {
    if (item.value.IsScalar())
      out.push_back(item.value.Scalar());
    else
      reader.error(item.mark(), item.path,
                   fmt::format("expected KEY_PATH=VALUE, got {}", loader::describe(item.value)));
  }
  return out;
}

void read_entry(Reader& reader, const Field& field, const fs::path& dir, BatchFile& batch) {
  MapReader m(reader, field, fmt::format("an entry {}", kEntryShape));
  if (!m.ok()) return;
  m.check_keys({"name", "scenario", "set", "branches"}, " in a batch entry");
  BatchFileEntry entry;
  const Field name = m.require("name");
  if (const auto text = loader::read_text(reader, name)) {
    if (!is_name(*text)) {
      reader.error(name.mark(), name.path,
                   fmt::format("expected a short name made of letters, digits, '_', '-' or '.' "
                               "(it names the entry's column and its output folder), got {}",
                               loader::describe(name.value)));
    } else {
      entry.name = *text;
      for (const auto& other : batch.entries)
        if (other.name == entry.name)
          reader.error(name.mark(), name.path,
                       fmt::format("the name '{}' is used twice", entry.name));
    }
  }
  const Field scenario = m.require("scenario");
  if (const auto text = loader::read_text(reader, scenario)) {
    if (text->empty()) {
      reader.error(scenario.mark(), scenario.path,
                   "expected the path of a scenario file, relative to the batch file");
    } else {
      entry.scenario = *text;
      entry.path = (dir / entry.scenario).lexically_normal().string();
    }
  }
  entry.overrides = read_overrides(reader, m.get("set"));
  entry.branches = read_count(reader, m.get("branches"), "a branch count", kMaxBatchBranches);
  batch.entries.push_back(std::move(entry));
}

void read_batch(Reader& reader, const YAML::Node& root, const fs::path& dir, BatchFile& batch) {
  const Field top(loader::undefined_node(), root, "", root.Mark());
  MapReader m(reader, top,
              fmt::format("a batch: a map with 'entries' (a list of {}) and optional 'title', "
                          "'seed', 'branches'",
                          kEntryShape));
  if (!m.ok()) return;
  m.check_keys({"title", "seed", "branches", "entries"}, " in a batch file");
  if (const auto title = loader::read_line(reader, m.get("title"))) batch.title = *title;
  batch.seed = read_count(reader, m.get("seed"), "a seed", UINT64_MAX, 0);
  batch.branches = read_count(reader, m.get("branches"), "a branch count", kMaxBatchBranches);
  const Field entries = m.require("entries", " (the scenarios to run)");
  const auto items =
      loader::read_list(reader, entries, fmt::format("a list of entries {}", kEntryShape));
  if (items && items->empty())
    reader.error(entries.mark(), entries.path,
                 "expected at least one entry, e.g. - {name: base, scenario: "
                 "../abu_dhabi_2026.yaml}");
  if (items)
    for (const Field& item : *items) read_entry(reader, item, dir, batch);
}

}  // namespace

BatchFile read_batch_file(const std::string& path) {
  BatchFile batch;
  std::string problem;
  auto text = read_text_file(path, problem);
  if (!text) throw InputError({Diagnostic{path, 0, 0, "", problem}});
  batch.text = std::move(*text);
  std::vector<Diagnostic> diagnostics;
  const auto root = parse_checked_yaml(batch.text, path, diagnostics);
  if (!root) throw InputError(std::move(diagnostics));
  Reader reader(path, diagnostics);
  try {
    read_batch(reader, *root, fs::path(path).parent_path(), batch);
  } catch (const loader::WalkStopped&) {
  }
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return batch;
}

BatchFile batch_of_directory(const std::string& dir) {
  BatchFile batch;
  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(dir)) {
    const auto ext = item.path().extension();
    // What happened in a historical case (NAME.observed.yaml) is no scenario.
    if (item.is_regular_file() && (ext == ".yaml" || ext == ".yml") &&
        !is_observation_file(item.path().string()))
      files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError({Diagnostic{dir, 0, 0, "", "the directory holds no .yaml scenario files"}});
  // x.yaml and x.yml would both be the entry `x`, one's files over the other's.
  std::vector<Diagnostic> clashes;
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (files[i].stem() == files[j].stem())
        clashes.push_back(Diagnostic{
            files[i].string(), 0, 0, "",
            fmt::format("has the same name as {} ('{}'): each entry is named by its file name "
                        "without the extension; rename or move one of them",
                        files[j].filename().string(), files[i].stem().string())});
  if (!clashes.empty()) throw InputError(std::move(clashes));
  batch.title = "Scenarios in " + dir;
  for (const auto& f : files) {
    BatchFileEntry entry;
    entry.name = f.stem().string();
    entry.scenario = f.filename().string();
    entry.path = f.string();
    batch.text += f.filename().string() + "\n";
    batch.entries.push_back(std::move(entry));
  }
  return batch;
}

}  // namespace negsim
