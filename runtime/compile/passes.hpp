// The passes `compile` runs over a program once its nodes are emitted: folding (fold.cpp),
// sharing (share.cpp), interning (intern.cpp).
//
// Constant folding: a node whose inputs are all constants becomes a constant; `and`, `or`, `if` and
// `??` with a constant side shrink to the side that decides. Node ids do not change: a folded node
// is rewritten in place (to a constant, or to a copy of the child it reduces to), so rules, lets,
// spans and explanations keep their ids.
#pragma once

#include <vector>

#include "runtime/program/program.hpp"

namespace clause::runtime {

// Folds `nodes` (the program's own, or a copy of them) to a fixed point. With `params`, parameter
// reads become those values too: a program specialised for one choice of parameters.
void fold_constants(program& p, std::vector<node>& nodes, const std::vector<value>* params);

// After folding, on the specialised program: computations written more than once (`k in t` in
// three rules, the same `trim(x)` twice) become reads of one new let each, computed once per case.
// Only nodes evaluation can reach count, and not those that read a quantifier's variable. Then
// the other way round: a let read in one place only (outside quantifiers' conditions) is computed
// in that place, without its cache.
void share_repeated(program& p, std::vector<node>& nodes);

// Strings compared with literals: each string literal compared (`==`, `!=`) with a field of the
// case gets a number, and the field is marked for the binder to look its text up, so that the
// comparison is of two numbers (intern.cpp). Then, the marks final, each record's key table notes
// beside a scalar field's name what binding it needs (schema_type::key_entry).
void intern_literals(program& p);

// Evaluates node `n` of `nodes`, which reads nothing but constants: the folder's evaluator.
// Strings and lists it makes are in `scratch`.
value evaluate_constant_node(const program& p, const std::vector<node>& nodes, std::uint32_t n,
                             arena& scratch);

}  // namespace clause::runtime
