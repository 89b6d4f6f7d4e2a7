#include "verify/encoder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "lang/builtins.hpp"

namespace clause::verify {

namespace ast = lang::ast;
using lang::ref_kind;
using lang::type_kind;

namespace {

// The same case read with this bundle's type table (the case may have been made from another's).
sym retype(sym s, lang::type_id t, const lang::type_table& types) {
  s.type = t;
  const lang::type_info& info = types.info(t);
  if (info.kind == type_kind::record) {
    const auto& fields = types.records[info.index].fields;
    for (std::size_t i = 0; i < s.fields.size() && i < fields.size(); ++i)
      s.fields[i] = retype(s.fields[i], fields[i].type, types);
  } else if (info.kind == type_kind::list || info.kind == type_kind::set) {
    for (item& e : s.items)
      e.value = retype(e.value, info.element, types);
  }
  return s;
}

constexpr std::int64_t int_max = INT64_MAX;
constexpr std::int64_t int_min = INT64_MIN;

}  // namespace

encoder::encoder(const lang::checked_bundle& bundle, const case_vars& vars, side_conditions& side,
                 bool plain_text)
    : c_(vars.ctx()),
      bundle_(bundle),
      types_(bundle.types),
      vars_(vars),
      side_(side),
      input_(retype(vars.input(), bundle.input, bundle.types)),
      decisions_(bundle.decisions.size()),
      plain_text_(plain_text) {
  for (const lang::param_info& p : bundle.params) {
    const auto& theirs = vars.bundle().params;
    auto it = std::find_if(theirs.begin(), theirs.end(),
                           [&](const lang::param_info& q) { return q.name == p.name; });
    if (it == theirs.end()) {
      throw not_encoded(fmt::format("parameter `{}` is not in both bundles", p.name), p.where);
    }
    params_.push_back(
        retype(vars.param(static_cast<std::size_t>(it - theirs.begin())), p.type, types_));
  }
}

sym encoder::with_type(sym s, const ast::expr& e) const {
  s.type = bundle_.info(e).type;
  return s;
}

z3::expr encoder::holds(const ast::expr& e) {
  const sym s = value(e);
  return s.present && s.scalar;
}

sym encoder::value_under(const z3::expr& guard, const ast::expr& e) {
  side_.guards.push_back(guard);
  try {
    sym s = value(e);
    side_.guards.pop_back();
    return s;
  } catch (...) {
    side_.guards.pop_back();
    throw;
  }
}

z3::expr encoder::holds_under(const z3::expr& guard, const ast::expr& e) {
  const sym s = value_under(guard, e);
  return s.present && s.scalar;
}

sym encoder::value(const ast::expr& e) {
  switch (e.kind) {
    case ast::expr_kind::bool_literal:
    case ast::expr_kind::int_literal:
    case ast::expr_kind::string_literal:
    case ast::expr_kind::date_literal:
    case ast::expr_kind::datetime_literal:
    case ast::expr_kind::duration_literal:
    case ast::expr_kind::set_literal:
    case ast::expr_kind::list_literal:
      return literal(e);
    case ast::expr_kind::record_literal:
      throw not_encoded("a record literal in an expression", e.where);
    case ast::expr_kind::name:
      return name(e);
    case ast::expr_kind::field:
      return field(e);
    case ast::expr_kind::index:
      return index(e);
    case ast::expr_kind::call:
      return bundle_.info(e).ref == ref_kind::decision_query ? query(e) : call(e);
    case ast::expr_kind::not_op: {
      sym s = value(e.children[0]);
      s.scalar = !s.scalar;
      return s;
    }
    case ast::expr_kind::binary:
      return binary(e);
    case ast::expr_kind::has: {
      sym s(c_);
      s.type = lang::type_table::boolean;
      s.scalar = value(e.children[0]).present;
      return s;
    }
    case ast::expr_kind::if_then_else: {
      const z3::expr cond = holds(e.children[0]);
      return with_type(
          merge(cond, value_under(cond, e.children[1]), value_under(!cond, e.children[2])), e);
    }
    case ast::expr_kind::quantifier:
      return quantifier(e);
  }
  throw not_encoded("an expression of an unknown kind", e.where);
}

sym encoder::literal(const ast::expr& e) {
  sym s(c_);
  s.type = bundle_.info(e).type;
  switch (e.kind) {
    case ast::expr_kind::bool_literal:
      s.scalar = c_.bool_val(e.truth);
      break;
    case ast::expr_kind::int_literal:
    case ast::expr_kind::date_literal:
      s.scalar = int_constant(c_, e.number);
      break;
    case ast::expr_kind::duration_literal:
      s.scalar = int_constant(c_, e.number);
      s.months = e.months;
      break;
    case ast::expr_kind::string_literal:
      s.scalar = string_constant(c_, e.text);
      break;
    case ast::expr_kind::datetime_literal:
      s.scalar = c_.int_val(static_cast<int64_t>(e.instant.seconds)) * c_.int_val(ns_per_second) +
                 c_.int_val(e.instant.nanos);
      s.scalar = s.scalar.simplify();
      break;
    default:  // set and list literals
      for (const ast::expr& element : e.children)
        s.items.push_back({c_.bool_val(true), value(element)});
      break;
  }
  return s;
}

sym encoder::name(const ast::expr& e) {
  const lang::expr_info& info = bundle_.info(e);
  switch (info.ref) {
    case ref_kind::input_field:
      return input_.fields.at(info.ref_index);
    case ref_kind::now:
      return vars_.now();
    case ref_kind::let_value:
      return let(info.ref_index);
    case ref_kind::local:
      return locals_.at(info.ref_index);
    case ref_kind::enum_value: {
      sym s(c_);
      s.type = info.type;
      s.scalar = c_.int_val(static_cast<int>(info.ref_index));
      return s;
    }
    default:
      throw not_encoded(fmt::format("the name `{}` here", e.text), e.where);
  }
}

sym encoder::let(std::uint32_t index) {
  if (auto it = lets_.find(index); it != lets_.end()) return it->second;
  const lang::let_info& l = bundle_.lets.at(index);
  // A let is kept and read anywhere: its definitions hold everywhere, whatever guards where it
  // is first read.
  std::vector<z3::expr> outer;
  outer.swap(side_.guards);
  sym s(c_);
  try {
    s = value(l.decl->value);
  } catch (...) {
    side_.guards.swap(outer);
    throw;
  }
  side_.guards.swap(outer);
  s.type = l.type;
  lets_.emplace(index, s);
  return s;
}

sym encoder::field(const ast::expr& e) {
  const lang::expr_info& info = bundle_.info(e);
  if (info.ref == ref_kind::enum_value) {
    sym s(c_);
    s.type = info.type;
    s.scalar = c_.int_val(static_cast<int>(info.ref_index));
    return s;
  }
  if (info.ref == ref_kind::param) return params_.at(info.ref_index);
  const ast::expr& base = e.children[0];
  const sym record = value(base);
  const lang::type_info& t = types_.info(bundle_.info(base).type);
  if (t.kind != type_kind::record)
    throw not_encoded("a field of a value that is not a record", e.where);
  const auto i = types_.records[t.index].find(e.text);
  if (!i || *i >= record.fields.size()) throw not_encoded("a field the encoding lacks", e.where);
  sym s = record.fields[*i];
  s.present = record.present && s.present;
  return s;
}

const std::vector<std::pair<sym, sym>>& encoder::table(std::uint32_t index) {
  if (auto it = tables_.find(index); it != tables_.end()) return it->second;
  std::vector<std::pair<sym, sym>> rows;
  for (const auto& [key, row] : bundle_.tables.at(index).rows)
    rows.emplace_back(constant_sym(c_, types_, key), constant_sym(c_, types_, row));
  return tables_.emplace(index, std::move(rows)).first->second;
}

namespace {

// The row whose condition holds (the conditions exclude each other), or absent.
sym select(z3::context& c, const std::vector<z3::expr>& conds, const std::vector<const sym*>& rows,
           lang::type_id type) {
  sym s(c);
  s.type = type;
  if (rows.empty()) {
    s.present = c.bool_val(false);
    return s;
  }
  s.months = rows.front()->months;
  z3::expr present = c.bool_val(false);
  z3::expr scalar = rows.back()->scalar;
  for (std::size_t i = rows.size(); i-- > 0;) {
    present = z3::ite(conds[i], rows[i]->present, present);
    if (i + 1 < rows.size()) scalar = z3::ite(conds[i], rows[i]->scalar, scalar);
  }
  s.present = present;
  s.scalar = scalar;
  for (std::size_t f = 0; f < rows.front()->fields.size(); ++f) {
    std::vector<const sym*> column;
    for (const sym* r : rows)
      column.push_back(&r->fields[f]);
    s.fields.push_back(select(c, conds, column, rows.front()->fields[f].type));
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (const item& e : rows[i]->items)
      s.items.push_back({conds[i] && e.guard, e.value});
  return s;
}

}  // namespace

sym encoder::lookup(std::uint32_t t, const sym& key) {
  const auto& rows = table(t);
  std::vector<z3::expr> conds;
  std::vector<const sym*> values;
  for (const auto& [k, v] : rows) {
    conds.push_back(equal(types_, key, k));
    values.push_back(&v);
  }
  sym s = select(c_, conds, values, bundle_.tables[t].value);
  s.present = key.present && s.present;
  return s;
}

sym encoder::index(const ast::expr& e) {
  const ast::expr& base = e.children[0];
  if (bundle_.info(base).ref == ref_kind::table)
    return lookup(bundle_.info(base).ref_index, value(e.children[1]));
  throw not_encoded("a list element by position (`list[i]`)", e.where);
}

z3::expr encoder::compare(const ast::expr& e, const sym& a, const sym& b) {
  const type_kind k = types_.kind(bundle_.info(e.children[0]).type);
  if (k == type_kind::string) {
    switch (e.op) {
      case ast::binary_op::lt:
        return z3::expr(c_, Z3_mk_str_lt(c_, a.scalar, b.scalar));
      case ast::binary_op::le:
        return z3::expr(c_, Z3_mk_str_le(c_, a.scalar, b.scalar));
      case ast::binary_op::gt:
        return z3::expr(c_, Z3_mk_str_lt(c_, b.scalar, a.scalar));
      default:
        return z3::expr(c_, Z3_mk_str_le(c_, b.scalar, a.scalar));
    }
  }
  switch (e.op) {
    case ast::binary_op::lt:
      return a.scalar < b.scalar;
    case ast::binary_op::le:
      return a.scalar <= b.scalar;
    case ast::binary_op::gt:
      return a.scalar > b.scalar;
    default:
      return a.scalar >= b.scalar;
  }
}

sym encoder::binary(const ast::expr& e) {
  sym out(c_);
  out.type = bundle_.info(e).type;
  const ast::expr& l = e.children[0];
  const ast::expr& r = e.children[1];
  switch (e.op) {
    case ast::binary_op::or_op: {
      const z3::expr left = holds(l);
      out.scalar = left || holds_under(!left, r);
      return out;
    }
    case ast::binary_op::and_op: {
      const z3::expr left = holds(l);
      out.scalar = left && holds_under(left, r);
      return out;
    }
    case ast::binary_op::coalesce: {
      const sym a = value(l);
      return with_type(merge(a.present, a, value(r)), e);
    }
    case ast::binary_op::in:
    case ast::binary_op::not_in: {
      const sym x = value(l);
      z3::expr hit = c_.bool_val(false);
      if (bundle_.info(r).ref == ref_kind::table) {
        std::vector<z3::expr> keys;
        for (const auto& [k, v] : table(bundle_.info(r).ref_index))
          keys.push_back(equal(types_, x, k));
        hit = any_of(c_, keys);
      } else {
        const sym coll = value(r);
        hit = coll.present && member(types_, x, coll);
      }
      out.scalar = e.op == ast::binary_op::in ? hit : !hit;
      return out;
    }
    default:
      break;
  }
  const sym a = value(l);
  const sym b = value(r);
  switch (e.op) {
    case ast::binary_op::eq:
      out.scalar = equal(types_, a, b);
      return out;
    case ast::binary_op::ne:
      out.scalar = !equal(types_, a, b);
      return out;
    case ast::binary_op::lt:
    case ast::binary_op::le:
    case ast::binary_op::gt:
    case ast::binary_op::ge:
      out.scalar = compare(e, a, b);
      return out;
    case ast::binary_op::overlaps: {
      std::vector<z3::expr> hits;
      for (const item& x : a.items)
        hits.push_back(x.guard && member(types_, x.value, b));
      out.scalar = any_of(c_, hits);
      return out;
    }
    case ast::binary_op::subset: {
      std::vector<z3::expr> all;
      for (const item& x : a.items)
        all.push_back(z3::implies(x.guard, member(types_, x.value, b)));
      out.scalar = all_of(c_, all);
      return out;
    }
    case ast::binary_op::add:
    case ast::binary_op::sub: {
      const bool plus = e.op == ast::binary_op::add;
      const type_kind k = types_.kind(bundle_.info(l).type);
      if (k == type_kind::integer) {
        const z3::expr sum = plus ? a.scalar + b.scalar : a.scalar - b.scalar;
        out.scalar = z3::ite(sum > c_.int_val(int_max), c_.int_val(int_max),
                             z3::ite(sum < c_.int_val(int_min), c_.int_val(int_min), sum));
        return out;
      }
      if (b.months) throw not_encoded("adding calendar months", e.where);
      const z3::expr days = plus ? b.scalar : -b.scalar;
      const z3::expr moved =
          k == type_kind::date ? a.scalar + days : a.scalar + days * c_.int_val(ns_per_day);
      // Far past the calendar the runtime saturates; there the result is left free, so a
      // proof still covers it.
      const z3::expr day = k == type_kind::date ? moved : (moved / c_.int_val(ns_per_day));
      const z3::expr inside = day > c_.int_val(INT32_MIN) && day < c_.int_val(INT32_MAX);
      out.scalar = z3::ite(inside, moved, side_.fresh_int("saturated"));
      return out;
    }
    default:
      throw not_encoded("this operator", e.where);
  }
}

sym encoder::quantifier(const ast::expr& e) {
  const sym coll = value(e.children[0]);
  const bool is_set = types_.kind(bundle_.info(e.children[0]).type) == type_kind::set;
  const std::vector<z3::expr> guards = is_set ? distinct_guards(types_, coll) : [&] {
    std::vector<z3::expr> g;
    for (const item& x : coll.items)
      g.push_back(x.guard);
    return g;
  }();
  std::vector<z3::expr> parts;
  for (std::size_t i = 0; i < coll.items.size(); ++i) {
    locals_.push_back(coll.items[i].value);
    z3::expr p = c_.bool_val(false);
    try {
      p = holds_under(coll.present && guards[i], e.children[1]);
    } catch (...) {
      locals_.pop_back();
      throw;
    }
    locals_.pop_back();
    switch (e.quantifier) {
      case ast::quantifier_op::any:
      case ast::quantifier_op::none:
        parts.push_back(guards[i] && p);
        break;
      case ast::quantifier_op::all:
        parts.push_back(z3::implies(guards[i], p));
        break;
      case ast::quantifier_op::count:
        parts.push_back(z3::ite(guards[i] && p, c_.int_val(1), c_.int_val(0)));
        break;
    }
  }
  sym out(c_);
  out.type = bundle_.info(e).type;
  const z3::expr present = coll.present;
  switch (e.quantifier) {
    case ast::quantifier_op::any:
      out.scalar = present && any_of(c_, parts);
      break;
    case ast::quantifier_op::none:
      out.scalar = !(present && any_of(c_, parts));
      break;
    case ast::quantifier_op::all:
      out.scalar = !present || all_of(c_, parts);
      break;
    case ast::quantifier_op::count:
      out.scalar = sum(c_, parts);
      break;
  }
  return out;
}

sym encoder::call(const ast::expr& e) {
  const lang::expr_info& info = bundle_.info(e);
  const auto b = static_cast<lang::builtin>(info.ref_index);
  sym out(c_);
  out.type = info.type;
  std::vector<sym> args;
  for (const ast::expr& a : e.children) {
    if (b == lang::builtin::matches && args.size() == 1) break;  // the pattern is text
    args.push_back(value(a));
  }
  const auto day = c_.int_val(ns_per_day);
  switch (b) {
    case lang::builtin::trim:
      out.scalar = plain_text_ ? args[0].scalar : encode_trim(side_, args[0].scalar);
      break;
    case lang::builtin::lower:
    case lang::builtin::upper:
      out.scalar = plain_text_ ? args[0].scalar
                               : encode_case(side_, args[0].scalar, b == lang::builtin::lower);
      break;
    case lang::builtin::length: {
      const type_kind k = types_.kind(bundle_.info(e.children[0]).type);
      if (k == type_kind::string) {
        out.scalar = args[0].scalar.length();
      } else {
        std::vector<z3::expr> counted;
        const std::vector<z3::expr> guards =
            k == type_kind::set ? distinct_guards(types_, args[0]) : std::vector<z3::expr>{};
        for (std::size_t i = 0; i < args[0].items.size(); ++i) {
          const z3::expr g = k == type_kind::set ? guards[i] : args[0].items[i].guard;
          counted.push_back(z3::ite(g, c_.int_val(1), c_.int_val(0)));
        }
        out.scalar = sum(c_, counted);
      }
      break;
    }
    case lang::builtin::starts_with:
      out.scalar = z3::prefixof(args[1].scalar, args[0].scalar);
      break;
    case lang::builtin::ends_with:
      out.scalar = z3::suffixof(args[1].scalar, args[0].scalar);
      break;
    case lang::builtin::contains:
      out.scalar = args[0].scalar.contains(args[1].scalar);
      break;
    case lang::builtin::equals_ignore_case:
      out.scalar = plain_text_ ? args[0].scalar == args[1].scalar
                               : encode_equals_ignore_case(side_, args[0].scalar, args[1].scalar);
      break;
    case lang::builtin::matches:
      out.scalar = encode_matches(side_, args[0].scalar, e.children[1].text, e.where);
      break;
    case lang::builtin::utc_date:
      out.scalar = (args[0].scalar / day);
      break;
    case lang::builtin::parse_date:
    case lang::builtin::parse_datetime: {
      const parsed p =
          plain_text_
              ? encode_parse_plain(side_, args[0].scalar, b == lang::builtin::parse_datetime)
          : b == lang::builtin::parse_date ? encode_parse_date(side_, args[0].scalar)
                                           : encode_parse_datetime(side_, args[0].scalar);
      out.present = args[0].present && p.present;
      out.scalar = p.value;
      break;
    }
    case lang::builtin::add_days: {
      const bool date = types_.kind(bundle_.info(e.children[0]).type) == type_kind::date;
      const z3::expr moved =
          date ? args[0].scalar + args[1].scalar : args[0].scalar + args[1].scalar * day;
      const z3::expr d = date ? moved : (moved / day);
      out.scalar = z3::ite(d > c_.int_val(INT32_MIN) && d < c_.int_val(INT32_MAX), moved,
                           side_.fresh_int("saturated"));
      break;
    }
    default:
      throw not_encoded(fmt::format("the builtin `{}`", e.text), e.where);
  }
  return out;
}

}  // namespace clause::verify
