#include "scenario_compose.hpp"

#include <set>

#include "text_file.hpp"
#include "yaml_census.hpp"

namespace negsim {

namespace {

class CanonicalEmitter {
 public:
  explicit CanonicalEmitter(const YAML::Node& root) : census_(root) {}

  std::string emit(const YAML::Node& root) {
    node(root);
    std::string text = out_.c_str();
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text;
  }

 private:
  void node(const YAML::Node& n) {
    const int anchor = census_.anchor(n);
    if (anchor > 0) {
      const std::string name = std::to_string(anchor);
      if (!emitted_.insert(anchor).second) {
        out_ << YAML::Alias(name);
        return;
      }
      out_ << YAML::Anchor(name);
    }
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out_ << YAML::Null;
        return;
      case YAML::NodeType::Scalar:
        tag(n);
        if (n.Tag() == "!")
          out_ << YAML::DoubleQuoted << n.Scalar();
        else
          out_ << n.Scalar();
        return;
      case YAML::NodeType::Sequence:
        tag(n);
        if (n.Style() == YAML::EmitterStyle::Flow) out_ << YAML::Flow;
        out_ << YAML::BeginSeq;
        for (const auto& item : n) node(item);
        out_ << YAML::EndSeq;
        return;
      case YAML::NodeType::Map:
        tag(n);
        if (n.Style() == YAML::EmitterStyle::Flow) out_ << YAML::Flow;
        out_ << YAML::BeginMap;
        for (const auto& kv : n) {
          out_ << YAML::Key;
          node(kv.first);
          out_ << YAML::Value;
          node(kv.second);
        }
        out_ << YAML::EndMap;
        return;
    }
  }

  // Explicit tags (rare in scenarios) are kept verbatim; "?" (plain) and "!"
  // (quoted) are the parser's marks for untagged nodes, not tags.
  void tag(const YAML::Node& n) {
    const std::string& t = n.Tag();
    if (!t.empty() && t != "?" && t != "!") out_ << YAML::VerbatimTag(t);
  }

  detail::NodeCensus census_;
  std::set<int> emitted_;
  YAML::Emitter out_;
};

}  // namespace

std::string canonical_yaml(const YAML::Node& root) {
  return CanonicalEmitter(root).emit(root);
}

void ComposedScenario::attribute(std::vector<Diagnostic>& diagnostics) const {
  attribute_to_overrides(diagnostics, overrides);
  if (!sources.empty()) sources.attribute(diagnostics, name);
}

ComposedScenario compose_scenario(const YAML::Node& root, const std::string& text,
                                  const std::string& name,
                                  const std::vector<std::string>& overrides,
                                  const YamlParser& parse) {
  std::vector<Diagnostic> diagnostics;
  ExtendedYaml extended = resolve_extends(root, name, parse, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  ComposedScenario out;
  out.name = name;
  out.root.reset(extended.root);
  out.files = std::move(extended.files);
  out.sources = std::move(extended.sources);
  if (!overrides.empty()) {
    if (!out.root.IsMap()) {
      Diagnostic d;
      d.file = "--set " + overrides.front();
      d.message = "the scenario is not a map of keys, so there is nothing to set";
      throw InputError({d});
    }
    out.overrides = apply_overrides(out.root, overrides, diagnostics);
    if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  }
  out.text = out.composed() ? canonical_yaml(out.root) : text;
  return out;
}

ComposedScenario compose_scenario_text(const std::string& text, const std::string& name,
                                       const std::vector<std::string>& overrides) {
  std::vector<Diagnostic> diagnostics;
  const auto root = parse_yaml(text, name, diagnostics);
  if (!root) throw InputError(std::move(diagnostics));
  return compose_scenario(*root, text, name, overrides, parse_yaml);
}

ComposedScenario compose_scenario_file(const std::string& path,
                                       const std::vector<std::string>& overrides) {
  std::string problem;
  const auto text = read_text_file(path, problem);
  if (!text) throw InputError({Diagnostic{path, 0, 0, "", problem}});
  return compose_scenario_text(*text, path, overrides);
}

}  // namespace negsim
