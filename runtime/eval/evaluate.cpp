// The evaluator: decisions run as jumping code (jump_code.hpp), values by a switch over typed
// nodes, lets computed once per case; explanations walk the nodes.
#include "runtime/eval/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <chrono>
#include <cstring>
#include <iterator>

#include "lang/builtins.hpp"
#include "lang/calendar.hpp"
#include "runtime/compile/passes.hpp"
#include "runtime/eval/ascii_case.hpp"
#include "runtime/pattern/pattern.hpp"

namespace clause::runtime {

namespace {

bool is_space(char c) {  // (most characters are above the space: one comparison)
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r'));
}

// A string without its leading and trailing white space.
[[gnu::always_inline]] inline value trimmed(const value& v) {
  std::string_view s = v.text();
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return value::string(s);
}

lang::datetime_value instant(const value& v) {
  return {v.number, static_cast<std::int32_t>(v.aux)};
}

value from_instant(lang::datetime_value t) {
  return value::datetime(t.seconds, t.nanos);
}

bool equal(const value& a, const value& b) {
  if (a.kind != b.kind) return false;
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

// Calls `f(element)` for each element of a list or an enum set; stops when `f` returns false.
template <typename F>
void for_each_element(const value& collection, F&& f) {
  if (collection.kind == value_kind::enum_set) {
    auto bits = static_cast<std::uint64_t>(collection.number);
    while (bits) {
      const int i = std::countr_zero(bits);
      bits &= bits - 1;
      if (!f(value::enumeration(static_cast<std::uint32_t>(i)))) return;
    }
    return;
  }
  if (collection.kind != value_kind::list) return;
  for (std::uint32_t i = 0; i < collection.aux; ++i) {
    if (!f(collection.items[i])) return;
  }
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

// The jumping code's handlers, by `jump_op` (filled by `run_jumps` for `thread_handlers`).
const void* const* handler_table = nullptr;

}  // namespace

class evaluator {
 public:
  evaluator(const program& p, const bound_case& c, const evaluation_options& o, evaluation& e)
      : p_(p), case_(c), options_(o), e_(e), nodes_(p.nodes.data()) {}

  void run() {
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

  // The value of node `n`. Boolean operators are `test`'s; the leaves, `let`s and anything that
  // recurses are out of line, so this dispatch needs no stack frame of its own.
  value eval(std::uint32_t n) {
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
        return x.negate ? value::boolean(!truthy(let(x.a))) : let(x.a);
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

  // The value of an operand: reads of the case and cached lets without a dispatch.
  [[gnu::always_inline]] value operand(std::uint32_t n) {
    const node& x = nodes_[n];
    if (x.code == op::read_path) return read(x);
    if (x.code == op::path_or) return read_or(x);
    if (x.code == op::let_value && !x.negate) {
      return let_of(x.a);
    }
    if (x.code == op::constant) return constants_[x.a];
    return eval(n);
  }

  static bool truthy(const value& v) { return v.kind == value_kind::boolean && v.number != 0; }

  // A condition, straight to bool: conditions are most of what rules evaluate. Every boolean
  // operator is here, and honours the node's `negate` (a folded `not`). Like `eval`, frameless.
  bool test(std::uint32_t n) {
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

  // A decision's `when`: its jumping code (jump_code.hpp), or, to explain, its nodes.
  bool holds(std::uint32_t n) { return jumps_ ? run_jumps(jumps_->entry[n]) : test(n); }

  // Runs jumping code from `pc` to its `done`; `fire` instructions fire the steps of `deciding_`.
  // Directly threaded: each instruction holds its handler's address (GNU labels as values,
  // `thread_handlers`), and each handler ends in its own dispatch, which the branch predictor
  // learns per handler where a `switch` shares one. (GCC merges identical dispatches unless
  // allowed to copy them, runtime/CMakeLists.txt: it keeps 19 of 21 apart.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
  [[gnu::noinline]] bool run_jumps(std::uint32_t pc) {
    static const void* const handlers[] = {
        &&enum_is,      &&is_true,          &&present,      &&in_set,         &&overlaps_set,
        &&let_true,     &&let_present,      &&text_is,      &&text_is_let,    &&empty_let,
        &&text_is_slot, &&compare_constant, &&compare_let,  &&compare_values, &&quantifier_true,
        &&call_true,    &&test_node,        &&in_period_of, &&jump,           &&fire_step,
        &&done};
    static_assert(std::size(handlers) == static_cast<std::size_t>(jump_op::done) + 1);
    if (pc == jump_code::no_entry) [[unlikely]] {  // compiling: where the handlers are
      handler_table = handlers;
      return false;
    }
    // (The instruction pointer, not its index: going on to the next one is one addition; the
    // instruction holds its handler's address: dispatching is one load.)
    const jump_insn* const code = jumps_->code.data();
    const jump_insn* i = code + pc;
#define CLAUSE_NEXT() goto * i->handler
#define CLAUSE_BRANCH(result)                           \
  do {                                                  \
    i = (result) == i->when ? code + i->target : i + 1; \
    CLAUSE_NEXT();                                      \
  } while (0)
    CLAUSE_NEXT();
  enum_is:
    CLAUSE_BRANCH(root_[i->a].kind == value_kind::enumeration && root_[i->a].number == i->b);
  is_true:
    CLAUSE_BRANCH(truthy(root_[i->a]));
  present:
    CLAUSE_BRANCH(root_[i->a].present());
  in_set:
    CLAUSE_BRANCH(
        root_[i->a].kind == value_kind::enumeration &&
        ((static_cast<std::uint64_t>(constants_[i->b].number) >> root_[i->a].number) & 1u));
  overlaps_set:
    CLAUSE_BRANCH(overlap(root_[i->a], constants_[i->b]));
  let_true:
    CLAUSE_BRANCH(truthy(let_of(i->a)));
  let_present:
    CLAUSE_BRANCH(let_of(i->a).present());
  text_is:
    CLAUSE_BRANCH(same_text(operand(i->a), constants_[i->b]));
  text_is_let:
    CLAUSE_BRANCH(same_text(let_of(i->a), constants_[i->b]));
  empty_let : {
    const value v = let_of(i->a);
    CLAUSE_BRANCH(v.kind == value_kind::string && v.aux == 0);
  }
  text_is_slot:
    CLAUSE_BRANCH(same_text(root_[i->a], constants_[i->b]));
  compare_constant:
    CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), operand(i->a), constants_[i->b]));
  compare_let:
    CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), let_of(i->a), constants_[i->b]));
  compare_values:
    CLAUSE_BRANCH(compare(static_cast<comparison>(i->sub), operand(i->a), operand(i->b)));
  quantifier_true:
    CLAUSE_BRANCH(truthy(quantify(nodes_[i->a])));
  call_true:
    CLAUSE_BRANCH(truthy(call(nodes_[i->a])));
  test_node:
    CLAUSE_BRANCH(test(i->a));
  in_period_of:
    CLAUSE_BRANCH(in_period(deciding_->steps[i->a]));
  jump:
    i = code + i->target;
    CLAUSE_NEXT();
  fire_step:
    if (fire(deciding_->steps[i->a])) return true;
    ++i;
    CLAUSE_NEXT();
  done:
    return i->when;
#undef CLAUSE_BRANCH
#undef CLAUSE_NEXT
  }
#pragma GCC diagnostic pop

  // Enum values (a set, or a list) and a constant enum set: one in common.
  static bool overlap(const value& v, const value& set) {
    if (v.kind == value_kind::enum_set) return (v.number & set.number) != 0;
    bool r = false;  // a list of enum values
    for_each_element(v, [&](const value& e) { return !(r = contains(set, e)); });
    return r;
  }

  // Explain mode: the first part of a false condition that was false.
  std::uint32_t first_failure(std::uint32_t n) {
    const node& x = nodes_[n];
    if (x.code == op::all_of && !x.negate) {
      for (std::uint32_t i = 0; i < x.b; ++i) {
        if (!test(operands_[x.a + i])) return first_failure(operands_[x.a + i]);
      }
    }
    return n;
  }

  const program& p_;
  const bound_case& case_;
  const evaluation_options& options_;
  evaluation& e_;
  const node* nodes_;  // the program's nodes, or its nodes specialised for default parameters
  const jump_code* jumps_ = nullptr;  // their decisions' jumping code; none to explain
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

 private:
  [[gnu::always_inline]] void prepare() {
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
    if (overridden || options_.explain) {
      e_.params_.resize(p_.params.size());
      for (std::size_t i = 0; i < p_.params.size(); ++i) {
        const value* chosen = &p_.params[i].default_value;
        if (i < options_.params.size() && options_.params[i].present())
          chosen = &options_.params[i];
        if (i < case_.params.size() && case_.params[i].present()) chosen = &case_.params[i];
        e_.params_[i] = *chosen;
      }
    }
    // Explanations read the general program, so that what they quote does not depend on
    // whether a parameter was given.
    nodes_ = overridden || options_.explain ? p_.nodes.data() : p_.default_nodes.data();
    jumps_ = options_.explain ? nullptr : overridden ? &p_.jumps : &p_.default_jumps;
    now_ = case_.now.present() ? case_.now : options_.now;
    // (A case never bound reads as if every field were absent.)
    root_ = case_.root.kind == value_kind::record ? case_.root.items : p_.absent_block.data();
  }

  // A path from the root: one slot of its flat block (schema_type); from a quantifier variable
  // (or through a record that is not laid out flat): fields `operands[a .. a+b)` followed down.
  [[gnu::always_inline]] const value& read(const node& path) const {
    if (path.c == 0) {
      const std::uint32_t slot = operands_[path.a + path.b];
      if (slot != schema_field::no_block) [[likely]]
        return root_[slot];
      return follow(case_.root, path.a, path.b);
    }
    return follow(locals_[path.c - 1], path.a, path.b);
  }

  // `path ?? constant`.
  [[gnu::always_inline]] const value& read_or(const node& x) const {
    const value& v = read(nodes_[x.a]);
    return v.present() ? v : constants_[x.b];
  }

  // (Through pointers: the value is copied once, as two words, rather than field by field.)
  [[gnu::always_inline]] const value& follow(const value& from, std::uint32_t first,
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
  [[gnu::always_inline]] value let_of(std::uint32_t index) {
    return let_stamps_[index] == stamp_ ? lets_[index] : let(index);
  }

  // ---- out of line: each recursing operator has its own small frame
  [[gnu::noinline]] value let(std::uint32_t index) {
    if (let_stamps_[index] != stamp_) {
      const std::uint32_t entry = jumps_ ? jumps_->let_entry[index] : jump_code::no_entry;
      if (entry != jump_code::no_entry) {
        lets_[index] = value::boolean(run_jumps(entry));
      } else if (const node& body = nodes_[p_.lets[index]];
                 body.code == op::call &&
                 body.sub == static_cast<std::uint8_t>(lang::builtin::trim)) {
        lets_[index] = trimmed(operand(body.a));  // the commonest lets, in place
      } else {
        lets_[index] = eval(p_.lets[index]);
      }
      let_stamps_[index] = stamp_;
    }
    return lets_[index];
  }

  [[gnu::noinline]] value path(const node& x) {
    const value r = operand(x.a);
    if (x.code == op::field) return r.kind == value_kind::record ? r.items[x.b] : value{};
    return follow(r, x.b, x.c);
  }

  [[gnu::noinline]] value table_get(const node& x) {
    const value* row = p_.tables[x.a].find(operand(x.b));
    return row ? *row : value{};
  }

  [[gnu::noinline]] value list_get(const node& x) {
    const value list = operand(x.a);
    const value index = operand(x.b);
    if (list.kind != value_kind::list || index.number < 0 || index.number >= list.aux) return {};
    return list.items[index.number];
  }

  [[gnu::noinline]] value coalesce(const node& x) {
    const value a = operand(x.a);
    return a.present() ? a : operand(x.b);
  }

  [[gnu::noinline]] value choose(const node& x) {
    return (jumps_ ? run_jumps(jumps_->entry[x.a]) : test(x.a)) ? eval(x.b) : eval(x.c);
  }

  [[gnu::noinline]] bool test_not(const node& x) {
    return test(x.a) == x.negate;
  }

  [[gnu::noinline]] bool test_all(const node& x) {
    for (std::uint32_t i = 0; i < x.b; ++i) {
      if (!test(operands_[x.a + i])) return x.negate;
    }
    return !x.negate;
  }

  [[gnu::noinline]] bool test_any(const node& x) {
    for (std::uint32_t i = 0; i < x.b; ++i) {
      if (test(operands_[x.a + i])) return !x.negate;
    }
    return x.negate;
  }

  [[gnu::noinline]] bool test_has(const node& x) {
    return operand(x.a).present() != x.negate;
  }

  [[gnu::noinline]] bool test_compare(const node& x) {
    const value a = operand(x.a);
    return compare(static_cast<comparison>(x.sub), a, operand(x.b)) != x.negate;
  }

  [[gnu::noinline]] bool test_compare_constant(const node& x) {
    const value& k = constants_[x.b];
    const auto c = static_cast<comparison>(x.sub);
    const value v = operand(x.a);
    if (k.kind == value_kind::string && (c == comparison::eq || c == comparison::ne))
      return (same_text(v, k) != (c == comparison::ne)) != x.negate;
    return compare(c, v, k) != x.negate;
  }

  // The most common comparison, `text == ""` or `text != "literal"`, without the general compare:
  // when both are interned (intern.cpp), two numbers; otherwise the length, then the bytes.
  [[gnu::always_inline]] static bool same_text(const value& v, const value& k) {
    return v.literal != 0 && k.literal != 0 ? v.literal == k.literal
                                            : v.kind == value_kind::string && same_chars(v, k);
  }

  [[gnu::noinline]] bool test_in_table(const node& x) {
    return (p_.tables[x.b].find(operand(x.a)) != nullptr) != x.negate;
  }

  [[gnu::noinline]] bool test_in(const node& x) {
    const value element = operand(x.a);
    return contains(operand(x.b), element) != x.negate;
  }

  [[gnu::noinline]] bool test_sets(const node& x) {
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

  [[gnu::always_inline]] static bool compare(comparison c, const value& a, const value& b) {
    if (!a.present() || !b.present())
      return c == comparison::ne ? a.present() != b.present() : false;
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

  static bool ordered(comparison c, int o) {
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

  [[gnu::noinline]] value arithmetic(const node& x) {
    const value a = operand(x.a);
    const value b = operand(x.b);
    if (!a.present() || !b.present()) return {};
    if (a.kind == value_kind::integer) {
      return value::integer(saturating_add(
          a.number,
          x.code == op::add ? b.number : (b.number == INT64_MIN ? INT64_MAX : -b.number)));
    }
    const std::int64_t amount = x.code == op::add ? b.number : -b.number;
    if (a.kind == value_kind::date) {
      const lang::date_value d{static_cast<std::int32_t>(a.number)};
      return value::date(b.flag ? lang::add_months(d, amount).days
                                : lang::add_days(d, amount).days);
    }
    return from_instant(b.flag ? lang::add_months(instant(a), amount)
                               : lang::add_days(instant(a), amount));
  }

  [[gnu::noinline]] value quantify(const node& x) {
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

  [[gnu::noinline]] value make_list(const node& x) {
    if (x.sub) {
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
    return value::list(items, x.b);
  }

  // `trim`, the builtin policies call most, in a small frame of its own.
  [[gnu::noinline]] value trim(const node& x) {
    return trimmed(operand(x.a));
  }

  value copy_mapped(std::string_view s, char (*map)(char)) {
    auto* chars = static_cast<char*>(e_.scratch_.allocate(s.size() ? s.size() : 1, 1));
    for (std::size_t i = 0; i < s.size(); ++i)
      chars[i] = map(s[i]);
    return value::string({chars, s.size()});
  }

  // A builtin's value. The commonest (dates, patterns) here; the others in frames of their own.
  [[gnu::noinline]] value call(const node& x) {
    using lang::builtin;
    const value a = operand(x.a);
    switch (static_cast<builtin>(x.sub)) {
      case builtin::trim:  // (`eval` calls `trim` itself)
        return trimmed(a);
      case builtin::utc_date:
        return value::date(lang::utc_date(instant(a)).days);
      case builtin::parse_datetime: {
        auto t = lang::parse_datetime(a.text());
        return t ? from_instant(*t) : value{};
      }
      case builtin::matches:
        return value::boolean(
            p_.patterns[*p_.pattern_of_constant[nodes_[x.b].a]]->partial_match(a.text()));
      default:
        return call_other(x, a);
    }
  }

  [[gnu::noinline]] value call_other(const node& x, const value a) {
    using lang::builtin;
    const auto fn = static_cast<builtin>(x.sub);
    switch (fn) {
      case builtin::lower:
        return copy_mapped(a.text(), fold_ascii);
      case builtin::upper:
        return copy_mapped(a.text(), [](char c) {
          return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        });
      case builtin::length:
        if (a.kind == value_kind::string) {
          std::int64_t n = 0;
          for (char c : a.text())
            n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
          return value::integer(n);
        }
        if (a.kind == value_kind::enum_set) {
          return value::integer(std::popcount(static_cast<std::uint64_t>(a.number)));
        }
        return value::integer(a.aux);
      case builtin::parse_date: {
        auto d = lang::parse_date(a.text());
        return d ? value::date(d->days) : value{};
      }
      default:
        break;
    }
    const value b = operand(x.b);
    switch (fn) {
      case builtin::starts_with:
        return value::boolean(a.text().starts_with(b.text()));
      case builtin::ends_with:
        return value::boolean(a.text().ends_with(b.text()));
      case builtin::contains:
        return value::boolean(a.text().find(b.text()) != std::string_view::npos);
      case builtin::equals_ignore_case:
        return value::boolean(equal_ignoring_case(a.text(), b.text()));
      case builtin::add_days:
      case builtin::add_months: {
        const bool months = fn == builtin::add_months;
        if (a.kind == value_kind::date) {
          const lang::date_value d{static_cast<std::int32_t>(a.number)};
          return value::date(months ? lang::add_months(d, b.number).days
                                    : lang::add_days(d, b.number).days);
        }
        return from_instant(months ? lang::add_months(instant(a), b.number)
                                   : lang::add_days(instant(a), b.number));
      }
      default:
        return {};
    }
  }

  // `now`'s UTC date, computed once per case.
  std::int32_t today() {
    if (!today_known_) {
      today_ = lang::utc_date(instant(now_)).days;
      today_known_ = true;
    }
    return today_;
  }

  [[gnu::noinline]] value today_value() {
    return value::date(today());
  }

  bool in_period(const rule_step& s) {
    const std::int32_t day = today();
    return day >= s.from_day && day <= s.until_day;
  }

  // The message of `rule` in the case's locale: `ja-JP` falls back to `ja`, then to the rule's
  // own text.
  const message_template* localized(const compiled_rule& rule) const {
    if (rule.translations.empty()) return rule.text ? &*rule.text : nullptr;
    std::string_view tag = !case_.locale.empty() ? case_.locale : options_.locale;
    while (!tag.empty()) {
      for (const auto& [locale, text] : rule.translations) {
        if (equal_ignoring_case(locale, tag)) return &text;
      }
      const std::size_t dash = tag.rfind('-');
      if (dash == std::string_view::npos) break;
      tag = tag.substr(0, dash);
    }
    return rule.text ? &*rule.text : nullptr;
  }

  void add_message(decision_result& r, std::string_view code, const compiled_rule& rule) {
    const message_template* m = localized(rule);
    message_ref ref{code, static_cast<std::uint32_t>(e_.text.size()), 0};
    if (m) {
      for (const auto& part : m->parts) {
        if (part.expression) {
          append_value(e_.text, eval(*part.expression), part.enum_names);
        } else {
          e_.text += part.text;
        }
      }
    }
    ref.end = static_cast<std::uint32_t>(e_.text.size());
    r.messages.push_back(ref);
  }

  // (In `run`'s frame: a frame of its own would cost as much as deciding a small decision.)
  [[gnu::always_inline]] void decide(std::uint32_t d, const compiled_decision& decision,
                                     decision_result& r) {
    r.decision = d;
    r.codes.clear();
    r.warnings.clear();
    r.messages.clear();
    r.rules.clear();
    r.conflicts.clear();
    r.misses.clear();
    r.payload.clear();
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
    if (coded_) codes_and_messages(r);
    // The payload: from the deciding rule, or the default's when the default decided.
    const std::vector<std::uint32_t>& payload =
        decided_by_ != none ? p_.rules[decided_by_].payload : decision.default_payload;
    for (std::uint32_t n : payload)
      r.payload.push_back(eval(n));
  }

  // Deciding by the nodes, to explain: each rule that does not fire says why.
  [[gnu::noinline]] void walk_steps(const compiled_decision& decision, decision_result& r) {
    const bool explain = options_.explain;
    for (const rule_step& s : decision.steps) {
      if (s.has_period && !in_period(s)) {
        if (explain) r.misses.push_back({s.rule, 0, true, {}});
        continue;
      }
      if (s.condition != rule_step::always && !test(s.condition)) {
        if (explain) r.misses.push_back(miss(s.rule, s.condition));
        continue;
      }
      if (fire(s)) break;
    }
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

  // Codes: every deciding rule's (the rules `unique` reported as conflicts are not in
  // `r.rules`), sorted, each once, with the message of the first rule that gave it.
  void codes_and_messages(decision_result& r) {
    for (std::uint32_t index : r.rules) {
      const compiled_rule& rule = p_.rules[index];
      if (rule.code.empty()) continue;
      auto& list = rule.is_warning ? r.warnings : r.codes;
      if (std::find(list.begin(), list.end(), rule.code) == list.end()) list.push_back(rule.code);
    }
    if (r.codes.size() > 1) std::sort(r.codes.begin(), r.codes.end());
    if (r.warnings.size() > 1) std::sort(r.warnings.begin(), r.warnings.end());
    for (const auto* list : {&r.codes, &r.warnings}) {
      for (std::string_view code : *list) {
        for (std::uint32_t index : r.rules) {
          if (p_.rules[index].code == code) {
            add_message(r, code, p_.rules[index]);
            break;
          }
        }
      }
    }
  }

  // `partner.type == IndirectReseller` is false (partner.type = DirectBill)
  rule_miss miss(std::uint32_t rule, std::uint32_t condition) {
    rule_miss m{rule, first_failure(condition), false, {}};
    m.saw = "`" + source_of(m.node) + "` is false";
    const std::uint32_t operand = read_operand(m.node);
    if (operand != m.node && nodes_[operand].code != op::constant) {
      m.saw += " (" + source_of(operand) + " = ";
      append_value(m.saw, eval(operand), enum_names_of(operand), true);
      m.saw += ')';
    }
    return m;
  }

  // What a condition read that decided it: the left side of a comparison or membership test,
  // through `not` and `has`.
  std::uint32_t read_operand(std::uint32_t n) const {
    const node& x = nodes_[n];
    switch (x.code) {
      case op::compare:
      case op::compare_constant:
      case op::in_table:
      case op::in_enum_set:
      case op::in_list:
      case op::overlaps:
      case op::subset:
      case op::has:
      case op::path_is_enum:
      case op::path_true:
      case op::path_present:
        return x.a;
      case op::not_op:
        return read_operand(x.a);
      default:
        return n;
    }
  }

  std::string source_of(std::uint32_t n) const {
    const lang::span s = p_.spans[n];
    std::string text = p_.source->sources->file(s.file).text().substr(s.begin, s.end - s.begin);
    // One line, of a readable length.
    for (char& c : text) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    std::string squeezed;
    for (char c : text) {
      if (c != ' ' || squeezed.empty() || squeezed.back() != ' ') squeezed += c;
    }
    while (!squeezed.empty() && squeezed.back() == ' ')
      squeezed.pop_back();
    if (squeezed.size() > 100) squeezed = squeezed.substr(0, 97) + "...";
    return squeezed;
  }

  const std::vector<std::string>* enum_names_of(std::uint32_t n) const {
    return n < p_.enum_names.size() ? p_.enum_names[n] : nullptr;
  }
};

void append_value(std::string& out, const value& v, const std::vector<std::string>* enum_names,
                  bool quoted) {
  auto inserter = std::back_inserter(out);
  switch (v.kind) {
    case value_kind::absent:
      out += "absent";
      return;
    case value_kind::boolean:
      out += v.number ? "true" : "false";
      return;
    case value_kind::integer: {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, v.number).ptr;
      out.append(digits, static_cast<std::size_t>(end - digits));
      return;
    }
    case value_kind::string:
      if (quoted) out += '"';
      out += v.text();
      if (quoted) out += '"';
      return;
    case value_kind::date:
      lang::append_date(out, {static_cast<std::int32_t>(v.number)});
      return;
    case value_kind::datetime:
      lang::append_datetime(out, instant(v));
      return;
    case value_kind::duration:
      fmt::format_to(
          inserter, "{} {}", v.number,
          v.flag ? (v.number == 1 ? "month" : "months") : (v.number == 1 ? "day" : "days"));
      return;
    case value_kind::enumeration:
      if (enum_names && static_cast<std::size_t>(v.number) < enum_names->size()) {
        out += (*enum_names)[v.number];
      } else {
        fmt::format_to(inserter, "#{}", v.number);
      }
      return;
    case value_kind::enum_set:
    case value_kind::list: {
      out += '[';
      bool first = true;
      for_each_element(v, [&](const value& item) {
        if (!first) out += ", ";
        first = false;
        append_value(out, item, enum_names, quoted);
        return true;
      });
      out += ']';
      return;
    }
    case value_kind::record:
      out += "{…}";
      return;
  }
}

value system_now() {
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - seconds);
  return value::datetime(seconds.count(), static_cast<std::int32_t>(nanos.count()));
}

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

void evaluate(const program& p, const bound_case& c, const evaluation_options& options,
              evaluation& out) {
  evaluator(p, c, options, out).run();
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
  e.nodes_ = nodes.data();
  return deep_copy(e.eval(n), keep);
}

}  // namespace clause::runtime
