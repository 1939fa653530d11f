#include "negsim/output/run_part.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace negsim {
namespace {

TallyLayout layout() {
  TallyLayout l;
  l.outcomes = 2;
  l.horizon = 4;
  l.issues = {{true, 2, 0.0, 1.0}};
  l.parties = 1;
  return l;
}

RunPart sample_part() {
  RunPart part;
  part.engine_version = NEGSIM_VERSION;
  part.scenario_id = "talks";
  part.scenario_file = "scenarios/talks.yaml";
  part.scenario_sha256 = std::string(64, 'a');
  part.overrides = {"parties.a.costs.per_round=0.01"};
  part.seed = 42;
  part.branches = 3000;
  part.shard = 2;
  part.shards = 3;
  part.range = {1024, 2048};
  part.threads = 2;
  part.wall_seconds = 0.25;
  Tally tally(layout());
  BranchResult r;
  r.outcome = 1;
  r.end_round = 3;
  r.path = {0, 1};
  r.milestone_round = {};
  for (int i = 0; i < 1024; ++i) tally.add(r);
  part.tally = tally;
  return part;
}

std::string message_of(const std::string& bytes) {
  try {
    decode_run_part(bytes);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(RunPart, RoundTripsEveryField) {
  const RunPart part = sample_part();
  const RunPart back = decode_run_part(encode_run_part(part));
  EXPECT_EQ(back.engine_version, part.engine_version);
  EXPECT_EQ(back.scenario_id, "talks");
  EXPECT_EQ(back.scenario_file, part.scenario_file);
  EXPECT_EQ(back.scenario_sha256, part.scenario_sha256);
  EXPECT_EQ(back.overrides, part.overrides);
  EXPECT_EQ(back.seed, 42u);
  EXPECT_EQ(back.branches, 3000u);
  EXPECT_EQ(back.shard, 2u);
  EXPECT_EQ(back.shards, 3u);
  EXPECT_EQ(back.range, part.range);
  EXPECT_EQ(back.threads, 2);
  EXPECT_EQ(back.wall_seconds, 0.25);
  EXPECT_TRUE(back.tally == part.tally);
}

TEST(RunPart, BeginsWithAReadableDescription) {
  const std::string bytes = encode_run_part(sample_part());
  EXPECT_EQ(bytes.rfind("negsim-part 1\n{", 0), 0u);
  EXPECT_NE(bytes.find("\"seed\":42"), std::string::npos);
}

TEST(RunPart, RefusesWhatIsNotAWholePartOfThisFormat) {
  const std::string bytes = encode_run_part(sample_part());
  EXPECT_EQ(message_of("hello"), "not a negsim part file (it does not begin with 'negsim-part')");
  EXPECT_EQ(message_of("negsim-part 9\n{}\n"),
            "its format is 'negsim-part 9'; this negsim reads "
            "'negsim-part 1'");
  EXPECT_NE(message_of(bytes.substr(0, bytes.size() - 100)).find("(the file is cut short)"),
            std::string::npos);
  std::string damaged = bytes;
  damaged[damaged.size() - 3] ^= 0x10;
  EXPECT_EQ(message_of(damaged), "its tally is damaged (its SHA-256 is not the one written)");
  std::string no_seed = bytes;
  no_seed.replace(no_seed.find("\"seed\""), 6, "\"sead\"");
  EXPECT_EQ(message_of(no_seed), "the part has no 'seed'");
}

TEST(RunPart, RefusesATallyThatDoesNotCoverItsRange) {
  RunPart part = sample_part();
  part.range = {1024, 3000};
  EXPECT_EQ(message_of(encode_run_part(part)), "its tally counts 1024 branches, its range 1976");
}

}  // namespace
}  // namespace negsim
