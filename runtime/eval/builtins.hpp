// The built-in functions, the runtime's half of their declaration: how each is evaluated, by the
// enum of lang/builtins.hpp (the language's half: names, arguments, results, folding). The
// evaluator computes a call's arguments and calls the builtin's function from
// `builtin_evaluations`; folding a call on constants goes through the same function.
//
// The builtins policies call most (dates, patterns, `trim`) are inline here, so that the evaluator
// runs them in its own frame, as it would a `switch` case; the others are in builtins.cpp, each in
// a frame of its own.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "lang/builtins.hpp"
#include "lang/calendar.hpp"
#include "runtime/pattern/pattern.hpp"
#include "runtime/program/arena.hpp"
#include "runtime/program/program.hpp"
#include "runtime/program/value.hpp"

namespace clause::runtime {

// What a builtin may read besides its arguments.
struct builtin_env {
  const program* p = nullptr;
  const node* nodes = nullptr;  // the nodes being evaluated (a call's inputs are among them)
  arena* scratch = nullptr;     // the case's: where the strings a builtin makes live
};

// `a` and `b` are the call's arguments, present and of the types the language's half declares;
// `b` is absent when the builtin has no second argument or it is a `pattern` (read from `call`).
// (By reference: the evaluator's copies stay where they are, whole, for the inline builtins.)
using builtin_function = value (*)(const value& a, const value& b, const node& call,
                                   const builtin_env& env);

struct builtin_evaluation {
  lang::builtin id;
  builtin_function evaluate;
};

inline bool is_space(char c) {  // (most characters are above the space: one comparison)
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r'));
}

// A string without its leading and trailing white space (`trim`, which the evaluator also calls
// in place for a let whose body it is).
[[gnu::always_inline]] inline value trimmed(const value& v) {
  std::string_view s = v.text();
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return value::string(s);
}

inline lang::datetime_value instant(const value& v) {
  return {v.number, static_cast<std::int32_t>(v.aux)};
}

inline value from_instant(lang::datetime_value t) {
  return value::datetime(t.seconds, t.nanos);
}

// A date or a datetime `amount` days (or calendar months) later: `add_days`, `add_months`, and
// `+` and `-` with a duration.
inline value shifted(const value& a, std::int64_t amount, bool months) {
  if (a.kind == value_kind::date) {
    const lang::date_value d{static_cast<std::int32_t>(a.number)};
    return value::date(months ? lang::add_months(d, amount).days : lang::add_days(d, amount).days);
  }
  return from_instant(months ? lang::add_months(instant(a), amount)
                             : lang::add_days(instant(a), amount));
}

// One function per builtin.
namespace builtins {

inline value trim(const value& a, const value&, const node&, const builtin_env&) {
  return trimmed(a);
}

// The pattern was compiled with the program, by the constant index of its text (node b).
inline value matches(const value& a, const value&, const node& call, const builtin_env& env) {
  const program& p = *env.p;
  return value::boolean(
      p.patterns[*p.pattern_of_constant[env.nodes[call.b].a]]->partial_match(a.text()));
}

inline value utc_date(const value& a, const value&, const node&, const builtin_env&) {
  return value::date(lang::utc_date(instant(a)).days);
}

inline value parse_datetime(const value& a, const value&, const node&, const builtin_env&) {
  const auto t = lang::parse_datetime(a.text());
  return t ? from_instant(*t) : value{};
}

// builtins.cpp
value lower(const value& a, const value&, const node&, const builtin_env& env);
value upper(const value& a, const value&, const node&, const builtin_env& env);
value length(const value& a, const value&, const node&, const builtin_env&);
value starts_with(const value& a, const value& b, const node&, const builtin_env&);
value ends_with(const value& a, const value& b, const node&, const builtin_env&);
value contains(const value& a, const value& b, const node&, const builtin_env&);
value equals_ignore_case(const value& a, const value& b, const node&, const builtin_env&);
value parse_date(const value& a, const value&, const node&, const builtin_env&);
value add_days(const value& a, const value& b, const node&, const builtin_env&);
value add_months(const value& a, const value& b, const node&, const builtin_env&);
value days(const value& a, const value&, const node&, const builtin_env&);
value months(const value& a, const value&, const node&, const builtin_env&);

}  // namespace builtins

// By builtin, in the enum's order.
inline constexpr builtin_evaluation builtin_evaluations[] = {
    {lang::builtin::trim, builtins::trim},
    {lang::builtin::lower, builtins::lower},
    {lang::builtin::upper, builtins::upper},
    {lang::builtin::length, builtins::length},
    {lang::builtin::starts_with, builtins::starts_with},
    {lang::builtin::ends_with, builtins::ends_with},
    {lang::builtin::contains, builtins::contains},
    {lang::builtin::equals_ignore_case, builtins::equals_ignore_case},
    {lang::builtin::matches, builtins::matches},
    {lang::builtin::utc_date, builtins::utc_date},
    {lang::builtin::parse_date, builtins::parse_date},
    {lang::builtin::parse_datetime, builtins::parse_datetime},
    {lang::builtin::add_days, builtins::add_days},
    {lang::builtin::add_months, builtins::add_months},
    {lang::builtin::days, builtins::days},
    {lang::builtin::months, builtins::months},
};

constexpr bool evaluations_in_order() {
  if (std::size(builtin_evaluations) != lang::builtin_count) return false;
  for (std::size_t i = 0; i < lang::builtin_count; ++i) {
    if (static_cast<std::size_t>(builtin_evaluations[i].id) != i) return false;
  }
  return true;
}
static_assert(evaluations_in_order(),
              "builtin_evaluations has one function for every builtin of lang/builtins.hpp, in the "
              "order of lang::builtin");

// Whether argument `i` of builtin `b` is a value the evaluator computes and passes.
constexpr bool passes_argument(const lang::builtin_info& b, std::size_t i) {
  return b.parameters[i] != lang::parameter::none && b.parameters[i] != lang::parameter::pattern;
}

// The evaluator passes two arguments at most.
static_assert(std::tuple_size_v<decltype(lang::builtin_info::parameters)> == 2);

}  // namespace clause::runtime
