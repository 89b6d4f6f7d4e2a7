// Values of the language as the solver sees them: each a Z3 term (or a tree of terms, for records
// and collections) with a presence bit. A list or a set is a sequence of guarded elements: element
// i belongs to it when its guard holds. That one shape serves a case's bounded list (guard i is
// `i < length`), a set of enum values (one element per value, its guard a free bit), a table
// row's constant set, and the merge of two collections under `if` (each side's guards conjoined
// with the branch), so no encoding needs more than one.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lang/checked.hpp"
#include "lang/constant.hpp"

namespace clause::verify {

// A construct the encoding does not cover: the question it is part of is answered `unknown`, with
// this reason, never proved.
struct not_encoded : std::runtime_error {
  not_encoded(std::string why, lang::span at) : std::runtime_error(std::move(why)), where(at) {}
  lang::span where;
};

struct item;

struct sym {
  // Defined below `item`: a vector's members need its element type complete (clang checks).
  explicit sym(z3::context& c);
  lang::type_id type = lang::type_table::error;
  z3::expr present;         // false: the value is absent (an unset optional)
  z3::expr scalar;          // bool, int, string, date (days), datetime (ns), enum (index)
  bool months = false;      // a duration in calendar months (scalar holds the amount)
  std::vector<sym> fields;  // a record's fields, in declaration order
  std::vector<item> items;  // a list's or a set's guarded elements
};

struct item {
  z3::expr guard;
  sym value;
};

inline sym::sym(z3::context& c) : present(c.bool_val(true)), scalar(c.bool_val(false)) {}

// Nanoseconds in a day: datetimes are instants in nanoseconds since 1970-01-01T00:00:00Z.
inline constexpr std::int64_t ns_per_second = 1'000'000'000;
inline constexpr std::int64_t ns_per_day = 86'400 * ns_per_second;

// Z3's string literals read `\u{…}` as an escape: every character but letters and digits is
// written as one, so the text of a policy means only itself.
z3::expr string_constant(z3::context& c, std::string_view utf8);

// The UTF-8 text of a string the model gives (its printable ASCII, `\u{…}` for the rest).
std::string model_string(const z3::expr& value);

z3::expr int_constant(z3::context& c, std::int64_t n);

// An absent value of type `t` whose terms have the type's sorts (so it merges with present ones).
sym absent(z3::context& c, const lang::type_table& types, lang::type_id t);

// The constant's value, of type `t` in `types`.
sym constant_sym(z3::context& c, const lang::type_table& types, const lang::constant& k);

// `cond ? a : b`, member-wise; collections concatenate with their guards conjoined with the
// branch taken.
sym merge(const z3::expr& cond, const sym& a, const sym& b);

// Equality of two present values of one type.
z3::expr equal(const lang::type_table& types, const sym& a, const sym& b);

// Element guards that count each distinct value once (a set's `length`, `count`).
std::vector<z3::expr> distinct_guards(const lang::type_table& types, const sym& set);

z3::expr member(const lang::type_table& types, const sym& element, const sym& collection);

z3::expr sum(z3::context& c, const std::vector<z3::expr>& terms);
z3::expr any_of(z3::context& c, const std::vector<z3::expr>& terms);
z3::expr all_of(z3::context& c, const std::vector<z3::expr>& terms);

}  // namespace clause::verify
