#include "lang/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clause::lang {

namespace {

constexpr std::int64_t seconds_per_day = 86400;
constexpr unsigned max_offset_minutes = 14 * 60;

// C++ division truncates towards zero; calendar arithmetic needs the floor, or instants before
// 1970 would land on the following day.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Not a - floor_div(a, b) * b: that product overflows for a near the int64 limits.
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

constexpr date_value saturate(std::int64_t days) noexcept {
  return date_value{
      static_cast<std::int32_t>(std::clamp<std::int64_t>(days, min_date.days, max_date.days))};
}

// Howard Hinnant's days_from_civil, in 64 bits so that any int year (and the month totals of
// add_months) cannot overflow. http://howardhinnant.github.io/date_algorithms.html
constexpr std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Hinnant's civil_from_days. For an int32 day count the year fits an int comfortably (±5.9M).
constexpr civil_date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return civil_date{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

// The digit at `c[i]` as a number; above 9 for any other byte (one below '0' wraps). Not
// std::isdigit: it is locale-dependent.
constexpr unsigned digit_at(const unsigned char* c, std::size_t i) noexcept {
  return static_cast<unsigned>(c[i]) - '0';
}

// `YYYY-MM-DD` in the ten bytes at `c`, a real calendar day of years 0001-9999, as days since the
// epoch; false for anything else. The checks are folded together rather than a branch each: a
// case's dates and datetimes come in several forms, all of them starting with this one. Inlined in
// both readers (GCC would call it from two).
[[gnu::always_inline]] inline bool read_date(const unsigned char* c, std::int64_t& days) noexcept {
  const unsigned digits[] = {digit_at(c, 0), digit_at(c, 1), digit_at(c, 2), digit_at(c, 3),
                             digit_at(c, 5), digit_at(c, 6), digit_at(c, 8), digit_at(c, 9)};
  bool bad = !(c[4] == '-' && c[7] == '-');
  for (const unsigned d : digits)
    bad |= d > 9;
  const int year =
      static_cast<int>(digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]);
  const unsigned month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7];
  if (bad || year < 1 || !is_valid_civil(year, month, day)) return false;
  days = days_from_civil(year, month, day);
  return true;
}

struct split_datetime {
  date_value date;
  std::int64_t second_of_day;  // [0, 86400)
  std::int32_t nanos;
};

split_datetime split(datetime_value t) noexcept {
  return {utc_date(t), floor_mod(t.seconds, seconds_per_day), t.nanos};
}

datetime_value join(split_datetime parts) noexcept {
  return {start_of_day(parts.date).seconds + parts.second_of_day, parts.nanos};
}

}  // namespace

bool is_leap_year(int year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned days_in_month(int year, unsigned month) noexcept {
  constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

bool is_valid_civil(int year, unsigned month, unsigned day) noexcept {
  return day >= 1 && day <= days_in_month(year, month);
}

date_value from_civil(civil_date c) noexcept {
  return saturate(days_from_civil(c.year, c.month, c.day));
}

civil_date to_civil(date_value d) noexcept {
  return civil_from_days(d.days);
}

std::optional<duration_value> parse_duration(std::string_view text) noexcept {
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  if (text.size() < 3 || text.size() > 11 || text[0] != 'P') return std::nullopt;
  std::int64_t amount = 0;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    amount = amount * 10 + (text[i] - '0');
  }
  duration_value d;
  switch (text.back()) {
    case 'D':
      d.amount = amount;
      break;
    case 'W':
      d.amount = amount * 7;
      break;
    case 'M':
      d.amount = amount;
      d.months = true;
      break;
    case 'Y':
      d.amount = amount * 12;
      d.months = true;
      break;
    default:
      return std::nullopt;
  }
  if (negative) d.amount = -d.amount;
  return d;
}

std::optional<date_value> parse_date(std::string_view text) noexcept {
  std::int64_t days;
  if (text.size() != 10 || !read_date(reinterpret_cast<const unsigned char*>(text.data()), days)) {
    return std::nullopt;
  }
  return date_value{static_cast<std::int32_t>(days)};  // years 0001-9999: far inside int32
}

// One reading for every form, in the order its parts come: the date, the time, a fraction, the
// zone (Z, an offset or nothing).
std::optional<datetime_value> parse_datetime(std::string_view text) noexcept {
  const std::size_t size = text.size();
  const auto* c = reinterpret_cast<const unsigned char*>(text.data());
  std::int64_t days;
  if (size < 10 || !read_date(c, days)) return std::nullopt;
  std::int64_t seconds = days * seconds_per_day;
  if (size == 10) return datetime_value{seconds, 0};
  if (size < 19) return std::nullopt;
  const unsigned time[] = {digit_at(c, 11), digit_at(c, 12), digit_at(c, 14),
                           digit_at(c, 15), digit_at(c, 17), digit_at(c, 18)};
  bool bad = !(c[10] == 'T' && c[13] == ':' && c[16] == ':');
  for (const unsigned d : time)
    bad |= d > 9;
  const unsigned hour = time[0] * 10 + time[1], minute = time[2] * 10 + time[3],
                 second = time[4] * 10 + time[5];
  // No 24:00:00 and no leap second: neither is a distinct instant we could represent.
  if (bad || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  seconds += hour * 3600 + minute * 60 + second;
  std::size_t at = 19;
  std::int32_t nanos = 0;
  if (at < size && c[at] == '.') {  // 1-9 digits
    std::size_t end = at + 1;
    for (; end < size && digit_at(c, end) <= 9; ++end) {
      if (end - at > 9) return std::nullopt;
      nanos = nanos * 10 + static_cast<std::int32_t>(digit_at(c, end));
    }
    const std::size_t digits = end - at - 1;
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 9; ++i)
      nanos *= 10;
    at = end;
  }
  const std::size_t rest = size - at;
  if (rest == 0 || (rest == 1 && c[at] == 'Z')) return datetime_value{seconds, nanos};
  if (rest != 6 || (c[at] != '+' && c[at] != '-') || c[at + 3] != ':') return std::nullopt;
  const unsigned zone[] = {digit_at(c, at + 1), digit_at(c, at + 2), digit_at(c, at + 4),
                           digit_at(c, at + 5)};
  if (zone[0] > 9 || zone[1] > 9 || zone[2] > 9 || zone[3] > 9) return std::nullopt;
  const unsigned offset_hours = zone[0] * 10 + zone[1], offset_minutes = zone[2] * 10 + zone[3];
  if (offset_minutes > 59 || offset_hours * 60 + offset_minutes > max_offset_minutes) {
    return std::nullopt;
  }
  const std::int64_t offset = std::int64_t{offset_hours} * 3600 + offset_minutes * 60;
  return datetime_value{c[at] == '-' ? seconds + offset : seconds - offset, nanos};
}

date_value utc_date(datetime_value t) noexcept {
  return saturate(floor_div(t.seconds, seconds_per_day));
}

datetime_value start_of_day(date_value d) noexcept {
  return {std::int64_t{d.days} * seconds_per_day, 0};
}

date_value add_days(date_value d, std::int64_t days) noexcept {
  // Anything beyond ±2^33 days saturates anyway; clamping first keeps the sum from overflowing.
  constexpr std::int64_t limit = std::int64_t{1} << 33;
  return saturate(d.days + std::clamp(days, -limit, limit));
}

date_value add_months(date_value d, std::int64_t months) noexcept {
  // ±2^40 months is far past saturation, yet small enough for days_from_civil's 64-bit arithmetic.
  constexpr std::int64_t limit = std::int64_t{1} << 40;
  const civil_date c = to_civil(d);
  const std::int64_t total =
      std::int64_t{c.year} * 12 + (c.month - 1) + std::clamp(months, -limit, limit);
  const std::int64_t year = floor_div(total, 12);
  const auto month = static_cast<unsigned>(floor_mod(total, 12) + 1);
  if (year < std::numeric_limits<int>::min() || year > std::numeric_limits<int>::max()) {
    return year < 0 ? min_date : max_date;
  }
  const unsigned day = std::min(c.day, days_in_month(static_cast<int>(year), month));
  return saturate(days_from_civil(year, month, day));
}

datetime_value add_days(datetime_value t, std::int64_t days) noexcept {
  split_datetime parts = split(t);
  parts.date = add_days(parts.date, days);
  return join(parts);
}

datetime_value add_months(datetime_value t, std::int64_t months) noexcept {
  split_datetime parts = split(t);
  parts.date = add_months(parts.date, months);
  return join(parts);
}

namespace {

// `value` (0 <= value < 10^width) in exactly `width` digits.
char* put_digits(char* at, std::uint32_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

}  // namespace

void append_date(std::string& out, date_value d) {
  const civil_date c = to_civil(d);
  if (c.year < 0 || c.year > 9999) {
    out += fmt::format("{:+05}-{:02}-{:02}", c.year, c.month, c.day);
    return;
  }
  char text[10];
  char* at = put_digits(text, static_cast<std::uint32_t>(c.year), 4);
  *at++ = '-';
  at = put_digits(at, c.month, 2);
  *at++ = '-';
  put_digits(at, c.day, 2);
  out.append(text, sizeof text);
}

void append_datetime(std::string& out, datetime_value t) {
  const split_datetime parts = split(t);
  append_date(out, parts.date);
  const auto s = static_cast<std::uint32_t>(parts.second_of_day);
  char text[19];  // Thh:mm:ss, then .nnnnnnnnn
  char* at = text;
  *at++ = 'T';
  at = put_digits(at, s / 3600, 2);
  *at++ = ':';
  at = put_digits(at, s / 60 % 60, 2);
  *at++ = ':';
  at = put_digits(at, s % 60, 2);
  if (parts.nanos != 0) {
    *at++ = '.';
    at = put_digits(at, static_cast<std::uint32_t>(parts.nanos), 9);
    while (at[-1] == '0')  // no trailing zeros (the fraction is not zero)
      --at;
  }
  out.append(text, static_cast<std::size_t>(at - text));
  out += 'Z';
}

std::string format_date(date_value d) {
  std::string out;
  append_date(out, d);
  return out;
}

std::string format_datetime(datetime_value t) {
  std::string out;
  append_datetime(out, t);
  return out;
}

}  // namespace clause::lang
