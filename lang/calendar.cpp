#include "lang/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clause::lang {

namespace {

constexpr std::int64_t seconds_per_day = 86400;
constexpr int max_offset_minutes = 14 * 60;

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

// Reads exactly `count` ASCII digits at `pos`. Not std::isdigit: it is locale-dependent.
constexpr std::optional<int> read_digits(std::string_view text, std::size_t pos,
                                         std::size_t count) noexcept {
  if (pos > text.size() || text.size() - pos < count) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

constexpr bool is_char_at(std::string_view text, std::size_t pos, char c) noexcept {
  return pos < text.size() && text[pos] == c;
}

// `hh:mm:ss` at `pos`, as seconds into the day.
std::optional<std::int64_t> parse_time(std::string_view text, std::size_t pos) noexcept {
  const auto h = read_digits(text, pos, 2);
  const auto m = read_digits(text, pos + 3, 2);
  const auto s = read_digits(text, pos + 6, 2);
  if (!h || !m || !s || !is_char_at(text, pos + 2, ':') || !is_char_at(text, pos + 5, ':')) {
    return std::nullopt;
  }
  // No 24:00:00 and no leap second: neither is a distinct instant we could represent.
  if (*h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return std::int64_t{*h} * 3600 + *m * 60 + *s;
}

struct fraction {
  std::int32_t nanos = 0;
  std::size_t length = 0;  // characters consumed, the dot included
};

// `.d…` with 1-9 digits at `pos`, or nothing at all.
std::optional<fraction> parse_fraction(std::string_view text, std::size_t pos) noexcept {
  if (!is_char_at(text, pos, '.')) return fraction{};
  std::size_t end = pos + 1;
  std::int32_t nanos = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
    if (end - pos > 9) return std::nullopt;
    nanos = nanos * 10 + (text[end] - '0');
    ++end;
  }
  const std::size_t digits = end - pos - 1;
  if (digits == 0) return std::nullopt;
  for (std::size_t i = digits; i < 9; ++i)
    nanos *= 10;
  return fraction{nanos, end - pos};
}

// The rest of the text must be empty, `Z` or `±hh:mm`; returns the offset east of UTC in seconds.
std::optional<std::int64_t> parse_zone(std::string_view rest) noexcept {
  if (rest.empty() || rest == "Z") return 0;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') return std::nullopt;
  const auto h = read_digits(rest, 1, 2);
  const auto m = read_digits(rest, 4, 2);
  if (!h || !m || *m > 59 || *h * 60 + *m > max_offset_minutes) return std::nullopt;
  const std::int64_t seconds = std::int64_t{*h} * 3600 + *m * 60;
  return rest[0] == '-' ? -seconds : seconds;
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
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = read_digits(text, 0, 4);
  const auto m = read_digits(text, 5, 2);
  const auto d = read_digits(text, 8, 2);
  if (!y || !m || !d || *y < 1) return std::nullopt;
  const auto month = static_cast<unsigned>(*m);
  const auto day = static_cast<unsigned>(*d);
  if (!is_valid_civil(*y, month, day)) return std::nullopt;
  return from_civil({*y, month, day});
}

namespace {

// `YYYY-MM-DDThh:mm:ss` and the same with `Z` (most datetimes a case holds), its checks folded
// together rather than a branch each: the same value as parse_datetime()'s general path, in `out`,
// or false when that path must decide. (Not an optional: one returned through another is copied
// whole from the parts just stored, a load the processor cannot forward from them.)
bool parse_plain_utc(std::string_view text, datetime_value& out) noexcept {
  if (text.size() != 19 && (text.size() != 20 || text[19] != 'Z')) return false;
  const auto* c = reinterpret_cast<const unsigned char*>(text.data());
  const auto digit = [c](int i) { return static_cast<unsigned>(c[i]) - '0'; };
  const unsigned digits[] = {digit(0),  digit(1),  digit(2),  digit(3),  digit(5),
                             digit(6),  digit(8),  digit(9),  digit(11), digit(12),
                             digit(14), digit(15), digit(17), digit(18)};
  bool bad = !(c[4] == '-' && c[7] == '-' && c[10] == 'T' && c[13] == ':' && c[16] == ':');
  for (const unsigned d : digits)
    bad |= d > 9;  // a byte below '0' wraps past 9 too
  if (bad) return false;
  const int year =
      static_cast<int>(digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]);
  const unsigned month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7];
  const unsigned hour = digits[8] * 10 + digits[9], minute = digits[10] * 10 + digits[11],
                 second = digits[12] * 10 + digits[13];
  if (year < 1 || !is_valid_civil(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  out = {days_from_civil(year, month, day) * seconds_per_day + hour * 3600 + minute * 60 + second,
         0};
  return true;
}

}  // namespace

std::optional<datetime_value> parse_datetime(std::string_view text) noexcept {
  if (datetime_value plain; parse_plain_utc(text, plain)) return plain;
  const auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return start_of_day(*date);
  if (text[10] != 'T') return std::nullopt;
  const auto time = parse_time(text, 11);
  if (!time) return std::nullopt;
  const auto frac = parse_fraction(text, 19);
  if (!frac) return std::nullopt;
  const auto offset = parse_zone(text.substr(19 + frac->length));
  if (!offset) return std::nullopt;
  return datetime_value{start_of_day(*date).seconds + *time - *offset, frac->nanos};
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
