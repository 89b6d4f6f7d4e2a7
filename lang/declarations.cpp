// Declarations listed for comparison. A meaning is an encoding of the AST (kinds, operators,
// names, literal values, children in order), never the source text: comments, blank lines and a
// formatter's choices must not read as changes.
#include "lang/declarations.hpp"

#include <fmt/format.h>

#include "lang/json_string.hpp"
#include "lang/location.hpp"

namespace clause::lang {

namespace {

void encode(std::string& out, const ast::expr& e) {
  out += fmt::format("({} {} {} {} {} {} {} {} {}", static_cast<int>(e.kind),
                     static_cast<int>(e.op), static_cast<int>(e.quantifier), e.text.size(), e.text,
                     e.number, e.months, e.instant.seconds, e.instant.nanos);
  out += e.truth ? " t" : " f";
  for (const ast::name& n : e.field_names)
    out += fmt::format(" {}:{}", n.text.size(), n.text);
  for (const ast::expr& child : e.children)
    encode(out, child);
  out += ')';
}

void encode(std::string& out, const ast::type_expr& t) {
  out += fmt::format("<{} {}", t.head.text.size(), t.head.text);
  for (const ast::type_expr& a : t.arguments)
    encode(out, a);
  // An inline record's fields are listed as declarations of their own.
  out += t.form == ast::type_expr::kind::record ? " record>" : ">";
}

void encode(std::string& out, const ast::field& f) {
  out += f.optional ? "?" : "!";
  encode(out, f.type);
  if (f.default_value) {
    out += '=';
    encode(out, *f.default_value);
  }
}

void encode(std::string& out, const ast::outcome_value& o) {
  out += fmt::format("[{} {}", o.id.text.size(), o.id.text);
  for (const ast::payload_value& p : o.payload) {
    out += fmt::format(" {}:{}=", p.id.text.size(), p.id.text);
    encode(out, p.value);
  }
  out += ']';
}

void encode(std::string& out, const ast::message& m) {
  for (const ast::message_part& part : m.parts) {
    if (part.placeholder) {
      encode(out, *part.placeholder);
    } else {
      out += fmt::format("{}:{}", part.text.size(), part.text);
    }
  }
}

std::string rule_meaning(const ast::rule_decl& r) {
  std::string out;
  for (const ast::name& d : r.decisions)
    out += fmt::format("{}:{} ", d.text.size(), d.text);
  if (r.from) out += fmt::format("from {} ", r.from->days);
  if (r.until) out += fmt::format("until {} ", r.until->days);
  if (r.condition) encode(out, *r.condition);
  out += r.is_warning ? " warn " : " ";
  encode(out, r.outcome);
  if (r.code) out += " code " + r.code->text;
  return out;
}

std::string decision_meaning(const ast::decision_decl& d) {
  std::string out;
  if (d.applies_when) encode(out, *d.applies_when);
  for (const ast::outcome_decl& o : d.outcomes) {
    out += fmt::format(" {}:{}", o.id.text.size(), o.id.text);
    for (const ast::field& f : o.payload) {
      out += fmt::format(" {}:{}", f.id.text.size(), f.id.text);
      encode(out, f);
    }
  }
  out += fmt::format(" combine {} ", static_cast<int>(d.combine));
  if (d.default_outcome) encode(out, *d.default_outcome);
  return out;
}

class lister {
 public:
  explicit lister(const checked_bundle& b) : b_(b) {}

  std::vector<declaration> list() {
    for (const auto& m : b_.modules) {
      for (const ast::input_decl& in : m->inputs)
        fields("input field", "", in.fields);
    }
    for (const auto& m : b_.modules) {
      for (const ast::record_decl& r : m->records)
        fields("record field", r.id.text + ".", r.fields);
    }
    for (const auto& m : b_.modules) {
      for (const ast::enum_decl& e : m->enums) {
        for (const ast::name& v : e.values)
          add("enum value", e.id.text + "." + v.text, v.where, "", "");
      }
    }
    for (const auto& m : b_.modules) {
      for (const ast::param_decl& p : m->params) {
        std::string meaning;
        encode(meaning, p.spec);
        add("param", p.spec.id.text, p.spec.id.where, std::move(meaning), field_shown(p.spec));
      }
    }
    for (const table_info& t : b_.tables) {
      for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& [key, value] = t.rows[i];
        std::string shown = constant_text(value, b_.types);
        add("table row", fmt::format("{}[{}]", t.name, constant_text(key, b_.types)),
            i < t.row_where.size() ? t.row_where[i] : t.where, shown, shown);
      }
    }
    for (const auto& m : b_.modules) {
      for (const ast::let_decl& l : m->lets) {
        std::string meaning;
        if (l.declared_type) encode(meaning, *l.declared_type);
        encode(meaning, l.value);
        add("let", l.id.text, l.id.where, std::move(meaning), "");
      }
    }
    for (const auto& m : b_.modules) {
      for (const ast::decision_decl& d : m->decisions)
        add("decision", d.id.text, d.id.where, decision_meaning(d), "");
    }
    for (const auto& m : b_.modules) {
      for (const ast::rule_decl& r : m->rules)
        add("rule", r.id.text, r.id.where, rule_meaning(r), "");
    }
    for (const auto& m : b_.modules) {
      for (const ast::rule_decl& r : m->rules) {
        if (r.text) message(r.id.text, *r.text);
        for (const ast::translation& t : r.translations)
          message(fmt::format("{} [{}]", r.id.text, t.locale.text), t.text);
      }
    }
    return std::move(out_);
  }

 private:
  void add(std::string_view kind, std::string name, span where, std::string meaning,
           std::string shown) {
    out_.push_back({kind, std::move(name), where, std::move(meaning), std::move(shown)});
  }

  void fields(std::string_view kind, const std::string& prefix,
              const std::vector<ast::field>& list) {
    for (const ast::field& f : list) {
      std::string meaning;
      encode(meaning, f);
      add(kind, prefix + f.id.text, f.id.where, std::move(meaning), field_shown(f));
      if (f.type.form == ast::type_expr::kind::record)
        fields(kind, prefix + f.id.text + ".", f.type.fields);
    }
  }

  void message(std::string name, const ast::message& m) {
    std::string meaning;
    encode(meaning, m);
    add("message", std::move(name), m.where, std::move(meaning), one_line(text(m.where)));
  }

  // `bool = false`, `date?`; an inline record's type is `{…}`.
  std::string field_shown(const ast::field& f) const {
    std::string out =
        f.type.form == ast::type_expr::kind::record ? "{…}" : one_line(text(f.type.where));
    if (f.optional) out += "?";
    if (f.default_value) out += " = " + one_line(text(f.default_value->where));
    return out;
  }

  std::string_view text(span where) const {
    const std::string& all = b_.sources->file(where.file).text();
    if (where.begin >= all.size() || where.end < where.begin) return {};
    return std::string_view(all).substr(where.begin, where.end - where.begin);
  }

  const checked_bundle& b_;
  std::vector<declaration> out_;
};

}  // namespace

std::vector<declaration> list_declarations(const checked_bundle& bundle) {
  return lister(bundle).list();
}

std::string constant_text(const constant& c, const type_table& types) {
  const type_info& t = types.info(c.type);
  std::string out;
  switch (t.kind) {
    case type_kind::boolean:
      return c.truth ? "true" : "false";
    case type_kind::integer:
      return std::to_string(c.number);
    case type_kind::string:
      append_json_string(out, c.text);
      return out;
    case type_kind::date:
      append_date(out, date_value{static_cast<std::int32_t>(c.number)});
      return out;
    case type_kind::datetime:
      append_datetime(out, c.instant);
      return out;
    case type_kind::duration:
      return fmt::format("{} {}", c.number, c.months ? "months" : "days");
    case type_kind::enumeration: {
      const enum_info& e = types.enums.at(t.index);
      return c.number >= 0 && static_cast<std::size_t>(c.number) < e.values.size()
                 ? e.values[static_cast<std::size_t>(c.number)]
                 : "?";
    }
    case type_kind::record: {
      const record_info& r = types.records.at(t.index);
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < c.items.size() && i < r.fields.size(); ++i) {
        if (!c.items[i].present) continue;
        out += first ? "" : ", ";
        first = false;
        out += r.fields[i].name + ": " + constant_text(c.items[i], types);
      }
      return out + '}';
    }
    case type_kind::list:
    case type_kind::set:
    case type_kind::map:
    case type_kind::empty: {
      out += t.kind == type_kind::set ? '{' : '[';
      for (std::size_t i = 0; i < c.items.size(); ++i) {
        if (i) out += ", ";
        out += constant_text(c.items[i], types);
      }
      return out + (t.kind == type_kind::set ? '}' : ']');
    }
    case type_kind::error:
      break;
  }
  return "?";
}

}  // namespace clause::lang
