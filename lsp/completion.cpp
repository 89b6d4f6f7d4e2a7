// Completion from the buffer as typed (which often does not parse) and the bundle's last
// analysis: what comes before the cursor says which names fit, the analysis says what they are.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "lang/builtins.hpp"
#include "lsp/ast_walk.hpp"
#include "lsp/describe.hpp"
#include "lsp/features.hpp"
#include "lsp/keywords.hpp"
#include "lsp/limits.hpp"

namespace clause::lsp {

namespace {

// LSP's CompletionItemKind numbers.
enum item_kind : int {
  ik_function = 3,
  ik_field = 5,
  ik_variable = 6,
  ik_module = 9,
  ik_enum = 13,
  ik_keyword = 14,
  ik_enum_member = 20,
  ik_constant = 21,
  ik_event = 23,
};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool starts_with_ignoring_case(std::string_view name, std::string_view prefix) {
  if (prefix.size() > name.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    if (lower(name[i]) != lower(prefix[i])) return false;
  }
  return true;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

class items {
 public:
  explicit items(std::string_view prefix) : prefix_(prefix) {}
  void add(const std::string& label, int kind, const std::string& detail = {},
           const std::string& documentation = {}) {
    if (!starts_with_ignoring_case(label, prefix_) || !seen_.insert(label).second) return;
    if (out_.size() >= limits::max_completions) return;
    json item = {{"label", label}, {"kind", kind}, {"sortText", fmt::format("{:04}", out_.size())}};
    if (!detail.empty()) item["detail"] = detail;
    if (!documentation.empty())
      item["documentation"] = {{"kind", "markdown"}, {"value", documentation}};
    out_.push_back(std::move(item));
  }
  json result() && { return {{"isIncomplete", false}, {"items", std::move(out_)}}; }

 private:
  std::string_view prefix_;
  std::set<std::string> seen_;
  json out_ = json::array();
};

// The dotted names just before `end`: `partner.tier` of `when partner.tier == `.
std::vector<std::string> chain_before(std::string_view text) {
  std::vector<std::string> names;
  text = trim_right(text);
  for (;;) {
    std::size_t start = text.size();
    while (start > 0 && word_char(text[start - 1]))
      --start;
    if (start == text.size()) return {};
    names.insert(names.begin(), std::string(text.substr(start)));
    text = trim_right(text.substr(0, start));
    if (text.empty() || text.back() != '.') return names;
    text = trim_right(text.substr(0, text.size() - 1));
  }
}

class resolver {
 public:
  resolver(const lang::checked_bundle& b, lang::file_id file, std::string_view before)
      : b_(b), file_(file), before_(before) {}

  // The static type of a dotted name, when the bundle knows it.
  std::optional<lang::type_id> type_of(const std::vector<std::string>& chain) const {
    if (chain.empty()) return std::nullopt;
    std::optional<lang::type_id> t;
    std::size_t next = 1;
    if (chain[0] == "params" && chain.size() > 1) {
      for (const auto& p : b_.params) {
        if (p.name == chain[1]) t = p.type;
      }
      next = 2;
    } else {
      t = root(chain[0]);
    }
    for (; t && next < chain.size(); ++next)
      t = field(*t, chain[next]);
    return t;
  }

  const lang::record_info* record(lang::type_id t) const {
    if (t >= b_.types.size() || b_.types.kind(t) != lang::type_kind::record) return nullptr;
    return &b_.types.records.at(b_.types.info(t).index);
  }
  const lang::enum_info* enumeration(lang::type_id t) const {
    if (t >= b_.types.size() || b_.types.kind(t) != lang::type_kind::enumeration) return nullptr;
    return &b_.types.enums.at(b_.types.info(t).index);
  }

 private:
  std::optional<lang::type_id> root(const std::string& name) const {
    for (const auto& l : b_.lets) {
      if (l.name == name) return l.type;
    }
    if (const auto* input = record(b_.input)) {
      if (auto f = input->find(name)) return input->fields[*f].type;
    }
    // A quantifier's variable (`any r in actor.roles: r.`): its type where the bundle saw it
    // used in this file.
    std::optional<lang::type_id> local;
    for (const auto& m : b_.modules) {
      if (m->file != file_) continue;
      walk_module(
          *m,
          [&](const lang::ast::expr& e) {
            if (e.kind != lang::ast::expr_kind::name || e.text != name || e.id >= b_.exprs.size())
              return;
            const lang::expr_info& info = b_.info(e);
            if (info.ref == lang::ref_kind::local && info.type != lang::type_table::error)
              local = info.type;
          },
          [](const lang::ast::type_expr&) {});
    }
    if (local) return local;
    // Not in the last analysis (the quantifier is being written): its collection, as typed, in
    // the lines just before the cursor. `any a in b` inside `any b in a` must not go round.
    if (depth_ > 4) return std::nullopt;
    struct deeper {
      int& depth;
      explicit deeper(int& d) : depth(d) { ++depth; }
      ~deeper() { --depth; }
    } guard(depth_);
    const std::regex quantifier("\\b(?:any|all|none|count)\\s+" + name +
                                "\\s+in\\s+([A-Za-z_][A-Za-z0-9_.]*)");
    std::optional<std::string> collection;
    const std::string text(before_.substr(before_.size() > 2000 ? before_.size() - 2000 : 0));
    for (auto it = std::sregex_iterator(text.begin(), text.end(), quantifier);
         it != std::sregex_iterator(); ++it)
      collection = (*it)[1].str();
    if (!collection || collection->starts_with(name + ".")) return std::nullopt;
    std::vector<std::string> chain;
    std::stringstream parts(*collection);
    for (std::string part; std::getline(parts, part, '.');)
      chain.push_back(part);
    const auto t = type_of(chain);
    if (!t || *t >= b_.types.size()) return std::nullopt;
    const lang::type_kind k = b_.types.kind(*t);
    if (k != lang::type_kind::list && k != lang::type_kind::set) return std::nullopt;
    return b_.types.info(*t).element;
  }

  std::optional<lang::type_id> field(lang::type_id t, const std::string& name) const {
    const auto* r = record(t);
    if (!r) return std::nullopt;
    auto f = r->find(name);
    if (!f) return std::nullopt;
    return r->fields[*f].type;
  }

  const lang::checked_bundle& b_;
  lang::file_id file_;
  std::string_view before_;  // the buffer up to the cursor
  mutable int depth_ = 0;
};

// What the cursor is in: code, a comment, or the text of a string (not a `{placeholder}`).
bool in_code(std::string_view line) {
  bool in_string = false;
  int placeholder = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string && placeholder == 0) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (c == '{') {
        placeholder = 1;
      }
      continue;
    }
    if (c == '#') return false;
    if (c == '"' && placeholder == 0) in_string = true;
    if (placeholder > 0 && c == '{') ++placeholder;
    if (placeholder > 0 && c == '}') --placeholder;
  }
  return !in_string || placeholder > 0;
}

void codes(const lang::checked_bundle& b, items& out) {
  std::set<std::string> used;
  for (const auto& m : b.modules) {
    for (const auto& r : m->rules) {
      if (r.code) used.insert(r.code->text);
    }
  }
  for (const auto& c : used)
    out.add(c, ik_constant, "a code already used");
}

bool is_outcome_name(const lang::checked_bundle& b, std::string_view word) {
  if (word == "warn") return true;
  for (const auto& d : b.decisions) {
    for (const auto& o : d.outcomes) {
      if (o.name == word) return true;
    }
  }
  return false;
}

void everything(const analysis& a, items& out) {
  const lang::checked_bundle& b = *a.bundle();
  for (std::uint32_t i = 0; i < b.lets.size(); ++i)
    out.add(b.lets[i].name, ik_variable, short_detail(a, {symbol_kind::let, i}));
  if (b.input < b.types.size() && b.types.kind(b.input) == lang::type_kind::record) {
    const std::uint32_t r = b.types.info(b.input).index;
    for (std::uint32_t f = 0; f < b.types.records[r].fields.size(); ++f)
      out.add(b.types.records[r].fields[f].name, ik_field,
              short_detail(a, {symbol_kind::field, r, f}));
  }
  out.add("params", ik_module, "the policy's parameters");
  out.add("now", ik_variable, "datetime");
  for (std::uint32_t i = 0; i < b.tables.size(); ++i)
    out.add(b.tables[i].name, ik_variable, short_detail(a, {symbol_kind::table, i}));
  for (const auto& en : b.types.enums)
    out.add(en.name, ik_enum, "enum");
}

}  // namespace

json completion(const analysis& a, lang::file_id file, std::string_view text,
                std::uint32_t offset) {
  const std::string_view before = text.substr(0, std::min<std::size_t>(offset, text.size()));
  const std::string_view line =
      before.substr(before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1);
  std::size_t start = line.size();
  while (start > 0 && word_char(line[start - 1]))
    --start;
  const std::string_view prefix = line.substr(start);
  const std::string_view lead = trim_right(line.substr(0, start));
  items out(prefix);
  if (!in_code(line)) return std::move(out).result();
  const lang::checked_bundle* b = a.bundle();
  if (!b) {
    for (const auto& k : keywords)
      out.add(std::string(k), ik_keyword);
    return std::move(out).result();
  }
  const resolver resolve(*b, file, before);
  // After `.`: the fields of the record before it, a parameter, an enum's values.
  if (!lead.empty() && lead.back() == '.') {
    const auto chain = chain_before(lead.substr(0, lead.size() - 1));
    if (chain.size() == 1 && chain[0] == "params") {
      for (std::uint32_t i = 0; i < b->params.size(); ++i)
        out.add(b->params[i].name, ik_constant, short_detail(a, {symbol_kind::param, i}),
                describe(a, {symbol_kind::param, i}));
      return std::move(out).result();
    }
    if (chain.size() == 1) {
      for (const auto& en : b->types.enums) {
        if (en.name != chain[0]) continue;
        for (const auto& v : en.values)
          out.add(v, ik_enum_member, "enum " + en.name);
        return std::move(out).result();
      }
    }
    if (auto t = resolve.type_of(chain)) {
      if (const auto* r = resolve.record(*t)) {
        const std::uint32_t index = b->types.info(*t).index;
        for (std::uint32_t f = 0; f < r->fields.size(); ++f)
          out.add(r->fields[f].name, ik_field, short_detail(a, {symbol_kind::field, index, f}));
      }
    }
    return std::move(out).result();
  }
  // After `==` or `!=` with an enum on the left: its values.
  if (lead.ends_with("==") || lead.ends_with("!=")) {
    if (auto t = resolve.type_of(chain_before(lead.substr(0, lead.size() - 2)))) {
      if (const auto* en = resolve.enumeration(*t)) {
        for (const auto& v : en->values)
          out.add(v, ik_enum_member, "enum " + en->name);
        return std::move(out).result();
      }
    }
  }
  // A default of an enum's type (`tier: Tier = `), or an element of a set an enum is tested
  // against (`actor.channel in {UI, `): the enum's values.
  {
    static const std::regex declared(R"(:\s*([A-Za-z_][A-Za-z0-9_]*)\s*=$)");
    static const std::regex element(R"(([A-Za-z_][A-Za-z0-9_.]*)\s+(?:not\s+)?in\s*\{[^{}]*$)");
    const std::string text(lead);
    std::smatch m;
    const lang::enum_info* en = nullptr;
    if (std::regex_search(text, m, declared)) {
      for (const auto& e : b->types.enums) {
        if (e.name == m[1].str()) en = &e;
      }
    } else if ((lead.ends_with("{") || lead.ends_with(",")) &&
               std::regex_search(text, m, element)) {
      if (auto t = resolve.type_of(chain_before(m[1].str()))) en = resolve.enumeration(*t);
    }
    if (en) {
      for (const auto& v : en->values)
        out.add(v, ik_enum_member, "enum " + en->name);
      return std::move(out).result();
    }
  }
  // `-> ` in a rule's head: the decisions.
  if (lead.ends_with("->") || (lead.ends_with(",") && lead.find("->") != std::string_view::npos)) {
    for (const auto& d : b->decisions)
      out.add(d.name, ik_event, "decision");
    return std::move(out).result();
  }
  // After an outcome (or `warn`), a rule's code: the codes the bundle already uses.
  if (const auto words = chain_before(lead);
      words.size() == 1 && lead.find_first_not_of(" \t") == lead.size() - words[0].size() &&
      is_outcome_name(*b, words[0])) {
    codes(*b, out);
    return std::move(out).result();
  }
  everything(a, out);
  for (const lang::builtin_info& f : lang::all_builtins)
    out.add(std::string(f.name), ik_function, std::string(f.signature), std::string(f.doc));
  for (const auto& k : keywords)
    out.add(std::string(k), ik_keyword);
  return std::move(out).result();
}

}  // namespace clause::lsp
