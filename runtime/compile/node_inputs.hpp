// Which nodes a node reads, by operator: the one table every pass over the compiled form uses
// (folding, sharing), so that a new operator is described once.
#pragma once

#include "lang/builtins.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

// Which fields of `x` are nodes it reads. Leaves (constants, parameters, `now`, lets, paths) read
// none: a let is read by number, a path's steps are field indexes. `input_list`: make_list's
// elements and all_of/any_of's conditions, `operands[a .. a+b)`.
enum : unsigned { input_a = 1, input_b = 2, input_c = 4, input_list = 8 };

inline unsigned input_fields(const node& x) {
  switch (x.code) {
    case op::constant:
    case op::param:
    case op::now:
    case op::today:
    case op::let_value:
    case op::let_present:
    case op::read_path:
      return 0;
    case op::table_get:
      return input_b;
    case op::field:
    case op::path:
    case op::in_table:
    case op::compare_constant:
    case op::not_op:
    case op::has:
    case op::path_is_enum:
    case op::path_true:
    case op::path_present:
    case op::path_or:
      return input_a;
    case op::call:
      switch (lang::info(static_cast<lang::builtin>(x.sub)).arity()) {
        case 0:
          return 0;
        case 1:
          return input_a;
        default:
          return input_a | input_b;
      }
    case op::make_list:
    case op::all_of:
    case op::any_of:
      return input_list;
    case op::if_then_else:
      return input_a | input_b | input_c;
    default:  // two operands: comparisons, and/or, ??, arithmetic, membership, quantifiers
      return input_a | input_b;
  }
}

// The boolean operators: conditions the tree evaluator's `test` takes straight to `bool`,
// `negate` (a folded `not`) included.
inline bool is_condition(op code) {
  switch (code) {
    case op::in_table:
    case op::in_enum_set:
    case op::in_list:
    case op::overlaps:
    case op::subset:
    case op::not_op:
    case op::all_of:
    case op::any_of:
    case op::compare:
    case op::compare_constant:
    case op::has:
    case op::path_is_enum:
    case op::path_true:
    case op::path_present:
    case op::let_present:
      return true;
    default:
      return false;
  }
}

// Calls `f(child)` for each node `x` reads.
template <typename F>
void for_each_input(const program& p, const node& x, F&& f) {
  const unsigned in = input_fields(x);
  if (in & input_list) {
    for (std::uint32_t i = 0; i < x.b; ++i)
      f(p.operands[x.a + i]);
    return;
  }
  if (in & input_a) f(x.a);
  if (in & input_b) f(x.b);
  if (in & input_c) f(x.c);
}

}  // namespace clause::runtime
