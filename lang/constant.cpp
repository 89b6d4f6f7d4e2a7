// Constants: literal expressions folded at load time (defaults, inline table entries).
#include "lang/constant.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include <utility>

#include "lang/checker_impl.hpp"

namespace clause::lang {

namespace {

// Every field, numbers as digits, each closed by a separator: equal keys for equal constants.
void append_key(std::string& key, const constant& c) {
  char digits[24];
  auto number = [&](std::int64_t v) {
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, v);
    (void)error;
    key.append(digits, end);
    key += '|';
  };
  number(c.type);
  key += c.present ? '1' : '0';
  key += c.truth ? '1' : '0';
  key += c.months ? '1' : '0';
  number(c.number);
  number(c.instant.seconds);
  number(c.instant.nanos);
  number(static_cast<std::int64_t>(c.text.size()));
  key += c.text;
  for (const auto& item : c.items) {
    key += '(';
    append_key(key, item);
    key += ')';
  }
}

}  // namespace

std::string constant_key(const constant& c) {
  std::string key;
  append_key(key, c);
  return key;
}

namespace detail {

std::optional<constant> checker::constant_of(const ast::expr& e, type_id t) {
  const bool outer = std::exchange(in_constant_, true);
  check(e, scope{}, t);
  in_constant_ = outer;
  if (type_of(e) == type_table::error) return std::nullopt;
  require_present(e);
  if (!types_.fits(type_of(e), t)) {
    out_.error(code::bad_default, e.where,
               fmt::format("`{}` is {}, but {} is expected here", text_of(e.where),
                           types_.name(type_of(e)), types_.name(t)));
    return std::nullopt;
  }
  constant c;
  c.type = t;
  switch (e.kind) {
    case ast::expr_kind::bool_literal:
      c.truth = e.truth;
      return c;
    case ast::expr_kind::int_literal:
    case ast::expr_kind::date_literal:
      c.number = e.number;
      return c;
    case ast::expr_kind::duration_literal:
      c.number = e.number;
      c.months = e.months;
      return c;
    case ast::expr_kind::datetime_literal:
      c.instant = e.instant;
      return c;
    case ast::expr_kind::string_literal:
      c.text = e.text;
      return c;
    case ast::expr_kind::name:
    case ast::expr_kind::field:
      if (bundle_.info(e).ref == ref_kind::enum_value) {
        c.number = bundle_.info(e).ref_index;
        return c;
      }
      break;
    case ast::expr_kind::set_literal:
    case ast::expr_kind::list_literal: {
      const type_id element = types_.info(t).element;
      std::set<std::string> seen;
      for (auto& item : e.children) {
        auto value = constant_of(item, element);
        if (!value) return std::nullopt;
        // A set keeps one of each element.
        if (e.kind == ast::expr_kind::set_literal && !seen.insert(constant_key(*value)).second) {
          continue;
        }
        c.items.push_back(std::move(*value));
      }
      return c;
    }
    case ast::expr_kind::record_literal: {
      const record_info& r = types_.records[types_.info(t).index];
      c.items.resize(r.fields.size());
      for (std::size_t i = 0; i < r.fields.size(); ++i) {
        c.items[i].type = r.fields[i].type;
        if (r.fields[i].default_constant) {
          c.items[i] = *r.fields[i].default_constant;
        } else {
          c.items[i].present = false;
        }
      }
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        auto f = r.find(e.field_names[i].text);
        if (!f) return std::nullopt;  // reported by check()
        auto value = constant_of(e.children[i], r.fields[*f].type);
        if (!value) return std::nullopt;
        c.items[*f] = std::move(*value);
      }
      return c;
    }
    default:
      break;
  }
  out_.error(code::bad_default, e.where, fmt::format("`{}` is not a constant", text_of(e.where)),
             "write a literal value here: a number, a string, a date, an enum value, or a set, "
             "list or record of those");
  return std::nullopt;
}

}  // namespace detail

}  // namespace clause::lang
