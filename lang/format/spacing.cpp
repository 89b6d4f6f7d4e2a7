#include "lang/format/spacing.hpp"

namespace clause::lang::detail {

bool is_punct(const token& t, std::string_view p) {
  return t.kind == token_kind::punct && !t.atom && t.text == p;
}

bool is_word(const token& t, std::string_view w) {
  return t.kind == token_kind::word && !t.atom && t.text == w;
}

namespace {

bool is_type_bracket(const token& t, const layout_marks& marks) {
  return t.atom && marks.type_brackets.contains(t.begin);
}

bool is_tight_brace(const token& t, const layout_marks& marks) {
  return marks.tight_braces.contains(t.begin);
}

// A token after which `(` opens a call's arguments or an outcome's payload: a name.
bool is_callee(const token& t) {
  return t.kind == token_kind::word && !t.atom && !is_keyword(t.text);
}

// A token that can end an operand, so that a `[` after it indexes it.
bool ends_operand(const token& t) {
  if (t.kind == token_kind::word)
    return !t.atom && (!is_keyword(t.text) || t.text == "true" || t.text == "false");
  return t.kind == token_kind::number || t.kind == token_kind::string || is_punct(t, ")") ||
         is_punct(t, "]") || is_punct(t, "}");
}

}  // namespace

bool space_between(const token& prev, const token& next, const layout_marks& marks) {
  if (is_punct(prev, "(") || is_punct(prev, "[") || is_punct(prev, ".")) return false;
  if (is_punct(prev, "-") && marks.unary_minus.contains(prev.begin)) return false;
  if (is_punct(next, ")") || is_punct(next, "]") || is_punct(next, ",") || is_punct(next, ":") ||
      is_punct(next, "?") || is_punct(next, "."))
    return false;
  if (is_punct(prev, "{")) return !is_tight_brace(prev, marks) && !is_punct(next, "}");
  if (is_punct(next, "}")) return !is_tight_brace(next, marks);
  if (is_type_bracket(next, marks)) return false;
  if (is_type_bracket(prev, marks) && prev.text == "<") return false;
  if (is_punct(next, "(")) return !is_callee(prev);
  if (is_punct(next, "[")) return !ends_operand(prev);
  return true;
}

std::string printed(std::string_view text, const token& t, const layout_marks& marks) {
  if (t.kind != token_kind::string || !marks.messages.contains(t.begin) || t.text.size() < 2)
    return std::string(t.text);
  const std::string_view raw = t.text;
  const std::size_t last = raw.size() - 1;  // the closing quote
  std::string out = "\"";
  std::size_t i = 1;
  while (i < last) {
    if (raw[i] == '\\') {
      out += raw.substr(i, 2);
      i += 2;
      continue;
    }
    const std::size_t close = raw[i] == '{' ? raw.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos || close >= last) {
      out += raw[i++];
      continue;
    }
    // The placeholder as the parser read it: from `{` to the first `}`.
    const auto inner = lex(text, t.begin + static_cast<std::uint32_t>(i + 1),
                           t.begin + static_cast<std::uint32_t>(close), {});
    bool has_comment = false;
    for (const token& p : inner)
      has_comment = has_comment || p.kind == token_kind::comment;
    if (has_comment) {
      out += raw.substr(i, close + 1 - i);
    } else {
      out += '{';
      for (std::size_t k = 0; k < inner.size(); ++k) {
        if (k > 0 && space_between(inner[k - 1], inner[k], marks)) out += ' ';
        out += inner[k].text;
      }
      out += '}';
    }
    i = close + 1;
  }
  out += raw.substr(last);
  return out;
}

}  // namespace clause::lang::detail
