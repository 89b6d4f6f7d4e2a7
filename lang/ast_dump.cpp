#include "lang/ast_dump.hpp"

#include <fmt/format.h>

#include "lang/json_string.hpp"

namespace clause::lang {

namespace {

class dumper {
 public:
  std::string out;

  void expr(const ast::expr& e) {
    out += fmt::format("({} {} {} {} {} {} {} {} {} {}", static_cast<int>(e.kind),
                       static_cast<int>(e.op), static_cast<int>(e.quantifier), e.text.size(),
                       json_string(e.text), e.number, e.months, e.truth, e.instant.seconds,
                       e.instant.nanos);
    for (const ast::name& n : e.field_names)
      out += " ." + n.text;
    for (const ast::expr& c : e.children) {
      out += ' ';
      expr(c);
    }
    out += ')';
  }

  void type(const ast::type_expr& t) {
    out += fmt::format("<{} {}", static_cast<int>(t.form), t.head.text);
    for (const ast::type_expr& a : t.arguments) {
      out += ' ';
      type(a);
    }
    fields(t.fields);
    out += '>';
  }

  void field(const ast::field& f) {
    out += fmt::format("[{}{} ", f.id.text, f.optional ? "?" : "");
    type(f.type);
    if (f.default_value) {
      out += " = ";
      expr(*f.default_value);
    }
    out += ']';
  }

  void fields(const std::vector<ast::field>& fs) {
    for (const ast::field& f : fs)
      field(f);
  }

  void outcome(const ast::outcome_value& v) {
    out += v.id.text;
    for (const ast::payload_value& p : v.payload) {
      out += " " + p.id.text + "=";
      expr(p.value);
    }
  }

  void message(const ast::message& m) {
    out += '"';
    for (const ast::message_part& p : m.parts) {
      if (p.placeholder) {
        out += '{';
        expr(*p.placeholder);
        out += '}';
      } else {
        out += json_string(p.text);
      }
    }
    out += '"';
  }
};

}  // namespace

std::string dump(const ast::module& m) {
  dumper d;
  std::string& out = d.out;
  if (m.header)
    out += fmt::format("policy {} {} {}\n", m.header->id.text, json_string(m.header->title),
                       json_string(m.header->version));
  for (const ast::import_decl& i : m.imports)
    out += fmt::format("import {}\n", json_string(i.path));
  for (const ast::enum_decl& e : m.enums) {
    out += "enum " + e.id.text;
    for (const ast::name& v : e.values)
      out += " " + v.text;
    out += '\n';
  }
  for (const ast::record_decl& r : m.records) {
    out += "record " + r.id.text + " ";
    d.fields(r.fields);
    out += '\n';
  }
  for (const ast::input_decl& i : m.inputs) {
    out += "input ";
    d.fields(i.fields);
    out += '\n';
  }
  for (const ast::param_decl& p : m.params) {
    out += "param ";
    d.field(p.spec);
    out += '\n';
  }
  for (const ast::let_decl& l : m.lets) {
    out += "let " + l.id.text + " ";
    if (l.declared_type) d.type(*l.declared_type);
    d.expr(l.value);
    out += '\n';
  }
  for (const ast::table_decl& t : m.tables) {
    out += "table " + t.id.text + " ";
    d.type(t.type);
    if (t.file) out += fmt::format(" from {}", json_string(*t.file));
    if (t.at_key) out += fmt::format(" at {}", json_string(*t.at_key));
    for (const auto& [key, value] : t.entries) {
      out += ' ';
      d.expr(key);
      out += ':';
      d.expr(value);
    }
    out += '\n';
  }
  for (const ast::decision_decl& dd : m.decisions) {
    out += "decision " + dd.id.text;
    if (dd.applies_when) {
      out += " when ";
      d.expr(*dd.applies_when);
    }
    for (const ast::outcome_decl& o : dd.outcomes) {
      out += " | " + o.id.text;
      d.fields(o.payload);
    }
    out += fmt::format(" combine {} default ", static_cast<int>(dd.combine));
    if (dd.default_outcome) d.outcome(*dd.default_outcome);
    out += '\n';
  }
  for (const ast::rule_decl& r : m.rules) {
    out += "rule " + r.id.text + " ->";
    for (const ast::name& n : r.decisions)
      out += " " + n.text;
    if (r.from) out += fmt::format(" from {}", r.from->days);
    if (r.until) out += fmt::format(" until {}", r.until->days);
    if (r.condition) {
      out += " when ";
      d.expr(*r.condition);
    }
    out += r.is_warning ? " warn " : " ";
    d.outcome(r.outcome);
    if (r.code) out += " " + r.code->text;
    if (r.text) d.message(*r.text);
    for (const ast::translation& t : r.translations) {
      out += " " + t.locale.text + " ";
      d.message(t.text);
    }
    out += '\n';
  }
  for (const ast::property_decl& p : m.properties) {
    out += "property " + p.id.text + " " + p.description;
    if (p.condition) {
      out += " when ";
      d.expr(*p.condition);
    }
    out += " holds ";
    d.expr(p.claim);
    out += '\n';
  }
  return out;
}

}  // namespace clause::lang
