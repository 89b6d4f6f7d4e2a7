// Dates and instants of the language: the proleptic Gregorian calendar, UTC only. Parsing follows
// the case contract (../shared/mca/contract.md, "Reading a case") exactly, so that a malformed
// date is a value the rules can see, never an exception.
//
// Overflow: nothing here is undefined behaviour. A date that would fall outside the int32 day
// count saturates at the nearest representable day (min_date / max_date); datetime arithmetic goes
// through the date, so it saturates the same way and keeps the time of day. Parsed values lie far
// inside these limits (years 0001-9999, plus at most 14 hours either side).
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace clause::lang {

// Days since 1970-01-01 (negative before it).
struct date_value {
  std::int32_t days = 0;
  friend auto operator<=>(const date_value&, const date_value&) = default;
  friend bool operator==(const date_value&, const date_value&) = default;
};

inline constexpr date_value min_date{std::numeric_limits<std::int32_t>::min()};
inline constexpr date_value max_date{std::numeric_limits<std::int32_t>::max()};

// An instant: seconds since 1970-01-01T00:00:00Z plus a fraction. int64 nanoseconds alone would
// only reach about ±292 years, too little for 0001-9999. The fraction is kept in [0, 1e9) so the
// member-wise comparison is the chronological one.
struct datetime_value {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  friend auto operator<=>(const datetime_value&, const datetime_value&) = default;
  friend bool operator==(const datetime_value&, const datetime_value&) = default;
};

struct civil_date {
  int year = 1970;
  unsigned month = 1;  // 1-12
  unsigned day = 1;    // 1-31
  friend bool operator==(const civil_date&, const civil_date&) = default;
};

bool is_leap_year(int year) noexcept;
// 0 when the month is not 1-12.
unsigned days_in_month(int year, unsigned month) noexcept;
bool is_valid_civil(int year, unsigned month, unsigned day) noexcept;

// Expects a month of 1-12 (anything else gives a meaningless but defined result); the day may run
// past the end of its month and simply counts on. Saturates at min_date / max_date.
date_value from_civil(civil_date c) noexcept;
// Exact for every date_value.
civil_date to_civil(date_value d) noexcept;

// Exactly `YYYY-MM-DD`, year 0001-9999, a real calendar day.
std::optional<date_value> parse_date(std::string_view text) noexcept;
// `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDThh:mm:ss[.f{1,9}][Z|±hh:mm]`, offset at most 14:00,
// converted to UTC; no zone means UTC.
std::optional<datetime_value> parse_datetime(std::string_view text) noexcept;

// A duration: a number of days or of calendar months (the language's `30 days`, `6 months`).
struct duration_value {
  std::int64_t amount = 0;
  bool months = false;
  friend bool operator==(const duration_value&, const duration_value&) = default;
};

// How cases, parameters and data files write a duration: ISO 8601 with one unit, `P30D` (days),
// `P2W` (weeks, as 14 days), `P6M` (months) or `P1Y` (years, as 12 months), optionally negative
// (`-P30D`); at most nine digits. Combinations such as `P1M15D` have no value in the language.
std::optional<duration_value> parse_duration(std::string_view text) noexcept;
inline constexpr std::string_view duration_forms = "a duration as `P30D`, `P2W`, `P6M` or `P1Y`";

// The UTC calendar date the instant falls on.
date_value utc_date(datetime_value t) noexcept;
datetime_value start_of_day(date_value d) noexcept;

date_value add_days(date_value d, std::int64_t days) noexcept;
// The day of the month is clamped to the target month's length: 2024-01-31 + 1 = 2024-02-29.
date_value add_months(date_value d, std::int64_t months) noexcept;
// Both keep the UTC time of day.
datetime_value add_days(datetime_value t, std::int64_t days) noexcept;
datetime_value add_months(datetime_value t, std::int64_t months) noexcept;

// `YYYY-MM-DD`; a year outside 0000-9999 is written with its sign, e.g. `-0001-12-31`.
std::string format_date(date_value d);
// `YYYY-MM-DDThh:mm:ss[.f]Z`, the fraction only when non-zero and without trailing zeros.
std::string format_datetime(datetime_value t);
// The same texts, appended to `out`.
void append_date(std::string& out, date_value d);
void append_datetime(std::string& out, datetime_value t);

}  // namespace clause::lang
