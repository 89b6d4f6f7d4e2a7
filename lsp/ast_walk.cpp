#include "lsp/ast_walk.hpp"

namespace clause::lsp {

namespace {

namespace ast = lang::ast;

struct walker {
  const std::function<void(const ast::expr&)>& on_expr;
  const std::function<void(const ast::type_expr&)>& on_type;
  bool deep = true;

  void expr(const ast::expr& e) const {
    on_expr(e);
    if (!deep) return;
    for (const auto& c : e.children)
      expr(c);
  }
  void optional(const std::optional<ast::expr>& e) const {
    if (e) expr(*e);
  }
  void type(const ast::type_expr& t) const {
    on_type(t);
    for (const auto& a : t.arguments)
      type(a);
    fields(t.fields);
  }
  void fields(const std::vector<ast::field>& fs) const {
    for (const auto& f : fs) {
      type(f.type);
      optional(f.default_value);
    }
  }
  void message(const ast::message& m) const {
    for (const auto& p : m.parts)
      optional(p.placeholder);
  }
  void outcome(const ast::outcome_value& o) const {
    for (const auto& p : o.payload)
      expr(p.value);
  }
};

void walk(const walker& w, const ast::module& m);

}  // namespace

void walk_module(const ast::module& m, const std::function<void(const ast::expr&)>& on_expr,
                 const std::function<void(const ast::type_expr&)>& on_type) {
  walk(walker{on_expr, on_type, true}, m);
}

void walk_expressions(const ast::module& m, const std::function<void(const ast::expr&)>& on_root) {
  const std::function<void(const ast::type_expr&)> no_types = [](const ast::type_expr&) {};
  walk(walker{on_root, no_types, false}, m);
}

namespace {

void walk(const walker& w, const ast::module& m) {
  for (const auto& r : m.records)
    w.fields(r.fields);
  for (const auto& i : m.inputs)
    w.fields(i.fields);
  for (const auto& p : m.params) {
    w.type(p.spec.type);
    w.optional(p.spec.default_value);
  }
  for (const auto& l : m.lets) {
    if (l.declared_type) w.type(*l.declared_type);
    w.expr(l.value);
  }
  for (const auto& t : m.tables) {
    w.type(t.type);
    for (const auto& [key, value] : t.entries) {
      w.expr(key);
      w.expr(value);
    }
  }
  for (const auto& d : m.decisions) {
    w.optional(d.applies_when);
    for (const auto& o : d.outcomes)
      w.fields(o.payload);
    if (d.default_outcome) w.outcome(*d.default_outcome);
  }
  for (const auto& r : m.rules) {
    w.optional(r.condition);
    w.outcome(r.outcome);
    if (r.text) w.message(*r.text);
    for (const auto& t : r.translations)
      w.message(t.text);
  }
  for (const auto& p : m.properties) {
    w.optional(p.condition);
    w.expr(p.claim);
  }
}

}  // namespace

}  // namespace clause::lsp
