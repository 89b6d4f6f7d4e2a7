// Declarations nothing uses (W0101-W0107). "Used" means reachable from what decides: the rules
// (conditions, payloads, messages) and the decisions (`when`, default payloads), through the lets
// they read. A let read only by unused lets is unused too, and says by which.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "lang/lint/lint.hpp"

namespace clause::lang::lint {

namespace {

class usage {
 public:
  explicit usage(const checked_bundle& b)
      : b_(b),
        lets_(b.lets.size()),
        params_(b.params.size()),
        tables_(b.tables.size()),
        enums_(b.types.enums.size()),
        domain_(b.types.enums.size()),
        records_(b.types.records.size()),
        types_seen_(b.types.size()) {
    for (const enum_info& e : b.types.enums)
      values_.emplace_back(e.values.size());
  }

  void expression(const ast::expr& e) {
    const expr_info& info = b_.info(e);
    type(info.type);
    switch (info.ref) {
      case ref_kind::let_value:
        if (info.ref_index < lets_.size() && !lets_[info.ref_index]) {
          lets_[info.ref_index] = true;
          if (const ast::let_decl* d = b_.lets[info.ref_index].decl) expression(d->value);
        }
        break;
      case ref_kind::param:
        if (info.ref_index < params_.size()) params_[info.ref_index] = true;
        break;
      case ref_kind::table:
        if (info.ref_index < tables_.size()) tables_[info.ref_index] = true;
        break;
      case ref_kind::enum_value:
        enum_value(info.type, info.ref_index);
        break;
      default:
        break;
    }
    for (const ast::expr& child : e.children)
      expression(child);
  }

  void message(const ast::message& m) {
    for (const ast::message_part& part : m.parts) {
      if (part.placeholder) expression(*part.placeholder);
    }
  }

  void type(type_id t) {
    if (t >= types_seen_.size() || types_seen_[t]) return;
    types_seen_[t] = true;
    const type_info& info = b_.types.info(t);
    switch (info.kind) {
      case type_kind::enumeration:
        enums_[info.index] = true;
        break;
      case type_kind::record:
        records_[info.index] = true;
        for (const field_info& f : b_.types.records[info.index].fields) {
          type(f.type);
          if (f.default_constant) constant_value(*f.default_constant);
        }
        break;
      case type_kind::list:
      case type_kind::set:
        type(info.element);
        break;
      case type_kind::map:
        type(info.key);
        type(info.element);
        break;
      default:
        break;
    }
  }

  void constant_value(const constant& c) {
    type(c.type);
    if (b_.types.kind(c.type) == type_kind::enumeration && c.number >= 0)
      enum_value(c.type, static_cast<std::uint32_t>(c.number));
    for (const constant& item : c.items)
      constant_value(item);
  }

  // Enums a case or a parameter can give: every value of theirs may occur.
  void domain(type_id t, std::set<type_id>& seen) {
    if (!seen.insert(t).second) return;
    const type_info& info = b_.types.info(t);
    if (info.kind == type_kind::enumeration) domain_[info.index] = true;
    if (info.kind == type_kind::record) {
      for (const field_info& f : b_.types.records[info.index].fields)
        domain(f.type, seen);
    }
    if (info.kind == type_kind::list || info.kind == type_kind::set) domain(info.element, seen);
  }

  const checked_bundle& b_;
  std::vector<bool> lets_, params_, tables_, enums_, domain_, records_, types_seen_;
  std::vector<std::vector<bool>> values_;

 private:
  void enum_value(type_id t, std::uint32_t value) {
    const type_info& info = b_.types.info(t);
    if (info.kind != type_kind::enumeration || info.index >= values_.size()) return;
    enums_[info.index] = true;
    if (value < values_[info.index].size()) values_[info.index][value] = true;
  }
};

void roots(const checked_bundle& b, usage& u) {
  for (const decision_info& d : b.decisions) {
    if (d.decl && d.decl->applies_when) u.expression(*d.decl->applies_when);
    for (const ast::expr* e : d.default_payload) {
      if (e) u.expression(*e);
    }
    for (const outcome_info& o : d.outcomes) {
      for (const field_info& f : o.payload)
        u.type(f.type);
    }
  }
  for (const rule_info& r : b.rules) {
    const ast::rule_decl& decl = *r.decl;
    if (decl.condition) u.expression(*decl.condition);
    for (const ast::expr* e : r.payload) {
      if (e) u.expression(*e);
    }
    if (decl.text) u.message(*decl.text);
    for (const ast::translation& t : decl.translations)
      u.message(t.text);
  }
  // What a property reads is used: it is there to be proved.
  for (const property_info& p : b.properties) {
    if (p.decl->condition) u.expression(*p.decl->condition);
    u.expression(p.decl->claim);
  }
  std::set<type_id> seen;
  u.domain(b.input, seen);
  u.type(b.input);
  for (const param_info& p : b.params) {
    u.domain(p.type, seen);
    u.type(p.type);
    if (p.default_value) u.constant_value(*p.default_value);
  }
}

// Names of the unused lets that read `let` (directly).
std::vector<std::string> unused_readers(const checked_bundle& b, const usage& u,
                                        std::uint32_t let) {
  std::vector<std::string> out;
  std::vector<const ast::expr*> stack;
  for (std::uint32_t i = 0; i < b.lets.size(); ++i) {
    if (u.lets_[i] || !b.lets[i].decl) continue;
    stack.assign(1, &b.lets[i].decl->value);
    bool reads = false;
    while (!stack.empty() && !reads) {
      const ast::expr* e = stack.back();
      stack.pop_back();
      reads = b.info(*e).ref == ref_kind::let_value && b.info(*e).ref_index == let;
      for (const ast::expr& c : e->children)
        stack.push_back(&c);
    }
    if (reads) out.push_back(b.lets[i].name);
  }
  return out;
}

void report_lets(const checked_bundle& b, const usage& u, diagnostics& out) {
  for (std::uint32_t i = 0; i < b.lets.size(); ++i) {
    if (u.lets_[i] || !b.lets[i].decl) continue;
    const auto readers = unused_readers(b, u, i);
    out.warning(
        code::unused_let, b.lets[i].decl->id.where,
        fmt::format("`{}` is never used", b.lets[i].name),
        readers.empty()
            ? "no rule or decision reads it: remove it, or use it"
            : fmt::format("only `{}` read{} it, and nothing uses {}", fmt::join(readers, "`, `"),
                          readers.size() == 1 ? "s" : "", readers.size() == 1 ? "that" : "those"));
  }
}

void report_params_and_tables(const checked_bundle& b, const usage& u, diagnostics& out) {
  for (std::size_t i = 0; i < b.params.size(); ++i) {
    if (u.params_[i]) continue;
    out.warning(code::unused_param, b.params[i].where,
                fmt::format("parameter `{}` is never used", b.params[i].name),
                fmt::format("no rule, decision or used let reads `params.{}`", b.params[i].name));
  }
  for (std::size_t i = 0; i < b.tables.size(); ++i) {
    if (u.tables_[i]) continue;
    out.warning(code::unused_table, b.tables[i].where,
                fmt::format("table `{}` is never read", b.tables[i].name),
                "no rule, decision or used let reads it");
  }
}

void report_types(const checked_bundle& b, const usage& u, diagnostics& out) {
  std::map<std::string, const ast::enum_decl*> enum_decls;
  // Declared records by where their name is (an input's inline record has no declaration).
  std::map<std::pair<file_id, std::uint32_t>, const ast::record_decl*> record_decls;
  for (const auto& m : b.modules) {
    for (const ast::enum_decl& e : m->enums)
      enum_decls.emplace(e.id.text, &e);
    for (const ast::record_decl& r : m->records)
      record_decls.emplace(std::pair(r.id.where.file, r.id.where.begin), &r);
  }
  for (std::size_t i = 0; i < b.types.enums.size(); ++i) {
    const enum_info& en = b.types.enums[i];
    if (!u.enums_[i]) {
      out.warning(code::unused_enum, en.where, fmt::format("enum `{}` is never used", en.name),
                  "no input field, parameter, table, let or rule has this type");
      continue;
    }
    if (u.domain_[i]) continue;
    const auto decl = enum_decls.find(en.name);
    if (decl == enum_decls.end()) continue;
    for (std::size_t v = 0; v < en.values.size() && v < decl->second->values.size(); ++v) {
      if (u.values_[i][v]) continue;
      out.warning(
          code::unused_enum_value, decl->second->values[v].where,
          fmt::format("`{}.{}` can never occur", en.name, en.values[v]),
          fmt::format("no rule, let, default or table names it, and no case or parameter can give "
                      "it (no input field or parameter has type `{}`)",
                      en.name));
    }
  }
  for (std::size_t i = 0; i < b.types.records.size(); ++i) {
    const record_info& r = b.types.records[i];
    const auto decl = record_decls.find(std::pair(r.where.file, r.where.begin));
    if (u.records_[i] || decl == record_decls.end()) continue;
    out.warning(code::unused_record, decl->second->id.where,
                fmt::format("record `{}` is never used", r.name),
                "no input field, parameter, table, let or payload has this type");
  }
}

// A file contributes when it holds rules, decisions, properties or the input, when a declaration of
// it is used, or when a file it imports contributes.
void report_imports(const checked_bundle& b, const usage& u, diagnostics& out) {
  std::set<file_id> contributes;
  for (const auto& m : b.modules) {
    if (m->header || !m->inputs.empty() || !m->decisions.empty() || !m->rules.empty() ||
        !m->properties.empty())
      contributes.insert(m->file);
  }
  auto mark = [&](const std::vector<bool>& used, auto where_of) {
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (used[i]) contributes.insert(where_of(i).file);
    }
  };
  mark(u.lets_, [&](std::size_t i) { return b.lets[i].decl->id.where; });
  mark(u.params_, [&](std::size_t i) { return b.params[i].where; });
  mark(u.tables_, [&](std::size_t i) { return b.tables[i].where; });
  mark(u.enums_, [&](std::size_t i) { return b.types.enums[i].where; });
  mark(u.records_, [&](std::size_t i) { return b.types.records[i].where; });
  for (bool changed = true; changed;) {
    changed = false;
    for (const import_link& link : b.imports) {
      if (contributes.count(link.target) && contributes.insert(link.decl->where.file).second)
        changed = true;
    }
  }
  for (const import_link& link : b.imports) {
    if (contributes.count(link.target)) continue;
    out.warning(code::unused_import, link.decl->where,
                fmt::format("nothing reads from `{}`", link.decl->path),
                "it has no rules or decisions, and nothing it declares is used: remove the import");
  }
}

}  // namespace

void warn_unused(const checked_bundle& b, diagnostics& out) {
  usage u(b);
  roots(b, u);
  for (const table_info& t : b.tables) {
    for (const auto& [key, value] : t.rows) {
      u.constant_value(key);
      u.constant_value(value);
    }
  }
  report_lets(b, u, out);
  report_params_and_tables(b, u, out);
  report_types(b, u, out);
  report_imports(b, u, out);
}

}  // namespace clause::lang::lint
