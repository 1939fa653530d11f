#include <gtest/gtest.h>

#include "negsim/model/process_graph.hpp"
#include "support/process_builder.hpp"

namespace negsim {
namespace {

using testing::every_kind_and_trigger;
using testing::ProcessBuilder;

std::vector<std::string> messages(const Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& d : check_process(scenario)) out.push_back(d.to_string());
  return out;
}

using Messages = std::vector<std::string>;

TEST(CheckProcess, AcceptsEveryStateKindAndTrigger) {
  EXPECT_EQ(messages(every_kind_and_trigger()), Messages{});
}

TEST(CheckProcess, NamesAStateThatCanNeverBeReached) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")  // line 10
               .terminal("deal", "agreement")
               .bargaining("side_channel")  // line 12
               .on("talks", "deal", Trigger::accepted)
               .on("side_channel", "deal", Trigger::accepted)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:12:7: error: process.states[2]: state 'side_channel' can never be "
                      "reached from the initial state 'talks'"}));
}

TEST(CheckProcess, NamesEveryTrapStateInOneMessage) {
  // limbo and purgatory feed each other but never lead to an ending.
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .pause("limbo", 2)  // line 11
               .bargaining("purgatory")
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "limbo", Trigger::walkout)
               .on("limbo", "purgatory", Trigger::round_limit)
               .on("purgatory", "limbo", Trigger::walkout)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:11:7: error: process.states[1]: trap states that can never reach "
                      "an ending: limbo, purgatory; give each a transition that leads to a "
                      "terminal state"}));
}

TEST(CheckProcess, NamesASingleTrapStateInTheSingular) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .pause("frozen")  // line 11: nothing leaves it
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "frozen", Trigger::walkout)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:11:7: error: process.states[1]: trap state that can never reach "
                      "an ending: frozen; give it a transition that leads to a terminal state"}));
}

TEST(CheckProcess, ACycleWithAWayOutIsNotATrap) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .pause("break", 2)
               .terminal("deal", "agreement")
               .on("talks", "break", Trigger::rejected)
               .on("break", "talks", Trigger::round_limit)
               .on("talks", "deal", Trigger::accepted)
               .build();
  EXPECT_EQ(messages(s), Messages{});
}

TEST(CheckProcess, APathThroughATerminalStateDoesNotCount) {
  // The branch ends in `deal`, so `after` is never entered and `talks` (whose
  // only way on is through `deal`) is fine while `after` is a trap.
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .bargaining("after")  // line 12
               .on("talks", "deal", Trigger::accepted)
               .on("deal", "after", Trigger::accepted)  // line 14
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:14:7: error: process.transitions[1]: a transition leaves terminal "
                      "state 'deal', but a terminal state ends the talks; remove the transition "
                      "or give 'deal' another kind",
                      "test.yaml:12:7: error: process.states[2]: state 'after' can never be "
                      "reached from the initial state 'talks'",
                      "test.yaml:12:7: error: process.states[2]: trap state that can never reach "
                      "an ending: after; give it a transition that leads to a terminal state"}));
}

TEST(CheckProcess, ChanceProbabilitiesMustSumToOne) {
  auto s = ProcessBuilder("coin")
               .chance("coin")  // line 10
               .terminal("heads", "agreement")
               .terminal("tails", "no_deal")
               .probability("coin", "heads", 0.5)
               .probability("coin", "tails", 0.4)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:10:7: error: process.states[0]: the probabilities leaving chance "
                      "state 'coin' sum to 0.9, not 1 (to 'heads': 0.5, to 'tails': 0.4)"}));
}

TEST(CheckProcess, ChanceProbabilitiesAreComparedWithRoundingSlack) {
  // 0.6 + 0.3 + 0.1 is 0.9999999999999999 in binary floating point.
  auto s = ProcessBuilder("coin")
               .chance("coin")
               .terminal("a", "x")
               .terminal("b", "y")
               .terminal("c", "z")
               .probability("coin", "a", 0.6)
               .probability("coin", "b", 0.3)
               .probability("coin", "c", 0.1)
               .build();
  volatile double a = 0.6, b = 0.3, c = 0.1;  // volatile: summed at run time, as the check does
  ASSERT_NE(a + b + c, 1.0);
  EXPECT_EQ(messages(s), Messages{});
}

TEST(CheckProcess, ChanceProbabilitiesMustBePlainNumbers) {
  Distribution uncertain;
  uncertain.kind = DistKind::uniform;
  uncertain.low = 0.4;
  uncertain.high = 0.6;
  auto s = ProcessBuilder("coin")
               .chance("coin")
               .terminal("heads", "agreement")
               .terminal("tails", "no_deal")
               .probability("coin", "heads", uncertain)  // line 13
               .probability("coin", "tails", 0.5)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:13:7: error: process.transitions[0].probability: the "
                      "probabilities leaving chance state 'coin' must be plain numbers, not "
                      "distributions, because together they must sum to 1 in every branch; "
                      "or give one transition probability: otherwise"}));
}

TEST(CheckProcess, ChanceStatesLeaveOnlyByProbability) {
  auto s = ProcessBuilder("coin")
               .chance("coin")
               .terminal("heads", "agreement")
               .probability("coin", "heads", 1.0)
               .on("coin", "heads", Trigger::accepted)  // line 13
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:13:7: error: process.transitions[1]: 'coin' is a chance state, "
                      "which is resolved at once by probability, so the transitions leaving it "
                      "need probability: instead of on: accepted"}));
}

TEST(CheckProcess, PerRoundProbabilitiesOutsideChanceStatesSumToAtMostOne) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")  // line 10
               .terminal("deal", "agreement")
               .terminal("collapse", "no_deal")
               .probability("talks", "deal", 0.6)
               .probability("talks", "collapse", 0.5)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:10:7: error: process.states[0]: the per-round probabilities "
                      "leaving state 'talks' sum to 1.1 (to 'deal': 0.6, to 'collapse': 0.5); "
                      "together they can be at most 1"}));
}

TEST(CheckProcess, TerminalStatesNeedAnOutcome) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .terminal("end", "")  // line 11
               .on("talks", "end", Trigger::accepted)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:11:7: error: process.states[1]: terminal state 'end' has no "
                      "outcome; add an outcome label such as agreement or no_deal"}));
}

TEST(CheckProcess, TheInitialStateMustExist) {
  auto s = ProcessBuilder("opening")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .build();
  // Without a valid start, reachability is not judged.
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:1:1: error: process.initial: initial state 'opening' is not a "
                      "state of the process; the states are: talks, deal"}));

  s.process.initial.clear();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:1:1: error: process.initial: no initial state; set initial to "
                      "the state where the talks begin (one of: talks, deal)"}));
}

TEST(CheckProcess, ReportsAnUnknownStateOnceAndChecksTheRest) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "dael", Trigger::walkout)   // line 13
               .on("tlaks", "deal", Trigger::rejected)  // line 14
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:13:7: error: process.transitions[1].to: 'dael' is not a state of "
                      "the process; the states are: talks, deal",
                      "test.yaml:14:7: error: process.transitions[2].from: 'tlaks' is not a state "
                      "of the process; the states are: talks, deal"}));
  // The graph leaves both out.
  EXPECT_EQ(boost::num_edges(build_process_graph(s.process)), 1u);
}

TEST(CheckProcess, EngineTriggersMustBeAbleToFire) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .pause("recess")
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "recess", Trigger::rejected)
               .on("recess", "deal", Trigger::accepted)      // line 15
               .on("recess", "talks", Trigger::round_limit)  // line 16
               .on("talks", "deal", Trigger::deadline)       // line 17
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:15:7: error: process.transitions[2]: on: accepted can only leave "
                      "a bargaining state, but 'recess' is a pause state where no one bargains",
                      "test.yaml:16:7: error: process.transitions[3]: on: round_limit never fires "
                      "because state 'recess' has no max_rounds; add max_rounds to it",
                      "test.yaml:17:7: error: process.transitions[4]: on: deadline never fires "
                      "because the process has no deadline; set process.deadline to the round at "
                      "which it falls"}));
}

TEST(CheckProcess, EventTransitionsMustNameAnEventThatCanHappenThere) {
  auto s = ProcessBuilder("talks")
               .declare_event("strike", "Strike", {"recess"})
               .bargaining("talks")
               .pause("recess", 2)
               .terminal("deal", "agreement")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "recess", Trigger::rejected)
               .on("recess", "talks", Trigger::round_limit)
               .event("talks", "deal", "strike")  // line 16
               .event("talks", "deal", "srike")   // line 17
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:16:7: error: process.transitions[3].event: event 'strike' never "
                      "happens in state 'talks' (it can happen only in: recess), so this "
                      "transition never fires",
                      "test.yaml:17:7: error: process.transitions[4].event: event 'srike' is not "
                      "defined; the events are: strike"}));
}

TEST(CheckProcess, OneStateCannotHaveTwoTransitionsOnTheSameTrigger) {
  auto s = ProcessBuilder("talks")
               .declare_event("strike", "Strike")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .terminal("collapse", "no_deal")
               .on("talks", "deal", Trigger::accepted)
               .on("talks", "collapse", Trigger::accepted)  // line 14
               .event("talks", "collapse", "strike")
               .event("talks", "deal", "strike")  // line 16
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:14:7: error: process.transitions[1]: state 'talks' already has a "
                      "transition on accepted (process.transitions[0]); only one of them could "
                      "ever be taken",
                      "test.yaml:16:7: error: process.transitions[3]: state 'talks' already has a "
                      "transition on event 'strike' (process.transitions[2]); only one of them "
                      "could ever be taken"}));
}

TEST(CheckProcess, DuplicateStateIdsAreReportedOnce) {
  auto s = ProcessBuilder("talks")
               .bargaining("talks")
               .terminal("deal", "agreement")
               .bargaining("talks")  // line 12
               .on("talks", "deal", Trigger::accepted)
               .build();
  EXPECT_EQ(messages(s),
            (Messages{"test.yaml:12:7: error: process.states[2].id: state id 'talks' is already "
                      "used by process.states[0]; each state needs its own id"}));
}

TEST(CheckProcess, AProcessNeedsStatesAndAnEnding) {
  auto empty = ProcessBuilder("talks").build();
  EXPECT_EQ(messages(empty),
            (Messages{"test.yaml:1:1: error: process.states: the process has no states; list at "
                      "least the state where the talks begin and one terminal state where they "
                      "end"}));

  auto endless = ProcessBuilder("talks")
                     .bargaining("talks", 3)
                     .pause("recess", 1)
                     .on("talks", "recess", Trigger::round_limit)
                     .on("recess", "talks", Trigger::round_limit)
                     .build();
  EXPECT_EQ(messages(endless),
            (Messages{"test.yaml:1:1: error: process.states: the process has no terminal state, "
                      "so the talks can never end; add a state with kind: terminal and an "
                      "outcome"}));
}

TEST(CheckProcess, DiagnosticsCarryTheFileAndPlace) {
  auto s = ProcessBuilder("talks").bargaining("talks").terminal("deal", "").build();
  s.file = "scenarios/my talks.yaml";
  const auto problems = check_process(s);
  ASSERT_FALSE(problems.empty());
  for (const auto& d : problems) EXPECT_EQ(d.file, "scenarios/my talks.yaml");
  // terminal without outcome, deal unreachable, talks a trap: each at its state.
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 11);
  EXPECT_EQ(problems[0].path, "process.states[1]");
  EXPECT_EQ(problems[2].line, 10);
  EXPECT_EQ(problems[2].path, "process.states[0]");
}

TEST(ProcessGraph, HasOneVertexPerStateAndOneEdgePerTransition) {
  const auto s = every_kind_and_trigger();
  const ProcessGraph g = build_process_graph(s.process);
  ASSERT_EQ(boost::num_vertices(g), s.process.states.size());
  ASSERT_EQ(boost::num_edges(g), s.process.transitions.size());
  for (std::size_t v = 0; v < s.process.states.size(); ++v) {
    EXPECT_EQ(g[v].state, static_cast<int>(v));
    EXPECT_EQ(g[v].kind, s.process.states[v].kind);
  }
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const Transition& t = s.process.transitions[g[e].transition];
    EXPECT_EQ(s.process.states[boost::source(e, g)].id, t.from);
    EXPECT_EQ(s.process.states[boost::target(e, g)].id, t.to);
    EXPECT_EQ(g[e].trigger, t.trigger);
  }
}

TEST(ProcessGraph, ReachMarksWhatTheInitialStateLeadsToAndWhatCanEnd) {
  auto s = ProcessBuilder("a")
               .bargaining("a")
               .bargaining("b")
               .terminal("t", "x")
               .bargaining("island")
               .on("a", "b", Trigger::rejected)
               .on("b", "b", Trigger::rejected)
               .on("island", "t", Trigger::accepted)
               .build();
  const auto reach = analyse_reach(s.process, build_process_graph(s.process));
  EXPECT_EQ(reach.reachable, (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(reach.can_end, (std::vector<bool>{false, false, true, true}));
}

}  // namespace
}  // namespace negsim
