// The evaluator's hot core: running a case, deciding, the jumping code (jump_code.hpp), the tree
// evaluator over typed nodes, operands and lets (computed once per case). One translation unit, so
// that what the hot path calls is inlined; messages, explanations and builtins are in their own
// (evaluator.hpp).
#include "runtime/eval/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iterator>
#include <utility>

#include "lang/builtins.hpp"
#include "lang/calendar.hpp"
#include "runtime/compile/passes.hpp"
#include "runtime/eval/evaluator.hpp"
#include "runtime/program/set_order.hpp"

// The jumping code is directly threaded where the compiler has labels as values (GNU C);
// elsewhere, or with CLAUSE_NO_COMPUTED_GOTO defined, a `switch` dispatches it.
#if defined(__GNUC__) && !defined(CLAUSE_NO_COMPUTED_GOTO)
#define CLAUSE_COMPUTED_GOTO 1
#else
#define CLAUSE_COMPUTED_GOTO 0
#endif

namespace clause::runtime {

namespace {

bool equal(const value& a, const value& b) {
  if (a.kind != b.kind) {
    // The literal `{}` is an empty list whatever set it stands for: equal to an empty enum set.
    const value& set = a.kind == value_kind::enum_set ? a : b;
    const value& other = a.kind == value_kind::enum_set ? b : a;
    return set.kind == value_kind::enum_set && set.number == 0 && other.kind == value_kind::list &&
           other.aux == 0;
  }
  switch (a.kind) {
    case value_kind::absent:
      return true;
    case value_kind::string:
      return a.text() == b.text();
    case value_kind::datetime:
    case value_kind::duration:
      return a.number == b.number && a.aux == b.aux && a.flag == b.flag;
    case value_kind::record:
    case value_kind::list:
      if (a.aux != b.aux) return false;
      for (std::uint32_t i = 0; i < a.aux; ++i) {
        if (!equal(a.items[i], b.items[i])) return false;
      }
      return true;
    default:
      return a.number == b.number;
  }
}

// -1, 0, 1 for ordered kinds (int, string, date, datetime).
int order(const value& a, const value& b) {
  switch (a.kind) {
    case value_kind::string: {
      const int c = a.text().compare(b.text());
      return (c > 0) - (c < 0);
    }
    case value_kind::datetime:
      if (a.number != b.number) return a.number < b.number ? -1 : 1;
      return (a.aux > b.aux) - (a.aux < b.aux);
    default:
      return (a.number > b.number) - (a.number < b.number);
  }
}

bool contains(const value& collection, const value& element) {
  if (collection.kind == value_kind::enum_set) {
    return element.kind == value_kind::enumeration &&
           ((static_cast<std::uint64_t>(collection.number) >> element.number) & 1u);
  }
  if (collection.kind != value_kind::list) return false;
  if (element.kind == value_kind::string) {  // (the common case, without `equal`'s dispatch)
    for (std::uint32_t i = 0; i < collection.aux; ++i) {
      const value& item = collection.items[i];
      if (item.kind == value_kind::string && same_short_chars(item, element)) return true;
    }
    return false;
  }
  for (std::uint32_t i = 0; i < collection.aux; ++i) {
    if (equal(collection.items[i], element)) return true;
  }
  return false;
}

// Int arithmetic saturates at the 64-bit limits (lang/README.md, Types).
std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

std::int64_t saturating_subtract(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}

#if CLAUSE_COMPUTED_GOTO
// The jumping code's handlers, by `jump_op` (filled by `run_jumps` for `thread_handlers`).
const void* const* handler_table = nullptr;
#endif

}  // namespace

inline void evaluator::run() {
  prepare();
  const auto count = static_cast<std::uint32_t>(p_.decisions.size());
  if (e_.decisions.size() < count) e_.decisions.resize(count);
  e_.text.clear();
  const compiled_decision* decisions = p_.decisions.data();
  // (Read from the jumping code: the slot of `when has section`, or that there is no `when`.)
  const std::uint32_t* slots = jumps_ ? jumps_->applies_slot.data() : nullptr;
  decision_result* results = e_.decisions.data();
  std::size_t used = 0;
  for (std::uint32_t d = 0; d < count; ++d) {
    const std::uint32_t slot = slots ? slots[d] : jump_code::no_entry;
    if (slot < jump_code::always) {
      if (!root_[slot].present()) continue;
    } else if (slot == jump_code::no_entry && decisions[d].applies &&
               !holds(*decisions[d].applies)) {
      continue;
    }
    decide(d, decisions[d], results[used++]);
  }
  e_.decision_count = used;  // the results after these keep their capacity for later cases
}

inline value evaluator::eval(std::uint32_t n) {
  const node& x = nodes_[n];
  switch (x.code) {
    case op::constant:
      return constants_[x.a];
    case op::param:
      return e_.params_[x.a];
    case op::now:
      return now_;
    case op::today:
      return today_value();
    case op::let_value:  // negated: a shared condition (share.cpp)
      return x.negate ? value::boolean(!truthy(let_of(x.a))) : let_of(x.a);
    case op::read_path:
      return read(x);
    case op::path_or:
      return read_or(x);
    case op::field:
    case op::path:
      return path(x);
    case op::table_get:
      return table_get(x);
    case op::list_get:
      return list_get(x);
    case op::coalesce:
      return coalesce(x);
    case op::add:
    case op::subtract:
      return arithmetic(x);
    case op::if_then_else:
      return choose(x);
    case op::quantifier:
      return quantify(x);
    case op::make_list:
      return make_list(x);
    case op::call:
      return x.sub == static_cast<std::uint8_t>(lang::builtin::trim) ? trim(x) : call(x);
    default:  // the boolean operators
      return value::boolean(test(n));
  }
}

inline value evaluator::operand(std::uint32_t n) {
  const node& x = nodes_[n];
  if (x.code == op::read_path) return read(x);
  if (x.code == op::path_or) return read_or(x);
  if (x.code == op::let_value && !x.negate) {
    return let_of(x.a);
  }
  if (x.code == op::constant) return constants_[x.a];
  return eval(n);
}

inline bool evaluator::test(std::uint32_t n) {
  const node& x = nodes_[n];
  switch (x.code) {
    case op::path_is_enum: {
      const node& path = nodes_[x.a];
      const value& v = read(path);
      return (v.kind == value_kind::enumeration && v.number == x.c) != x.negate;
    }
    case op::path_true: {
      const node& path = nodes_[x.a];
      return truthy(read(path)) != x.negate;
    }
    case op::path_present: {
      const node& path = nodes_[x.a];
      return read(path).present() != x.negate;
    }
    case op::read_path:
      return truthy(read(x));
    case op::let_value:
      return truthy(let_of(x.a)) != x.negate;
    case op::let_present:
      return let_of(x.a).present() != x.negate;
    case op::all_of:
      return test_all(x);
    case op::any_of:
      return test_any(x);
    case op::not_op:
      return test_not(x);
    case op::has:
      return test_has(x);
    case op::compare:
      return test_compare(x);
    case op::compare_constant:
      return test_compare_constant(x);
    case op::in_table:
      return test_in_table(x);
    case op::in_enum_set:
    case op::in_list:
      return test_in(x);
    case op::overlaps:
    case op::subset:
      return test_sets(x);
    default:
      return truthy(eval(n));
  }
}

inline bool evaluator::holds(std::uint32_t n) {
  return jumps_ ? run_jumps(jumps_->entry[n]) : test(n);
}

value evaluator::value_of(std::uint32_t n) {
  return eval(n);
}

bool evaluator::holds_node(std::uint32_t n) {
  return test(n);
}

// Directly threaded: each instruction holds its handler's address (GNU labels as values,
// `thread_handlers`), and each handler ends in its own dispatch, which the branch predictor learns
// per handler where a `switch` shares one. (GCC merges identical dispatches unless allowed to copy
// them, runtime/CMakeLists.txt: it keeps 19 of 21 apart.) Without labels as values, the same
// handlers are the cases of a `switch`.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
bool evaluator::run_jumps(std::uint32_t pc) {
#if CLAUSE_COMPUTED_GOTO
  static const void* const handlers[] = {&&enum_is,     &&is_true,      &&present,
                                         &&in_set,      &&overlaps_set, &&let_true,
                                         &&let_present, &&text_is,      &&text_is_let,
                                         &&empty_let,   &&text_is_slot, &&compare_constant,
                                         &&compare_let, &&compare,      &&quantifier_true,
                                         &&call_true,   &&test,         &&in_period,
                                         &&jump,        &&fire,         &&done};
  static_assert(std::size(handlers) == static_cast<std::size_t>(jump_op::done) + 1);
  if (pc == jump_code::no_entry) [[unlikely]] {  // compiling: where the handlers are
    handler_table = handlers;
    return false;
  }
#define CLAUSE_NEXT() goto * i->handler
#define CLAUSE_HANDLER(name) name
#else
#define CLAUSE_NEXT() goto dispatch
#define CLAUSE_HANDLER(name) case jump_op::name
#endif
  // (The instruction pointer, not its index: going on to the next one is one addition; the
  // instruction holds its handler's address: dispatching is one load.)
  const jump_insn* const code = jumps_->code.data();
  const jump_insn* i = code + pc;
#define CLAUSE_BRANCH(result)                           \
  do {                                                  \
    i = (result) == i->when ? code + i->target : i + 1; \
    CLAUSE_NEXT();                                      \
  } while (0)
#if CLAUSE_COMPUTED_GOTO
  CLAUSE_NEXT();
#else
dispatch:
  switch (i->code) {
#endif
  CLAUSE_HANDLER(enum_is)
      : CLAUSE_BRANCH(root_[i->a].kind == value_kind::enumeration && root_[i->a].number == i->b);
  CLAUSE_HANDLER(is_true) : CLAUSE_BRANCH(truthy(root_[i->a]));
  CLAUSE_HANDLER(present) : CLAUSE_BRANCH(root_[i->a].present());
  CLAUSE_HANDLER(in_set)
      : CLAUSE_BRANCH(
            root_[i->a].kind == value_kind::enumeration &&
            ((static_cast<std::uint64_t>(constants_[i->b].number) >> root_[i->a].number) & 1u));
  CLAUSE_HANDLER(overlaps_set) : CLAUSE_BRANCH(overlap(root_[i->a], constants_[i->b]));
  CLAUSE_HANDLER(let_true) : CLAUSE_BRANCH(truthy(let_of(i->a)));
  CLAUSE_HANDLER(let_present) : CLAUSE_BRANCH(let_of(i->a).present());
  CLAUSE_HANDLER(text_is) : CLAUSE_BRANCH(same_text(operand(i->a), constants_[i->b]));
  CLAUSE_HANDLER(text_is_let) : CLAUSE_BRANCH(same_text(let_of(i->a), constants_[i->b]));
  CLAUSE_HANDLER(empty_let) : {
    const value v = let_of(i->a);
    CLAUSE_BRANCH(v.kind == value_kind::string && v.aux == 0);
  }
  CLAUSE_HANDLER(text_is_slot) : CLAUSE_BRANCH(same_text(root_[i->a], constants_[i->b]));
  CLAUSE_HANDLER(compare_constant)
      : CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), operand(i->a), constants_[i->b]));
  CLAUSE_HANDLER(compare_let)
      : CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), let_of(i->a), constants_[i->b]));
  CLAUSE_HANDLER(compare)
      : CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), operand(i->a), operand(i->b)));
  CLAUSE_HANDLER(quantifier_true) : CLAUSE_BRANCH(truthy(quantify(nodes_[i->a])));
  CLAUSE_HANDLER(call_true) : CLAUSE_BRANCH(truthy(call(nodes_[i->a])));
  CLAUSE_HANDLER(test) : CLAUSE_BRANCH(test(i->a));
  CLAUSE_HANDLER(in_period) : CLAUSE_BRANCH(in_period(deciding_->steps[i->a]));
  CLAUSE_HANDLER(jump) : i = code + i->target;
  CLAUSE_NEXT();
  CLAUSE_HANDLER(fire) : if (fire(deciding_->steps[i->a])) return true;
  ++i;
  CLAUSE_NEXT();
  CLAUSE_HANDLER(done) : return i->when;
#if !CLAUSE_COMPUTED_GOTO
}
return false;  // (not reached: every instruction is one of the cases)
#endif
#undef CLAUSE_BRANCH
#undef CLAUSE_HANDLER
#undef CLAUSE_NEXT
}
#pragma GCC diagnostic pop

// Enum values (a set, or a list) and a constant enum set: one in common.
inline bool evaluator::overlap(const value& v, const value& set) {
  const auto bits = static_cast<std::uint64_t>(set.number);
  if (v.kind == value_kind::enum_set) return (static_cast<std::uint64_t>(v.number) & bits) != 0;
  if (v.kind != value_kind::list) return false;
  for (std::uint32_t i = 0; i < v.aux; ++i) {  // (a list of the set's enum: each value below 64)
    const value& e = v.items[i];
    if (e.kind == value_kind::enumeration && ((bits >> e.number) & 1u)) return true;
  }
  return false;
}

inline void evaluator::prepare() {
  e_.scratch_.reset();
  if (e_.lets_.size() != p_.lets.size()) {
    e_.lets_.assign(p_.lets.size(), value{});
    e_.let_stamps_.assign(p_.lets.size(), 0);
  }
  if (++e_.stamp_ == 0) {
    std::fill(e_.let_stamps_.begin(), e_.let_stamps_.end(), 0);
    e_.stamp_ = 1;
  }
  lets_ = e_.lets_.data();
  let_stamps_ = e_.let_stamps_.data();
  stamp_ = e_.stamp_;
  if (e_.locals_.size() < p_.max_locals) e_.locals_.resize(p_.max_locals);
  locals_ = e_.locals_.data();
  // Parameters are read only by the general program: used when one is overridden, and to
  // explain.
  bool overridden = false;
  for (const value& v : options_.params)
    overridden = overridden || v.present();
  for (const value& v : case_.params)
    overridden = overridden || v.present();
  // Explaining and counting coverage walk the nodes of the general program.
  const bool walk = options_.explain || options_.coverage;
  if (overridden || walk) {
    e_.params_.resize(p_.params.size());
    for (std::size_t i = 0; i < p_.params.size(); ++i) {
      const value* chosen = &p_.params[i].default_value;
      if (i < options_.params.size() && options_.params[i].present()) chosen = &options_.params[i];
      if (i < case_.params.size() && case_.params[i].present()) chosen = &case_.params[i];
      e_.params_[i] = *chosen;
    }
  }
  // Explanations read the general program, so that what they quote does not depend on
  // whether a parameter was given.
  use_nodes(overridden || walk ? p_.nodes.data() : p_.default_nodes.data());
  jumps_ = walk ? nullptr : overridden ? &p_.jumps : &p_.default_jumps;
  let_plans_ = jumps_ ? jumps_->lets.data() : nullptr;
  now_ = case_.now.present() ? case_.now : options_.now;
  // (A case never bound reads as if every field were absent.)
  root_ = case_.root.kind == value_kind::record ? case_.root.items : p_.absent_block.data();
}

// A path from the root: one slot of its flat block (schema_type); from a quantifier variable
// (or through a record that is not laid out flat): fields `operands[a .. a+b)` followed down.
inline const value& evaluator::read(const node& path) const {
  if (path.c == 0) {
    const std::uint32_t slot = operands_[path.a + path.b];
    if (slot != schema_field::no_block) [[likely]]
      return root_[slot];
    return follow(case_.root, path.a, path.b);
  }
  return follow(locals_[path.c - 1], path.a, path.b);
}

// `path ?? constant`.
inline const value& evaluator::read_or(const node& x) const {
  const value& v = read(nodes_[x.a]);
  return v.present() ? v : constants_[x.b];
}

// (Through pointers: the value is copied once, as two words, rather than field by field.)
inline const value& evaluator::follow(const value& from, std::uint32_t first,
                                      std::uint32_t count) const {
  static constexpr value absent{};
  const value* v = &from;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (v->kind != value_kind::record) return absent;
    v = &v->items[operands_[first + i]];
  }
  return *v;
}

// Let `index`'s value: computed once per case.
inline value evaluator::let_of(std::uint32_t index) {
  return let_stamps_[index] == stamp_ ? lets_[index] : let(index);
}

// (Only from `let_of`: not yet computed for this case.)
value evaluator::let(std::uint32_t index) {
  const let_plan plan = let_plans_ ? let_plans_[index] : let_plan{};
  value v;
  if (plan.how == let_plan::way::trim_slot) {
    const value& given = root_[plan.a];
    v = trimmed(given.present() ? given : constants_[plan.b]);
  } else if (plan.how == let_plan::way::jumps) {
    v = value::boolean(run_jumps(plan.a));
  } else if (const node& body = nodes_[p_.lets[index]];
             body.code == op::call && body.sub == static_cast<std::uint8_t>(lang::builtin::trim)) {
    v = trimmed(operand(body.a));  // a `trim` no plan reads straight (or explaining: no plans)
  } else {
    v = eval(p_.lets[index]);
  }
  // Stored as two whole words, and returned from registers: the value is built a field at a time,
  // and a word read back soon after stores of its parts waits for them to reach the cache (a
  // store cannot be forwarded to a load it covers only in part).
  std::uint64_t words[2];
  std::memcpy(words, &v, sizeof words);
  std::memcpy(&lets_[index], words, sizeof words);
  let_stamps_[index] = stamp_;
  return v;
}

value evaluator::path(const node& x) {
  const value r = operand(x.a);
  if (x.code == op::field) return r.kind == value_kind::record ? r.items[x.b] : value{};
  return follow(r, x.b, x.c);
}

value evaluator::table_get(const node& x) {
  const value* row = p_.tables[x.a].find(operand(x.b));
  return row ? *row : value{};
}

value evaluator::list_get(const node& x) {
  const value list = operand(x.a);
  const value index = operand(x.b);
  if (list.kind != value_kind::list || index.number < 0 || index.number >= list.aux) return {};
  return list.items[index.number];
}

value evaluator::coalesce(const node& x) {
  const value a = operand(x.a);
  return a.present() ? a : operand(x.b);
}

value evaluator::choose(const node& x) {
  return (jumps_ ? run_jumps(jumps_->entry[x.a]) : test(x.a)) ? eval(x.b) : eval(x.c);
}

bool evaluator::test_not(const node& x) {
  return test(x.a) == x.negate;
}

bool evaluator::test_all(const node& x) {
  if (options_.coverage) [[unlikely]]
    return covered_chain(x);  // (never with the jumping code: coverage walks the nodes)
  for (std::uint32_t i = 0; i < x.b; ++i) {
    if (!test(operands_[x.a + i])) return x.negate;
  }
  return !x.negate;
}

bool evaluator::test_any(const node& x) {
  if (options_.coverage) [[unlikely]]
    return covered_chain(x);
  for (std::uint32_t i = 0; i < x.b; ++i) {
    if (test(operands_[x.a + i])) return !x.negate;
  }
  return x.negate;
}

bool evaluator::test_has(const node& x) {
  return operand(x.a).present() != x.negate;
}

bool evaluator::test_compare(const node& x) {
  const value a = operand(x.a);
  return compare(static_cast<comparison>(x.sub), a, operand(x.b)) != x.negate;
}

bool evaluator::test_compare_constant(const node& x) {
  const value& k = constants_[x.b];
  const auto c = static_cast<comparison>(x.sub);
  const value v = operand(x.a);
  if (k.kind == value_kind::string && (c == comparison::eq || c == comparison::ne))
    return (same_text(v, k) != (c == comparison::ne)) != x.negate;
  return compare(c, v, k) != x.negate;
}

// The most common comparison, `text == ""` or `text != "literal"`, without the general compare:
// when both are interned (intern.cpp), two numbers; otherwise the length, then the bytes.
inline bool evaluator::same_text(const value& v, const value& k) {
  return v.literal != 0 && k.literal != 0 ? v.literal == k.literal
                                          : v.kind == value_kind::string && same_chars(v, k);
}

bool evaluator::test_in_table(const node& x) {
  return (p_.tables[x.b].find(operand(x.a)) != nullptr) != x.negate;
}

bool evaluator::test_in(const node& x) {
  const value element = operand(x.a);
  return contains(operand(x.b), element) != x.negate;
}

bool evaluator::test_sets(const node& x) {
  const value a = operand(x.a);
  const value b = operand(x.b);
  bool result;
  if (a.kind == value_kind::enum_set && b.kind == value_kind::enum_set) {
    result = x.code == op::overlaps ? (a.number & b.number) != 0 : (a.number & ~b.number) == 0;
  } else if (x.code == op::overlaps) {
    result = false;
    for_each_element(a, [&](const value& v) { return !(result = contains(b, v)); });
  } else {
    result = true;
    for_each_element(a, [&](const value& v) { return result = contains(b, v); });
  }
  return result != x.negate;
}

inline bool evaluator::compare(comparison c, const value& a, const value& b) {
  if (!a.present() || !b.present()) return c == comparison::ne ? a.present() != b.present() : false;
  // Dates, integers and datetimes, the commonest, without `equal`'s and `order`'s dispatch.
  if (a.kind == b.kind && (a.kind == value_kind::date || a.kind == value_kind::integer ||
                           a.kind == value_kind::datetime)) {
    int o = (a.number > b.number) - (a.number < b.number);
    if (o == 0 && a.kind == value_kind::datetime) o = (a.aux > b.aux) - (a.aux < b.aux);
    return ordered(c, o);
  }
  switch (c) {
    case comparison::eq:
      return equal(a, b);
    case comparison::ne:
      return !equal(a, b);
    case comparison::lt:
      return order(a, b) < 0;
    case comparison::le:
      return order(a, b) <= 0;
    case comparison::gt:
      return order(a, b) > 0;
    case comparison::ge:
      return order(a, b) >= 0;
  }
  return false;
}

inline bool evaluator::ordered(comparison c, int o) {
  switch (c) {
    case comparison::eq:
      return o == 0;
    case comparison::ne:
      return o != 0;
    case comparison::lt:
      return o < 0;
    case comparison::le:
      return o <= 0;
    case comparison::gt:
      return o > 0;
    case comparison::ge:
      return o >= 0;
  }
  return false;
}

value evaluator::arithmetic(const node& x) {
  const value a = operand(x.a);
  const value b = operand(x.b);
  if (!a.present() || !b.present()) return {};
  if (a.kind == value_kind::integer) {
    return value::integer(x.code == op::add ? saturating_add(a.number, b.number)
                                            : saturating_subtract(a.number, b.number));
  }
  return shifted(a, x.code == op::add ? b.number : -b.number, b.flag);
}

value evaluator::quantify(const node& x) {
  const value collection = operand(x.a);
  const auto kind = static_cast<lang::ast::quantifier_op>(x.sub);
  std::int64_t count = 0;
  bool any = false, all = true;
  for_each_element(collection, [&](const value& v) {
    locals_[x.c] = v;
    const bool holds = jumps_ ? run_jumps(jumps_->entry[x.b]) : test(x.b);
    count += holds;
    any = any || holds;
    all = all && holds;
    // any/none stop at the first match, all at the first miss; count goes through.
    switch (kind) {
      case lang::ast::quantifier_op::any:
      case lang::ast::quantifier_op::none:
        return !holds;
      case lang::ast::quantifier_op::all:
        return holds;
      case lang::ast::quantifier_op::count:
        return true;
    }
    return true;
  });
  switch (kind) {
    case lang::ast::quantifier_op::any:
      return value::boolean(any);
    case lang::ast::quantifier_op::all:
      return value::boolean(all);
    case lang::ast::quantifier_op::none:
      return value::boolean(!any);
    case lang::ast::quantifier_op::count:
      return value::integer(count);
  }
  return {};
}

value evaluator::make_list(const node& x) {
  const auto form = static_cast<list_form>(x.sub);
  if (form == list_form::enum_set) {
    value v;
    v.kind = value_kind::enum_set;
    for (std::uint32_t i = 0; i < x.b; ++i) {
      const value element = eval(p_.operands[x.a + i]);
      if (element.present()) v.number |= std::int64_t{1} << element.number;
    }
    return v;
  }
  auto* items = e_.scratch_.make_array<value>(x.b);
  for (std::uint32_t i = 0; i < x.b; ++i)
    items[i] = eval(p_.operands[x.a + i]);
  return value::list(items, form == list_form::set ? canonical_set(items, x.b) : x.b);
}

// `trim`, the builtin policies call most, in a small frame of its own.
value evaluator::trim(const node& x) {
  return trimmed(operand(x.a));
}

// (`call` reads the first argument without asking.)
constexpr bool every_builtin_takes_an_argument() {
  for (const lang::builtin_info& b : lang::all_builtins) {
    if (!passes_argument(b, 0)) return false;
  }
  return true;
}
static_assert(every_builtin_takes_an_argument());

// A builtin's value: its arguments, then its function (builtins.hpp). A `switch` on the builtin's
// number, with cases for 32 whatever the builtins are, so that the inline builtins run in this
// frame and the others are one direct call away.
value evaluator::call(const node& x) {
  const value a = operand(x.a);
  switch (x.sub) {
#define CLAUSE_CASE(n) \
  case n:              \
    return call_at<n>(x, a);
#define CLAUSE_CASES(n) CLAUSE_CASE(n) CLAUSE_CASE(n + 1) CLAUSE_CASE(n + 2) CLAUSE_CASE(n + 3)
    CLAUSE_CASES(0)
    CLAUSE_CASES(4)
    CLAUSE_CASES(8)
    CLAUSE_CASES(12)
    CLAUSE_CASES(16)
    CLAUSE_CASES(20)
    CLAUSE_CASES(24)
    CLAUSE_CASES(28)
#undef CLAUSE_CASES
#undef CLAUSE_CASE
  }
  return {};
}

template <std::size_t I>
inline value evaluator::call_at(const node& x, const value& a) {
  static_assert(lang::builtin_count <= 32, "`call` has cases for 32 builtins");
  if constexpr (I < lang::builtin_count) {
    constexpr bool two = passes_argument(lang::all_builtins[I], 1);
    return builtin_evaluations[I].evaluate(a, two ? operand(x.b) : value{}, x, builtin_env_);
  } else {
    return {};
  }
}

value evaluator::today_value() {
  return value::date(today());
}

// (In `run`'s frame: a frame of its own would cost as much as deciding a small decision.)
inline void evaluator::decide(std::uint32_t d, const compiled_decision& decision,
                              decision_result& r) {
  r.decision = d;
  r.rules.clear();
  r.payload.clear();
  if (r.worded) {
    r.codes.clear();
    r.warnings.clear();
    r.messages.clear();
    r.conflicts.clear();
    r.misses.clear();
    r.reasons.clear();
  }
  deciding_ = &decision;
  result_ = &r;
  decided_by_ = none;
  outcome_ = decision.default_outcome;
  coded_ = false;
  if (jumps_) {
    run_jumps(jumps_->decision[d]);
  } else {
    walk_steps(decision, r);
  }
  r.outcome = outcome_;
  // The payload: from the deciding rule, or the default's when the default decided.
  const std::vector<std::uint32_t>& payload =
      decided_by_ != none ? p_.rules[decided_by_].payload : decision.default_payload;
  for (std::uint32_t n : payload)
    r.payload.push_back(eval(n));
  if (!payload.empty() && decided_by_ != none && r.rules.size() > 1 &&
      decision.combine == lang::ast::combining::collect) {
    check_payloads(r);
  }
  // (Only these fill the lists `worded` stands for: codes and messages, conflicts, and walking the
  // nodes to explain.)
  const bool coded = coded_ || !r.conflicts.empty();
  r.worded = coded || !jumps_;
  if (coded) codes_and_messages(r);
}

// `collect`: a rule that fired with the deciding outcome but another payload conflicts with the
// deciding rule, which keeps its payload (lang/README.md, Conflicts).
void evaluator::check_payloads(decision_result& r) {
  for (std::uint32_t k : r.rules) {
    const compiled_rule& rule = p_.rules[k];
    if (k == decided_by_ || rule.is_warning || rule.outcome != outcome_) continue;
    for (std::size_t f = 0; f < rule.payload.size() && f < r.payload.size(); ++f) {
      if (equal(eval(rule.payload[f]), r.payload[f])) continue;
      if (r.conflicts.empty()) r.conflicts.push_back(decided_by_);
      r.conflicts.push_back(k);
      break;
    }
  }
}

value system_now() {
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - seconds);
  return value::datetime(seconds.count(), static_cast<std::int32_t>(nanos.count()));
}

#if CLAUSE_COMPUTED_GOTO
void thread_handlers(const program& p, jump_code& code) {
  // (`run_jumps` hands its table over and returns; once, whichever thread compiles first.)
  static const void* const* const table = [&p] {
    bound_case none;
    evaluation_options options;
    evaluation scratch;
    evaluator(p, none, options, scratch).run_jumps(jump_code::no_entry);
    return handler_table;
  }();
  for (jump_insn& i : code.code)
    i.handler = table[static_cast<unsigned>(i.code)];
}
#else
  void thread_handlers(const program&, jump_code&) {}  // (the `switch` reads `jump_insn::code`)
#endif

void evaluate(const program& p, const bound_case& c, const evaluation_options& options,
              evaluation& out) {
  evaluator e(p, c, options, out);
  e.run();
  if (options.coverage) [[unlikely]]
    e.record_lets();
  if (options.explain) [[unlikely]]
    e.show_lets();
}

namespace {

// A copy of `v` whose strings and lists live in `into`.
value deep_copy(const value& v, arena& into) {
  switch (v.kind) {
    case value_kind::string:
      return value::string(into.copy(v.text()));
    case value_kind::list:
    case value_kind::record: {
      auto* items = into.make_array<value>(v.aux);
      for (std::uint32_t i = 0; i < v.aux; ++i)
        items[i] = deep_copy(v.items[i], into);
      value copy = v;
      copy.items = items;
      return copy;
    }
    default:
      return v;
  }
}

}  // namespace

value evaluate_constant_node(const program& p, const std::vector<node>& nodes, std::uint32_t n,
                             arena& keep) {
  bound_case no_case;  // not const: its arena has no implicit default constructor
  const evaluation_options no_options{};
  evaluation scratch;
  evaluator e(p, no_case, no_options, scratch);
  e.use_nodes(nodes.data());
  return deep_copy(e.eval(n), keep);
}

}  // namespace clause::runtime
