#include "negsim/model/calendar.hpp"

#include <cmath>
#include <cstdio>

namespace negsim {

// Howard Hinnant's days_from_civil / civil_from_days: exact for every date of
// the proleptic Gregorian calendar, without the C library's time zones.
std::optional<long> days_from_iso(const std::string& date) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string iso_from_days(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long doe = days - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp + (mp < 10 ? 3 : -9);
  const long y = yoe + era * 400 + (m <= 2);
  char text[64];  // room for three longs: no truncation the compiler can see
  std::snprintf(text, sizeof text, "%04ld-%02ld-%02ld", y, m, d);
  return text;
}

std::string round_date(const std::string& as_of, double round_days, int round) {
  const auto start = days_from_iso(as_of);
  if (!start) return "";
  return iso_from_days(*start + static_cast<long>(std::floor(round * round_days)));
}

std::optional<int> round_by_date(const std::string& as_of, double round_days,
                                 const std::string& date) {
  const auto start = days_from_iso(as_of), end = days_from_iso(date);
  if (!start || !end || !(round_days > 0)) return std::nullopt;
  if (*end < *start) return 0;
  // The largest r with floor(r * round_days) <= end - start.
  int r = static_cast<int>(std::floor(static_cast<double>(*end - *start + 1) / round_days));
  while (r > 0 && std::floor(r * round_days) > static_cast<double>(*end - *start)) --r;
  while (std::floor((r + 1) * round_days) <= static_cast<double>(*end - *start)) ++r;
  return r;
}

}  // namespace negsim
