// The built-in functions, the language's half of their declaration: for each one its name, what its
// arguments must be, what it gives, whether a call on constants may be computed when the policy
// loads, and the signature diagnostics show. The checker types every call from this table alone;
// the runtime's half (runtime/eval/builtins.cpp) says how each is evaluated, by the same enum.
// Adding a builtin: lang/README.md, "Adding a built-in function".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace clause::lang {

// In the order of `all_builtins` (compiled programs hold these numbers).
enum class builtin : std::uint8_t {
  trim,
  lower,
  upper,
  length,
  starts_with,
  ends_with,
  contains,
  equals_ignore_case,
  matches,
  utc_date,
  parse_date,
  parse_datetime,
  add_days,
  add_months,
  days,
  months,
  count,  // (not a builtin: how many there are; a new one goes above)
};

// What an argument must be.
enum class parameter : std::uint8_t {
  none,              // (no argument in this place)
  string,            // string
  integer,           // int
  datetime,          // datetime
  date_or_datetime,  // date | datetime
  sized,             // string | list | set
  pattern,           // a string literal, an RE2 regular expression compiled when the policy loads
};

// What a call gives.
enum class result : std::uint8_t {
  boolean,
  integer,
  string,
  date,
  datetime,
  duration,
  like_first,  // the type of the first argument (a date or a datetime)
};

struct builtin_info {
  builtin id;
  std::string_view name;
  std::array<parameter, 2> parameters{parameter::none, parameter::none};
  result gives = result::boolean;
  bool absent_when_malformed = false;  // the result may be absent (the call is optional)
  // A call whose arguments are all constants may be computed once, when compiling: true of any
  // builtin whose value depends on its arguments alone.
  bool foldable = true;
  std::string_view signature;  // shown in diagnostics; lang/README.md's table shows the same
  std::string_view doc;        // what it gives, in one line: the README table's second column

  constexpr std::size_t arity() const {
    std::size_t n = 0;
    while (n < parameters.size() && parameters[n] != parameter::none)
      ++n;
    return n;
  }
};

inline constexpr builtin_info all_builtins[] = {
    // ASCII whitespace removed from both ends.
    {.id = builtin::trim,
     .name = "trim",
     .parameters = {parameter::string},
     .gives = result::string,
     .signature = "trim(string) -> string",
     .doc = "the string without ASCII whitespace at both ends"},
    // ASCII letters lowered, other bytes kept.
    {.id = builtin::lower,
     .name = "lower",
     .parameters = {parameter::string},
     .gives = result::string,
     .signature = "lower(string) -> string",
     .doc = "ASCII lower case"},
    {.id = builtin::upper,
     .name = "upper",
     .parameters = {parameter::string},
     .gives = result::string,
     .signature = "upper(string) -> string",
     .doc = "ASCII upper case"},
    // A string's characters (UTF-8 code points); a list's or a set's elements.
    {.id = builtin::length,
     .name = "length",
     .parameters = {parameter::sized},
     .gives = result::integer,
     .signature = "length(string | list | set) -> int",
     .doc = "characters of a string (Unicode code points), elements of a list or a set"},
    {.id = builtin::starts_with,
     .name = "starts_with",
     .parameters = {parameter::string, parameter::string},
     .signature = "starts_with(string, string) -> bool",
     .doc = "the first string starts with the second"},
    {.id = builtin::ends_with,
     .name = "ends_with",
     .parameters = {parameter::string, parameter::string},
     .signature = "ends_with(string, string) -> bool",
     .doc = "the first string ends with the second"},
    {.id = builtin::contains,
     .name = "contains",
     .parameters = {parameter::string, parameter::string},
     .signature = "contains(string, string) -> bool",
     .doc = "the first string contains the second"},
    // ASCII letters compared without case.
    {.id = builtin::equals_ignore_case,
     .name = "equals_ignore_case",
     .parameters = {parameter::string, parameter::string},
     .signature = "equals_ignore_case(string, string) -> bool",
     .doc = "equal, ignoring ASCII case"},
    // RE2 syntax, linear time, unanchored.
    {.id = builtin::matches,
     .name = "matches",
     .parameters = {parameter::string, parameter::pattern},
     .signature = "matches(string, \"regular expression\") -> bool",
     .doc = "the regular expression matches somewhere in the string"},
    {.id = builtin::utc_date,
     .name = "utc_date",
     .parameters = {parameter::datetime},
     .gives = result::date,
     .signature = "utc_date(datetime) -> date",
     .doc = "the UTC calendar date of an instant"},
    // Absent unless exactly YYYY-MM-DD.
    {.id = builtin::parse_date,
     .name = "parse_date",
     .parameters = {parameter::string},
     .gives = result::date,
     .absent_when_malformed = true,
     .signature = "parse_date(string) -> date, absent when malformed",
     .doc = "the date, when the text is exactly `YYYY-MM-DD`"},
    {.id = builtin::parse_datetime,
     .name = "parse_datetime",
     .parameters = {parameter::string},
     .gives = result::datetime,
     .absent_when_malformed = true,
     .signature = "parse_datetime(string) -> datetime, absent when malformed",
     .doc = "the instant, when the text is a datetime (`YYYY-MM-DDThh:mm:ss`, optional fraction, "
            "optional `Z` or `±hh:mm`; no zone is UTC) or a date (its start, UTC)"},
    {.id = builtin::add_days,
     .name = "add_days",
     .parameters = {parameter::date_or_datetime, parameter::integer},
     .gives = result::like_first,
     .signature = "add_days(date | datetime, int) -> date | datetime",
     .doc = "the date or datetime that many days later (earlier when negative)"},
    // The end of the month clamps.
    {.id = builtin::add_months,
     .name = "add_months",
     .parameters = {parameter::date_or_datetime, parameter::integer},
     .gives = result::like_first,
     .signature = "add_months(date | datetime, int) -> date | datetime",
     .doc = "that many calendar months later; the end of the month clamps: `add_months(2024-01-31, "
            "1) == 2024-02-29`"},
    // A duration from a number computed by the policy (a literal is written `30 days`).
    {.id = builtin::days,
     .name = "days",
     .parameters = {parameter::integer},
     .gives = result::duration,
     .signature = "days(int) -> duration",
     .doc = "that many days, for a number the policy computes: `now - days(params.graceDays)` (a "
            "literal is written `30 days`)"},
    {.id = builtin::months,
     .name = "months",
     .parameters = {parameter::integer},
     .gives = result::duration,
     .signature = "months(int) -> duration",
     .doc = "that many calendar months"},
};

inline constexpr std::size_t builtin_count = static_cast<std::size_t>(builtin::count);

// Every builtin once, in the enum's order, so that `info` is an index.
constexpr bool builtins_in_order() {
  if (std::size(all_builtins) != builtin_count) return false;
  for (std::size_t i = 0; i < builtin_count; ++i) {
    if (static_cast<std::size_t>(all_builtins[i].id) != i) return false;
  }
  return true;
}
static_assert(builtins_in_order(), "all_builtins lists every builtin once, in the enum's order");

constexpr const builtin_info& info(builtin b) {
  return all_builtins[static_cast<std::size_t>(b)];
}

inline std::optional<builtin_info> find_builtin(std::string_view name) {
  for (const builtin_info& b : all_builtins) {
    if (b.name == name) return b;
  }
  return std::nullopt;
}

}  // namespace clause::lang
