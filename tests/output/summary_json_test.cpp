#include "negsim/output/summary_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "support/summary_fixture.hpp"

namespace negsim {
namespace {

using namespace testing_fixture;

TEST(SummaryJson, HasTheDocumentedKeys) {
  const nlohmann::json j = to_json(small_summary());
  EXPECT_EQ(j.at("branches"), 10);
  EXPECT_EQ(j.at("seed"), 7);
  EXPECT_EQ(j.at("scenario").at("id"), "small_talks");
  EXPECT_EQ(j.at("scenario").at("sha256"), std::string(64, 'a'));
  const auto& o = j.at("outcomes").at(0);
  EXPECT_EQ(o.at("id"), "agreement");
  EXPECT_EQ(o.at("count"), 6);
  EXPECT_EQ(o.at("probability"), 0.6);
  ASSERT_EQ(o.at("ci95").size(), 2u);
  EXPECT_EQ(o.at("ci95").at(0), wilson_interval(6, 10).low);
  // Calendar days are rounds × days per round.
  EXPECT_EQ(o.at("days").at("p50"), 21.0);
  EXPECT_EQ(j.at("timing").at("unresolved_share"), 0.1);
  EXPECT_EQ(j.at("outcomes").at(1).at("rounds").at("p50"), 1.0);
  // Milestones and outcome groups: cumulative curves with calendar dates.
  EXPECT_EQ(j.at("format_version"), 2);
  EXPECT_EQ(j.at("scenario").at("as_of"), "2026-01-01");
  EXPECT_EQ(o.at("agreement"), true);
  const auto& signed_ = j.at("milestones").at(0);
  EXPECT_EQ(signed_.at("id"), "signed");
  EXPECT_EQ(signed_.at("probability"), 0.6);
  ASSERT_EQ(signed_.at("by_round").size(), 11u);  // rounds 0..10
  EXPECT_EQ(signed_.at("by_round").at(3).at("date"), "2026-01-22");
  EXPECT_EQ(signed_.at("by_round").at(3).at("count"), 3);
  EXPECT_EQ(signed_.at("by_round").at(3).at("ci95").at(0), wilson_interval(3, 10).low);
  EXPECT_EQ(j.at("groups").at(0).at("id"), "agreement");
  EXPECT_EQ(j.at("groups").at(1).at("id"), "no_agreement");
  EXPECT_EQ(j.at("groups").at(1).at("probability"), 0.4);
  EXPECT_EQ(j.at("groups").at(2).at("id"), "text_accepted");
}

TEST(SummaryJson, ReadsTheFirstVersionWithoutMilestones) {
  nlohmann::json j = to_json(small_summary());
  j["format_version"] = 1;
  j.erase("milestones");
  j.erase("groups");
  j["scenario"].erase("as_of");
  for (auto& o : j["outcomes"]) o.erase("agreement");
  const Summary s = summary_from_json(j);
  EXPECT_TRUE(s.milestones.empty());
  EXPECT_TRUE(s.groups.empty());
  EXPECT_EQ(s.provenance.as_of, "");
  EXPECT_FALSE(s.outcomes[0].agreement);
  EXPECT_EQ(s.outcomes[0].count, 6u);
}

TEST(SummaryJson, RoundTripsExactlyThroughText) {
  Summary s = small_summary();
  s.provenance.wall_seconds = 0.1 + 0.2;  // not a short decimal
  s.provenance.partial = true;
  s.provenance.precision = 0.005;
  const Summary back = summary_from_json(nlohmann::json::parse(to_json(s).dump()));
  EXPECT_EQ(back, s);
  EXPECT_EQ(back.provenance.wall_seconds, 0.1 + 0.2);
  EXPECT_EQ(to_json(back).dump(), to_json(s).dump());
}

TEST(SummaryJson, NamesTheKeyThatIsMissingOrWrong) {
  nlohmann::json j = to_json(small_summary());
  j["outcomes"][1].erase("count");
  try {
    summary_from_json(j);
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "summary: summary.outcomes[1].count is missing");
  }
  j = to_json(small_summary());
  j["scenario"]["horizon"] = "ten";
  try {
    summary_from_json(j);
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "summary: summary.scenario.horizon has the wrong type (string)");
  }
  EXPECT_THROW(summary_from_json(nlohmann::json::array()), std::runtime_error);
}

}  // namespace
}  // namespace negsim
