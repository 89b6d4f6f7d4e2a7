// Constant folding: see fold.hpp.
#include "runtime/fold.hpp"

#include "runtime/node_inputs.hpp"

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

  // Whether `x` can be evaluated now: it reads something, and only constants. (`fold` shrinks
  // and/or/if/?? itself; a quantifier's body reads its variable.)
  bool all_constant(const node& x) const {
    if (x.code == op::quantifier || x.code == op::path_is_enum || x.code == op::path_true ||
        x.code == op::path_present || x.code == op::path_or) {
      return false;
    }
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
      case op::and_op:
        if (is_constant(x.a)) return truthy(x.a) ? becomes(n, x.b) : becomes(n, x.a);
        if (is_constant(x.b)) return truthy(x.b) ? becomes(n, x.a) : becomes(n, x.b);
        return false;
      case op::or_op:
        if (is_constant(x.a)) return truthy(x.a) ? becomes(n, x.a) : becomes(n, x.b);
        if (is_constant(x.b)) return truthy(x.b) ? becomes(n, x.b) : becomes(n, x.a);
        return false;
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

  // The evaluator's `test` handles these, `negate` included.
  static bool is_condition(op code) {
    switch (code) {
      case op::in_table:
      case op::in_enum_set:
      case op::in_list:
      case op::overlaps:
      case op::subset:
      case op::not_op:
      case op::and_op:
      case op::or_op:
      case op::compare:
      case op::compare_constant:
      case op::has:
      case op::path_is_enum:
      case op::path_true:
      case op::path_present:
      case op::all_of:
      case op::any_of:
        return true;
      default:
        return false;
    }
  }

  // The shapes conditions take most: `path == Enum` / `!=`, `has path` and `path ?? constant` in
  // one node, and `not` folded into the condition it negates.
  void fuse() {
    for (node& x : nodes_) {
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
    // `a and b and c`, nested two deep by the parser, is one node over a list: one frame.
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      const op code = nodes_[n].code;
      if (code != op::and_op && code != op::or_op) continue;
      const op chain = code == op::and_op ? op::all_of : op::any_of;
      std::vector<std::uint32_t> parts;
      chain_parts(nodes_[n].a, code, chain, parts);
      chain_parts(nodes_[n].b, code, chain, parts);
      const auto first = static_cast<std::uint32_t>(p_.operands.size());
      p_.operands.insert(p_.operands.end(), parts.begin(), parts.end());
      nodes_[n] = {chain, 0, nodes_[n].negate, first, static_cast<std::uint32_t>(parts.size()), 0};
    }
  }

  // The conditions of a chain of `code` (and/or) under `n`, in order; a part already made a
  // `chain` node is spread too. A negated link is a part of its own.
  void chain_parts(std::uint32_t n, op code, op chain, std::vector<std::uint32_t>& out) const {
    const node& x = nodes_[n];
    if (x.negate || (x.code != code && x.code != chain)) {
      out.push_back(n);
    } else if (x.code == code) {
      chain_parts(x.a, code, chain, out);
      chain_parts(x.b, code, chain, out);
    } else {
      for (std::uint32_t i = 0; i < x.b; ++i)
        chain_parts(p_.operands[x.a + i], code, chain, out);
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
