// No input, however malformed, may crash the loader, hang it or exhaust
// memory: every file either loads or is rejected with positioned messages.
// Large and deep inputs are generated here rather than committed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>

#include "negsim/input/scenario_loader.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

const std::string kPie = std::string(NEGSIM_SOURCE_DIR) + "/scenarios/examples/split_the_pie.yaml";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The problems found in `text`; empty when it loads.
std::vector<Diagnostic> text_problems(const std::string& text) {
  try {
    load_scenario_string(text, "t.yaml");
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

Diagnostic first_problem(const std::string& text) {
  auto found = text_problems(text);
  if (found.empty()) return Diagnostic{"", 0, 0, "", "(accepted)"};
  return found.front();
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(LoaderRobustness, EmptyAndBlankFiles) {
  for (const std::string text : {"", "\n\n", "   \n", "# only a comment\n", "~\n", "---\n"}) {
    const Diagnostic d = first_problem(text);
    EXPECT_EQ(d.message,
              "the file is empty; a scenario needs the keys scenario, issues, parties and process")
        << "[" << text << "]";
    EXPECT_EQ(d.line, 0);
  }
}

TEST(LoaderRobustness, ScalarOrListInsteadOfAMap) {
  Diagnostic d = first_problem("hello\n");
  EXPECT_EQ(d.message,
            "expected a map with the keys scenario, issues, parties and process, got the text "
            "'hello'");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 1);
  d = first_problem("[1, 2]\n");
  EXPECT_EQ(d.message,
            "expected a map with the keys scenario, issues, parties and process, got a list");
}

TEST(LoaderRobustness, DeepFlowNestingIsRefused) {
  const std::string text = "scenario: " + repeat("[", 100000) + repeat("]", 100000) + "\n";
  const Diagnostic d = first_problem(text);
  EXPECT_EQ(d.line, 1);
  EXPECT_NE(d.message.find("nested more than"), std::string::npos) << d.message;
}

TEST(LoaderRobustness, DeepBlockNestingIsRefused) {
  std::string text;
  for (int depth = 0; depth < 800; ++depth) text += std::string(2 * depth, ' ') + "- \n";
  ASSERT_LT(text.size(), kMaxScenarioFileBytes);
  const Diagnostic d = first_problem(text);
  EXPECT_NE(d.message.find("nested more than"), std::string::npos) << d.message;
}

TEST(LoaderRobustness, DeepNestingInsideAValueIsJustTheWrongType) {
  // 400 levels is within yaml-cpp's limit; the walk never descends into it.
  const std::string text = read_file(kPie);
  const std::string deep = repeat("[", 400) + repeat("]", 400);
  std::string changed = text;
  changed.replace(changed.find("batna: 0.2"), 10, "batna: " + deep);
  const Diagnostic d = first_problem(changed);
  EXPECT_EQ(d.path, "parties[0].batna");
  EXPECT_EQ(
      d.message,
      "expected a number or a distribution ({dist: uniform, low: ..., high: ...}), got a list");
}

TEST(LoaderRobustness, TextOverTheSizeLimitIsRefusedBeforeParsing) {
  const std::string text = "# " + std::string(kMaxScenarioFileBytes, 'x') + "\n";
  const Diagnostic d = first_problem(text);
  EXPECT_EQ(d.message,
            "the text is larger than 1024 KiB, the limit for a scenario; scenarios are usually "
            "well under 100 KiB");
}

TEST(LoaderRobustness, FileOverTheSizeLimitIsRefusedBeforeParsing) {
  const auto path = negsim::test_support::scratch_path("huge.yaml");
  {
    std::ofstream out(path, std::ios::binary);
    const std::string line = "- [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n";
    for (std::size_t written = 0; written <= 4 * kMaxScenarioFileBytes; written += line.size())
      out << line;
  }
  try {
    load_scenario_file(path.string());
    FAIL() << "a 4 MiB file was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().message,
              "the file is larger than 1024 KiB, the limit for a scenario file; scenarios are "
              "usually well under 100 KiB");
  }
  std::filesystem::remove(path);
}

TEST(LoaderRobustness, AliasBombStopsAtTheNodeLimit) {
  // Each level multiplies the walk by 1000 through shared (aliased) nodes:
  // 1000 parties x 1000 demands x 1000 values from a file of ~30 KB.
  std::string text =
      "scenario: {id: bomb, title: B, as_of: 2026-01-01, horizon: 3}\n"
      "values: &v [" +
      repeat("1, ", 999) +
      "1]\n"
      "demand: &d {ideal: {dist: discrete, values: *v, weights: *v}}\n"
      "demands: &ds {";
  // Appended piecewise: g++ 12 warns falsely (-Wrestrict, GCC bug 105329) on
  // "literal" + std::to_string(i) here.
  for (int i = 0; i < 1000; ++i) {
    text += 'i';
    text += std::to_string(i);
    text += ": *d, ";
  }
  text += "}\n";
  text += "issues: [";
  for (int i = 0; i < 1000; ++i)
    text += "{id: i" + std::to_string(i) + ", kind: continuous, range: {low: 0, high: 2}}, ";
  text += "]\n";
  text += "party: &p {id: a, role: principal, demands: *ds}\n";
  text += "parties: [" + repeat("*p, ", 1000) + "]\n";
  ASSERT_LT(text.size(), kMaxScenarioFileBytes);
  const auto found = text_problems(text);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.back().message,
            "the file has more than 1000000 values (counting every use of a YAML alias); a "
            "scenario is far smaller, so this looks like an alias bomb");
}

TEST(LoaderRobustness, ClassicBillionLaughsInAnUnknownKeyIsNeverExpanded) {
  std::string text = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 30; ++i)
    text += "lol" + std::to_string(i) + ": &l" + std::to_string(i) + " [" +
            repeat("*l" + std::to_string(i - 1) + ", ", 8) + "*l" + std::to_string(i - 1) + "]\n";
  const Diagnostic d = first_problem(text);
  EXPECT_EQ(d.path, "lol0");
  EXPECT_EQ(d.message,
            "unknown key 'lol0' at the top level; expected one of: scenario, issues, "
            "parties, events, process, correlations");
}

TEST(LoaderRobustness, AliasCycleTerminates) {
  std::string text = read_file(kPie);
  text.replace(text.find("issues:\n"), 8, "issues: &cycle [*cycle]\nunused:\n");
  const auto found = text_problems(text);
  ASSERT_FALSE(found.empty());
  bool reported = false;
  for (const auto& d : found)
    reported = reported ||
               (d.path == "issues[0]" && d.message ==
                                             "expected an issue (a map with id, label, kind, ...), "
                                             "got a list");
  EXPECT_TRUE(reported);
}

TEST(LoaderRobustness, BinaryGarbage) {
  std::mt19937_64 gen(12345);
  std::string bytes(4096, '\0');
  for (char& c : bytes) c = static_cast<char>(gen() & 0xFF);
  const Diagnostic d = first_problem(bytes);
  EXPECT_GT(d.line, 0);
  EXPECT_TRUE(d.message.find("not UTF-8") != std::string::npos ||
              d.message.find("NUL byte") != std::string::npos ||
              d.message.find("control character") != std::string::npos)
      << d.message;
}

TEST(LoaderRobustness, NulByte) {
  const Diagnostic d = first_problem(std::string("scenario:\n  id: x\0y\n", 20));
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 8);
  EXPECT_EQ(d.message, "the file contains a NUL byte, so it is binary, not a YAML text file");
}

TEST(LoaderRobustness, Latin1IsNotUtf8) {
  const Diagnostic d = first_problem("scenario:\n  title: Caf\xE9 talks\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 13);
  EXPECT_EQ(
      d.message,
      "the file is not UTF-8 text (byte 0xe9 is not valid here); save it with UTF-8 encoding");
}

TEST(LoaderRobustness, Utf16IsNotUtf8) {
  const Diagnostic d = first_problem(std::string("\xFF\xFEs\0c\0", 6));
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 1);
  EXPECT_EQ(
      d.message,
      "the file is not UTF-8 text (byte 0xff is not valid here); save it with UTF-8 encoding");
}

TEST(LoaderRobustness, ControlCharacter) {
  const Diagnostic d = first_problem("scenario:\n  id: \x01\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 7);
  EXPECT_EQ(d.message,
            "the file contains the control character 0x01, which YAML does not allow; a scenario "
            "file is plain UTF-8 text");
}

TEST(LoaderRobustness, Utf8TextIsFine) {
  std::string text = read_file(kPie);
  text.replace(text.find("Two parties split a pie"), 23, "Deux parties — «partage» 🥧");
  EXPECT_TRUE(text_problems(text).empty());
}

TEST(LoaderRobustness, HugeValuesAreShortenedInMessages) {
  std::string text = read_file(kPie);
  text.replace(text.find("role: principal"), 15, "role: " + std::string(200000, 'r'));
  const Diagnostic d = first_problem(text);
  EXPECT_EQ(d.path, "parties[0].role");
  EXPECT_EQ(d.message, "unknown role '" + std::string(40, 'r') +
                           "...'; expected one of: principal, mediator, observer, ratifier");
}

TEST(LoaderRobustness, StopsAfterTwoHundredProblems) {
  std::string text = read_file(kPie);
  for (int i = 0; i < 500; ++i) text += "extra" + std::to_string(i) + ": 1\n";
  const auto found = text_problems(text);
  ASSERT_EQ(found.size(), 201u);
  EXPECT_EQ(found.back().message, "stopped after 200 problems; fix these and run again");
}

TEST(LoaderRobustness, SecondDocumentAndStrayContentAfterTheScenario) {
  // yaml-cpp's LoadAll loops forever on "[]," ; the loader must not.
  for (const std::string text : {"[],", "[], 1", "{a: 1},"}) {
    const Diagnostic d = first_problem(text);
    EXPECT_EQ(d.message.rfind("a second YAML document", 0), 0u) << text << ": " << d.message;
  }
}

TEST(LoaderRobustness, MissingFileAndDirectory) {
  try {
    load_scenario_file("no/such/file.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().to_string(),
              "no/such/file.yaml: error: cannot open the file (No such file or directory)");
  }
  try {
    load_scenario_file(NEGSIM_SOURCE_DIR "/scenarios");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().message, "cannot read the file (is it a directory?)");
  }
}

// Random damage to a valid file: every result is a Scenario or an InputError
// whose diagnostics all point inside the file.
TEST(LoaderRobustness, RandomlyDamagedScenariosNeverEscapeAsOtherErrors) {
  const std::string original = read_file(kPie);
  const std::string alphabet = "{}[]:,-&*!|>'\"#%@` \t\n\\?~0123456789abcxyz._";
  std::mt19937_64 gen(2026);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(gen() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = gen() % text.size();
      switch (gen() % 4) {
        case 0:
          text.erase(at, 1 + gen() % 8);
          break;
        case 1:
          text.insert(at, 1, alphabet[gen() % alphabet.size()]);
          break;
        case 2:
          text[at] = alphabet[gen() % alphabet.size()];
          break;
        default:
          text.insert(at, text.substr(gen() % text.size(), gen() % 40));
          break;
      }
    }
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    try {
      load_scenario_string(text, "t.yaml");
    } catch (const InputError& e) {
      ++rejected;
      ASSERT_FALSE(e.diagnostics().empty());
      for (const auto& d : e.diagnostics()) {
        ASSERT_FALSE(d.message.empty()) << text;
        ASSERT_LE(d.line, lines) << d.to_string() << "\n" << text;
        ASSERT_GE(d.line, 0);
      }
    } catch (const std::exception& e) {
      FAIL() << "escaped: " << e.what() << "\n" << text;
    }
  }
  EXPECT_GT(rejected, 1000);  // the damage is real, not mostly in comments
}

}  // namespace
}  // namespace negsim
