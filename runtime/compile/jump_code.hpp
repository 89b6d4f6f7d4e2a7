// Decisions compiled to jumping code: each decision's rules in order, their effective periods and
// conditions as flat tests, `and`, `or`, `not` and `if` as jumps between them, and a `fire` of each
// rule whose condition holds. Deciding walks one short list of instructions instead of recursing
// through every condition's nodes. The tests that conditions are made of most (an enum, a bool or a
// presence at a slot of the case, a let, a text compared with a literal, a value compared with a
// constant) are instructions of their own; any other condition is one `test` of its node by the
// tree evaluator. Explanations still walk the nodes (eval/explain.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace clause::runtime {

struct node;
struct program;

enum class jump_op : std::uint8_t {
  enum_is,           // slot a holds enum value b
  is_true,           // slot a holds true
  present,           // slot a holds a value
  in_set,            // slot a holds an enum value in the enum set of constant b
  overlaps_set,      // slot a holds enum values (a set or a list) one of which is in constant b
  let_true,          // let a is true
  let_present,       // let a has a value
  text_is,           // node a's value is the text of constant b
  text_is_let,       // let a's value is the text of constant b
  empty_let,         // let a's value is the empty text
  text_is_slot,      // slot a holds the text of constant b
  compare_constant,  // node a's value compares (sub: comparison) true with constant b
  compare_let,       // let a's value compares (sub: comparison) true with constant b
  compare,           // node a's value compares (sub: comparison) true with node b's
  quantifier_true,   // node a, a quantifier, evaluates to true
  call_true,         // node a, a call of a builtin, evaluates to true
  test,              // node a holds (the tree evaluator's `test`)
  in_period,         // the effective period of step a of the decision holds `now`
  jump,              // go to `target`
  fire,              // step a of the decision fired (stop when combining says so)
  done,              // the condition is `when` (a decision's code: every rule is decided)
};

// Every test goes to `target` when its result is `when`, else to the next instruction.
struct jump_insn {
  const void* handler = nullptr;  // the evaluator's code for `code` (set by `thread_handlers`)
  jump_op code = jump_op::done;
  std::uint8_t sub = 0;
  bool when = false;
  std::uint32_t a = 0, b = 0;
  std::uint32_t target = 0;
};

// How the evaluator computes a let (`evaluator::let`): by its jumping code when it is a condition;
// as `trim` of a slot of the case, or of a text constant when the slot is absent, when it is
// `trim(path ?? "text")` (the commonest let of the policies that trim what they are given); or by
// its nodes.
struct let_plan {
  enum class way : std::uint8_t { nodes, jumps, trim_slot };
  way how = way::nodes;
  std::uint32_t a = 0;  // jumps: the entry; trim_slot: the slot
  std::uint32_t b = 0;  // trim_slot: the constant in place of an absent slot
};

struct jump_code {
  static constexpr std::uint32_t no_entry = UINT32_MAX;
  // In `applies_slot`: a decision with no `when`.
  static constexpr std::uint32_t always = UINT32_MAX - 1;
  std::vector<jump_insn> code;
  std::vector<std::uint32_t> entry;     // by node: where its condition's code starts, or no_entry
  std::vector<std::uint32_t> decision;  // by decision: where its rules' code starts
  // By decision: the slot its `when` tests the presence of (`when has section`), `always` when it
  // has no `when`, or no_entry.
  std::vector<std::uint32_t> applies_slot;
  std::vector<let_plan> lets;  // by let
};

// Compiles every decision and every decision's `when` of `nodes` (the program's, or its nodes
// specialised for default parameters), every quantifier's and every `if`'s condition and every
// boolean let.
jump_code compile_jumps(const program& p, const std::vector<node>& nodes);

// Gives each instruction the address of the evaluator's handler for it, so that dispatching is one
// load (direct threading; eval/evaluate.cpp, where the handlers are). Where the evaluator
// dispatches with a `switch` (no labels as values, or CLAUSE_NO_COMPUTED_GOTO), it does nothing.
void thread_handlers(const program& p, jump_code& code);

}  // namespace clause::runtime
