// The evaluator, private to eval/: one class over five translation units. The hot core (running a
// case, deciding, the jumping code, the tree evaluator, operands, lets) is evaluate.cpp, one unit
// so that the compiler inlines across it: what the hot path calls is defined there (declared
// `inline` here when it is meant to be inlined: GCC refuses a call to one from another unit),
// or inline in this header. Messages are messages.cpp, explanations explain.cpp; the builtins' own
// code is builtins.hpp and builtins.cpp; coverage (`clause test`) is coverage.cpp. Those units
// reach the core through `value_of` and `holds_node`.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/compile/jump_code.hpp"
#include "runtime/eval/builtins.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"
#include "runtime/program/value.hpp"

namespace clause::runtime {

class evaluator {
 public:
  evaluator(const program& p, const bound_case& c, const evaluation_options& o, evaluation& e)
      : p_(p), case_(c), options_(o), e_(e), nodes_(p.nodes.data()) {}

  inline void run();

  // The value of node `n`. Boolean operators are `test`'s; the leaves, `let`s and anything that
  // recurses are out of line, so this dispatch needs no stack frame of its own.
  inline value eval(std::uint32_t n);
  // The value of an operand: reads of the case and cached lets without a dispatch.
  [[gnu::always_inline]] inline value operand(std::uint32_t n);
  static bool truthy(const value& v) { return v.kind == value_kind::boolean && v.number != 0; }
  // A condition, straight to bool: conditions are most of what rules evaluate. Every boolean
  // operator is here, and honours the node's `negate` (a folded `not`). Like `eval`, frameless.
  inline bool test(std::uint32_t n);
  // A decision's `when`: its jumping code (jump_code.hpp), or, to explain, its nodes.
  inline bool holds(std::uint32_t n);
  // Runs jumping code from `pc` to its `done`; `fire` instructions fire the steps of `deciding_`.
  [[gnu::noinline]] bool run_jumps(std::uint32_t pc);

  // `eval` and `test` for the other units (messages, explanations), which are not on the hot path.
  value value_of(std::uint32_t n);
  bool holds_node(std::uint32_t n);
  std::string why_held(std::uint32_t n, std::size_t longest);
  std::string let_reason(std::uint32_t n, const value& v, std::size_t longest);

  // Points the evaluator at `nodes` (the program's, or its nodes specialised for default
  // parameters).
  void use_nodes(const node* nodes) {
    nodes_ = nodes;
    builtin_env_.nodes = nodes;
  }

  const program& p_;
  const bound_case& case_;
  const evaluation_options& options_;
  evaluation& e_;
  const node* nodes_;                    // see `use_nodes`
  const jump_code* jumps_ = nullptr;     // their decisions' jumping code; none to explain
  const let_plan* let_plans_ = nullptr;  // `jumps_->lets`
  // The decision being decided: what its rules' firing has chosen so far.
  const compiled_decision* deciding_ = nullptr;
  decision_result* result_ = nullptr;
  std::uint32_t decided_by_ = 0;  // the first fired rule with the final outcome, or `none`
  std::uint32_t outcome_ = 0;
  bool coded_ = false;  // a rule with a code (or a warning) fired
  static constexpr std::uint32_t none = UINT32_MAX;
  const value* constants_ = p_.constants.data();
  const std::uint32_t* operands_ = p_.operands.data();
  value* lets_ = nullptr;
  std::uint32_t* let_stamps_ = nullptr;
  value* locals_ = nullptr;      // quantifier variables, by slot
  const value* root_ = nullptr;  // the case's flat block (bind.hpp)
  std::uint32_t stamp_ = 0;
  value now_;
  std::int32_t today_ = 0;  // `now`'s UTC date, once a rule's effective period needs it
  bool today_known_ = false;
  builtin_env builtin_env_{&p_, nodes_, &e_.scratch_};

 private:
  // ---- the core (evaluate.cpp)
  [[gnu::always_inline]] inline void prepare();
  [[gnu::always_inline]] inline const value& read(const node& path) const;
  [[gnu::always_inline]] inline const value& read_or(const node& x) const;
  [[gnu::always_inline]] inline const value& follow(const value& from, std::uint32_t first,
                                                    std::uint32_t count) const;
  [[gnu::always_inline]] inline value let_of(std::uint32_t index);
  // Each recursing operator has its own small frame.
  [[gnu::noinline]] value let(std::uint32_t index);
  [[gnu::noinline]] value path(const node& x);
  [[gnu::noinline]] value table_get(const node& x);
  [[gnu::noinline]] value list_get(const node& x);
  [[gnu::noinline]] value coalesce(const node& x);
  [[gnu::noinline]] value choose(const node& x);
  [[gnu::noinline]] bool test_not(const node& x);
  [[gnu::noinline]] bool test_all(const node& x);
  [[gnu::noinline]] bool test_any(const node& x);
  [[gnu::noinline]] bool test_has(const node& x);
  [[gnu::noinline]] bool test_compare(const node& x);
  [[gnu::noinline]] bool test_compare_constant(const node& x);
  [[gnu::noinline]] bool test_in_table(const node& x);
  [[gnu::noinline]] bool test_in(const node& x);
  [[gnu::noinline]] bool test_sets(const node& x);
  [[gnu::noinline]] value arithmetic(const node& x);
  [[gnu::noinline]] value quantify(const node& x);
  [[gnu::noinline]] value make_list(const node& x);
  [[gnu::noinline]] value trim(const node& x);
  [[gnu::noinline]] value call(const node& x);
  template <std::size_t I>
  [[gnu::always_inline]] inline value call_at(const node& x, const value& a);
  [[gnu::noinline]] value today_value();
  [[gnu::always_inline]] inline static bool same_text(const value& v, const value& k);
  [[gnu::always_inline]] inline static bool compare(comparison c, const value& a, const value& b);
  inline static bool ordered(comparison c, int o);
  inline static bool overlap(const value& v, const value& set);
  [[gnu::always_inline]] inline void decide(std::uint32_t d, const compiled_decision& decision,
                                            decision_result& r);

  // ---- shared with explanations
  // `now`'s UTC date, computed once per case.
  std::int32_t today() {
    if (!today_known_) {
      today_ = lang::utc_date(instant(now_)).days;
      today_known_ = true;
    }
    return today_;
  }

  bool in_period(const rule_step& s) {
    const std::int32_t day = today();
    return day >= s.from_day && day <= s.until_day;
  }

  // Step `s` of the decision being decided fired: combines it as the decision declares. True when
  // no later rule can matter (`first`).
  [[gnu::always_inline]] bool fire(const rule_step& s) {
    decision_result& r = *result_;
    if (s.is_warning) {
      r.rules.push_back(s.rule);
      coded_ = coded_ || s.has_code;
      return false;
    }
    const lang::ast::combining combine = deciding_->combine;
    if (combine == lang::ast::combining::unique && decided_by_ != none) {
      if (r.conflicts.empty()) r.conflicts.push_back(decided_by_);
      r.conflicts.push_back(s.rule);
      return false;
    }
    r.rules.push_back(s.rule);
    coded_ = coded_ || s.has_code;
    if (decided_by_ == none || s.outcome > outcome_) {
      outcome_ = s.outcome;
      decided_by_ = s.rule;
    }
    return combine == lang::ast::combining::first;
  }

  // ---- messages (messages.cpp)
  void codes_and_messages(decision_result& r);
  void add_conflict_message(decision_result& r, std::string_view code);
  void check_payloads(decision_result& r);
  inline const message_template* localized(const compiled_rule& rule) const;
  inline void add_message(decision_result& r, std::string_view code, const compiled_rule& rule);

  // ---- coverage (coverage.cpp), in the node-walking mode only
 public:
  // After a case: marks the lets it computed.
  void record_lets();
  void show_lets();

 private:
  // `test_all` and `test_any` when counting coverage: also marks the part that decided.
  [[gnu::noinline]] bool covered_chain(const node& x);

  // ---- explanations (explain.cpp)
  std::uint32_t first_failure(std::uint32_t n);
  [[gnu::noinline]] void walk_steps(const compiled_decision& decision, decision_result& r);
  rule_miss miss(std::uint32_t rule, std::uint32_t condition);
  std::uint32_t read_operand(std::uint32_t n) const;
  const std::vector<std::string>* enum_names_of(std::uint32_t n) const;
};

}  // namespace clause::runtime
