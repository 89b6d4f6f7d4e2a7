// The built-in functions of the language. The checker types calls with this table; the runtime
// evaluates them by the same index.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clause::lang {

enum class builtin : std::uint8_t {
  trim,                // string -> string: ASCII whitespace removed from both ends
  lower,               // string -> string: ASCII lower case
  upper,               // string -> string: ASCII upper case
  length,              // string | list | set -> int (characters of a string: UTF-8 code points)
  starts_with,         // string, string -> bool
  ends_with,           // string, string -> bool
  contains,            // string, string -> bool
  equals_ignore_case,  // string, string -> bool: ASCII case folding
  matches,             // string, "regex" -> bool: RE2 syntax, linear time, unanchored
  utc_date,            // datetime -> date
  parse_date,          // string -> date? (absent when not exactly YYYY-MM-DD)
  parse_datetime,      // string -> datetime? (absent when not a datetime)
  add_days,            // date | datetime, int -> same
  add_months,          // date | datetime, int -> same (end of month clamps)
};

struct builtin_info {
  builtin id;
  std::string_view name;
  std::string_view signature;  // shown in diagnostics
};

inline constexpr builtin_info all_builtins[] = {
    {builtin::trim, "trim", "trim(string) -> string"},
    {builtin::lower, "lower", "lower(string) -> string"},
    {builtin::upper, "upper", "upper(string) -> string"},
    {builtin::length, "length", "length(string | list | set) -> int"},
    {builtin::starts_with, "starts_with", "starts_with(string, string) -> bool"},
    {builtin::ends_with, "ends_with", "ends_with(string, string) -> bool"},
    {builtin::contains, "contains", "contains(string, string) -> bool"},
    {builtin::equals_ignore_case, "equals_ignore_case",
     "equals_ignore_case(string, string) -> bool"},
    {builtin::matches, "matches", "matches(string, \"regular expression\") -> bool"},
    {builtin::utc_date, "utc_date", "utc_date(datetime) -> date"},
    {builtin::parse_date, "parse_date", "parse_date(string) -> date, absent when malformed"},
    {builtin::parse_datetime, "parse_datetime",
     "parse_datetime(string) -> datetime, absent when malformed"},
    {builtin::add_days, "add_days", "add_days(date | datetime, int) -> date | datetime"},
    {builtin::add_months, "add_months", "add_months(date | datetime, int) -> date | datetime"},
};

inline std::optional<builtin_info> find_builtin(std::string_view name) {
  for (const builtin_info& b : all_builtins) {
    if (b.name == name) return b;
  }
  return std::nullopt;
}

}  // namespace clause::lang
