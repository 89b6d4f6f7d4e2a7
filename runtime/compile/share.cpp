// Sharing repeated sub-expressions: see passes.hpp.
#include <string>
#include <unordered_map>

#include "runtime/compile/node_inputs.hpp"
#include "runtime/compile/passes.hpp"

namespace clause::runtime {

namespace {

class sharer {
 public:
  sharer(program& p, std::vector<node>& nodes) : p_(p), nodes_(nodes) {}

  void run() {
    mark_live();
    const auto size = static_cast<std::uint32_t>(nodes_.size());
    canonical_.resize(size);
    reads_variable_.assign(size, false);
    std::unordered_map<std::string, std::uint32_t> first_of;  // key -> its first node
    // The same, except that `k in t` counts as `t[k]`: what can share one computation.
    std::unordered_map<std::string, std::uint32_t> first_computing;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> copies;  // first -> live ones
    std::vector<std::uint32_t> order;  // the firsts, in node order (for a stable result)
    // Inputs come before the nodes that read them, so one pass in index order sees them first.
    for (std::uint32_t n = 0; n < size; ++n) {
      const node& x = nodes_[n];
      bool reads_variable = x.code == op::read_path && x.c != 0;
      for_each_input(p_, x, [&](std::uint32_t in) { reads_variable |= reads_variable_[in]; });
      reads_variable_[n] = reads_variable;
      // (Readers see a membership as itself: `if c then k in t else x` is not
      // `if c then t[k] else x`.)
      const std::string own = key(x);
      canonical_[n] = first_of.emplace(own, n).first->second;
      if (!live_[n] || reads_variable || !worth_sharing(x.code)) continue;
      const std::uint32_t first =
          first_computing.emplace(is_membership(x) ? key(as_look_up(x)) : own, n).first->second;
      auto& list = copies[first];
      if (list.empty()) order.push_back(first);
      list.push_back(n);
    }
    for (std::uint32_t first : order) {
      if (copies[first].size() >= 2) share(copies[first]);
    }
    inline_single_reads();
    // `has let`: one node.
    for (node& x : nodes_) {
      if (x.code == op::has && nodes_[x.a].code == op::let_value && !nodes_[x.a].negate)
        x = {op::let_present, 0, x.negate, nodes_[x.a].a, 0, 0};
    }
  }

 private:
  // What makes two nodes the same computation: the operator and its fields, with inputs by
  // their first copy and path steps by value. `negate` is left out: `k in t` and `not (k in t)`
  // share one look-up.
  std::string key(const node& x) const {
    std::string k;
    auto put = [&](std::uint32_t v) { k.append(reinterpret_cast<const char*>(&v), sizeof v); };
    put(static_cast<std::uint32_t>(x.code) | static_cast<std::uint32_t>(x.sub) << 8);
    const unsigned in = input_fields(x);
    if (x.code == op::read_path) {
      put(x.c);
      for (std::uint32_t i = 0; i < x.b; ++i)
        put(p_.operands[x.a + i]);
    } else if (x.code == op::path) {  // a record's value, then its steps by value
      put(canonical_[x.a]);
      for (std::uint32_t i = 0; i < x.c; ++i)
        put(p_.operands[x.b + i]);
    } else if (in & input_list) {
      for (std::uint32_t i = 0; i < x.b; ++i)
        put(canonical_[p_.operands[x.a + i]]);
    } else {
      put(in & input_a ? canonical_[x.a] : x.a);
      put(in & input_b ? canonical_[x.b] : x.b);
      put(in & input_c ? canonical_[x.c] : x.c);
    }
    return k;
  }

  // `k in t` over a table whose rows all have values: the same look-up as `t[k]`, so the two
  // share one (the membership becomes `has` of it).
  bool is_membership(const node& x) const {
    return x.code == op::in_table && p_.tables[x.b].rows_present();
  }
  static node as_look_up(const node& x) { return {op::table_get, 0, false, x.b, x.a, 0}; }

  // Worth a cache slot: everything but leaves and the fused one-read conditions, which cost
  // about what reading the cache does.
  static bool worth_sharing(op code) {
    switch (code) {
      case op::constant:
      case op::param:
      case op::now:
      case op::today:
      case op::let_value:
      case op::read_path:
      case op::path_is_enum:
      case op::path_true:
      case op::path_present:
      case op::path_or:
      case op::has:
      case op::not_op:
      case op::compare_constant:
        return false;
      default:
        return true;
    }
  }

  // The copies become reads of one new let whose value is the computation (un-negated): lets
  // are computed once per case.
  void share(const std::vector<std::uint32_t>& copies) {
    node body = nodes_[copies.front()];
    if (is_membership(body)) body = as_look_up(body);
    body.negate = false;
    nodes_.push_back(body);
    p_.lets.push_back(static_cast<std::uint32_t>(nodes_.size() - 1));
    const auto let = static_cast<std::uint32_t>(p_.lets.size() - 1);
    for (std::uint32_t n : copies) {
      const op read = is_membership(nodes_[n]) ? op::let_present : op::let_value;
      nodes_[n] = {read, 0, nodes_[n].negate, let, 0, 0};
    }
  }

  // A let read in one place only, and not inside a quantifier's condition (which would compute it
  // for each element), is computed there: the read becomes a copy of its body, without the cache.
  // The let stays, unread. (A let the specialised program reads once may be read by several
  // rules of the general one, which explanations use: that program keeps its lets.)
  void inline_single_reads() {
    mark_live();
    std::vector<std::uint32_t> reads(p_.lets.size(), 0);
    std::vector<bool> in_loop(nodes_.size(), false);
    std::vector<std::uint32_t> stack;
    for (const node& x : nodes_) {
      if (x.code == op::quantifier) stack.push_back(x.b);
    }
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      if (in_loop[n]) continue;
      in_loop[n] = true;
      for_each_input(p_, nodes_[n], [&](std::uint32_t in) { stack.push_back(in); });
    }
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      const node& x = nodes_[n];
      if (!live_[n] || (x.code != op::let_value && x.code != op::let_present)) continue;
      // (Read in a loop, or negated: never inlined.)
      reads[x.a] += in_loop[n] || x.negate || x.code == op::let_present ? 2 : 1;
    }
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      node& x = nodes_[n];
      if (live_[n] && x.code == op::let_value && reads[x.a] == 1) x = nodes_[p_.lets[x.a]];
    }
  }

  // The nodes evaluation can reach: from rules, decisions and lets.
  void mark_live() {
    live_.assign(nodes_.size(), false);
    std::vector<std::uint32_t> stack;
    auto root = [&](std::uint32_t n) { stack.push_back(n); };
    for (std::uint32_t n : p_.lets)
      root(n);
    for (const compiled_decision& d : p_.decisions) {
      if (d.applies) root(*d.applies);
      for (std::uint32_t n : d.default_payload)
        root(n);
    }
    auto message = [&](const message_template& m) {
      for (const auto& part : m.parts) {
        if (part.expression) root(*part.expression);
      }
    };
    for (const compiled_rule& r : p_.rules) {
      if (r.condition) root(*r.condition);
      for (std::uint32_t n : r.payload)
        root(n);
      if (r.text) message(*r.text);
      for (const auto& [locale, text] : r.translations)
        message(text);
    }
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      if (live_[n]) continue;
      live_[n] = true;
      for_each_input(p_, nodes_[n], root);
    }
  }

  program& p_;
  std::vector<node>& nodes_;
  std::vector<bool> live_;
  std::vector<std::uint32_t> canonical_;
  std::vector<bool> reads_variable_;
};

}  // namespace

void share_repeated(program& p, std::vector<node>& nodes) {
  sharer(p, nodes).run();
}

}  // namespace clause::runtime
