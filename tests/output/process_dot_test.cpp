#include <gtest/gtest.h>

#include <boost/graph/graphviz.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "negsim/model/process_graph.hpp"
#include "negsim/output/process_dot.hpp"
#include "support/process_builder.hpp"
#include "support/scratch.hpp"

namespace negsim {
namespace {

using testing::every_kind_and_trigger;
using testing::ProcessBuilder;

struct NodeProps {
  std::string id, label, shape, style, fillcolor, color;
};
struct EdgeProps {
  std::string label, style;
};
using ReadGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, NodeProps, EdgeProps>;

// What Graphviz shows for a quoted string that boost::read_graphviz returned:
// the reader undoes \" itself but leaves \\ and \n for the renderer.
std::string shown(const std::string& read) {
  std::string out;
  for (std::size_t i = 0; i < read.size(); ++i) {
    if (read[i] == '\\' && i + 1 < read.size()) {
      const char next = read[++i];
      out += next == 'n' ? '\n' : next;
    } else {
      out += read[i];
    }
  }
  return out;
}

struct Parsed {
  ReadGraph graph;
  std::map<std::string, std::size_t> vertex;  // node id -> vertex
};

Parsed parse(const std::string& dot) {
  Parsed p;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&NodeProps::id, p.graph));
  dp.property("label", boost::get(&NodeProps::label, p.graph));
  dp.property("shape", boost::get(&NodeProps::shape, p.graph));
  dp.property("style", boost::get(&NodeProps::style, p.graph));
  dp.property("fillcolor", boost::get(&NodeProps::fillcolor, p.graph));
  dp.property("color", boost::get(&NodeProps::color, p.graph));
  dp.property("label", boost::get(&EdgeProps::label, p.graph));
  dp.property("style", boost::get(&EdgeProps::style, p.graph));
  std::istringstream in(dot);
  EXPECT_TRUE(boost::read_graphviz(in, p.graph, dp)) << dot;
  for (auto v : boost::make_iterator_range(boost::vertices(p.graph))) p.vertex[p.graph[v].id] = v;
  return p;
}

std::string dot_of(const Scenario& s) {
  std::ostringstream out;
  write_dot(s, out);
  return out.str();
}

// Edge labels by "from -> to", several joined by " | " in file order.
std::map<std::string, std::string> edge_labels(const Parsed& p) {
  std::map<std::string, std::string> out;
  for (auto e : boost::make_iterator_range(boost::edges(p.graph))) {
    auto key =
        p.graph[boost::source(e, p.graph)].id + " -> " + p.graph[boost::target(e, p.graph)].id;
    auto& slot = out[key];
    slot += (slot.empty() ? "" : " | ") + shown(p.graph[e].label);
  }
  return out;
}

TEST(WriteDot, RoundTripsThroughReadGraphviz) {
  const Scenario s = every_kind_and_trigger();
  const Parsed p = parse(dot_of(s));
  // Every state plus the start marker; every transition plus the start arrow.
  EXPECT_EQ(boost::num_vertices(p.graph), s.process.states.size() + 1);
  EXPECT_EQ(boost::num_edges(p.graph), s.process.transitions.size() + 1);
  for (const auto& state : s.process.states) EXPECT_TRUE(p.vertex.count(state.id)) << state.id;

  EXPECT_EQ(edge_labels(p), (std::map<std::string, std::string>{
                                {"(start) -> opening", "start"},
                                {"opening -> talks", "after 3 weeks | rejected"},
                                {"talks -> referendum", "accepted"},
                                {"talks -> collapse", "walkout | deadline (week 30)"},
                                {"talks -> suspended", "event: Large strike\non energy"},
                                {"suspended -> talks", "after 4 weeks"},
                                {"suspended -> collapse", "p=0.05 per week"},
                                {"referendum -> deal", "p=0.7"},
                                {"referendum -> collapse", "p=0.3"},
                            }));
}

TEST(WriteDot, ShapesStatesByKindAndFillsTerminalsByOutcome) {
  const Parsed p = parse(dot_of(every_kind_and_trigger()));
  auto node = [&](const std::string& id) { return p.graph[p.vertex.at(id)]; };
  EXPECT_EQ(node("talks").shape, "box");
  EXPECT_EQ(node("suspended").shape, "ellipse");
  EXPECT_EQ(node("suspended").style, "dashed");
  EXPECT_EQ(node("referendum").shape, "diamond");
  EXPECT_EQ(node("deal").shape, "doubleoctagon");
  EXPECT_EQ(node("(start)").shape, "point");
  EXPECT_FALSE(node("deal").fillcolor.empty());
  EXPECT_NE(node("deal").fillcolor, node("collapse").fillcolor);
  // States by their names in words, never their ids; outcomes by their labels.
  EXPECT_EQ(shown(node("deal").label), "Deal\noutcome: Agreement");
  EXPECT_EQ(shown(node("opening").label), "Opening\nbargaining, at most 3 weeks");
  EXPECT_EQ(shown(node("referendum").label), "Referendum\nchance, resolved at once");
}

TEST(WriteDot, WeightsLabelEachEdgeWithTheShareOfBranchesThatTookIt) {
  const Scenario s = every_kind_and_trigger();
  // Transitions in the builder's order: opening->talks (round limit, rejected),
  // talks->referendum, talks->collapse (walkout), talks->suspended,
  // talks->collapse (deadline), suspended->talks, suspended->collapse,
  // referendum->deal, referendum->collapse.
  EdgeShares shares;
  shares.branches = 2000;
  shares.taken = {1500, 500, 700, 0, 300, 1, 300, 20, 480, 200};
  std::ostringstream out;
  write_dot(s, out, DotOptions{&shares, 7});
  const Parsed p = parse(out.str());
  EXPECT_EQ(edge_labels(p), (std::map<std::string, std::string>{
                                {"(start) -> opening", "start"},
                                {"opening -> talks", "after 3 weeks\n75% | rejected\n25%"},
                                {"talks -> referendum", "accepted\n35%"},
                                {"talks -> collapse", "walkout\n0% | deadline (week 30)\n<0.1%"},
                                {"talks -> suspended", "event: Large strike\non energy\n15%"},
                                {"suspended -> talks", "after 4 weeks\n15%"},
                                {"suspended -> collapse", "p=0.05 per week\n1.0%"},
                                {"referendum -> deal", "p=0.7\n24%"},
                                {"referendum -> collapse", "p=0.3\n10%"},
                            }));
  // Never taken: dotted; the others as thick as their share.
  const std::string dot = out.str();
  EXPECT_NE(dot.find("[label=\"walkout\\n0%\", style=\"dotted\", color=\"#999999\""),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("[label=\"after 3 weeks\\n75%\", penwidth=\"4.75\"]"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("share of 2000 branches (seed 7) that took each transition"),
            std::string::npos);
}

TEST(WriteDot, IsLaidOutLeftToRightWithSlideSizedFonts) {
  const std::string dot = dot_of(every_kind_and_trigger());
  EXPECT_NE(dot.find("rankdir=\"LR\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("node [fontname=\"Helvetica\", fontsize=\"16\""), std::string::npos);
}

TEST(WriteDot, NamesStatesByTheirLabelsWrapped) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .label("Trilateral rounds in Abu Dhabi with US mediation")
               .terminal("ceasefire_agreed", "ceasefire")
               .on("talks", "ceasefire_agreed", Trigger::accepted)
               .build();
  const Parsed p = parse(dot_of(s));
  EXPECT_EQ(shown(p.graph[p.vertex.at("talks")].label),
            "Trilateral rounds in\nAbu Dhabi with US\nmediation\nbargaining");
  EXPECT_EQ(shown(p.graph[p.vertex.at("ceasefire_agreed")].label),
            "Ceasefire agreed\noutcome: Ceasefire");
}

TEST(WriteDot, TerminalsWithTheSameOutcomeShareAColour) {
  auto s = ProcessBuilder("coin")
               .chance("coin")
               .terminal("a", "agreement")
               .terminal("b", "no_deal")
               .terminal("c", "agreement")
               .probability("coin", "a", 0.2)
               .probability("coin", "b", 0.3)
               .probability("coin", "c", 0.5)
               .build();
  const Parsed p = parse(dot_of(s));
  EXPECT_EQ(p.graph[p.vertex.at("a")].fillcolor, p.graph[p.vertex.at("c")].fillcolor);
  EXPECT_NE(p.graph[p.vertex.at("a")].fillcolor, p.graph[p.vertex.at("b")].fillcolor);
}

TEST(WriteDot, EscapesQuotesBackslashesAndLineBreaksInAnyLabel) {
  const std::string nasty = "He said \"no\" \\ then\nleft;\r\n} -> x [label=\"";
  auto s = ProcessBuilder("talks")
               .title(nasty)
               .declare_event("leak", nasty)
               .bargaining("talks")
               .label(nasty)
               .terminal("deal", "agreement")
               .event("talks", "deal", "leak")
               .build();
  const std::string dot = dot_of(s);
  const Parsed p = parse(dot);
  ASSERT_EQ(boost::num_vertices(p.graph), 3u);
  ASSERT_EQ(boost::num_edges(p.graph), 2u);
  const std::string expected = "He said \"no\" \\ then\nleft;\n} -> x [label=\"";
  EXPECT_EQ(shown(p.graph[p.vertex.at("talks")].label), expected + "\nbargaining");
  EXPECT_EQ(edge_labels(p).at("talks -> deal"),
            "event: He said \"no\"\n\\ then\nleft;\n} -> x [label=\"");
}

TEST(DotQuote, EscapesExactly) {
  EXPECT_EQ(dot_quote("plain"), "\"plain\"");
  EXPECT_EQ(dot_quote(""), "\"\"");
  EXPECT_EQ(dot_quote("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(dot_quote("a\\b"), "\"a\\\\b\"");
  EXPECT_EQ(dot_quote("a\\"), "\"a\\\\\"");  // a trailing backslash must not eat the quote
  EXPECT_EQ(dot_quote("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(dot_quote("a\r\nb\rc"), "\"a\\nb\\nc\"");
  EXPECT_EQ(dot_quote("tab\there\x01"), "\"tab here \"");
  EXPECT_EQ(dot_quote("Zaporizhzhia — ЗАЕС"), "\"Zaporizhzhia — ЗАЕС\"");
}

TEST(WriteDot, MarksUnreachableAndTrapStatesAndStillParses) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .pause("frozen")
               .terminal("deal", "agreement")
               .bargaining("island")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "frozen", Trigger::walkout)
               .on("island", "deal", Trigger::accepted)
               .on("talks", "nowhere", Trigger::rejected)  // unknown state: left out
               .build();
  const Parsed p = parse(dot_of(s));
  EXPECT_EQ(boost::num_vertices(p.graph), 5u);
  EXPECT_EQ(boost::num_edges(p.graph), 4u);
  EXPECT_EQ(shown(p.graph[p.vertex.at("frozen")].label), "Frozen\npause\n(cannot reach an ending)");
  EXPECT_EQ(shown(p.graph[p.vertex.at("island")].label), "Island\nbargaining\n(never reached)");
  EXPECT_FALSE(p.graph[p.vertex.at("frozen")].color.empty());
  EXPECT_EQ(p.graph[p.vertex.at("talks")].color, "");
}

TEST(WriteDot, DuplicateStateIdsStillGiveOneNodePerState) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .terminal("deal", "no_deal")
               .on("talks", "deal", Trigger::accepted)
               .build();
  const Parsed p = parse(dot_of(s));
  EXPECT_EQ(boost::num_vertices(p.graph), 4u);
  EXPECT_TRUE(p.vertex.count("deal#2"));
}

// Graphviz itself must accept what we write, not only Boost's reader.
TEST(WriteDot, GraphvizAcceptsTheOutput) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz not installed";
  auto s = every_kind_and_trigger();
  s.title = "Quotes \" and \\ backslashes\nand lines";
  const auto dir = negsim::test_support::scratch_path("dot");
  std::filesystem::create_directories(dir);
  const auto in = dir / "process.dot";
  std::ofstream(in) << dot_of(s);
  const std::string cmd = "dot -Tsvg -o '" + (dir / "process.svg").string() + "' '" + in.string() +
                          "' 2>'" + (dir / "errors.txt").string() + "'";
  const int rc = std::system(cmd.c_str());
  std::ifstream errors(dir / "errors.txt");
  std::stringstream text;
  text << errors.rdbuf();
  EXPECT_EQ(rc, 0) << text.str();
  EXPECT_EQ(text.str(), "");  // no warnings either
  EXPECT_GT(std::filesystem::file_size(dir / "process.svg"), 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace negsim
