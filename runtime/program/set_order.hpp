// A set that is not an enum set is held as a list in one canonical order, without duplicates, so
// that `==`, `length` and `count` see the set, not the order or the repetitions it was written in
// (`{1, 2} == {2, 1}`, `length({1, 1}) == 1`). Every place that makes such a set (a set literal,
// a constant, a case's field) makes it canonical with `canonical_set`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "runtime/program/value.hpp"

namespace clause::runtime {

// A total order over the values a set's elements can be (strings by bytes, the rest by number).
inline bool set_element_before(const value& a, const value& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  switch (a.kind) {
    case value_kind::string:
      return a.text() < b.text();
    case value_kind::datetime:
      return a.number != b.number ? a.number < b.number : a.aux < b.aux;
    default:
      return a.number < b.number;
  }
}

// Sorts `items` and drops repeated elements; the count left.
inline std::uint32_t canonical_set(value* items, std::uint32_t count) {
  std::sort(items, items + count, set_element_before);
  const value* end = std::unique(items, items + count, [](const value& a, const value& b) {
    return !set_element_before(a, b) && !set_element_before(b, a);
  });
  return static_cast<std::uint32_t>(end - items);
}

}  // namespace clause::runtime
