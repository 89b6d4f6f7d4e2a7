#include "verify/symbolic.hpp"

#include <fmt/format.h>

namespace clause::verify {

namespace {

// The next code point of `s` at `i` (a byte that is not valid UTF-8 stands for itself).
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  std::size_t n = b < 0x80           ? 1
                  : (b >> 5) == 0x6  ? 2
                  : (b >> 4) == 0xe  ? 3
                  : (b >> 3) == 0x1e ? 4
                                     : 1;
  if (i + n > s.size()) n = 1;
  std::uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1fu) : n == 3 ? (b & 0x0fu) : (b & 0x07u);
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (byte(i + k) & 0x3fu);
  i += n;
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace

z3::expr string_constant(z3::context& c, std::string_view utf8) {
  std::string escaped;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::uint32_t cp = next_code_point(utf8, i);
    const bool plain =
        (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (plain) {
      escaped += static_cast<char>(cp);
    } else {
      escaped += fmt::format("\\u{{{:x}}}", cp);
    }
  }
  return c.string_val(escaped);
}

std::string model_string(const z3::expr& value) {
  const std::string raw = value.get_string();
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size() && raw[i + 1] == 'u' && raw[i + 2] == '{') {
      const std::size_t close = raw.find('}', i);
      const std::string hex = close == std::string::npos ? "" : raw.substr(i + 3, close - i - 3);
      if (!hex.empty() && hex.size() <= 6 &&
          hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
        append_utf8(out, static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16)));
        i = close;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

z3::expr int_constant(z3::context& c, std::int64_t n) {
  return c.int_val(static_cast<int64_t>(n));
}

sym absent(z3::context& c, const lang::type_table& types, lang::type_id t) {
  sym s(c);
  s.type = t;
  s.present = c.bool_val(false);
  const lang::type_info& info = types.info(t);
  switch (info.kind) {
    case lang::type_kind::integer:
    case lang::type_kind::date:
    case lang::type_kind::datetime:
    case lang::type_kind::enumeration:
    case lang::type_kind::duration:
      s.scalar = c.int_val(0);
      break;
    case lang::type_kind::string:
      s.scalar = c.string_val("");
      break;
    case lang::type_kind::record:
      for (const lang::field_info& f : types.records[info.index].fields)
        s.fields.push_back(absent(c, types, f.type));
      break;
    default:
      break;
  }
  return s;
}

sym constant_sym(z3::context& c, const lang::type_table& types, const lang::constant& k) {
  sym s(c);
  s.type = k.type;
  s.present = c.bool_val(k.present);
  const lang::type_info& t = types.info(k.type);
  switch (t.kind) {
    case lang::type_kind::boolean:
      s.scalar = c.bool_val(k.truth);
      break;
    case lang::type_kind::integer:
    case lang::type_kind::date:
    case lang::type_kind::enumeration:
      s.scalar = int_constant(c, k.number);
      break;
    case lang::type_kind::duration:
      s.scalar = int_constant(c, k.number);
      s.months = k.months;
      break;
    case lang::type_kind::datetime:
      s.scalar = int_constant(c, k.instant.seconds) * int_constant(c, ns_per_second) +
                 int_constant(c, k.instant.nanos);
      s.scalar = s.scalar.simplify();
      break;
    case lang::type_kind::string:
      s.scalar = string_constant(c, k.text);
      break;
    case lang::type_kind::record:
      for (const lang::constant& f : k.items)
        s.fields.push_back(constant_sym(c, types, f));
      break;
    case lang::type_kind::list:
    case lang::type_kind::set:
      for (const lang::constant& e : k.items)
        s.items.push_back({c.bool_val(true), constant_sym(c, types, e)});
      break;
    default:
      break;
  }
  return s;
}

sym merge(const z3::expr& cond, const sym& a, const sym& b) {
  z3::context& c = cond.ctx();
  sym s(c);
  s.type = a.type == lang::type_table::empty ? b.type : a.type;
  s.present = z3::ite(cond, a.present, b.present);
  if (a.months != b.months) throw not_encoded("a duration that is in days or in months", {});
  s.months = a.months;
  if (a.scalar.get_sort().id() == b.scalar.get_sort().id())
    s.scalar = z3::ite(cond, a.scalar, b.scalar);
  for (std::size_t i = 0; i < a.fields.size() && i < b.fields.size(); ++i)
    s.fields.push_back(merge(cond, a.fields[i], b.fields[i]));
  for (const item& e : a.items)
    s.items.push_back({cond && e.guard, e.value});
  for (const item& e : b.items)
    s.items.push_back({!cond && e.guard, e.value});
  return s;
}

z3::expr sum(z3::context& c, const std::vector<z3::expr>& terms) {
  if (terms.empty()) return c.int_val(0);
  z3::expr_vector v(c);
  for (const z3::expr& t : terms)
    v.push_back(t);
  return z3::sum(v);
}

z3::expr any_of(z3::context& c, const std::vector<z3::expr>& terms) {
  if (terms.empty()) return c.bool_val(false);
  z3::expr_vector v(c);
  for (const z3::expr& t : terms)
    v.push_back(t);
  return z3::mk_or(v);
}

z3::expr all_of(z3::context& c, const std::vector<z3::expr>& terms) {
  if (terms.empty()) return c.bool_val(true);
  z3::expr_vector v(c);
  for (const z3::expr& t : terms)
    v.push_back(t);
  return z3::mk_and(v);
}

z3::expr member(const lang::type_table& types, const sym& element, const sym& collection) {
  std::vector<z3::expr> hits;
  for (const item& e : collection.items)
    hits.push_back(e.guard && equal(types, element, e.value));
  return any_of(element.present.ctx(), hits);
}

std::vector<z3::expr> distinct_guards(const lang::type_table& types, const sym& set) {
  std::vector<z3::expr> out;
  for (std::size_t i = 0; i < set.items.size(); ++i) {
    z3::expr g = set.items[i].guard;
    for (std::size_t j = 0; j < i; ++j)
      g = g && !(set.items[j].guard && equal(types, set.items[i].value, set.items[j].value));
    out.push_back(g);
  }
  return out;
}

z3::expr equal(const lang::type_table& types, const sym& a, const sym& b) {
  z3::context& c = a.present.ctx();
  const lang::type_kind k = types.kind(a.type == lang::type_table::empty ? b.type : a.type);
  switch (k) {
    case lang::type_kind::record: {
      std::vector<z3::expr> parts;
      for (std::size_t i = 0; i < a.fields.size() && i < b.fields.size(); ++i) {
        const sym& x = a.fields[i];
        const sym& y = b.fields[i];
        parts.push_back(x.present == y.present && z3::implies(x.present, equal(types, x, y)));
      }
      return all_of(c, parts);
    }
    case lang::type_kind::set: {
      std::vector<z3::expr> parts;
      for (const item& e : a.items)
        parts.push_back(z3::implies(e.guard, member(types, e.value, b)));
      for (const item& e : b.items)
        parts.push_back(z3::implies(e.guard, member(types, e.value, a)));
      return all_of(c, parts);
    }
    case lang::type_kind::list: {
      // With `[]` a list is equal when it is empty; two lists of elements are not encoded.
      if (!a.items.empty() && !b.items.empty())
        throw not_encoded("comparing two lists with `==`", {});
      std::vector<z3::expr> none;
      for (const item& e : a.items.empty() ? b.items : a.items)
        none.push_back(!e.guard);
      return all_of(c, none);
    }
    case lang::type_kind::empty:
      return c.bool_val(true);
    case lang::type_kind::duration:
      if (a.months != b.months) return c.bool_val(false);
      return a.scalar == b.scalar;
    default:
      return a.scalar == b.scalar;
  }
}

}  // namespace clause::verify
