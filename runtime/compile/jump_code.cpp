// Conditions to jumping code: see jump_code.hpp.
#include "runtime/compile/jump_code.hpp"

#include <optional>

#include "lang/builtins.hpp"

#include "runtime/compile/node_inputs.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

namespace {

class jump_compiler {
 public:
  jump_compiler(const program& p, const std::vector<node>& nodes) : p_(p), nodes_(nodes) {
    out_.entry.assign(nodes.size(), jump_code::no_entry);
  }

  jump_code run() {
    for (const compiled_decision& d : p_.decisions) {
      if (d.applies) entry(*d.applies);
      const node* when = d.applies ? &nodes_[*d.applies] : nullptr;
      const auto slot = when && when->code == op::path_present && !when->negate ? root_slot(when->a)
                                                                                : std::nullopt;
      out_.applies_slot.push_back(!d.applies ? jump_code::always
                                             : slot.value_or(jump_code::no_entry));
      out_.decision.push_back(here());
      for (std::uint32_t step = 0; step < d.steps.size(); ++step) {
        const rule_step& s = d.steps[step];
        const label next = new_label();
        if (s.has_period) go(jump_op::in_period, false, step, 0, next);
        if (s.condition != rule_step::always) cond(s.condition, false, next);
        emit({nullptr, jump_op::fire, 0, false, step, 0, 0});
        place(next);
      }
      emit({nullptr, jump_op::done, 0, true, 0, 0, 0});
    }
    // Conditions evaluated elsewhere: a quantifier's, for each element; an `if`'s that chooses a
    // value; a boolean let's.
    for (const node& x : nodes_) {
      if (x.code == op::quantifier || x.code == op::if_then_else)
        entry(x.code == op::quantifier ? x.b : x.a);
    }
    for (std::uint32_t body : p_.lets)
      out_.lets.push_back(plan(body));
    for (const auto& [at, label] : uses_)
      out_.code[at].target = labels_[label];
    return std::move(out_);
  }

 private:
  using label = std::uint32_t;

  void entry(std::uint32_t n) {
    if (out_.entry[n] != jump_code::no_entry) return;
    out_.entry[n] = here();
    const label is_false = new_label();
    cond(n, false, is_false);
    emit({nullptr, jump_op::done, 0, true, 0, 0, 0});
    place(is_false);
    emit({nullptr, jump_op::done, 0, false, 0, 0, 0});
  }

  // Code that goes to `target` when node `n` is `jump_if`, and on otherwise.
  void cond(std::uint32_t n, bool jump_if, label target) {
    const node& x = nodes_[n];
    const bool when = jump_if != x.negate;  // the un-negated test's result that jumps
    switch (x.code) {
      case op::all_of:
      case op::any_of:
        return list(x, x.code == op::all_of, when, target);
      case op::not_op:  // `test(a) == negate`
        return cond(x.a, jump_if == x.negate, target);
      case op::if_then_else: {
        const label otherwise = new_label(), end = new_label();
        cond(x.a, false, otherwise);
        cond(x.b, when, target);
        go(jump_op::jump, false, 0, 0, end);
        place(otherwise);
        cond(x.c, when, target);
        place(end);
        return;
      }
      case op::path_is_enum:
        if (auto slot = root_slot(x.a)) return go(jump_op::enum_is, when, *slot, x.c, target);
        break;
      case op::path_true:
        if (auto slot = root_slot(x.a)) return go(jump_op::is_true, when, *slot, 0, target);
        break;
      case op::read_path:  // a bool field as a condition (a let of one, inlined)
        if (auto slot = root_slot(n)) return go(jump_op::is_true, when, *slot, 0, target);
        break;
      case op::path_present:
        if (auto slot = root_slot(x.a)) return go(jump_op::present, when, *slot, 0, target);
        break;
      case op::in_enum_set:
      case op::overlaps:
        if (auto slot = root_slot(x.a); slot && is_enum_set_constant(x.b)) {
          const jump_op code = x.code == op::in_enum_set ? jump_op::in_set : jump_op::overlaps_set;
          return go(code, when, *slot, nodes_[x.b].a, target);
        }
        break;
      case op::let_value:
        return go(jump_op::let_true, when, x.a, 0, target);
      case op::let_present:
        return go(jump_op::let_present, when, x.a, 0, target);
      case op::compare_constant: {
        const auto c = static_cast<comparison>(x.sub);
        // The operand read directly when it is a let or a slot.
        const node& read = nodes_[x.a];
        const bool let = read.code == op::let_value && !read.negate;
        const auto slot = root_slot(x.a);
        if (p_.constants[x.b].kind == value_kind::string &&
            (c == comparison::eq || c == comparison::ne)) {
          const bool same = when != (c == comparison::ne);
          if (let && p_.constants[x.b].aux == 0)
            return go(jump_op::empty_let, same, read.a, 0, target);
          if (let) return go(jump_op::text_is_let, same, read.a, x.b, target);
          if (slot) return go(jump_op::text_is_slot, same, *slot, x.b, target);
          return go(jump_op::text_is, same, x.a, x.b, target);
        }
        if (let) {
          go(jump_op::compare_let, when, read.a, x.b, target);
        } else {
          go(jump_op::compare_constant, when, x.a, x.b, target);
        }
        out_.code.back().sub = x.sub;
        return;
      }
      case op::compare:
        go(jump_op::compare, when, x.a, x.b, target);
        out_.code.back().sub = x.sub;
        return;
      case op::call:
        return go(jump_op::call_true, jump_if, n, 0, target);
      case op::quantifier:
        return go(jump_op::quantifier_true, jump_if, n, 0, target);
      default:
        break;
    }
    go(jump_op::test, jump_if, n, 0, target);
  }

  // `and` (`all`) or `or` over the node's parts, jumping when its un-negated value is `jump_if`.
  void list(const node& x, bool all, bool jump_if, label target) {
    const std::uint32_t* parts = p_.operands.data() + x.a;
    if (all != jump_if) {  // one part decides: a false one for `and`, a true one for `or`
      for (std::uint32_t i = 0; i < x.b; ++i)
        cond(parts[i], jump_if, target);
      return;
    }
    // Every part must agree: one that does not skips the jump.
    const label skip = new_label();
    for (std::uint32_t i = 0; i + 1 < x.b; ++i)
      cond(parts[i], !jump_if, skip);
    if (x.b) cond(parts[x.b - 1], jump_if, target);
    place(skip);
  }

  // How the let of node `body` is computed (let_plan).
  let_plan plan(std::uint32_t body) {
    if (body >= nodes_.size()) return {};
    if (is_boolean(body)) {
      entry(body);
      return {let_plan::way::jumps, out_.entry[body], 0};
    }
    const node& x = nodes_[body];
    if (x.code != op::call || x.sub != static_cast<std::uint8_t>(lang::builtin::trim)) return {};
    const node& arg = nodes_[x.a];
    if (arg.code != op::path_or || p_.constants[arg.b].kind != value_kind::string) return {};
    if (const auto slot = root_slot(arg.a)) return {let_plan::way::trim_slot, *slot, arg.b};
    return {};
  }

  // Whether node `n` is a condition (a boolean operator, or an `if` choosing between two).
  bool is_boolean(std::uint32_t n) const {
    const node& x = nodes_[n];
    if (is_condition(x.code)) return true;
    if (x.code == op::let_value) {  // negated: a shared condition; else as its body
      return x.negate || (p_.lets[x.a] < nodes_.size() && is_boolean(p_.lets[x.a]));
    }
    return x.code == op::if_then_else && is_boolean(x.b) && is_boolean(x.c);
  }

  bool is_enum_set_constant(std::uint32_t n) const {
    return nodes_[n].code == op::constant && p_.constants[nodes_[n].a].kind == value_kind::enum_set;
  }

  // The slot of a path from the case's root that is laid out flat.
  std::optional<std::uint32_t> root_slot(std::uint32_t path) const {
    const node& x = nodes_[path];
    if (x.code != op::read_path || x.c != 0) return std::nullopt;
    const std::uint32_t slot = p_.operands[x.a + x.b];
    if (slot == schema_field::no_block) return std::nullopt;
    return slot;
  }

  std::uint32_t here() const { return static_cast<std::uint32_t>(out_.code.size()); }
  void emit(jump_insn i) { out_.code.push_back(i); }
  void go(jump_op code, bool when, std::uint32_t a, std::uint32_t b, label target) {
    uses_.emplace_back(here(), target);
    emit({nullptr, code, 0, when, a, b, 0});
  }
  label new_label() {
    labels_.push_back(0);
    return static_cast<label>(labels_.size() - 1);
  }
  void place(label l) { labels_[l] = here(); }

  const program& p_;
  const std::vector<node>& nodes_;
  jump_code out_;
  std::vector<std::uint32_t> labels_;                  // label -> instruction
  std::vector<std::pair<std::uint32_t, label>> uses_;  // instruction -> the label it goes to
};

}  // namespace

jump_code compile_jumps(const program& p, const std::vector<node>& nodes) {
  return jump_compiler(p, nodes).run();
}

}  // namespace clause::runtime
