// Messages: each code's message in the case's locale, its placeholders' values written straight
// into the evaluation's text (dates and integers without `fmt`); `append_value` shows a value, for
// messages and explanations.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>

#include "runtime/eval/ascii_case.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/eval/evaluator.hpp"

namespace clause::runtime {

// The message of `rule` in the case's locale: `ja-JP` falls back to `ja`, then to the rule's
// own text.
inline const message_template* evaluator::localized(const compiled_rule& rule) const {
  if (rule.translations.empty()) return rule.text ? &*rule.text : nullptr;
  std::string_view tag = !case_.locale.empty() ? case_.locale : options_.locale;
  while (!tag.empty()) {
    for (const auto& [locale, text] : rule.translations) {
      if (equal_ignoring_case(locale, tag)) return &text;
    }
    const std::size_t dash = tag.rfind('-');
    if (dash == std::string_view::npos) break;
    tag = tag.substr(0, dash);
  }
  return rule.text ? &*rule.text : nullptr;
}

inline void evaluator::add_message(decision_result& r, std::string_view code,
                                   const compiled_rule& rule) {
  const message_template* m = localized(rule);
  if (m && m->constant) {
    r.messages.push_back({code, 0, 0, m});
    return;
  }
  message_ref ref{code, static_cast<std::uint32_t>(e_.text.size()), 0};
  if (m) {
    for (const auto& part : m->parts) {
      if (part.expression) {
        append_value(e_.text, value_of(*part.expression), part.enum_names);
      } else {
        e_.text += part.text;
      }
    }
  }
  ref.end = static_cast<std::uint32_t>(e_.text.size());
  r.messages.push_back(ref);
}

// "Rules `a` and `b` both match this case, but at most one may; `a`, the first in the bundle,
// decides." (`unique`), or the same of payloads (`collect`).
void evaluator::add_conflict_message(decision_result& r, std::string_view code) {
  message_ref ref{code, static_cast<std::uint32_t>(e_.text.size()), 0};
  e_.text += "Rules ";
  for (std::size_t i = 0; i < r.conflicts.size(); ++i) {
    if (i) e_.text += i + 1 == r.conflicts.size() ? " and " : ", ";
    e_.text += '`';
    e_.text += p_.rules[r.conflicts[i]].id;
    e_.text += '`';
  }
  const std::string_view first = p_.rules[r.conflicts[0]].id;
  if (code == conflict_code) {
    e_.text += r.conflicts.size() == 2 ? " both" : " all";
    e_.text += " match this case, but at most one may; `";
    e_.text += first;
    e_.text += "`, the first in the bundle, decides.";
  } else {
    e_.text += " give `";
    e_.text += deciding_->outcomes[outcome_].name;
    e_.text += "` with different payloads; `";
    e_.text += first;
    e_.text += "`, the first in the bundle, gives the payload.";
  }
  ref.end = static_cast<std::uint32_t>(e_.text.size());
  r.messages.push_back(ref);
}

// Codes: every deciding rule's (the rules `unique` reported as conflicts are not in
// `r.rules`), sorted, each once, with the message of the first rule that gave it; a conflict adds
// its warning, with a message the engine writes.
void evaluator::codes_and_messages(decision_result& r) {
  for (std::uint32_t index : r.rules) {
    const compiled_rule& rule = p_.rules[index];
    if (rule.code.empty()) continue;
    auto& list = rule.is_warning ? r.warnings : r.codes;
    if (std::find(list.begin(), list.end(), rule.code) == list.end()) list.push_back(rule.code);
  }
  const std::string_view conflict = r.conflicts.empty() ? std::string_view()
                                    : deciding_->combine == lang::ast::combining::unique
                                        ? conflict_code
                                        : payload_conflict_code;
  if (!conflict.empty() &&
      std::find(r.warnings.begin(), r.warnings.end(), conflict) == r.warnings.end())
    r.warnings.push_back(conflict);
  if (r.codes.size() > 1) std::sort(r.codes.begin(), r.codes.end());
  if (r.warnings.size() > 1) std::sort(r.warnings.begin(), r.warnings.end());
  for (const auto* list : {&r.codes, &r.warnings}) {
    for (std::string_view code : *list) {
      if (!conflict.empty() && code == conflict) {
        add_conflict_message(r, conflict);
        continue;
      }
      for (std::uint32_t index : r.rules) {
        if (p_.rules[index].code == code) {
          add_message(r, code, p_.rules[index]);
          break;
        }
      }
    }
  }
}

void append_value(std::string& out, const value& v, const std::vector<std::string>* enum_names,
                  bool quoted) {
  auto inserter = std::back_inserter(out);
  switch (v.kind) {
    case value_kind::absent:
      out += "absent";
      return;
    case value_kind::boolean:
      out += v.number ? "true" : "false";
      return;
    case value_kind::integer: {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, v.number).ptr;
      out.append(digits, static_cast<std::size_t>(end - digits));
      return;
    }
    case value_kind::string:
      if (quoted) out += '"';
      out += v.text();
      if (quoted) out += '"';
      return;
    case value_kind::date:
      lang::append_date(out, {static_cast<std::int32_t>(v.number)});
      return;
    case value_kind::datetime:
      lang::append_datetime(out, instant(v));
      return;
    case value_kind::duration:
      fmt::format_to(
          inserter, "{} {}", v.number,
          v.flag ? (v.number == 1 ? "month" : "months") : (v.number == 1 ? "day" : "days"));
      return;
    case value_kind::enumeration:
      if (enum_names && static_cast<std::size_t>(v.number) < enum_names->size()) {
        out += (*enum_names)[v.number];
      } else {
        fmt::format_to(inserter, "#{}", v.number);
      }
      return;
    case value_kind::enum_set:
    case value_kind::list: {
      out += '[';
      bool first = true;
      for_each_element(v, [&](const value& item) {
        if (!first) out += ", ";
        first = false;
        append_value(out, item, enum_names, quoted);
        return true;
      });
      out += ']';
      return;
    }
    case value_kind::record:
      out += "{…}";
      return;
  }
}

}  // namespace clause::runtime
