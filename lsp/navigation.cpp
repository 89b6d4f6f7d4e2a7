// Go to definition, find references, document and workspace symbols.
#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "lsp/ast_walk.hpp"
#include "lsp/describe.hpp"
#include "lsp/features.hpp"
#include "lsp/limits.hpp"

namespace clause::lsp {

namespace {

json location_of(const analysis& a, lang::span where) {
  return location_json(a.path_of(where.file), line_map(a.sources().file(where.file).text()), where);
}

// LSP's SymbolKind numbers.
enum lsp_symbol_kind : int {
  sk_module = 2,
  sk_method = 6,
  sk_field = 8,
  sk_enum = 10,
  sk_function = 12,
  sk_variable = 13,
  sk_constant = 14,
  sk_boolean = 17,
  sk_array = 18,
  sk_object = 19,
  sk_enum_member = 22,
  sk_struct = 23,
  sk_event = 24,
};

int kind_number(symbol_kind k) {
  switch (k) {
    case symbol_kind::enum_type:
      return sk_enum;
    case symbol_kind::enum_value:
    case symbol_kind::outcome:
      return sk_enum_member;
    case symbol_kind::record_type:
      return sk_struct;
    case symbol_kind::field:
      return sk_field;
    case symbol_kind::let:
      return sk_variable;
    case symbol_kind::param:
      return sk_constant;
    case symbol_kind::table:
      return sk_array;
    case symbol_kind::decision:
      return sk_function;
    case symbol_kind::rule:
      return sk_event;
    case symbol_kind::property:
      return sk_boolean;
    case symbol_kind::file:
      return sk_module;
    case symbol_kind::builtin:
      return sk_method;
  }
  return sk_object;
}

// Which symbol holds another in the outline: an enum its values, a record its fields, a decision
// its outcomes.
std::optional<symbol> parent_of(const analysis& a, const symbol& s) {
  const auto& b = *a.bundle();
  switch (s.kind) {
    case symbol_kind::enum_value:
      return symbol{symbol_kind::enum_type, s.a};
    case symbol_kind::outcome:
      return symbol{symbol_kind::decision, s.a};
    case symbol_kind::field:
      if (b.input < b.types.size() && b.types.kind(b.input) == lang::type_kind::record &&
          b.types.info(b.input).index == s.a) {
        return std::nullopt;
      }
      return symbol{symbol_kind::record_type, s.a};
    default:
      return std::nullopt;
  }
}

bool matches_query(std::string_view name, std::string_view query) {
  // Characters of the query in order, ignoring case (as editors filter).
  std::size_t at = 0;
  for (const char c : name) {
    if (at == query.size()) break;
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    if (lower(c) == lower(query[at])) ++at;
  }
  return at == query.size();
}

// The span a symbol's outline entry covers: a rule from its keyword to its action.
lang::span full_range(const analysis& a, const occurrence& o) {
  if (o.target.kind == symbol_kind::rule) {
    const lang::span w = a.bundle()->rules.at(o.target.a).decl->where;
    if (w.file == o.where.file && w.begin <= o.where.begin && w.end >= o.where.end) return w;
  }
  return o.where;
}

}  // namespace

json definition(const analysis& a, lang::file_id file, std::uint32_t offset) {
  if (!a.index) return nullptr;
  const occurrence* o = a.index->at(file, offset);
  if (!o || o->target.kind == symbol_kind::builtin) return nullptr;
  auto where = a.index->definition(o->target);
  if (!where) return nullptr;
  return location_of(a, *where);
}

json references(const analysis& a, lang::file_id file, std::uint32_t offset,
                bool include_declaration) {
  json out = json::array();
  if (!a.index) return out;
  const occurrence* o = a.index->at(file, offset);
  if (!o) return out;
  for (const occurrence& r : a.index->occurrences_of(o->target)) {
    if (r.definition && !include_declaration) continue;
    out.push_back(location_of(a, r.where));
  }
  return out;
}

json document_symbols(const analysis& a, lang::file_id file) {
  json out = json::array();
  if (!a.index) return out;
  const line_map lines(a.sources().file(file).text());
  // Outline entries in file order; children under their parent when it is in this file.
  std::map<symbol, std::size_t> placed;
  for (const occurrence& o : a.index->all()) {
    if (o.where.file != file || !o.definition) continue;
    json entry = {{"name", symbol_name(a, o.target)},
                  {"kind", kind_number(o.target.kind)},
                  {"range", range_json(lines, full_range(a, o))},
                  {"selectionRange", range_json(lines, o.where)}};
    if (auto detail = short_detail(a, o.target); !detail.empty()) entry["detail"] = detail;
    const auto parent = parent_of(a, o.target);
    if (parent && placed.count(*parent)) {
      json& holder = out[placed.at(*parent)];
      entry["name"] = source_text(a, o.where);
      holder["children"].push_back(std::move(entry));
      continue;
    }
    placed.emplace(o.target, out.size());
    out.push_back(std::move(entry));
  }
  return out;
}

json workspace_symbols(const std::vector<std::shared_ptr<const analysis>>& bundles,
                       std::string_view query) {
  json out = json::array();
  for (const auto& a : bundles) {
    if (!a->index) continue;
    for (const occurrence& o : a->index->all()) {
      if (!o.definition) continue;
      const std::string name = symbol_name(*a, o.target);
      if (!matches_query(name, query)) continue;
      json item = {{"name", name},
                   {"kind", kind_number(o.target.kind)},
                   {"location", location_of(*a, o.where)}};
      if (auto parent = parent_of(*a, o.target)) item["containerName"] = symbol_name(*a, *parent);
      out.push_back(std::move(item));
      if (out.size() >= limits::max_completions) return out;
    }
  }
  return out;
}

json hover(const analysis& a, lang::file_id file, std::uint32_t offset) {
  if (!a.index) return nullptr;
  const line_map lines(a.sources().file(file).text());
  if (const occurrence* o = a.index->at(file, offset)) {
    return {{"contents", {{"kind", "markdown"}, {"value", describe(a, o->target)}}},
            {"range", range_json(lines, o->where)}};
  }
  // Any other expression: its type, from the narrowest expression around the place.
  const lang::ast::expr* best = nullptr;
  for (const auto& m : a.bundle()->modules) {
    if (m->file != file) continue;
    std::vector<const lang::ast::expr*> stack;
    auto visit = [&](const lang::ast::expr& e, auto& self) -> void {
      if (e.where.file != file || offset < e.where.begin || offset > e.where.end) return;
      if (!best || e.where.end - e.where.begin <= best->where.end - best->where.begin) best = &e;
      for (const auto& c : e.children)
        self(c, self);
    };
    walk_expressions(*m, [&](const lang::ast::expr& root) { visit(root, visit); });
  }
  if (!best || best->id >= a.bundle()->exprs.size()) return nullptr;
  const lang::expr_info& info = a.bundle()->info(*best);
  if (info.type == lang::type_table::error || info.type >= a.bundle()->types.size()) return nullptr;
  const std::string text =
      fmt::format("`{}`: `{}`{}", source_text(a, best->where, 80),
                  a.bundle()->types.name(info.type), info.optional ? ", may be absent" : "");
  return {{"contents", {{"kind", "markdown"}, {"value", text}}},
          {"range", range_json(lines, best->where)}};
}

}  // namespace clause::lsp
