#include "negsim/model/diagnostic.hpp"

#include <gtest/gtest.h>

namespace negsim {
namespace {

TEST(Diagnostic, FormatsFileLineColumnPathAndMessage) {
  Diagnostic d{"talks.yaml", 12, 5, "parties[1].demands.donetsk.red_line", "expected a number"};
  EXPECT_EQ(d.to_string(),
            "talks.yaml:12:5: error: parties[1].demands.donetsk.red_line: expected a number");
}

TEST(Diagnostic, LeavesOutUnknownParts) {
  EXPECT_EQ((Diagnostic{"t.yaml", 0, 0, "", "cannot open file"}).to_string(),
            "t.yaml: error: cannot open file");
  EXPECT_EQ((Diagnostic{"t.yaml", 3, 0, "scenario", "x"}).to_string(), "t.yaml:3: error: scenario: x");
}

TEST(InputError, CarriesEveryDiagnosticInItsMessage) {
  InputError e({{"a.yaml", 1, 2, "p", "first"}, {"a.yaml", 3, 4, "q", "second"}});
  EXPECT_EQ(e.diagnostics().size(), 2u);
  EXPECT_STREQ(e.what(), "a.yaml:1:2: error: p: first\na.yaml:3:4: error: q: second");
}

}  // namespace
}  // namespace negsim
