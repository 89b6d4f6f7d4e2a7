// Every expression of a parsed module, nested ones included, as the parser lowered them: for the
// tests of expression ids (parser_test.cpp, checker_test.cpp).
#pragma once

#include <vector>

#include "lang/ast.hpp"

namespace clause::test {

inline void add_expression(const lang::ast::expr& e, std::vector<const lang::ast::expr*>& out) {
  out.push_back(&e);
  for (const auto& c : e.children)
    add_expression(c, out);
}

inline void add_field(const lang::ast::field& f, std::vector<const lang::ast::expr*>& out);

inline void add_type(const lang::ast::type_expr& t, std::vector<const lang::ast::expr*>& out) {
  for (const auto& f : t.fields)
    add_field(f, out);
  for (const auto& a : t.arguments)
    add_type(a, out);
}

inline void add_field(const lang::ast::field& f, std::vector<const lang::ast::expr*>& out) {
  if (f.default_value) add_expression(*f.default_value, out);
  add_type(f.type, out);
}

inline void add_message(const lang::ast::message& m, std::vector<const lang::ast::expr*>& out) {
  for (const auto& part : m.parts) {
    if (part.placeholder) add_expression(*part.placeholder, out);
  }
}

inline std::vector<const lang::ast::expr*> expressions_of(const lang::ast::module& m) {
  std::vector<const lang::ast::expr*> out;
  for (const auto& r : m.records) {
    for (const auto& f : r.fields)
      add_field(f, out);
  }
  for (const auto& in : m.inputs) {
    for (const auto& f : in.fields)
      add_field(f, out);
  }
  for (const auto& p : m.params)
    add_field(p.spec, out);
  for (const auto& l : m.lets)
    add_expression(l.value, out);
  for (const auto& t : m.tables) {
    for (const auto& [key, value] : t.entries) {
      add_expression(key, out);
      add_expression(value, out);
    }
  }
  for (const auto& d : m.decisions) {
    if (d.applies_when) add_expression(*d.applies_when, out);
    if (d.default_outcome) {
      for (const auto& p : d.default_outcome->payload)
        add_expression(p.value, out);
    }
  }
  for (const auto& r : m.rules) {
    if (r.condition) add_expression(*r.condition, out);
    for (const auto& p : r.outcome.payload)
      add_expression(p.value, out);
    if (r.text) add_message(*r.text, out);
    for (const auto& t : r.translations)
      add_message(t.text, out);
  }
  return out;
}

}  // namespace clause::test
