#include <catch2/catch.hpp>

#include "lang/calendar.hpp"

#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

using namespace clause::lang;

namespace {

date_value date_of(std::string_view text) {
  const auto d = parse_date(text);
  REQUIRE(d.has_value());
  return *d;
}

datetime_value datetime_of(std::string_view text) {
  const auto t = parse_datetime(text);
  REQUIRE(t.has_value());
  return *t;
}

}  // namespace

TEST_CASE("calendar: known days since the epoch") {
  // Expected values from Python's datetime.date.toordinal(), an independent implementation.
  CHECK(from_civil({1970, 1, 1}).days == 0);
  CHECK(from_civil({1969, 12, 31}).days == -1);
  CHECK(from_civil({2000, 2, 29}).days == 11016);
  CHECK(from_civil({2000, 3, 1}).days == 11017);
  CHECK(from_civil({1900, 3, 1}).days == -25508);
  CHECK(from_civil({2024, 2, 29}).days == 19782);
  CHECK(from_civil({1600, 1, 1}).days == -135140);
  CHECK(from_civil({1, 1, 1}).days == -719162);
  CHECK(from_civil({9999, 12, 31}).days == 2932896);
  CHECK(to_civil(date_value{0}) == civil_date{1970, 1, 1});
  CHECK(to_civil(date_value{11017}) == civil_date{2000, 3, 1});
  CHECK(to_civil(date_value{-719162}) == civil_date{1, 1, 1});
}

TEST_CASE("calendar: leap years") {
  CHECK(is_leap_year(2000));
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(0));
  CHECK(is_leap_year(-4));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2023));
  CHECK_FALSE(is_leap_year(-1));
  CHECK(is_valid_civil(2000, 2, 29));
  CHECK(is_valid_civil(2024, 2, 29));
  CHECK_FALSE(is_valid_civil(1900, 2, 29));
  CHECK_FALSE(is_valid_civil(2023, 2, 29));
  CHECK_FALSE(is_valid_civil(2024, 4, 31));
  CHECK_FALSE(is_valid_civil(2024, 0, 1));
  CHECK_FALSE(is_valid_civil(2024, 13, 1));
  CHECK_FALSE(is_valid_civil(2024, 1, 0));
  CHECK(is_valid_civil(2024, 12, 31));
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  CHECK(days_in_month(2024, 13) == 0);
}

TEST_CASE("calendar: every day of years 1 to 9999 round-trips and follows the previous one") {
  // Walks the calendar by hand, so a wrong month length or leap rule in either direction shows.
  std::int64_t expected = from_civil({1, 1, 1}).days;
  std::int64_t mismatches = 0;
  for (int y = 1; y <= 9999; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d = 1; d <= days_in_month(y, m); ++d) {
        const date_value v = from_civil({y, m, d});
        if (v.days != expected || !(to_civil(v) == civil_date{y, m, d})) ++mismatches;
        ++expected;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(expected - 1 == from_civil({9999, 12, 31}).days);
}

TEST_CASE("calendar: to_civil and from_civil agree at the limits of the day count") {
  for (const std::int32_t days :
       {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::min() + 1,
        -1000000000, -1, 0, 1000000000, std::numeric_limits<std::int32_t>::max() - 1,
        std::numeric_limits<std::int32_t>::max()}) {
    CAPTURE(days);
    const civil_date c = to_civil(date_value{days});
    CHECK(is_valid_civil(c.year, c.month, c.day));
    CHECK(from_civil(c).days == days);
  }
  CHECK(from_civil({std::numeric_limits<int>::max(), 12, 31}) == max_date);
  CHECK(from_civil({std::numeric_limits<int>::min(), 1, 1}) == min_date);
}

TEST_CASE("calendar: parse_date accepts exactly YYYY-MM-DD") {
  CHECK(parse_date("2024-02-29") == from_civil({2024, 2, 29}));
  CHECK(parse_date("1970-01-01") == date_value{0});
  CHECK(parse_date("0001-01-01") == from_civil({1, 1, 1}));
  CHECK(parse_date("9999-12-31") == from_civil({9999, 12, 31}));
  CHECK(parse_date("2000-02-29").has_value());

  for (const char* bad : {"",
                          "2023-02-29",
                          "1900-02-29",
                          "2024-2-01",
                          "2024-02-1",
                          "24-02-01",
                          "2024-02-01 ",
                          " 2024-02-01",
                          "2024-02-01T00:00:00Z",
                          "0000-01-01",
                          "+2024-02-01",
                          "-2024-02-01",
                          "12024-02-01",
                          "2024-00-10",
                          "2024-13-10",
                          "2024-04-31",
                          "2024-01-00",
                          "2024-01-32",
                          "2024/01/10",
                          "2024-01-1a",
                          "2024-+1-10",
                          "2024-01- 1",
                          "2024-0110"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

TEST_CASE("calendar: parse_datetime accepts the contract's forms") {
  const std::int64_t noon_2024_06_10 = 1718020800;  // Python: datetime(2024,6,10,12,tz=utc)
  CHECK(parse_datetime("2024-06-10T12:00:00Z") == datetime_value{noon_2024_06_10, 0});
  CHECK(parse_datetime("2024-06-10T12:00:00") == datetime_value{noon_2024_06_10, 0});
  CHECK(parse_datetime("2024-06-10T14:00:00+02:00") == datetime_value{noon_2024_06_10, 0});
  CHECK(parse_datetime("2024-06-10T09:30:00-02:30") == datetime_value{noon_2024_06_10, 0});
  CHECK(parse_datetime("2024-06-10T12:00:00-00:00") == datetime_value{noon_2024_06_10, 0});
  CHECK(parse_datetime("2024-06-10") == start_of_day(date_of("2024-06-10")));
  CHECK(parse_datetime("2024-06-10T12:00:00.123456789Z") ==
        datetime_value{noon_2024_06_10, 123456789});
  CHECK(parse_datetime("2024-06-10T12:00:00.5") == datetime_value{noon_2024_06_10, 500000000});
  CHECK(parse_datetime("2024-06-10T12:00:00.000000001+00:00") ==
        datetime_value{noon_2024_06_10, 1});
  CHECK(parse_datetime("2024-06-10T12:00:00+14:00") ==
        datetime_value{noon_2024_06_10 - 14 * 3600, 0});
  CHECK(parse_datetime("2024-06-10T12:00:00-14:00") ==
        datetime_value{noon_2024_06_10 + 14 * 3600, 0});
  CHECK(parse_datetime("2024-06-10T23:59:59Z") == datetime_value{noon_2024_06_10 + 43199, 0});
  CHECK(parse_datetime("0001-01-01T00:00:00") == datetime_value{-62135596800, 0});
  CHECK(parse_datetime("9999-12-31T23:59:59Z") == datetime_value{253402300799, 0});
  // The offset may carry the instant outside 0001-9999; it is still represented exactly.
  CHECK(parse_datetime("0001-01-01T00:00:00+01:00") == datetime_value{-62135596800 - 3600, 0});
  CHECK(parse_datetime("9999-12-31T23:59:59-14:00") == datetime_value{253402300799 + 14 * 3600, 0});
}

TEST_CASE("calendar: parse_datetime refuses everything else") {
  for (const char* bad : {"",
                          "2024-06-10T",
                          "2024-06-10t12:00:00z",
                          "2024-06-10t12:00:00Z",
                          "2024-06-10T12:00:00z",
                          "2024-06-10 12:00:00Z",
                          "2024-06-10T12:00Z",
                          "2024-06-10T12:00",
                          "2024-06-10T12:00:00+14:01",
                          "2024-06-10T12:00:00+14:30",
                          "2024-06-10T12:00:00-15:00",
                          "2024-06-10T12:00:00+05:60",
                          "2024-06-10T12:00:00+0500",
                          "2024-06-10T12:00:00+05",
                          "2024-06-10T12:00:00+05:00Z",
                          "2024-06-10T12:00:00Z+05:00",
                          "2024-06-10T12:00:00ZZ",
                          "2024-06-10T12:00:00Z ",
                          "2024-06-10T24:00:00Z",
                          "2024-06-10T23:60:00Z",
                          "2024-06-10T23:59:60Z",
                          "2024-06-10T1:00:00Z",
                          "2024-06-10T12:00:00.Z",
                          "2024-06-10T12:00:00.",
                          "2024-06-10T12:00:00.1234567890",
                          "2024-06-10T12:00:00.1234567890Z",
                          "2024-06-10T12:00:00,5Z",
                          "2024-06-10T12:00:00.5.5Z",
                          "2023-02-29T12:00:00Z",
                          "0000-12-31T23:00:00-02:00",
                          "2024-06-10Z",
                          "2024-06-10 ",
                          "2024-06-10T12:00:00 Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_datetime(bad).has_value());
  }
}

namespace {

// A second reader of the contract's datetimes, written for reading rather than speed: each part by
// itself, in turn. parse_datetime() reads every form in one pass with its checks folded together.
std::optional<int> reference_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos > text.size() || text.size() - pos < count) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<datetime_value> reference_datetime(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = reference_digits(text, 0, 4), month = reference_digits(text, 5, 2),
             day = reference_digits(text, 8, 2);
  if (!year || !month || !day || *year < 1 ||
      !is_valid_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day))) {
    return std::nullopt;
  }
  const std::int64_t midnight =
      std::int64_t{
          from_civil({*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)}).days} *
      86400;
  if (text.size() == 10) return datetime_value{midnight, 0};
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto hour = reference_digits(text, 11, 2), minute = reference_digits(text, 14, 2),
             second = reference_digits(text, 17, 2);
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(19);
  std::int32_t nanos = 0;
  if (rest.starts_with('.')) {
    std::size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
      ++digits;
    --digits;  // the dot
    if (digits == 0 || digits > 9) return std::nullopt;
    nanos = *reference_digits(rest, 1, digits);
    for (std::size_t i = digits; i < 9; ++i)
      nanos *= 10;
    rest.remove_prefix(1 + digits);
  }
  std::int64_t offset = 0;
  if (!rest.empty() && rest != "Z") {
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') {
      return std::nullopt;
    }
    const auto h = reference_digits(rest, 1, 2), m = reference_digits(rest, 4, 2);
    if (!h || !m || *m > 59 || *h * 60 + *m > 14 * 60) return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (std::int64_t{*h} * 3600 + *m * 60);
  }
  return datetime_value{midnight + *hour * 3600 + *minute * 60 + *second - offset, nanos};
}

}  // namespace

// Texts of every form a case's dates take (a date alone, with a time, a fraction, Z or an offset),
// most valid and many with bytes changed, inserted or removed, read by both readers.
TEST_CASE("calendar: parse_datetime agrees with a reader of one part at a time") {
  std::uint64_t state = 20;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (state >> 33) % n;
  };
  const auto two = [](std::uint64_t v) {
    return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
  };
  const std::string odd_bytes = "/:;?T-Z+. 09\x7f\xc3";
  int accepted = 0, with_offset = 0, with_fraction = 0;
  for (int round = 0; round < 300000; ++round) {
    std::string text = std::to_string(1 + next(9999));
    text.insert(0, 4 - text.size(), '0');
    text += "-" + two(1 + next(13)) + "-" + two(1 + next(32));
    if (next(5) != 0) {
      text += "T" + two(next(25)) + ":" + two(next(61)) + ":" + two(next(61));
      if (next(4) == 0) text += "." + std::to_string(next(1000000000)).substr(0, 1 + next(10));
      switch (next(4)) {  // no zone, Z, or an offset of up to 15:60 either way
        case 0:
          break;
        case 1:
          text += next(8) == 0 ? "z" : "Z";
          break;
        default:
          text += (next(2) == 0 ? "+" : "-") + two(next(16)) + ":" + two(next(61));
      }
    }
    for (auto edits = next(4) == 0 ? 1 + next(3) : 0; edits > 0; --edits) {
      const std::size_t at = next(text.size() + 1);
      const char byte = odd_bytes[next(odd_bytes.size())];
      switch (next(3)) {
        case 0:
          if (at < text.size()) text[at] = byte;
          break;
        case 1:
          text.insert(at, 1, byte);
          break;
        default:
          if (at < text.size()) text.erase(at, 1);
      }
    }
    CAPTURE(text);
    const auto expected = reference_datetime(text);
    REQUIRE(parse_datetime(text) == expected);
    accepted += expected.has_value();
    with_offset += expected && text.find_first_of("+-", 10) != std::string::npos;
    with_fraction += expected && text.find('.') != std::string::npos;
    if (text.size() == 10)
      REQUIRE(parse_date(text) == (expected ? std::optional(utc_date(*expected)) : std::nullopt));
  }
  // Both sides of every branch were taken: valid texts of each form, and refused ones.
  CHECK(accepted > 100000);
  CHECK(accepted < 280000);
  CHECK(with_offset > 10000);
  CHECK(with_fraction > 10000);
}

TEST_CASE("calendar: utc_date floors, including before 1970") {
  CHECK(utc_date(datetime_of("2024-06-10T23:30:00-02:00")) == date_of("2024-06-11"));
  CHECK(utc_date(datetime_of("2024-06-11T01:30:00+02:00")) == date_of("2024-06-10"));
  CHECK(utc_date(datetime_of("2024-06-11T08:00:00")) == date_of("2024-06-11"));
  CHECK(utc_date(datetime_value{0, 0}) == date_value{0});
  CHECK(utc_date(datetime_value{-1, 0}) == date_value{-1});
  CHECK(utc_date(datetime_value{-1, 999999999}) == date_value{-1});
  CHECK(utc_date(datetime_value{-86400, 0}) == date_value{-1});
  CHECK(utc_date(datetime_value{-86401, 0}) == date_value{-2});
  CHECK(utc_date(datetime_value{86399, 0}) == date_value{0});
  CHECK(utc_date(datetime_of("1969-12-31T23:59:59.9Z")) == date_of("1969-12-31"));
  CHECK(utc_date(datetime_of("0001-01-01T00:00:00+01:00")) == from_civil({0, 12, 31}));
  CHECK(utc_date(datetime_value{std::numeric_limits<std::int64_t>::min(), 0}) == min_date);
  CHECK(utc_date(datetime_value{std::numeric_limits<std::int64_t>::max(), 0}) == max_date);
  CHECK(start_of_day(date_of("1969-12-31")) == datetime_value{-86400, 0});
  CHECK(utc_date(start_of_day(date_of("0001-01-01"))) == date_of("0001-01-01"));
}

TEST_CASE("calendar: adding days") {
  CHECK(add_days(date_of("2024-02-28"), 1) == date_of("2024-02-29"));
  CHECK(add_days(date_of("2023-02-28"), 1) == date_of("2023-03-01"));
  CHECK(add_days(date_of("2024-01-01"), -1) == date_of("2023-12-31"));
  CHECK(add_days(date_of("2024-01-01"), 366) == date_of("2025-01-01"));
  CHECK(add_days(date_of("2024-01-01"), std::numeric_limits<std::int64_t>::max()) == max_date);
  CHECK(add_days(date_of("2024-01-01"), std::numeric_limits<std::int64_t>::min()) == min_date);
  CHECK(add_days(max_date, 1) == max_date);
  CHECK(add_days(datetime_of("2024-06-10T23:30:00.25Z"), 1) ==
        datetime_of("2024-06-11T23:30:00.25Z"));
  CHECK(add_days(datetime_of("1970-01-01T00:00:01Z"), -2) == datetime_of("1969-12-30T00:00:01Z"));
}

TEST_CASE("calendar: adding months clamps to the end of the month") {
  CHECK(add_months(date_of("2024-01-31"), 1) == date_of("2024-02-29"));
  CHECK(add_months(date_of("2023-01-31"), 1) == date_of("2023-02-28"));
  CHECK(add_months(date_of("2024-03-31"), -1) == date_of("2024-02-29"));
  CHECK(add_months(date_of("2024-03-31"), 1) == date_of("2024-04-30"));
  CHECK(add_months(date_of("2024-02-29"), 12) == date_of("2025-02-28"));
  CHECK(add_months(date_of("2024-02-29"), 48) == date_of("2028-02-29"));
  CHECK(add_months(date_of("2024-11-15"), 2) == date_of("2025-01-15"));
  CHECK(add_months(date_of("2024-01-15"), -1) == date_of("2023-12-15"));
  CHECK(add_months(date_of("2024-01-15"), -13) == date_of("2022-12-15"));
  CHECK(add_months(date_of("0001-01-01"), -1) == from_civil({0, 12, 1}));
  CHECK(add_months(date_of("2024-06-10"), 0) == date_of("2024-06-10"));
  CHECK(add_months(date_of("2024-06-10"), std::numeric_limits<std::int64_t>::max()) == max_date);
  CHECK(add_months(date_of("2024-06-10"), std::numeric_limits<std::int64_t>::min()) == min_date);
  CHECK(add_months(max_date, 1) == max_date);
  CHECK(add_months(datetime_of("2024-01-31T12:34:56.789Z"), 1) ==
        datetime_of("2024-02-29T12:34:56.789Z"));
  CHECK(add_months(datetime_of("1969-12-31T23:00:00Z"), 2) == datetime_of("1970-02-28T23:00:00Z"));
}

TEST_CASE("calendar: formatting") {
  CHECK(format_date(date_value{0}) == "1970-01-01");
  CHECK(format_date(date_of("0001-01-01")) == "0001-01-01");
  CHECK(format_date(date_of("9999-12-31")) == "9999-12-31");
  CHECK(format_date(date_of("2024-02-29")) == "2024-02-29");
  CHECK(format_date(from_civil({0, 12, 31})) == "0000-12-31");
  CHECK(format_date(from_civil({-1, 12, 31})) == "-0001-12-31");
  CHECK(format_date(from_civil({10000, 1, 1})) == "+10000-01-01");
  CHECK_FALSE(format_date(min_date).empty());
  CHECK_FALSE(format_date(max_date).empty());

  CHECK(format_datetime(datetime_of("2024-06-10T12:00:00Z")) == "2024-06-10T12:00:00Z");
  CHECK(format_datetime(datetime_of("2024-06-10T23:30:00-02:00")) == "2024-06-11T01:30:00Z");
  CHECK(format_datetime(datetime_of("2024-06-10")) == "2024-06-10T00:00:00Z");
  CHECK(format_datetime(datetime_of("2024-06-10T12:00:00.123456789Z")) ==
        "2024-06-10T12:00:00.123456789Z");
  CHECK(format_datetime(datetime_of("2024-06-10T12:00:00.120Z")) == "2024-06-10T12:00:00.12Z");
  CHECK(format_datetime(datetime_of("2024-06-10T12:00:00.000000001Z")) ==
        "2024-06-10T12:00:00.000000001Z");
  CHECK(format_datetime(datetime_of("2024-06-10T12:00:00.000Z")) == "2024-06-10T12:00:00Z");
  CHECK(format_datetime(datetime_value{-1, 500000000}) == "1969-12-31T23:59:59.5Z");
  CHECK(format_datetime(datetime_of("0001-01-01T00:00:00+01:00")) == "0000-12-31T23:00:00Z");
  CHECK_FALSE(format_datetime(datetime_value{std::numeric_limits<std::int64_t>::min(), 0}).empty());

  // Appended to what is there (messages are written into one buffer).
  std::string text = "on ";
  append_date(text, date_of("2024-06-10"));
  text += ", at ";
  append_datetime(text, datetime_of("2024-06-10T08:05:09.5Z"));
  CHECK(text == "on 2024-06-10, at 2024-06-10T08:05:09.5Z");
}

TEST_CASE("calendar: format and parse round-trip") {
  for (const char* text : {"2024-06-10T12:00:00Z", "1969-12-31T23:59:59.999999999Z",
                           "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.1Z"}) {
    CAPTURE(text);
    CHECK(format_datetime(datetime_of(text)) == text);
  }
  for (std::int32_t days = -719162; days <= 2932896; days += 997) {
    const date_value d{days};
    CHECK(parse_date(format_date(d)) == d);
  }
}

TEST_CASE("calendar: ordering is chronological") {
  CHECK(date_of("2024-06-10") < date_of("2024-06-11"));
  CHECK(date_of("1969-12-31") < date_value{0});
  CHECK(datetime_of("2024-06-10T12:00:00.5Z") < datetime_of("2024-06-10T12:00:01Z"));
  CHECK(datetime_of("1969-12-31T23:59:59.9Z") < datetime_of("1970-01-01T00:00:00Z"));
  CHECK(datetime_of("2024-06-10T23:30:00-02:00") > datetime_of("2024-06-11T01:00:00Z"));
  CHECK(datetime_of("2024-06-10T23:30:00-02:00") == datetime_of("2024-06-11T01:30:00Z"));
}
