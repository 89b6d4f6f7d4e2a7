// Translations that do not match the policy or their message (W0301, W0302): a message translated
// into some of the policy's locales but not all, and a translation that drops or adds a value of
// its message.
#include <fmt/format.h>

#include <map>
#include <set>

#include "lang/lint/lint.hpp"
#include "lang/lint/normal_form.hpp"

namespace clause::lang::lint {

namespace {

// The placeholders of `m`, by normal form, each with where it is first shown.
std::map<std::string, const ast::expr*> placeholders(const checked_bundle& b,
                                                     const ast::message& m) {
  std::map<std::string, const ast::expr*> out;
  for (const ast::message_part& part : m.parts) {
    if (part.placeholder) out.emplace(normal_form(b, *part.placeholder), &*part.placeholder);
  }
  return out;
}

std::string listed(const checked_bundle& b, const std::vector<const ast::expr*>& items) {
  std::vector<std::string> texts;
  for (const ast::expr* e : items)
    texts.push_back("{" + quoted(b, e->where) + "}");
  return fmt::format("`{}`", fmt::join(texts, "`, `"));
}

void check_placeholders(const checked_bundle& b, const ast::rule_decl& rule,
                        const ast::translation& t, diagnostics& out) {
  const auto source = placeholders(b, *rule.text);
  const auto translated = placeholders(b, t.text);
  std::vector<const ast::expr*> dropped, added;
  for (const auto& [key, e] : source) {
    if (!translated.count(key)) dropped.push_back(e);
  }
  for (const auto& [key, e] : translated) {
    if (!source.count(key)) added.push_back(e);
  }
  if (dropped.empty() && added.empty()) return;
  std::string what;
  if (!dropped.empty()) what = fmt::format("does not show {}", listed(b, dropped));
  if (!added.empty()) {
    what += fmt::format("{}shows {}, which the message does not", what.empty() ? "" : " and ",
                        listed(b, added));
  }
  out.warning(
      code::translation_placeholders, t.text.where,
      fmt::format("the `{}` translation of rule `{}` {}", t.locale.text, rule.id.text, what),
      "a translation shows the same values as the message it translates");
}

}  // namespace

void warn_translations(const checked_bundle& b, diagnostics& out) {
  std::set<std::string> locales;
  for (const auto& m : b.modules) {
    for (const ast::rule_decl& r : m->rules) {
      for (const ast::translation& t : r.translations)
        locales.insert(t.locale.text);
    }
  }
  for (const auto& m : b.modules) {
    for (const ast::rule_decl& r : m->rules) {
      if (!r.text || r.translations.empty()) continue;
      std::set<std::string> missing = locales;
      for (const ast::translation& t : r.translations) {
        missing.erase(t.locale.text);
        check_placeholders(b, r, t, out);
      }
      if (missing.empty()) continue;
      out.warning(code::missing_translation, r.text->where,
                  fmt::format("the message of rule `{}` has no `{}` translation", r.id.text,
                              fmt::join(missing, "`, `")),
                  fmt::format("the policy translates other messages into `{}`",
                              fmt::join(missing, "`, `")));
    }
  }
}

}  // namespace clause::lang::lint
