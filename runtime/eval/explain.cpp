// Explanations: deciding by the nodes rather than the jumping code, so that each rule that does not
// fire says which part of its condition was false and what that part read. Explain mode always
// reads the general program (evaluate.cpp, `prepare`).
#include <fmt/format.h>

#include <string>

#include "runtime/eval/coverage.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/eval/evaluator.hpp"

namespace clause::runtime {

// Deciding by the nodes, to explain: each rule that does not fire says why.
void evaluator::walk_steps(const compiled_decision& decision, decision_result& r) {
  const bool explain = options_.explain;
  for (const rule_step& s : decision.steps) {
    if (s.has_period && !in_period(s)) {
      if (explain) r.misses.push_back({s.rule, 0, true, {}, {}});
      continue;
    }
    if (s.condition != rule_step::always && !holds_node(s.condition)) {
      if (explain) r.misses.push_back(miss(s.rule, s.condition));
      continue;
    }
    if (explain && s.condition != rule_step::always) {
      decision_result::reason because{s.rule, why_held(s.condition, 0), {}};
      if (!because.text.empty()) {
        because.text_short = why_held(s.condition, 100);
        r.reasons.push_back(std::move(because));
      }
    }
    if (fire(s)) break;
  }
}

// Explain mode: the lets this case evaluated, with their values, in declaration order.
void evaluator::show_lets() {
  e_.lets_shown.clear();
  for (std::uint32_t i = 0; i < e_.let_stamps_.size() && i < p_.lets.size(); ++i) {
    if (e_.let_stamps_[i] == stamp_) e_.lets_shown.emplace_back(i, e_.lets_[i]);
  }
  e_.lets_why.clear();
  e_.lets_why_short.clear();
  if (!options_.explain_lets) return;
  // After the list is made: explaining may evaluate lets the case did not need.
  for (const auto& [let, v] : e_.lets_shown) {
    for (const std::size_t longest : {std::size_t{0}, std::size_t{100}}) {
      std::vector<std::string>& out = longest ? e_.lets_why_short : e_.lets_why;
      out.push_back(let_reason(p_.lets[let], v, longest));
    }
  }
}

// How a let got its value: through an `if`, the branch taken; for a `bool`, the `or` branch or
// `any` element that made it true (or its whole condition, when every part had to hold), or the
// first part that was false with what it read, as for a rule; for another type, its definition.
std::string evaluator::let_reason(std::uint32_t n, const value& v, std::size_t longest) {
  const node& x = nodes_[n];
  if (x.code == op::if_then_else) {
    // The branch taken, then how that branch got the value.
    const bool then = holds_node(x.a);
    return fmt::format("`{}` {}, so {}", node_text(p_, x.a, longest), then ? "held" : "is false",
                       let_reason(then ? x.b : x.c, v, longest));
  }
  if (v.kind != value_kind::boolean) return "`" + node_text(p_, n, longest) + "`";
  if (v.number) {
    std::string held = why_held(n, longest);
    return held.empty() ? "`" + node_text(p_, n, longest) + "` held" : held;
  }
  rule_miss m = miss(0, n);
  return longest ? m.saw_short : m.saw;
}

// Explain mode, for a condition that held: the `or` branches that held (`a or b`: "`b` held"),
// and the part that was false under a `not (a and b)`, through nested chains; empty for a
// condition whose every part had to hold.
std::string evaluator::why_held(std::uint32_t n, std::size_t longest) {
  const node& x = nodes_[n];
  if (x.code == op::quantifier &&
      static_cast<lang::ast::quantifier_op>(x.sub) == lang::ast::quantifier_op::any) {
    // `any r in xs where …`: the first element that matched, by its index in the collection.
    std::int64_t index = -1, at = 0;
    value matched;
    for_each_element(value_of(x.a), [&](const value& v) {
      locals_[x.c] = v;
      if (holds_node(x.b)) index = at, matched = v;
      ++at;
      return index < 0;
    });
    if (index < 0) return {};
    std::string out = fmt::format("`{}` held for {}[{}]", node_text(p_, n, longest),
                                  node_text(p_, x.a, longest), index);
    // An element with an `id` is named by it too: an index alone is hard to find in a long list.
    const std::int32_t id = x.a < p_.element_id_field.size() ? p_.element_id_field[x.a] : -1;
    if (id >= 0 && matched.kind == value_kind::record && matched.items[id].present()) {
      out += " (id ";
      append_value(out, matched.items[id], nullptr, true);
      out += ')';
    }
    return out;
  }
  const bool chain = x.code == op::all_of || x.code == op::any_of;
  if (!chain) return {};
  // A part that decided alone: an `or`'s part that held, or a negated `and`'s part that failed.
  const bool one_decides = (x.code == op::any_of) != x.negate;
  std::string out;
  for (std::uint32_t i = 0; i < x.b; ++i) {
    const std::uint32_t part = operands_[x.a + i];
    const bool held = holds_node(part);
    if (one_decides) {
      if (held == (x.code == op::any_of)) {
        out = "`" + node_text(p_, part, longest) + (held ? "` held" : "` is false");
        const std::string inner = held ? why_held(part, longest) : std::string();
        if (!inner.empty()) out += "; " + inner;
        return out;
      }
    } else if (!x.negate) {
      const std::string inner = why_held(part, longest);
      if (!inner.empty()) out += (out.empty() ? "" : "; ") + inner;
    }
  }
  return out;
}

// Explain mode: the first part of a false condition that was false.
std::uint32_t evaluator::first_failure(std::uint32_t n) {
  const node& x = nodes_[n];
  if (x.code == op::all_of && !x.negate) {
    for (std::uint32_t i = 0; i < x.b; ++i) {
      if (!holds_node(operands_[x.a + i])) return first_failure(operands_[x.a + i]);
    }
  }
  return n;
}

// `partner.type == IndirectReseller` is false (partner.type = DirectBill); a comparison of two
// values read from the case shows both. `saw` quotes whole texts (records are for tools),
// `saw_short` cuts long ones (the explanation is for people).
rule_miss evaluator::miss(std::uint32_t rule, std::uint32_t condition) {
  rule_miss m{rule, first_failure(condition), false, {}, {}};
  std::vector<std::uint32_t> read;
  const std::uint32_t operand = read_operand(m.node);
  if (operand != m.node && nodes_[operand].code != op::constant) read.push_back(operand);
  const node& failed = nodes_[m.node];
  const node& compared = failed.code == op::not_op ? nodes_[failed.a] : failed;
  if (compared.code == op::compare && nodes_[compared.b].code != op::constant)
    read.push_back(compared.b);
  for (const std::size_t longest : {std::size_t{0}, std::size_t{100}}) {
    std::string& text = longest ? m.saw_short : m.saw;
    text = "`" + node_text(p_, m.node, longest) + "` is false";
    for (std::size_t i = 0; i < read.size(); ++i) {
      text += i ? ", " : " (";
      text += node_text(p_, read[i], longest) + " = ";
      append_value(text, value_of(read[i]), enum_names_of(read[i]), true);
    }
    if (!read.empty()) text += ')';
  }
  return m;
}

// What a condition read that decided it: the left side of a comparison or membership test,
// through `not` and `has`.
std::uint32_t evaluator::read_operand(std::uint32_t n) const {
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

const std::vector<std::string>* evaluator::enum_names_of(std::uint32_t n) const {
  return n < p_.enum_names.size() ? p_.enum_names[n] : nullptr;
}

}  // namespace clause::runtime
