// Sweep grids, --vary parsing, and tipping points on probabilities with a
// known crossing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "negsim/model/diagnostic.hpp"
#include "negsim/output/sweep_json.hpp"
#include "negsim/run/sweep.hpp"

namespace negsim {
namespace {

std::string vary_message(const std::string& text) {
  try {
    parse_vary(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ParseVary, ReadsKeyLowHighSteps) {
  const SweepAxis a = parse_vary("parties.russia.costs.per_round=0:0.05:11");
  EXPECT_EQ(a.key, "parties.russia.costs.per_round");
  EXPECT_EQ(a.low, 0.0);
  EXPECT_EQ(a.high, 0.05);
  EXPECT_EQ(a.steps, 11);
  EXPECT_EQ(parse_vary("x=-1:+2.5e1:2").high, 25.0);
}

TEST(ParseVary, ExplainsWhatIsWrong) {
  EXPECT_EQ(vary_message("x"),
            "--vary x: error: expected KEY=LOW:HIGH:STEPS, e.g. --vary "
            "parties.russia.costs.per_round=0:0.05:11");
  EXPECT_EQ(vary_message("x=0:1"),
            "--vary x=0:1: error: expected LOW:HIGH:STEPS after '=', found '0:1'; e.g. --vary "
            "parties.russia.costs.per_round=0:0.05:11");
  EXPECT_EQ(vary_message("x=a:1:3"), "--vary x=a:1:3: error: LOW 'a' is not a number");
  EXPECT_EQ(vary_message("x=0:1:2.5"),
            "--vary x=0:1:2.5: error: STEPS '2.5' is not a whole number");
  EXPECT_EQ(vary_message("x=0:1:1"),
            "--vary x=0:1:1: error: STEPS is the number of grid points, from 2 to 1000; got 1");
  EXPECT_EQ(vary_message("x=1:0:3"), "--vary x=1:0:3: error: LOW (1) must be below HIGH (0)");
}

TEST(SweepAxis, GridValuesAreEvenAndTidy) {
  const auto v = SweepAxis{"x", 0, 1, 11}.values();
  ASSERT_EQ(v.size(), 11u);
  EXPECT_EQ(v[3], 0.3);
  EXPECT_EQ(v[10], 1.0);
  EXPECT_EQ(vary_override(SweepAxis{"x", 0, 1, 11}, v[3]), "x=0.3");
  EXPECT_EQ(SweepAxis({"y", 0.05, 0.95, 10}).values()[4], 0.45);
}

// p(deal) = x exactly, p(no_deal) = 1 − x: the most likely outcome flips at 0.5.
SweepResult linear_sweep(const SweepAxis& axis) {
  SweepResult r;
  r.axes = {axis};
  r.outcomes = {"no_deal", "deal"};
  for (double x : axis.values()) {
    SweepPoint p;
    p.values = {x};
    p.probabilities = {1 - x, x};
    r.points.push_back(p);
  }
  return r;
}

TEST(FindTippingPoints, InterpolatesWhereTheLeadersCross) {
  SweepResult r = linear_sweep({"p", 0.05, 0.95, 10});
  const auto tips = find_tipping_points(r);
  ASSERT_EQ(tips.size(), 1u);
  EXPECT_EQ(tips[0].from, "no_deal");
  EXPECT_EQ(tips[0].to, "deal");
  EXPECT_EQ(tips[0].before, 0.45);
  EXPECT_EQ(tips[0].after, 0.55);
  EXPECT_NEAR(tips[0].at, 0.5, 1e-12);
  EXPECT_FALSE(tips[0].other.has_value());
  EXPECT_EQ(r.points.front().most_likely, 0u);
  EXPECT_EQ(r.points.back().most_likely, 1u);
}

TEST(FindTippingPoints, FindsNoneWhenTheLeaderNeverChanges) {
  SweepResult r = linear_sweep({"p", 0.6, 0.9, 4});
  EXPECT_TRUE(find_tipping_points(r).empty());
}

TEST(FindTippingPoints, AFailedPointBreaksTheLine) {
  SweepResult r = linear_sweep({"p", 0.05, 0.95, 10});
  r.points[4].error = "value out of range";
  r.points[5].error = "value out of range";
  EXPECT_TRUE(find_tipping_points(r).empty());
}

TEST(FindTippingPoints, WalksEveryLineOfATwoDimensionalGrid) {
  // P(deal) = (x + y)/2 + 0.01 passes 0.5 on the line x + y = 0.98, which no
  // grid point lies on: along x the flip is at 0.98 − y, along y at 0.98 − x.
  SweepResult r;
  r.axes = {{"x", 0.1, 0.9, 5}, {"y", 0.1, 0.9, 5}};
  r.outcomes = {"no_deal", "deal"};
  for (double x : r.axes[0].values())
    for (double y : r.axes[1].values()) {
      const double p = (x + y) / 2 + 0.01;
      r.points.push_back(SweepPoint{{x, y}, {}, {1 - p, p}, {}, 0, 0, ""});
    }
  const auto tips = find_tipping_points(r);
  // One tip on each line along x, then along y, except the lines at 0.9, where
  // the crossing (0.98 − 0.9 = 0.08) lies below the grid.
  ASSERT_EQ(tips.size(), 8u);
  for (const auto& t : tips) {
    ASSERT_TRUE(t.other.has_value());
    EXPECT_NEAR(t.at, 0.98 - *t.other, 1e-12) << "axis " << t.axis << " other " << *t.other;
    EXPECT_EQ(t.from, "no_deal");
    EXPECT_EQ(t.to, "deal");
  }
  std::size_t along_x = 0;
  for (const auto& t : tips) along_x += t.axis == 0;
  EXPECT_EQ(along_x, 4u);
  EXPECT_EQ(tips.front().axis, 0u);
  EXPECT_EQ(tips.back().axis, 1u);
}

TEST(SweepJson, RoundTripsExactly) {
  SweepResult r = linear_sweep({"p", 0.05, 0.95, 10});
  r.points[2].error = "bad";
  r.points[3].ci95 = {{0.1, 0.2}, {0.3, 1.0 / 3.0}};
  r.points[3].counts = {7, 3};
  r.tipping_points = find_tipping_points(r);
  EXPECT_EQ(sweep_from_json(nlohmann::json::parse(to_json(r).dump())), r);
}

}  // namespace
}  // namespace negsim
