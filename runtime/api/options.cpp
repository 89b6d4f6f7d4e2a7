#include "runtime/api/options.hpp"

#include <fmt/format.h>

#include <charconv>

#include "lang/calendar.hpp"
#include "lang/suggest.hpp"

namespace clause::runtime {

namespace {

using option = options_error::option;

[[noreturn]] void wrong_value(const compiled_param& p, const std::string& text,
                              const std::string& expected) {
  throw options_error(
      option::param, fmt::format("parameter `{}`: expected {}, found `{}`", p.name, expected, text),
      p.name, text, expected, {});
}

value parse_param(const compiled_param& p, const std::string& text,
                  std::deque<std::string>& texts) {
  switch (p.type->kind) {
    case lang::type_kind::string:
      texts.push_back(text);
      return value::string(texts.back());
    case lang::type_kind::boolean:
      if (text == "true") return value::boolean(true);
      if (text == "false") return value::boolean(false);
      wrong_value(p, text, "`true` or `false`");
    case lang::type_kind::integer: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size()) wrong_value(p, text, "an integer");
      return value::integer(n);
    }
    case lang::type_kind::date: {
      auto d = lang::parse_date(text);
      if (!d) wrong_value(p, text, "a date as `YYYY-MM-DD`");
      return value::date(d->days);
    }
    case lang::type_kind::datetime: {
      auto t = lang::parse_datetime(text);
      if (!t) wrong_value(p, text, "a datetime as `YYYY-MM-DDThh:mm:ssZ`");
      return value::datetime(t->seconds, t->nanos);
    }
    case lang::type_kind::duration: {
      auto d = lang::parse_duration(text);
      if (!d) wrong_value(p, text, std::string(lang::duration_forms));
      return value::duration(d->amount, d->months);
    }
    case lang::type_kind::enumeration: {
      const auto& values = *p.type->enum_values;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] == text) return value::enumeration(static_cast<std::uint32_t>(i));
      }
      std::string list;
      for (std::size_t i = 0; i < values.size(); ++i) {
        list += (i == 0 ? "`" : i + 1 == values.size() ? "` or `" : "`, `") + values[i];
      }
      wrong_value(p, text, list + "`");
    }
    default:
      wrong_value(p, text, "a value this parameter's type cannot take as text");
  }
}

}  // namespace

std::string type_name(const schema_type& type) {
  switch (type.kind) {
    case lang::type_kind::boolean:
      return "bool";
    case lang::type_kind::integer:
      return "int";
    case lang::type_kind::string:
      return "string";
    case lang::type_kind::date:
      return "date";
    case lang::type_kind::datetime:
      return "datetime";
    case lang::type_kind::duration:
      return "duration";
    default:
      return type.name;
  }
}

void resolve_options(const program& p, const session_options& given, resolved_options& out) {
  out.evaluation.params.assign(p.params.size(), value{});
  for (const parameter_value& param : given.params) {
    auto it = std::find_if(p.params.begin(), p.params.end(),
                           [&](const compiled_param& c) { return c.name == param.name; });
    if (it == p.params.end()) {
      std::vector<std::string> names;
      for (const auto& c : p.params)
        names.push_back(c.name);
      std::string hint = lang::did_you_mean(param.name, names);
      if (hint.empty()) {
        hint = names.empty()
                   ? "the policy has no parameters"
                   : fmt::format("the policy's parameters are `{}`", fmt::join(names, "`, `"));
      }
      throw options_error(option::param, fmt::format("unknown parameter `{}`", param.name),
                          param.name, param.value, {}, hint);
    }
    out.evaluation.params[static_cast<std::size_t>(it - p.params.begin())] =
        parse_param(*it, param.value, out.texts);
  }
  out.fixed_now = given.now.has_value();
  if (given.now) {
    auto t = lang::parse_datetime(*given.now);
    if (!t) {
      throw options_error(option::now, fmt::format("`now` is not a datetime: `{}`", *given.now), {},
                          *given.now, "a datetime such as `2024-06-10T12:00:00Z`",
                          "write it as `2024-06-10T12:00:00Z` or `2024-06-10`");
    }
    out.evaluation.now = value::datetime(t->seconds, t->nanos);
  }
  if (given.locale.empty()) {
    throw options_error(option::locale, "`locale` needs a language tag, such as `ja-JP`", {}, {},
                        "a language tag such as `ja-JP`", {});
  }
  out.locale = given.locale;
  out.evaluation.locale = out.locale;
  out.evaluation.explain = given.explain;
  out.evaluation.explain_lets = given.explain && given.explain_lets;
}

}  // namespace clause::runtime
