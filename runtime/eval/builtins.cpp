// The builtins policies call less often, each in a frame of its own (the others are inline in
// builtins.hpp, with the table that lists them all).
#include "runtime/eval/builtins.hpp"

#include <bit>

#include "runtime/eval/ascii_case.hpp"

namespace clause::runtime::builtins {

namespace {

value copy_mapped(std::string_view s, char (*map)(char), arena& scratch) {
  auto* chars = static_cast<char*>(scratch.allocate(s.size() ? s.size() : 1, 1));
  for (std::size_t i = 0; i < s.size(); ++i)
    chars[i] = map(s[i]);
  return value::string({chars, s.size()});
}

}  // namespace

value lower(const value& a, const value&, const node&, const builtin_env& env) {
  return copy_mapped(a.text(), fold_ascii, *env.scratch);
}

value upper(const value& a, const value&, const node&, const builtin_env& env) {
  return copy_mapped(
      a.text(), [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; },
      *env.scratch);
}

value length(const value& a, const value&, const node&, const builtin_env&) {
  if (a.kind == value_kind::string) {
    std::int64_t n = 0;
    for (char c : a.text())
      n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8: lead bytes only
    return value::integer(n);
  }
  if (a.kind == value_kind::enum_set)
    return value::integer(std::popcount(static_cast<std::uint64_t>(a.number)));
  return value::integer(a.aux);
}

value starts_with(const value& a, const value& b, const node&, const builtin_env&) {
  return value::boolean(a.text().starts_with(b.text()));
}

value ends_with(const value& a, const value& b, const node&, const builtin_env&) {
  return value::boolean(a.text().ends_with(b.text()));
}

value contains(const value& a, const value& b, const node&, const builtin_env&) {
  return value::boolean(a.text().find(b.text()) != std::string_view::npos);
}

value equals_ignore_case(const value& a, const value& b, const node&, const builtin_env&) {
  return value::boolean(equal_ignoring_case(a.text(), b.text()));
}

value parse_date(const value& a, const value&, const node&, const builtin_env&) {
  const auto d = lang::parse_date(a.text());
  return d ? value::date(d->days) : value{};
}

value add_days(const value& a, const value& b, const node&, const builtin_env&) {
  return shifted(a, b.number, false);
}

value add_months(const value& a, const value& b, const node&, const builtin_env&) {
  return shifted(a, b.number, true);
}

value days(const value& a, const value&, const node&, const builtin_env&) {
  return value::duration(a.number, false);
}

value months(const value& a, const value&, const node&, const builtin_env&) {
  return value::duration(a.number, true);
}

}  // namespace clause::runtime::builtins
