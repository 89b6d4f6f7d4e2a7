#include "lsp/describe.hpp"

#include <fmt/format.h>

#include "lang/builtins.hpp"
#include "lang/location.hpp"

namespace clause::lsp {

namespace {

constexpr std::size_t longest_shown = 200;

std::string code_block(const std::string& text) {
  return fmt::format("```clause\n{}\n```", text);
}

std::string type_name(const analysis& a, lang::type_id t) {
  const auto& types = a.bundle()->types;
  return t < types.size() ? types.name(t) : "?";
}

std::string enum_text(const lang::enum_info& en) {
  return fmt::format("enum {} {{ {} }}", en.name, fmt::join(en.values, ", "));
}

std::string field_text(const analysis& a, const lang::field_info& f) {
  std::string out = fmt::format("{}{}: {}", f.name, f.optional ? "?" : "", type_name(a, f.type));
  if (f.default_value) out += " = " + source_text(a, f.default_value->where, longest_shown);
  return out;
}

const lang::ast::param_decl* param_decl_at(const analysis& a, lang::span where) {
  for (const auto& m : a.bundle()->modules) {
    for (const auto& p : m->params) {
      if (p.spec.id.where.file == where.file && p.spec.id.where.begin == where.begin) return &p;
    }
  }
  return nullptr;
}

}  // namespace

std::string source_text(const analysis& a, lang::span where, std::size_t longest) {
  if (where.file >= a.sources().size()) return {};
  const std::string& text = a.sources().file(where.file).text();
  if (where.begin > where.end || where.end > text.size()) return {};
  return lang::one_line(std::string_view(text).substr(where.begin, where.end - where.begin),
                        longest);
}

std::string symbol_name(const analysis& a, const symbol& s) {
  const lang::checked_bundle& b = *a.bundle();
  switch (s.kind) {
    case symbol_kind::enum_type:
      return b.types.enums.at(s.a).name;
    case symbol_kind::enum_value:
      return b.types.enums.at(s.a).name + "." + b.types.enums.at(s.a).values.at(s.b);
    case symbol_kind::record_type:
      return b.types.records.at(s.a).name;
    case symbol_kind::field: {
      const auto& r = b.types.records.at(s.a);
      const bool input = b.input < b.types.size() && b.types.info(b.input).index == s.a &&
                         b.types.kind(b.input) == lang::type_kind::record;
      return input ? r.fields.at(s.b).name : r.name + "." + r.fields.at(s.b).name;
    }
    case symbol_kind::let:
      return b.lets.at(s.a).name;
    case symbol_kind::param:
      return "params." + b.params.at(s.a).name;
    case symbol_kind::table:
      return b.tables.at(s.a).name;
    case symbol_kind::decision:
      return b.decisions.at(s.a).name;
    case symbol_kind::outcome:
      return b.decisions.at(s.a).name + "." + b.decisions.at(s.a).outcomes.at(s.b).name;
    case symbol_kind::rule:
      return b.rules.at(s.a).decl->id.text;
    case symbol_kind::property:
      return b.properties.at(s.a).decl->id.text;
    case symbol_kind::file:
      return a.path_of(s.a);
    case symbol_kind::builtin:
      return std::string(lang::all_builtins[s.a].name);
  }
  return {};
}

std::string short_detail(const analysis& a, const symbol& s) {
  const lang::checked_bundle& b = *a.bundle();
  switch (s.kind) {
    case symbol_kind::enum_type:
      return "enum";
    case symbol_kind::enum_value:
      return "enum " + b.types.enums.at(s.a).name;
    case symbol_kind::record_type:
      return "record";
    case symbol_kind::field:
      return field_text(a, b.types.records.at(s.a).fields.at(s.b));
    case symbol_kind::let:
      return type_name(a, b.lets.at(s.a).type);
    case symbol_kind::param:
      return type_name(a, b.params.at(s.a).type);
    case symbol_kind::table:
      return fmt::format("map<{}, {}>", type_name(a, b.tables.at(s.a).key),
                         type_name(a, b.tables.at(s.a).value));
    case symbol_kind::builtin:
      return std::string(lang::all_builtins[s.a].signature);
    default:
      return {};
  }
}

std::string describe(const analysis& a, const symbol& s) {
  if (!a.bundle()) return {};
  const lang::checked_bundle& b = *a.bundle();
  switch (s.kind) {
    case symbol_kind::enum_type:
      return code_block(enum_text(b.types.enums.at(s.a)));
    case symbol_kind::enum_value:
      return code_block(symbol_name(a, s)) + "\n\nA value of\n\n" +
             code_block(enum_text(b.types.enums.at(s.a)));
    case symbol_kind::record_type: {
      const auto& r = b.types.records.at(s.a);
      std::string text = "record " + r.name + " {";
      for (const auto& f : r.fields)
        text += "\n  " + field_text(a, f);
      return code_block(text + "\n}");
    }
    case symbol_kind::field: {
      const auto& r = b.types.records.at(s.a);
      const auto& f = r.fields.at(s.b);
      std::string out = code_block(field_text(a, f)) + "\n\nA field of " +
                        (r.name == "the input" ? r.name : "`" + r.name + "`");
      if (f.optional) out += "; optional: read it under `has`";
      return out;
    }
    case symbol_kind::let: {
      const lang::let_info& l = b.lets.at(s.a);
      std::string text = fmt::format("let {}: {}", l.name, type_name(a, l.type));
      if (l.decl) text += " = " + source_text(a, l.decl->value.where, longest_shown);
      return code_block(text) + (l.optional ? "\n\nMay be absent: read it under `has`" : "");
    }
    case symbol_kind::param: {
      const lang::param_info& p = b.params.at(s.a);
      std::string text =
          fmt::format("param {}{}: {}", p.name, p.optional ? "?" : "", type_name(a, p.type));
      const auto* decl = param_decl_at(a, p.where);
      if (decl && decl->spec.default_value)
        text += " = " + source_text(a, decl->spec.default_value->where, longest_shown);
      return code_block(text) +
             (p.optional ? "\n\nNo default: read it under `has params." + p.name + "`" : "");
    }
    case symbol_kind::table: {
      const lang::table_info& t = b.tables.at(s.a);
      return code_block(fmt::format("table {}: {}", t.name, short_detail(a, s))) +
             fmt::format("\n\n{} row{}", t.rows.size(), t.rows.size() == 1 ? "" : "s");
    }
    case symbol_kind::decision: {
      const lang::decision_info& d = b.decisions.at(s.a);
      std::vector<std::string> outcomes;
      for (const auto& o : d.outcomes)
        outcomes.push_back(o.name);
      return code_block(
                 fmt::format("decision {}\n  outcomes {}", d.name, fmt::join(outcomes, " | "))) +
             fmt::format("\n\n{} rule{}", d.rules.size(), d.rules.size() == 1 ? "" : "s");
    }
    case symbol_kind::outcome: {
      const lang::decision_info& d = b.decisions.at(s.a);
      const lang::outcome_info& o = d.outcomes.at(s.b);
      std::vector<std::string> fields;
      for (const auto& f : o.payload)
        fields.push_back(field_text(a, f));
      return code_block(fields.empty() ? o.name
                                       : fmt::format("{}({})", o.name, fmt::join(fields, ", "))) +
             fmt::format("\n\nAn outcome of decision `{}`", d.name);
    }
    case symbol_kind::rule: {
      const lang::rule_info& r = b.rules.at(s.a);
      return code_block(source_text(a, r.decl->where, longest_shown));
    }
    case symbol_kind::property: {
      const auto* p = b.properties.at(s.a).decl;
      return code_block(fmt::format("property {} \"{}\"", p->id.text, p->description));
    }
    case symbol_kind::file:
      return "`" + a.path_of(s.a) + "`";
    case symbol_kind::builtin: {
      const lang::builtin_info& f = lang::all_builtins[s.a];
      return code_block(std::string(f.signature)) + "\n\n" + std::string(f.doc);
    }
  }
  return {};
}

}  // namespace clause::lsp
