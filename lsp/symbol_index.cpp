#include "lsp/symbol_index.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "lsp/ast_walk.hpp"

namespace clause::lsp {

namespace {

namespace ast = lang::ast;

using place = std::pair<lang::file_id, std::uint32_t>;

place place_of(lang::span s) {
  return {s.file, s.begin};
}

// The name at the end of an expression's span: the field of `a.b`, the value of `Enum.Value`.
lang::span last_name(const ast::expr& e) {
  const auto n = static_cast<std::uint32_t>(e.text.size());
  return {e.where.file, e.where.end >= e.where.begin + n ? e.where.end - n : e.where.begin,
          e.where.end};
}

class builder {
 public:
  builder(const lang::checked_bundle& b, std::vector<occurrence>& out) : b_(b), out_(out) {}

  void run() {
    declarations();
    for (const auto& m : b_.modules) {
      walk_module(
          *m, [this](const ast::expr& e) { expression(e); },
          [this](const ast::type_expr& t) { type(t); });
      for (const auto& r : m->rules)
        rule_targets(r);
      for (const auto& d : m->decisions)
        default_outcome(d);
    }
    for (const auto& link : b_.imports)
      add(link.decl->where, {symbol_kind::file, link.target}, false);
  }

 private:
  void add(lang::span where, symbol s, bool definition) {
    if (where.end < where.begin) return;
    out_.push_back({where, s, definition});
  }

  void declarations() {
    const lang::type_table& types = b_.types;
    std::map<place, const ast::enum_decl*> enum_decls;
    std::map<place, const ast::record_decl*> record_decls;
    for (const auto& m : b_.modules) {
      for (const auto& e : m->enums)
        enum_decls.emplace(place_of(e.id.where), &e);
      for (const auto& r : m->records)
        record_decls.emplace(place_of(r.id.where), &r);
    }
    for (std::uint32_t i = 0; i < types.enums.size(); ++i) {
      const lang::enum_info& en = types.enums[i];
      enum_names_.emplace(en.name, i);
      add(en.where, {symbol_kind::enum_type, i}, true);
      auto it = enum_decls.find(place_of(en.where));
      if (it == enum_decls.end()) continue;
      for (std::uint32_t v = 0; v < it->second->values.size(); ++v)
        add(it->second->values[v].where, {symbol_kind::enum_value, i, v}, true);
    }
    for (std::uint32_t i = 0; i < types.records.size(); ++i) {
      const lang::record_info& r = types.records[i];
      if (auto it = record_decls.find(place_of(r.where));
          it != record_decls.end() && it->second->id.text == r.name) {
        record_names_.emplace(r.name, i);
        add(r.where, {symbol_kind::record_type, i}, true);
      }
      for (std::uint32_t f = 0; f < r.fields.size(); ++f) {
        if (r.fields[f].where.end > r.fields[f].where.begin)
          add(r.fields[f].where, {symbol_kind::field, i, f}, true);
      }
    }
    for (std::uint32_t i = 0; i < b_.lets.size(); ++i) {
      if (b_.lets[i].decl) add(b_.lets[i].decl->id.where, {symbol_kind::let, i}, true);
    }
    for (std::uint32_t i = 0; i < b_.params.size(); ++i)
      add(b_.params[i].where, {symbol_kind::param, i}, true);
    for (std::uint32_t i = 0; i < b_.tables.size(); ++i)
      add(b_.tables[i].where, {symbol_kind::table, i}, true);
    for (std::uint32_t i = 0; i < b_.decisions.size(); ++i) {
      const lang::decision_info& d = b_.decisions[i];
      decision_names_.emplace(d.name, i);
      if (d.decl) add(d.decl->id.where, {symbol_kind::decision, i}, true);
      for (std::uint32_t o = 0; o < d.outcomes.size(); ++o)
        add(d.outcomes[o].where, {symbol_kind::outcome, i, o}, true);
    }
    for (std::uint32_t i = 0; i < b_.rules.size(); ++i) {
      if (b_.rules[i].decl) add(b_.rules[i].decl->id.where, {symbol_kind::rule, i}, true);
    }
    for (std::uint32_t i = 0; i < b_.properties.size(); ++i) {
      if (b_.properties[i].decl)
        add(b_.properties[i].decl->id.where, {symbol_kind::property, i}, true);
    }
  }

  std::optional<std::uint32_t> enum_of(lang::type_id t) const {
    if (t >= b_.types.size() || b_.types.kind(t) != lang::type_kind::enumeration)
      return std::nullopt;
    return b_.types.info(t).index;
  }

  void expression(const ast::expr& e) {
    if (e.id >= b_.exprs.size()) return;
    const lang::expr_info& info = b_.info(e);
    switch (e.kind) {
      case ast::expr_kind::name:
        name(e, info);
        break;
      case ast::expr_kind::field:
        field(e, info);
        break;
      case ast::expr_kind::call:
        if (info.ref == lang::ref_kind::function) {
          add({e.where.file, e.where.begin,
               e.where.begin + static_cast<std::uint32_t>(e.text.size())},
              {symbol_kind::builtin, info.ref_index}, false);
        }
        break;
      default:
        break;
    }
  }

  void name(const ast::expr& e, const lang::expr_info& info) {
    switch (info.ref) {
      case lang::ref_kind::let_value:
        add(e.where, {symbol_kind::let, info.ref_index}, false);
        break;
      case lang::ref_kind::input_field:
        if (b_.input < b_.types.size() && b_.types.kind(b_.input) == lang::type_kind::record) {
          add(e.where, {symbol_kind::field, b_.types.info(b_.input).index, info.ref_index}, false);
        }
        break;
      case lang::ref_kind::table:
        add(e.where, {symbol_kind::table, info.ref_index}, false);
        break;
      case lang::ref_kind::enum_value:
        if (auto en = enum_of(info.type))
          add(e.where, {symbol_kind::enum_value, *en, info.ref_index}, false);
        break;
      default:
        break;
    }
  }

  void field(const ast::expr& e, const lang::expr_info& info) {
    const ast::expr& base = e.children.at(0);
    if (info.ref == lang::ref_kind::param) {
      add(last_name(e), {symbol_kind::param, info.ref_index}, false);
      return;
    }
    if (info.ref == lang::ref_kind::enum_value) {
      if (auto en = enum_of(info.type)) {
        add(last_name(e), {symbol_kind::enum_value, *en, info.ref_index}, false);
        if (base.kind == ast::expr_kind::name && enum_names_.count(base.text))
          add(base.where, {symbol_kind::enum_type, *en}, false);
      }
      return;
    }
    if (info.type == lang::type_table::error || base.id >= b_.exprs.size()) return;
    const lang::type_id bt = b_.info(base).type;
    if (bt >= b_.types.size() || b_.types.kind(bt) != lang::type_kind::record) return;
    const std::uint32_t record = b_.types.info(bt).index;
    if (info.ref_index < b_.types.records.at(record).fields.size())
      add(last_name(e), {symbol_kind::field, record, info.ref_index}, false);
  }

  void type(const ast::type_expr& t) {
    if (t.form != ast::type_expr::kind::named) return;
    if (auto it = enum_names_.find(t.head.text); it != enum_names_.end()) {
      add(t.head.where, {symbol_kind::enum_type, it->second}, false);
    } else if (auto r = record_names_.find(t.head.text); r != record_names_.end()) {
      add(t.head.where, {symbol_kind::record_type, r->second}, false);
    }
  }

  void outcome_name(std::uint32_t decision, const ast::name& n) {
    const auto& outcomes = b_.decisions[decision].outcomes;
    for (std::uint32_t o = 0; o < outcomes.size(); ++o) {
      if (outcomes[o].name == n.text) add(n.where, {symbol_kind::outcome, decision, o}, false);
    }
  }

  void rule_targets(const ast::rule_decl& r) {
    for (const auto& d : r.decisions) {
      auto it = decision_names_.find(d.text);
      if (it == decision_names_.end()) continue;
      add(d.where, {symbol_kind::decision, it->second}, false);
      if (!r.outcome.id.text.empty()) outcome_name(it->second, r.outcome.id);
    }
  }

  void default_outcome(const ast::decision_decl& d) {
    if (!d.default_outcome) return;
    if (auto it = decision_names_.find(d.id.text); it != decision_names_.end())
      outcome_name(it->second, d.default_outcome->id);
  }

  const lang::checked_bundle& b_;
  std::vector<occurrence>& out_;
  std::map<std::string, std::uint32_t> enum_names_, record_names_, decision_names_;
};

bool before(const occurrence& x, const occurrence& y) {
  return std::tie(x.where.file, x.where.begin, x.where.end) <
         std::tie(y.where.file, y.where.begin, y.where.end);
}

}  // namespace

symbol_index::symbol_index(const lang::checked_bundle& bundle) {
  builder(bundle, items_).run();
  std::sort(items_.begin(), items_.end(), before);
}

const occurrence* symbol_index::at(lang::file_id file, std::uint32_t offset) const {
  const occurrence* best = nullptr;
  auto it = std::lower_bound(items_.begin(), items_.end(), file,
                             [](const occurrence& o, lang::file_id f) { return o.where.file < f; });
  for (; it != items_.end() && it->where.file == file && it->where.begin <= offset; ++it) {
    if (offset > it->where.end) continue;
    if (!best || it->where.end - it->where.begin < best->where.end - best->where.begin) best = &*it;
  }
  return best;
}

std::vector<occurrence> symbol_index::occurrences_of(const symbol& s) const {
  std::vector<occurrence> out;
  for (const auto& o : items_) {
    if (o.target == s) out.push_back(o);
  }
  return out;
}

std::optional<lang::span> symbol_index::definition(const symbol& s) const {
  if (s.kind == symbol_kind::file) return lang::span{s.a, 0, 0};
  for (const auto& o : items_) {
    if (o.definition && o.target == s) return o.where;
  }
  return std::nullopt;
}

}  // namespace clause::lsp
