// Constant folding: see passes.hpp.
#include "runtime/compile/passes.hpp"

#include "lang/builtins.hpp"

#include "runtime/compile/node_inputs.hpp"

namespace clause::runtime {

namespace {

comparison mirrored(comparison c) {
  switch (c) {
    case comparison::lt:
      return comparison::gt;
    case comparison::le:
      return comparison::ge;
    case comparison::gt:
      return comparison::lt;
    case comparison::ge:
      return comparison::le;
    default:
      return c;
  }
}

class folder {
 public:
  folder(program& p, std::vector<node>& nodes, const std::vector<value>* params)
      : p_(p), nodes_(nodes), params_(params) {}

  void run() {
    // Lets and their readers are in no particular order: go round until nothing changes.
    for (bool changed = true; changed;) {
      changed = false;
      for (std::uint32_t n = 0; n < nodes_.size(); ++n)
        changed = fold(n) || changed;
    }
    fuse();
  }

 private:
  bool is_constant(std::uint32_t n) const { return nodes_[n].code == op::constant; }
  const value& constant_of(std::uint32_t n) const { return p_.constants[nodes_[n].a]; }
  bool truthy(std::uint32_t n) const {
    const value& v = constant_of(n);
    return v.kind == value_kind::boolean && v.number != 0;
  }

  bool becomes(std::uint32_t n, std::uint32_t other) {
    if (nodes_[n] == nodes_[other]) return false;
    nodes_[n] = nodes_[other];
    return true;
  }

  // `v` must live in the program's constant arena.
  bool becomes_constant(std::uint32_t n, value v) {
    p_.constants.push_back(v);
    p_.pattern_of_constant.emplace_back();
    nodes_[n] = {op::constant, 0, false, static_cast<std::uint32_t>(p_.constants.size() - 1), 0, 0};
    return true;
  }

  // Whether `x` can be evaluated now: it reads something, and only constants, and is not a call of
  // a builtin declared not foldable (lang/builtins.hpp). (`fold` shrinks and/or/if/?? itself; a
  // quantifier's body reads its variable.)
  bool all_constant(const node& x) const {
    if (x.code == op::quantifier) return false;
    if (x.code == op::call && !lang::info(static_cast<lang::builtin>(x.sub)).foldable) return false;
    bool reads = false, constant = true;
    for_each_input(p_, x, [&](std::uint32_t child) {
      reads = true;
      constant = constant && is_constant(child);
    });
    return reads && constant;
  }

  bool fold(std::uint32_t n) {
    const node x = nodes_[n];
    switch (x.code) {
      case op::param:
        return params_ && becomes_constant(n, (*params_)[x.a]);
      case op::let_value:
        return is_constant(p_.lets[x.a]) && becomes(n, p_.lets[x.a]);
      case op::all_of:
      case op::any_of:
        return fold_chain(n, x);
      case op::if_then_else:
        return is_constant(x.a) && becomes(n, truthy(x.a) ? x.b : x.c);
      case op::coalesce:
        return is_constant(x.a) && becomes(n, constant_of(x.a).present() ? x.a : x.b);
      case op::compare:
        // One constant side: it moves into the node (`x == "text"`, `"text" == x`).
        if (is_constant(x.b) && !is_constant(x.a)) {
          nodes_[n] = {op::compare_constant, x.sub, x.negate, x.a, nodes_[x.b].a, 0};
          return true;
        }
        if (is_constant(x.a) && !is_constant(x.b)) {
          const auto c = static_cast<std::uint8_t>(mirrored(static_cast<comparison>(x.sub)));
          nodes_[n] = {op::compare_constant, c, x.negate, x.b, nodes_[x.a].a, 0};
          return true;
        }
        break;
      default:
        break;
    }
    if (!all_constant(x)) return false;
    return becomes_constant(n, evaluate_constant_node(p_, nodes_, n, p_.constant_arena));
  }

  // `and` / `or` over a list: a constant part that decides (false for `and`, true for `or`)
  // decides the node; the others are dropped; one part left is the node.
  bool fold_chain(std::uint32_t n, const node& x) {
    const bool decides = x.code == op::any_of;
    std::vector<std::uint32_t> kept;
    for (std::uint32_t i = 0; i < x.b; ++i) {
      const std::uint32_t part = p_.operands[x.a + i];
      if (!is_constant(part)) {
        kept.push_back(part);
      } else if (truthy(part) == decides) {
        return becomes(n, part);
      } else if (i + 1 == x.b && kept.empty()) {
        return becomes(n, part);  // every part a constant that does not decide: its value
      }
    }
    if (kept.size() == x.b) return false;
    if (kept.size() == 1) return becomes(n, kept.front());
    nodes_[n].a =
        static_cast<std::uint32_t>(p_.operands.size());  // (a copy may share the old list)
    nodes_[n].b = static_cast<std::uint32_t>(kept.size());
    p_.operands.insert(p_.operands.end(), kept.begin(), kept.end());
    return true;
  }

  // The shapes conditions take most: `path == Enum` / `!=`, `has path` and `path ?? constant` in
  // one node, and `not` folded into the condition it negates.
  void fuse() {
    // `if has p then p else e` is `p ?? e`.
    for (node& x : nodes_) {
      if (x.code != op::if_then_else) continue;
      const node& condition = nodes_[x.a];
      if (condition.code == op::has && !condition.negate && same_read(condition.a, x.b))
        x = {op::coalesce, 0, false, x.b, x.c, 0};
    }
    for (node& x : nodes_) {
      // `utc_date(now)`: the case's date, computed once (rules' effective periods need it too).
      if (x.code == op::call && x.sub == static_cast<std::uint8_t>(lang::builtin::utc_date) &&
          nodes_[x.a].code == op::now) {
        x = {op::today, 0, false, 0, 0, 0};
        continue;
      }
      if (x.code == op::has && nodes_[x.a].code == op::read_path) {
        x = {op::path_present, 0, x.negate, x.a, 0, 0};
        continue;
      }
      if (x.code == op::coalesce && nodes_[x.a].code == op::read_path &&
          nodes_[x.b].code == op::constant) {
        x = {op::path_or, 0, false, x.a, nodes_[x.b].a, 0};
        continue;
      }
      const auto c = static_cast<comparison>(x.sub);
      if (x.code == op::compare_constant && (c == comparison::eq || c == comparison::ne) &&
          nodes_[x.a].code == op::read_path && p_.constants[x.b].kind == value_kind::enumeration) {
        x = {op::path_is_enum,
             0,
             x.negate != (c == comparison::ne),
             x.a,
             0,
             static_cast<std::uint32_t>(p_.constants[x.b].number)};
      }
    }
    for (node& x : nodes_) {
      if (x.code != op::not_op) continue;
      const node& child = nodes_[x.a];
      if (is_condition(child.code)) {
        const bool negate = child.negate == x.negate;  // not(child) = !child, then x's own
        x = child;
        x.negate = negate;
      } else if (child.code == op::read_path) {
        x = {op::path_true, 0, !x.negate, x.a, 0, 0};
      }
    }
    // `a and b and c`, nested by the parser, is one node over all three parts: one frame. A
    // chain that is a part of the same chain is spread by its reader and left as it is: spreading
    // it too would copy the parts below it once more at each level of a long chain.
    std::vector<bool> spread_by_reader(nodes_.size(), false);
    for (const node& x : nodes_) {
      if (x.code != op::all_of && x.code != op::any_of) continue;
      for (std::uint32_t i = 0; i < x.b; ++i) {
        const std::uint32_t part = p_.operands[x.a + i];
        if (nodes_[part].code == x.code && !nodes_[part].negate) spread_by_reader[part] = true;
      }
    }
    std::vector<std::uint32_t> parts;
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      node& x = nodes_[n];
      if ((x.code != op::all_of && x.code != op::any_of) || spread_by_reader[n]) continue;
      chain_parts(x, parts);
      if (parts.size() == x.b) continue;
      x.a = static_cast<std::uint32_t>(p_.operands.size());
      x.b = static_cast<std::uint32_t>(parts.size());
      p_.operands.insert(p_.operands.end(), parts.begin(), parts.end());
    }
  }

  // Whether nodes `a` and `b` read the same path (the same variable, the same steps).
  bool same_read(std::uint32_t a, std::uint32_t b) const {
    const node& x = nodes_[a];
    const node& y = nodes_[b];
    if (x.code != op::read_path || y.code != op::read_path || x.b != y.b || x.c != y.c)
      return false;
    for (std::uint32_t i = 0; i < x.b; ++i) {
      if (p_.operands[x.a + i] != p_.operands[y.a + i]) return false;
    }
    return true;
  }

  // The parts of chain `x` (all_of/any_of), in order: a part that is the same kind of chain, not
  // negated, is spread. (A stack, not recursion: a chain is as deep as it is long.)
  void chain_parts(const node& x, std::vector<std::uint32_t>& out) const {
    out.clear();
    std::vector<std::uint32_t> stack;
    for (std::uint32_t i = x.b; i-- > 0;)
      stack.push_back(p_.operands[x.a + i]);
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      const node& part = nodes_[n];
      if (part.code != x.code || part.negate) {
        out.push_back(n);
        continue;
      }
      for (std::uint32_t i = part.b; i-- > 0;)
        stack.push_back(p_.operands[part.a + i]);
    }
  }

  program& p_;
  std::vector<node>& nodes_;
  const std::vector<value>* params_;
};

}  // namespace

void fold_constants(program& p, std::vector<node>& nodes, const std::vector<value>* params) {
  folder(p, nodes, params).run();
}

}  // namespace clause::runtime
