#include "lang/lint/normal_form.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "lang/json_string.hpp"
#include "lang/location.hpp"

namespace clause::lang::lint {

namespace {

using ast::binary_op;
using ast::expr;
using ast::expr_kind;

bool is_literal(const expr& e) {
  switch (e.kind) {
    case expr_kind::bool_literal:
    case expr_kind::int_literal:
    case expr_kind::string_literal:
    case expr_kind::date_literal:
    case expr_kind::datetime_literal:
    case expr_kind::duration_literal:
      return true;
    default:
      return false;
  }
}

bool is_constant(const checked_bundle& b, const expr& e) {
  return is_literal(e) || b.info(e).ref == ref_kind::enum_value;
}

std::string enum_value_name(const checked_bundle& b, const expr& e) {
  const expr_info& info = b.info(e);
  const type_info& t = b.types.info(info.type);
  if (t.kind != type_kind::enumeration || t.index >= b.types.enums.size()) return e.text;
  const enum_info& en = b.types.enums[t.index];
  if (info.ref_index >= en.values.size()) return e.text;
  return en.name + "." + en.values[info.ref_index];
}

std::string_view op_name(binary_op op) {
  switch (op) {
    case binary_op::or_op:
      return "or";
    case binary_op::and_op:
      return "and";
    case binary_op::eq:
      return "==";
    case binary_op::ne:
      return "!=";
    case binary_op::lt:
      return "<";
    case binary_op::le:
      return "<=";
    case binary_op::gt:
      return ">";
    case binary_op::ge:
      return ">=";
    case binary_op::in:
      return "in";
    case binary_op::not_in:
      return "not in";
    case binary_op::overlaps:
      return "overlaps";
    case binary_op::subset:
      return "subset";
    case binary_op::coalesce:
      return "??";
    case binary_op::add:
      return "+";
    case binary_op::sub:
      return "-";
  }
  return "?";
}

std::string_view quantifier_name(ast::quantifier_op q) {
  switch (q) {
    case ast::quantifier_op::any:
      return "any";
    case ast::quantifier_op::all:
      return "all";
    case ast::quantifier_op::none:
      return "none";
    case ast::quantifier_op::count:
      return "count";
  }
  return "?";
}

class former {
 public:
  explicit former(const checked_bundle& b) : b_(b) {}

  // The key of `e`, or of `not e` when `negate`: negations are pushed inwards (De Morgan, and
  // `not (a < b)` is `b <= a` on the ordered types of the language).
  std::string form(const expr& e, bool negate) {
    switch (e.kind) {
      case expr_kind::not_op:
        return form(e.children[0], !negate);
      case expr_kind::binary:
        return binary(e, negate);
      default:
        break;
    }
    std::string key = positive(e);
    return negate ? negated(key) : key;
  }

 private:
  std::string binary(const expr& e, bool negate) {
    const expr& l = e.children[0];
    const expr& r = e.children[1];
    switch (e.op) {
      case binary_op::and_op:
      case binary_op::or_op: {
        const bool is_and = (e.op == binary_op::and_op) != negate;
        std::vector<std::string> keys;
        flatten(e, e.op, negate, keys);
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        if (keys.size() == 1) return keys[0];
        return fmt::format("{}({})", is_and ? "and" : "or", fmt::join(keys, ","));
      }
      case binary_op::eq:
      case binary_op::ne: {
        const bool equal = (e.op == binary_op::eq) != negate;
        // `f == true` is `f`; `f != true` is `not f`.
        if (l.kind == expr_kind::bool_literal) return form(r, equal != l.truth);
        if (r.kind == expr_kind::bool_literal) return form(l, equal != r.truth);
        std::string a = form(l, false), c = form(r, false);
        if (c < a) std::swap(a, c);
        const std::string key = fmt::format("({}=={})", a, c);
        return equal ? key : negated(key);
      }
      case binary_op::lt:
      case binary_op::le:
      case binary_op::gt:
      case binary_op::ge: {
        // To `<` or `<=` with the smaller side first; `not` flips strictness and sides.
        const bool greater = e.op == binary_op::gt || e.op == binary_op::ge;
        bool strict = e.op == binary_op::lt || e.op == binary_op::gt;
        const expr* small = greater ? &r : &l;
        const expr* large = greater ? &l : &r;
        if (negate) {
          std::swap(small, large);
          strict = !strict;
        }
        return fmt::format("({}{}{})", form(*small, false),
                           strict ? "<" : "<=", form(*large, false));
      }
      case binary_op::not_in: {
        const std::string key = fmt::format("({} in {})", form(l, false), form(r, false));
        return negate ? key : negated(key);
      }
      case binary_op::overlaps:
      case binary_op::add: {
        std::string a = form(l, false), c = form(r, false);
        if (c < a) std::swap(a, c);
        const std::string key = fmt::format("({} {} {})", a, op_name(e.op), c);
        return negate ? negated(key) : key;
      }
      default: {
        const std::string key =
            fmt::format("({} {} {})", form(l, false), op_name(e.op), form(r, false));
        return negate ? negated(key) : key;
      }
    }
  }

  void flatten(const expr& e, binary_op op, bool negate, std::vector<std::string>& keys) {
    if (e.kind == expr_kind::binary && e.op == op) {
      flatten(e.children[0], op, negate, keys);
      flatten(e.children[1], op, negate, keys);
    } else {
      keys.push_back(form(e, negate));
    }
  }

  std::string list(const std::vector<expr>& items, bool sorted) {
    std::vector<std::string> keys;
    for (const expr& item : items)
      keys.push_back(form(item, false));
    if (sorted) {
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
    return fmt::format("{}", fmt::join(keys, ","));
  }

  std::string positive(const expr& e) {
    const expr_info& info = b_.info(e);
    switch (e.kind) {
      case expr_kind::bool_literal:
        return e.truth ? "true" : "false";
      case expr_kind::int_literal:
        return std::to_string(e.number);
      case expr_kind::string_literal:
        return json_string(e.text);
      case expr_kind::date_literal:
        return fmt::format("date:{}", e.number);
      case expr_kind::datetime_literal:
        return fmt::format("datetime:{}.{}", e.instant.seconds, e.instant.nanos);
      case expr_kind::duration_literal:
        return fmt::format("duration:{}{}", e.number, e.months ? "mo" : "d");
      case expr_kind::name:
      case expr_kind::field:
        return reference(e, info);
      case expr_kind::index:
        return fmt::format("{}[{}]", form(e.children[0], false), form(e.children[1], false));
      case expr_kind::call:
        return fmt::format("{}({})", e.text, list(e.children, false));
      case expr_kind::has:
        return fmt::format("has({})", form(e.children[0], false));
      case expr_kind::if_then_else:
        return fmt::format("if({},{},{})", form(e.children[0], false), form(e.children[1], false),
                           form(e.children[2], false));
      case expr_kind::quantifier:
        return fmt::format("{}({}|{}|{})", quantifier_name(e.quantifier), e.text,
                           form(e.children[0], false), form(e.children[1], false));
      case expr_kind::set_literal:
        return fmt::format("{{{}}}", list(e.children, true));
      case expr_kind::list_literal:
        return fmt::format("[{}]", list(e.children, false));
      case expr_kind::record_literal: {
        std::vector<std::string> fields;
        for (std::size_t i = 0; i < e.children.size() && i < e.field_names.size(); ++i)
          fields.push_back(e.field_names[i].text + ":" + form(e.children[i], false));
        std::sort(fields.begin(), fields.end());
        return fmt::format("record({})", fmt::join(fields, ","));
      }
      case expr_kind::not_op:
      case expr_kind::binary:
        return form(e, false);
    }
    return e.text;
  }

  std::string reference(const expr& e, const expr_info& info) {
    switch (info.ref) {
      case ref_kind::enum_value:
        return enum_value_name(b_, e);
      case ref_kind::let_value:
        return "let:" + e.text;
      case ref_kind::local:
        return "@" + e.text;
      case ref_kind::param:
        return "params." + e.text;
      case ref_kind::table:
        return "table:" + e.text;
      default:
        break;
    }
    if (e.kind == expr_kind::field) return form(e.children[0], false) + "." + e.text;
    return "$" + e.text;
  }

  const checked_bundle& b_;
};

std::optional<int> compare_literals(const expr& l, const expr& r) {
  if (l.kind != r.kind) return std::nullopt;
  auto order = [](auto a, auto c) { return a < c ? -1 : a > c ? 1 : 0; };
  switch (l.kind) {
    case expr_kind::bool_literal:
      return order(l.truth, r.truth);
    case expr_kind::int_literal:
    case expr_kind::date_literal:
      return order(l.number, r.number);
    case expr_kind::string_literal:
      return order(l.text, r.text);
    case expr_kind::datetime_literal:
      return order(l.instant, r.instant);
    default:
      return std::nullopt;
  }
}

// `written` is the part as the author wrote it, `not`s included, for quoting.
void collect(const checked_bundle& b, const expr& e, bool negate, former& f,
             std::vector<conjunct>& out, const expr* written = nullptr) {
  if (!written) written = &e;
  if (e.kind == expr_kind::not_op) return collect(b, e.children[0], !negate, f, out, written);
  const bool splits = e.kind == expr_kind::binary &&
                      (negate ? e.op == binary_op::or_op : e.op == binary_op::and_op);
  if (splits) {
    collect(b, e.children[0], negate, f, out);
    collect(b, e.children[1], negate, f, out);
    return;
  }
  conjunct c;
  c.part = written;
  if (auto truth = constant_truth(e)) {
    if (*truth != negate) return;  // always true: adds nothing
    c.key = "false";
    out.push_back(std::move(c));
    return;
  }
  c.key = f.form(e, negate);
  const bool equality =
      e.kind == expr_kind::binary && (negate ? e.op == binary_op::ne : e.op == binary_op::eq);
  if (equality) {
    const expr& l = e.children[0];
    const expr& r = e.children[1];
    const bool left_constant = is_constant(b, l), right_constant = is_constant(b, r);
    if (left_constant != right_constant) {
      const expr& path = left_constant ? r : l;
      const expr& value = left_constant ? l : r;
      if (value.kind == expr_kind::bool_literal) {
        c.pinned_path = f.form(path, false);
        c.pinned_value = value.truth != negate ? "true" : "false";
      } else {
        c.pinned_path = f.form(path, false);
        c.pinned_value = f.form(value, false);
      }
    }
  } else if (b.info(e).type == type_table::boolean &&
             (e.kind == expr_kind::name || e.kind == expr_kind::field)) {
    c.pinned_path = f.form(e, false);
    c.pinned_value = negate ? "false" : "true";
  }
  out.push_back(std::move(c));
}

}  // namespace

std::string normal_form(const checked_bundle& b, const ast::expr& e) {
  former f(b);
  return f.form(e, false);
}

std::string negated(const std::string& key) {
  return key.starts_with('!') ? key.substr(1) : "!" + key;
}

std::optional<bool> constant_truth(const ast::expr& e) {
  switch (e.kind) {
    case expr_kind::bool_literal:
      return e.truth;
    case expr_kind::not_op:
      if (auto v = constant_truth(e.children[0])) return !*v;
      return std::nullopt;
    case expr_kind::if_then_else: {
      auto c = constant_truth(e.children[0]);
      if (!c) return std::nullopt;
      return constant_truth(e.children[*c ? 1 : 2]);
    }
    case expr_kind::binary:
      break;
    default:
      return std::nullopt;
  }
  const expr& l = e.children[0];
  const expr& r = e.children[1];
  if (e.op == binary_op::and_op || e.op == binary_op::or_op) {
    const bool is_and = e.op == binary_op::and_op;
    auto a = constant_truth(l), c = constant_truth(r);
    // `false and x` is false whatever x is; `true or x` is true.
    if ((a && *a != is_and) || (c && *c != is_and)) return !is_and;
    if (a && c) return is_and;
    return std::nullopt;
  }
  auto order = compare_literals(l, r);
  if (!order) return std::nullopt;
  switch (e.op) {
    case binary_op::eq:
      return *order == 0;
    case binary_op::ne:
      return *order != 0;
    case binary_op::lt:
      return *order < 0;
    case binary_op::le:
      return *order <= 0;
    case binary_op::gt:
      return *order > 0;
    case binary_op::ge:
      return *order >= 0;
    default:
      return std::nullopt;
  }
}

std::vector<conjunct> conjuncts_of(const checked_bundle& b, const ast::expr* condition) {
  std::vector<conjunct> out;
  if (!condition) return out;
  former f(b);
  collect(b, *condition, false, f, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const conjunct& a, const conjunct& c) { return a.key < c.key; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const conjunct& a, const conjunct& c) { return a.key == c.key; }),
            out.end());
  return out;
}

namespace {

// "`x` and `y` cannot both hold", quoting the two in the order they are written.
std::string cannot_both(const checked_bundle& b, const expr* x, const expr* y) {
  if (std::pair(y->where.file, y->where.begin) < std::pair(x->where.file, x->where.begin))
    std::swap(x, y);
  return fmt::format("`{}` and `{}` cannot both hold", quoted(b, x->where), quoted(b, y->where));
}

}  // namespace

std::optional<std::string> contradiction(const checked_bundle& b,
                                         const std::vector<conjunct>& parts) {
  std::map<std::string, const conjunct*> by_key, by_path;
  for (const conjunct& c : parts) {
    if (c.key == "false") return fmt::format("`{}` is always false", quoted(b, c.part->where));
    by_key.emplace(c.key, &c);
  }
  for (const conjunct& c : parts) {
    if (auto it = by_key.find(negated(c.key)); it != by_key.end()) {
      return cannot_both(b, c.part, it->second->part);
    }
    if (c.pinned_path.empty()) continue;
    auto [it, fresh] = by_path.emplace(c.pinned_path, &c);
    if (!fresh && it->second->pinned_value != c.pinned_value) {
      return cannot_both(b, it->second->part, c.part);
    }
  }
  return std::nullopt;
}

bool includes_all(const std::vector<conjunct>& large, const std::vector<conjunct>& small) {
  return std::includes(large.begin(), large.end(), small.begin(), small.end(),
                       [](const conjunct& a, const conjunct& c) { return a.key < c.key; });
}

std::string quoted(const checked_bundle& b, span where) {
  const std::string& text = b.sources->file(where.file).text();
  const std::uint32_t end =
      std::min<std::uint32_t>(where.end, static_cast<std::uint32_t>(text.size()));
  return one_line(
      std::string_view(text).substr(std::min(where.begin, end), end - std::min(where.begin, end)),
      60);
}

}  // namespace clause::lang::lint
