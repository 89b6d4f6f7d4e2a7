#include "verify/builtins.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clause::verify {

z3::expr side_conditions::fresh_string(std::string_view what) {
  return ctx->string_const(fmt::format("{}!{}", what, next++).c_str());
}
z3::expr side_conditions::fresh_int(std::string_view what) {
  return ctx->int_const(fmt::format("{}!{}", what, next++).c_str());
}
z3::expr side_conditions::fresh_bool(std::string_view what) {
  return ctx->bool_const(fmt::format("{}!{}", what, next++).c_str());
}

namespace {

std::vector<unsigned> ids(const std::vector<z3::expr>& terms) {
  std::vector<unsigned> out;
  for (const z3::expr& t : terms)
    out.push_back(t.decl().id());
  return out;
}

}  // namespace

z3::expr side_conditions::guarded(const z3::expr& fact) const {
  if (guards.empty()) return fact;
  return z3::implies(all_of(*ctx, guards), fact);
}

void side_conditions::define(const std::vector<z3::expr>& terms, const z3::expr& definition) {
  defs.push_back({guarded(definition), ids(terms)});
}

void side_conditions::replay(const memo& m) {
  for (const auto& [terms, d] : m.defs)
    define(terms, d);
  for (const auto& [terms, e] : m.exact)
    exact_where(terms, e);
  for (const auto& [terms, e] : m.simple)
    simple.push_back({guarded(e), ids(terms)});
}

void side_conditions::exact_where(const std::vector<z3::expr>& terms, const z3::expr& condition) {
  exact.push_back({guarded(condition), ids(terms)});
}

namespace {

z3::expr chars(z3::context& c, const char* lo, const char* hi) {
  return z3::range(c.string_val(lo), c.string_val(hi));
}

// Any one character (Z3's characters are code points up to U+2FFFF).
z3::expr any_char(z3::context& c) {
  return chars(c, "\\u{0}", "\\u{2ffff}");
}

z3::expr union_of(z3::context& c, std::vector<z3::expr> parts) {
  if (parts.empty()) {
    z3::sort text = c.string_sort();
    return z3::re_empty(c.re_sort(text));
  }
  if (parts.size() == 1) return parts.front();
  std::vector<Z3_ast> raw(parts.begin(), parts.end());
  return z3::expr(c, Z3_mk_re_union(c, static_cast<unsigned>(raw.size()), raw.data()));
}

z3::expr concat_of(z3::context& c, const std::vector<z3::expr>& parts) {
  if (parts.empty()) return z3::to_re(c.string_val(""));
  z3::expr r = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i)
    r = z3::concat(r, parts[i]);
  return r;
}

// The ASCII white space `trim` removes: space, and tab to carriage return.
z3::expr white(z3::context& c) {
  return union_of(c, {chars(c, " ", " "), chars(c, "\\u{9}", "\\u{d}")});
}

z3::expr digits(z3::context& c, unsigned n) {
  return z3::expr(c, Z3_mk_re_loop(c, chars(c, "0", "9"), n, n));
}

z3::expr literal(z3::context& c, std::string_view text) {
  return z3::to_re(string_constant(c, text));
}

// A set of characters as code point ranges: negated classes become ranges too, as Z3 solves a
// union of ranges far faster than a complement.
using char_set = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
constexpr std::uint32_t max_char = 0x2ffff;  // Z3's last character

char_set complement(char_set set) {
  std::sort(set.begin(), set.end());
  char_set out;
  std::uint32_t next = 0;
  for (const auto& [lo, hi] : set) {
    if (lo > next) out.push_back({next, lo - 1});
    next = std::max(next, hi + 1);
  }
  if (next <= max_char) out.push_back({next, max_char});
  return out;
}

z3::expr code_point(z3::context& c, std::uint32_t cp) {
  return c.string_val(fmt::format("\\u{{{:x}}}", cp));
}

z3::expr regex_of(z3::context& c, const char_set& set) {
  std::vector<z3::expr> parts;
  for (const auto& [lo, hi] : set)
    parts.push_back(z3::range(code_point(c, lo), code_point(c, hi)));
  return union_of(c, parts);
}

// The RE2 subset `matches` patterns use, into Z3's regular expressions.
class pattern_reader {
 public:
  pattern_reader(z3::context& c, std::string_view p, lang::span at) : c_(c), p_(p), at_(at) {}

  z3::expr read() {
    const bool start = eat('^');
    z3::expr body = alternation();
    bool end = false;
    if (i_ < p_.size() && p_[i_] == '$' && i_ + 1 == p_.size()) {
      end = true;
      ++i_;
    }
    if (i_ != p_.size()) fail(fmt::format("`{}` at offset {}", p_[i_], i_));
    std::vector<z3::expr> parts;
    if (!start) parts.push_back(z3::star(any_char(c_)));
    parts.push_back(body);
    if (!end) parts.push_back(z3::star(any_char(c_)));
    return concat_of(c_, parts);
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw not_encoded(fmt::format("the pattern construct {} of `matches`", what), at_);
  }
  bool eat(char ch) {
    if (i_ < p_.size() && p_[i_] == ch) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end_of_branch() const {
    return i_ >= p_.size() || p_[i_] == '|' || p_[i_] == ')' ||
           (p_[i_] == '$' && i_ + 1 == p_.size());
  }

  z3::expr alternation() {
    std::vector<z3::expr> branches{concatenation()};
    while (eat('|'))
      branches.push_back(concatenation());
    return union_of(c_, branches);
  }

  z3::expr concatenation() {
    std::vector<z3::expr> parts;
    while (!at_end_of_branch())
      parts.push_back(repetition());
    return concat_of(c_, parts);
  }

  unsigned number() {
    unsigned n = 0;
    bool any = false;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
      n = n * 10 + static_cast<unsigned>(p_[i_++] - '0');
      any = true;
      if (n > 1000) fail("a repetition count over 1000");
    }
    if (!any) fail("`{` without a count");
    return n;
  }

  z3::expr repetition() {
    z3::expr a = atom();
    for (;;) {
      if (eat('*')) {
        a = z3::star(a);
      } else if (eat('+')) {
        a = z3::plus(a);
      } else if (eat('?')) {
        a = z3::option(a);
      } else if (i_ < p_.size() && p_[i_] == '{') {
        ++i_;
        const unsigned lo = number();
        unsigned hi = lo;
        bool unbounded = false;
        if (eat(',')) {
          if (i_ < p_.size() && p_[i_] == '}') {
            unbounded = true;
          } else {
            hi = number();
          }
        }
        if (!eat('}')) fail("an unclosed `{`");
        if (unbounded) {
          a = z3::concat(z3::expr(c_, Z3_mk_re_loop(c_, a, lo, lo)), z3::star(a));
        } else {
          a = z3::expr(c_, Z3_mk_re_loop(c_, a, lo, hi));
        }
      } else {
        break;
      }
      eat('?');  // a lazy repetition matches the same texts
    }
    return a;
  }

  // `\d`, `\s`, `\w` and their negations, or an escaped character.
  char_set escape() {
    if (i_ >= p_.size()) fail("a trailing `\\`");
    const char e = p_[i_++];
    switch (e) {
      case 'd':
        return digit_set();
      case 'D':
        return complement(digit_set());
      case 's':
        return space_set();
      case 'S':
        return complement(space_set());
      case 'w':
        return word_set();
      case 'W':
        return complement(word_set());
      case 'n':
        return {{'\n', '\n'}};
      case 't':
        return {{'\t', '\t'}};
      case 'r':
        return {{'\r', '\r'}};
      case 'f':
        return {{'\f', '\f'}};
      default:
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))
          fail(fmt::format("`\\{}`", e));
        return {{static_cast<unsigned char>(e), static_cast<unsigned char>(e)}};
    }
  }
  static char_set digit_set() { return {{'0', '9'}}; }
  // RE2's \s: [\t\n\f\r ].
  static char_set space_set() { return {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}; }
  static char_set word_set() { return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }

  // One character of the pattern, a code point (a class's ends and literals may be any).
  std::uint32_t character() {
    std::size_t n = 1;
    const auto b = static_cast<unsigned char>(p_[i_]);
    std::uint32_t cp = b;
    if (b >= 0xf0) {
      n = 4;
      cp = b & 0x07u;
    } else if (b >= 0xe0) {
      n = 3;
      cp = b & 0x0fu;
    } else if (b >= 0xc0) {
      n = 2;
      cp = b & 0x1fu;
    }
    for (std::size_t k = 1; k < n && i_ + k < p_.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(p_[i_ + k]) & 0x3fu);
    i_ += n;
    return cp;
  }

  char_set char_class() {
    const bool negated = eat('^');
    char_set set;
    bool first = true;
    while (i_ < p_.size() && (first || p_[i_] != ']')) {
      first = false;
      if (p_[i_] == '[') fail("a `[:class:]` or nested class");
      if (p_[i_] == '\\') {
        ++i_;
        const char_set e = escape();
        set.insert(set.end(), e.begin(), e.end());
        continue;
      }
      const std::uint32_t lo = character();
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        if (p_[i_] == '\\') fail("an escaped range end");
        set.push_back({lo, character()});
      } else {
        set.push_back({lo, lo});
      }
    }
    if (!eat(']')) fail("an unclosed `[`");
    return negated ? complement(set) : set;
  }

  z3::expr atom() {
    const char ch = p_[i_];
    switch (ch) {
      case '(': {
        ++i_;
        if (eat('?')) {
          if (!eat(':')) fail("a `(?` flag group");
        }
        z3::expr inner = alternation();
        if (!eat(')')) fail("an unclosed `(`");
        return inner;
      }
      case '[':
        ++i_;
        return regex_of(c_, char_class());
      case '.':
        ++i_;
        return regex_of(c_, complement({{'\n', '\n'}}));
      case '\\':
        ++i_;
        return regex_of(c_, escape());
      case '^':
      case '$':
        fail(fmt::format("`{}` inside the pattern", ch));
      case '*':
      case '+':
      case '?':
      case '{':
        fail(fmt::format("`{}` with nothing to repeat", ch));
      default: {
        const std::uint32_t cp = character();
        return regex_of(c_, {{cp, cp}});
      }
    }
  }

  z3::context& c_;
  std::string_view p_;
  lang::span at_;
  std::size_t i_ = 0;
};

z3::expr no_upper(z3::context& c, const z3::expr& text) {
  return z3::in_re(text, z3::star(regex_of(c, complement({{'A', 'Z'}}))));
}
z3::expr no_lower(z3::context& c, const z3::expr& text) {
  return z3::in_re(text, z3::star(regex_of(c, complement({{'a', 'z'}}))));
}

// The number the `n` digits at `at` spell (the caller knows they are digits): each digit by
// comparison with the ten, which the solver handles far better than `str.to_int`.
z3::expr part_int(const z3::expr& text, unsigned at, unsigned n) {
  z3::context& c = text.ctx();
  z3::expr value = c.int_val(0);
  for (unsigned i = 0; i < n; ++i) {
    const z3::expr ch = text.at(c.int_val(at + i));
    z3::expr digit = c.int_val(9);
    for (int d = 8; d >= 0; --d)
      digit = z3::ite(ch == c.string_val(std::to_string(d)), c.int_val(d), digit);
    value = value * 10 + digit;
  }
  return value;
}

// `YYYY-MM-DD` at the start of `text`: valid, and its day number.
parsed civil_at_start(const z3::expr& text) {
  z3::context& c = text.ctx();
  const z3::expr y = part_int(text, 0, 4);
  const z3::expr m = part_int(text, 5, 2);
  const z3::expr d = part_int(text, 8, 2);
  const z3::expr leap = (z3::mod(y, 4) == 0 && z3::mod(y, 100) != 0) || z3::mod(y, 400) == 0;
  const z3::expr month_days =
      z3::ite(m == 2, z3::ite(leap, c.int_val(29), c.int_val(28)),
              z3::ite(m == 4 || m == 6 || m == 9 || m == 11, c.int_val(30), c.int_val(31)));
  const z3::expr valid = y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days;
  return {valid, days_from_civil(y, m, d)};
}

z3::expr date_form(z3::context& c) {
  return concat_of(c, {digits(c, 4), literal(c, "-"), digits(c, 2), literal(c, "-"), digits(c, 2)});
}

z3::expr time_form(z3::context& c) {
  return concat_of(c, {literal(c, "T"), digits(c, 2), literal(c, ":"), digits(c, 2),
                       literal(c, ":"), digits(c, 2)});
}

}  // namespace

z3::expr days_from_civil(const z3::expr& y, const z3::expr& m, const z3::expr& d) {
  z3::context& c = y.ctx();
  const z3::expr yy = y - z3::ite(m <= 2, c.int_val(1), c.int_val(0));
  const z3::expr era = yy / 400;  // yy >= 0: floor and truncation agree
  const z3::expr yoe = yy - era * 400;
  const z3::expr mp = z3::ite(m > 2, m - 3, m + 9);
  const z3::expr doy = (153 * mp + 2) / 5 + d - 1;
  const z3::expr doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

z3::expr encode_trim(side_conditions& s, const z3::expr& text) {
  const std::string key = "trim:" + std::to_string(text.id());
  if (auto it = s.memos.find(key); it != s.memos.end()) {
    s.replay(it->second);
    return it->second.results[0];
  }
  z3::context& c = *s.ctx;
  const z3::expr t = s.fresh_string("trim");
  const z3::expr before = s.fresh_string("trim.before");
  const z3::expr after = s.fresh_string("trim.after");
  const std::vector<z3::expr> terms = {t, before, after};
  side_conditions::memo m;
  m.results = {t};
  m.defs.emplace_back(terms, text == z3::concat(before, z3::concat(t, after)));
  m.defs.emplace_back(terms, z3::in_re(before, z3::star(white(c))));
  m.defs.emplace_back(terms, z3::in_re(after, z3::star(white(c))));
  // Its ends are not white (asked of one character each: cheaper than a regular expression).
  const z3::expr first = t.at(c.int_val(0));
  const z3::expr last = t.at(t.length() - 1);
  m.defs.emplace_back(
      terms, t == c.string_val("") || (!z3::in_re(first, white(c)) && !z3::in_re(last, white(c))));
  m.simple.emplace_back(terms, before == c.string_val("") && after == c.string_val(""));
  s.replay(m);
  s.memos.emplace(key, std::move(m));
  return t;
}

z3::expr encode_case(side_conditions& s, const z3::expr& text, bool to_lower) {
  const std::string key = (to_lower ? "lower:" : "upper:") + std::to_string(text.id());
  if (auto it = s.memos.find(key); it != s.memos.end()) {
    s.replay(it->second);
    return it->second.results[0];
  }
  z3::context& c = *s.ctx;
  const z3::expr r = s.fresh_string(to_lower ? "lower" : "upper");
  const z3::expr unchanged = to_lower ? no_upper(c, text) : no_lower(c, text);
  side_conditions::memo m;
  m.results = {r};
  m.defs.emplace_back(std::vector<z3::expr>{r}, r.length() == text.length());
  m.defs.emplace_back(std::vector<z3::expr>{r}, z3::implies(unchanged, r == text));
  m.defs.emplace_back(std::vector<z3::expr>{r}, to_lower ? no_upper(c, r) : no_lower(c, r));
  m.exact.emplace_back(std::vector<z3::expr>{r}, unchanged);
  s.replay(m);
  s.memos.emplace(key, std::move(m));
  return r;
}

z3::expr encode_equals_ignore_case(side_conditions& s, const z3::expr& a, const z3::expr& b) {
  const std::string key = "eic:" + std::to_string(a.id()) + ":" + std::to_string(b.id());
  if (auto it = s.memos.find(key); it != s.memos.end()) {
    s.replay(it->second);
    return it->second.results[0];
  }
  z3::context& c = *s.ctx;
  const z3::expr r = s.fresh_bool("equals_ignore_case");
  const z3::expr plain = no_upper(c, a) && no_upper(c, b);
  side_conditions::memo m;
  m.results = {r};
  m.defs.emplace_back(std::vector<z3::expr>{r}, z3::implies(a == b, r));
  m.defs.emplace_back(std::vector<z3::expr>{r}, z3::implies(a.length() != b.length(), !r));
  m.defs.emplace_back(std::vector<z3::expr>{r}, z3::implies(plain, r == (a == b)));
  m.exact.emplace_back(std::vector<z3::expr>{r}, plain);
  s.replay(m);
  s.memos.emplace(key, std::move(m));
  return r;
}

z3::expr encode_matches(side_conditions& s, const z3::expr& text, std::string_view pattern,
                        lang::span at) {
  return z3::in_re(text, pattern_reader(*s.ctx, pattern, at).read());
}

parsed encode_parse_date(side_conditions& s, const z3::expr& text) {
  z3::context& c = *s.ctx;
  const parsed civil = civil_at_start(text);
  return {z3::in_re(text, date_form(c)) && civil.present, civil.value};
}

parsed encode_parse_plain(side_conditions& s, const z3::expr& text, bool datetime) {
  z3::context& c = *s.ctx;
  const std::string key = "plain-date:" + std::to_string(text.id());
  if (auto it = s.memos.find(key); it != s.memos.end()) {
    s.replay(it->second);
    return {it->second.results[0], it->second.results[1]};
  }
  // YYYY-MM-DD from eight fresh digits.
  std::vector<z3::expr> digit;
  z3::expr spelled = c.string_val("");
  z3::expr ranges = c.bool_val(true);
  auto ch = [&](const z3::expr& d) {
    z3::expr out = c.string_val("9");
    for (int k = 8; k >= 0; --k)
      out = z3::ite(d == k, c.string_val(std::to_string(k)), out);
    return out;
  };
  for (int i = 0; i < 8; ++i) {
    digit.push_back(s.fresh_int("date.digit"));
    ranges = ranges && digit.back() >= 0 && digit.back() <= 9;
    spelled = z3::concat(spelled, ch(digit.back()));
    if (i == 3 || i == 5) spelled = z3::concat(spelled, c.string_val("-"));
  }
  const z3::expr y = digit[0] * 1000 + digit[1] * 100 + digit[2] * 10 + digit[3];
  const z3::expr m = digit[4] * 10 + digit[5];
  const z3::expr d = digit[6] * 10 + digit[7];
  const z3::expr leap = (z3::mod(y, 4) == 0 && z3::mod(y, 100) != 0) || z3::mod(y, 400) == 0;
  const z3::expr month_days =
      z3::ite(m == 2, z3::ite(leap, c.int_val(29), c.int_val(28)),
              z3::ite(m == 4 || m == 6 || m == 9 || m == 11, c.int_val(30), c.int_val(31)));
  const z3::expr valid = y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days;
  const z3::expr present = s.fresh_bool("date.present");
  side_conditions::memo memo;
  std::vector<z3::expr> terms = digit;
  terms.push_back(present);
  memo.defs.emplace_back(terms, ranges && z3::implies(present, text == spelled && valid));
  const z3::expr days = days_from_civil(y, m, d);
  memo.results = {present, datetime ? days * c.int_val(ns_per_day) : days};
  s.replay(memo);
  s.memos.emplace(key, memo);
  return {memo.results[0], memo.results[1]};
}

parsed encode_parse_datetime(side_conditions& s, const z3::expr& text) {
  z3::context& c = *s.ctx;
  const z3::expr date_only = z3::in_re(text, date_form(c));
  const z3::expr plain_time =
      z3::in_re(text, concat_of(c, {date_form(c), time_form(c), z3::option(literal(c, "Z"))}));
  const z3::expr zone =
      union_of(c, {literal(c, "Z"), concat_of(c, {union_of(c, {literal(c, "+"), literal(c, "-")}),
                                                  digits(c, 2), literal(c, ":"), digits(c, 2)})});
  const z3::expr fraction =
      z3::concat(literal(c, "."), z3::expr(c, Z3_mk_re_loop(c, chars(c, "0", "9"), 1, 9)));
  const z3::expr any_form = z3::in_re(
      text,
      z3::concat(date_form(c),
                 z3::option(concat_of(c, {time_form(c), z3::option(fraction), z3::option(zone)}))));
  const parsed civil = civil_at_start(text);
  const z3::expr h = part_int(text, 11, 2);
  const z3::expr mi = part_int(text, 14, 2);
  const z3::expr sec = part_int(text, 17, 2);
  const z3::expr ns = c.int_val(ns_per_second);
  // Fractions and zone offsets are read loosely: present or not, any instant.
  const z3::expr loose_present = s.fresh_bool("parse_datetime.present");
  const z3::expr loose_value = s.fresh_int("parse_datetime.value");
  const z3::expr present =
      z3::ite(date_only, civil.present,
              z3::ite(plain_time, civil.present && h <= 23 && mi <= 59 && sec <= 59,
                      any_form && loose_present));
  const z3::expr value = z3::ite(
      date_only, civil.value * c.int_val(ns_per_day),
      z3::ite(plain_time, (civil.value * 86400 + h * 3600 + mi * 60 + sec) * ns, loose_value));
  s.exact_where({loose_present, loose_value}, date_only || plain_time || !any_form);
  return {present, value};
}

}  // namespace clause::verify
