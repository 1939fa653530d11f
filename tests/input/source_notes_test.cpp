#include "negsim/input/source_notes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace negsim {
namespace {

using Notes = std::map<int, std::string>;

TEST(SourceNotes, JoinsTheCommentsAboveALineWithItsTrailingComment) {
  const Notes notes = source_notes("# Reuters, 4 Feb 2026\n# judgement\nx: 0.3  # low end\n");
  EXPECT_EQ(notes, (Notes{{3, "Reuters, 4 Feb 2026 judgement low end"}}));
}

TEST(SourceNotes, ABlankLineEndsTheCommentsAboveAndAHashInQuotesIsText) {
  const Notes notes = source_notes("# orphan\n\nlabel: \"issue #1\"\n");
  EXPECT_TRUE(notes.empty());
}

TEST(SourceNotes, ABlockKeyPassesItsNoteToTheFirstLineOfItsBlock) {
  const Notes notes = source_notes("batna:  # ISW, 2026\n  mean: 0.4\n  sd: 0.1\n");
  EXPECT_EQ(notes, (Notes{{1, "ISW, 2026"}, {2, "ISW, 2026"}}));
}

// A rule of hashes (a "#" or "####" line between sections) carries no text:
// it neither adds a stray '#' to the note below it nor reads outside the line.
TEST(SourceNotes, ARuleOfHashesAloneAddsNothing) {
  const Notes notes = source_notes("#\n# Source: OSCE report\n####\nx: 1\ny: 2  ###\nz: 3  #  \n");
  EXPECT_EQ(notes, (Notes{{4, "Source: OSCE report"}}));
}

}  // namespace
}  // namespace negsim
