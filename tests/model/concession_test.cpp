#include "negsim/model/concession.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace negsim {
namespace {

TEST(ConcessionCurve, BoulwareMatchesFaratin) {
  // e = 0.2: f(t) = t^5.
  EXPECT_DOUBLE_EQ(concession_curve(0.0, 0.2, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(concession_curve(0.5, 0.2, 0.0), 0.03125);
  EXPECT_DOUBLE_EQ(concession_curve(0.8, 0.2, 0.0), 0.32768);
  EXPECT_DOUBLE_EQ(concession_curve(1.0, 0.2, 0.0), 1.0);
}

TEST(ConcessionCurve, LinearMatchesFaratin) {
  EXPECT_DOUBLE_EQ(concession_curve(0.25, 1.0, 0.0), 0.25);
  EXPECT_DOUBLE_EQ(concession_curve(0.5, 1.0, 0.1), 0.55);  // k + (1 - k) t
  EXPECT_DOUBLE_EQ(concession_curve(0.0, 1.0, 0.1), 0.1);
}

TEST(ConcessionCurve, ConcederMatchesFaratin) {
  // e = 2: f(t) = sqrt(t).
  EXPECT_DOUBLE_EQ(concession_curve(0.25, 2.0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ(concession_curve(0.81, 2.0, 0.0), 0.9);
  EXPECT_DOUBLE_EQ(concession_curve(0.64, 2.0, 0.2), 0.2 + 0.8 * 0.8);
}

TEST(ConcessionCurve, FastFormAgreesWithTheDefinition) {
  for (double e : {0.05, 0.2, 0.5, 1.0, 2.0, 7.0})
    for (double k : {0.0, 0.3})
      for (double t : {0.0, 0.01, 0.3, 0.77, 1.0})
        EXPECT_NEAR(concession_curve_from_log(std::log(t), 1 / e, k), concession_curve(t, e, k),
                    1e-14)
            << "e " << e << " k " << k << " t " << t;
}

TEST(NegotiationTime, IsRoundsOverTheTimeScaleCappedAtOne) {
  EXPECT_DOUBLE_EQ(negotiation_time(0, 20), 0.0);
  EXPECT_DOUBLE_EQ(negotiation_time(5, 20), 0.25);
  EXPECT_DOUBLE_EQ(negotiation_time(20, 20), 1.0);
  EXPECT_DOUBLE_EQ(negotiation_time(30, 20), 1.0);
}

TEST(Aspiration, FallsFromOneToTheReservationUtility) {
  EXPECT_DOUBLE_EQ(aspiration(0.0, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(aspiration(1.0, 0.3), 0.3);
  EXPECT_DOUBLE_EQ(aspiration(0.5, 0.3), 0.65);
  EXPECT_DOUBLE_EQ(reservation_utility(0.2, 0.35), 0.35);
  EXPECT_DOUBLE_EQ(reservation_utility(0.5, 0.35), 0.5);
}

TEST(Concession, CumulativeStepsTrackTheCurveAgainstAStillProposal) {
  // Against a proposal that does not move, the demand after conceding at
  // times t_1 < t_2 < ... is ideal + f(t_n) (proposal - ideal), whatever the
  // number of rounds in between.
  const double ideal = 1.0, proposal = 0.4, e = 0.5, k = 0.05;
  const double none = std::numeric_limits<double>::quiet_NaN();
  double demand = ideal, conceded = 0;
  for (int r = 1; r <= 10; ++r) {
    const double f = concession_curve(r / 10.0, e, k);
    demand = concede(demand, proposal, concession_step(f, conceded), ideal, none);
    conceded = f;
    EXPECT_NEAR(demand, ideal + f * (proposal - ideal), 1e-12) << "round " << r;
  }
  EXPECT_NEAR(demand, proposal, 1e-12);
}

TEST(Concession, NeverPassesTheRedLine) {
  EXPECT_DOUBLE_EQ(concede(0.8, 0.1, 0.9, 1.0, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(concede(0.8, 0.1, 0.1, 1.0, 0.5), 0.8 + 0.1 * (0.1 - 0.8));
}

TEST(Concession, StepIsZeroUntilTheCurveMovesAndOneOnceFullyConceded) {
  EXPECT_DOUBLE_EQ(concession_step(0.3, 0.3), 0.0);
  EXPECT_DOUBLE_EQ(concession_step(0.2, 0.3), 0.0);  // curve lowered by a shock
  EXPECT_DOUBLE_EQ(concession_step(0.6, 0.2), 0.5);
  EXPECT_DOUBLE_EQ(concession_step(1.0, 1.0), 1.0);
}

TEST(Concession, NeverMovesBackTowardsTheIdeal) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  // A proposal that asks less than the current demand leaves the demand alone.
  EXPECT_DOUBLE_EQ(concede(0.6, 0.9, 0.5, 1.0, none), 0.6);
  EXPECT_DOUBLE_EQ(concede(0.6, 0.9, 1.0, 1.0, none), 0.6);
  // One that asks more moves it by the step.
  EXPECT_DOUBLE_EQ(concede(0.6, 0.2, 0.5, 1.0, none), 0.4);
  // An interior ideal: moving through the ideal would mean asking for more.
  EXPECT_DOUBLE_EQ(concede(0.7, 0.2, 0.5, 0.5, none), 0.7);
  EXPECT_DOUBLE_EQ(concede(0.7, 0.1, 1.0, 0.5, none), 0.1);
}

}  // namespace
}  // namespace negsim
