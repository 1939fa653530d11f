#pragma once
// Calendar dates of rounds: a scenario's as_of date plus whole days, in the
// proleptic Gregorian calendar (docs/model.md 12).

#include <optional>
#include <string>

namespace negsim {

// Days since 1970-01-01 of an ISO date YYYY-MM-DD; nullopt when it is not one.
std::optional<long> days_from_iso(const std::string& date);
// The ISO date `days` days after 1970-01-01.
std::string iso_from_days(long days);

// The date on which round `round` ends: as_of + round * round_days days, the
// fraction of a day dropped. Empty when as_of is not a date.
std::string round_date(const std::string& as_of, double round_days, int round);

// The last round that ends on or before `date` (0 when none does); nullopt
// when either date is not one.
std::optional<int> round_by_date(const std::string& as_of, double round_days,
                                 const std::string& date);

}  // namespace negsim
