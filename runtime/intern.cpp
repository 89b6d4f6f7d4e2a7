// Interning: the policy's strings get numbers, and the fields of the case that meet them are
// marked for the binder to look their text up (see fold.hpp).
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "runtime/fold.hpp"
#include "runtime/node_inputs.hpp"

namespace clause::runtime {

namespace {

class interner {
 public:
  explicit interner(program& p) : p_(p) {}

  void run() {
    // Every string of the policy: constants (after folding), tables' keys and rows.
    for (value& v : p_.constants)
      number(v);
    for (lookup_table& t : p_.tables)
      t.for_each_value([&](value& v) { number(v); });
    for (lookup_table& t : p_.tables)
      t.index_literals(numbers_.size());
    // The fields whose text meets them.
    for (const std::vector<node>* nodes : {&p_.nodes, &p_.default_nodes}) {
      nodes_ = nodes;
      for (const node& x : *nodes)
        mark_compared(x);
    }
    std::vector<std::pair<value, value>> rows;
    for (const auto& [text, number] : numbers_)
      rows.emplace_back(value::string(text), value::integer(number));
    p_.literals = lookup_table(rows, true);
  }

 private:
  // What a value can be made of: paths of the case's fields it may be the text of (through `??`,
  // `trim`, `if` and lets), and whether it may be a string of the policy (a constant, or read
  // from a table).
  struct sources {
    std::vector<const node*> paths;
    bool policy = false;
  };

  void mark_compared(const node& x) {
    const auto c = static_cast<comparison>(x.sub);
    const bool equality = c == comparison::eq || c == comparison::ne;
    switch (x.code) {
      case op::compare_constant: {
        const value& k = p_.constants[x.b];
        // (Comparing with "" is a comparison of lengths: nothing to look up.)
        if (equality && k.kind == value_kind::string && k.aux != 0) mark(of(x.a));
        return;
      }
      case op::compare: {
        if (!equality) return;
        const sources a = of(x.a), b = of(x.b);
        if (b.policy) mark(a);
        if (a.policy) mark(b);
        return;
      }
      case op::table_get:
        return mark(of(x.b));
      case op::in_table:
        return mark(of(x.a));
      case op::in_list:
        if (of(x.b).policy) mark(of(x.a));
        return;
      default:
        return;
    }
  }

  sources of(std::uint32_t n) {
    sources out;
    std::unordered_set<std::uint32_t> seen;
    collect(n, out, seen);
    return out;
  }

  void collect(std::uint32_t n, sources& out, std::unordered_set<std::uint32_t>& seen) {
    if (n >= nodes_->size() || !seen.insert(n).second) return;
    const node& x = (*nodes_)[n];
    switch (x.code) {
      case op::constant:
        out.policy = out.policy || p_.constants[x.a].kind == value_kind::string;
        return;
      case op::read_path:
        if (x.c == 0) out.paths.push_back(&x);
        return;
      case op::path_or:
        collect(x.a, out, seen);
        out.policy = out.policy || p_.constants[x.b].kind == value_kind::string;
        return;
      case op::let_value:
        if (!x.negate) collect(p_.lets[x.a], out, seen);
        return;
      case op::call:
        if (static_cast<lang::builtin>(x.sub) == lang::builtin::trim) collect(x.a, out, seen);
        return;
      case op::if_then_else:
        collect(x.b, out, seen);
        collect(x.c, out, seen);
        return;
      case op::coalesce:
        collect(x.a, out, seen);
        collect(x.b, out, seen);
        return;
      case op::table_get:
        out.policy = true;
        return;
      case op::field:
      case op::path: {  // a field of a table's row is the policy's
        sources record;
        collect(x.a, record, seen);
        out.policy = out.policy || record.policy;
        return;
      }
      default:
        return;
    }
  }

  void mark(const sources& s) {
    for (const node* path : s.paths)
      mark(*path);
  }

  // Marks the string field a path from the case's root ends at (every field of that record type,
  // wherever it is used).
  void mark(const node& path) {
    if (path.b == 0) return;
    schema_type* type = &p_.input;
    for (std::uint32_t i = 0; i < path.b; ++i) {
      const std::uint32_t step = p_.operands[path.a + i];
      if (type->kind != lang::type_kind::record || step >= type->fields.size()) return;
      schema_field& field = type->fields[step];
      if (i + 1 == path.b) {
        if (field.type->kind != lang::type_kind::string) return;
        field.intern = true;
        if (field.default_value) number(*field.default_value);
        return;
      }
      // The compiled schema is the program's own, built mutable by the compiler and shared
      // between fields of the same type: marking it marks every field of that record type.
      type = const_cast<schema_type*>(field.type);
    }
  }

  // Gives the strings in `v` (and in the lists and records it holds) their numbers. Past the
  // last number a string keeps 0, "not known": it is then compared by its text.
  void number(value& v) {
    if (v.kind == value_kind::string) {
      const auto [it, added] =
          numbers_.emplace(v.text(), static_cast<std::uint16_t>(numbers_.size() + 1));
      if (added && numbers_.size() >= value::no_literal) {
        numbers_.erase(it);
        return;
      }
      v.literal = it->second;
    } else if (v.kind == value_kind::list || v.kind == value_kind::record) {
      // (The items live in the program's constant arena, built mutable by the compiler.)
      auto* items = const_cast<value*>(v.items);
      for (std::uint32_t i = 0; i < v.aux; ++i)
        number(items[i]);
    }
  }

  program& p_;
  const std::vector<node>* nodes_ = nullptr;
  std::unordered_map<std::string_view, std::uint16_t> numbers_;  // views into the program
};

}  // namespace

void intern_literals(program& p) {
  interner(p).run();
}

}  // namespace clause::runtime
