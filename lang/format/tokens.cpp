#include "lang/format/tokens.hpp"

#include <algorithm>
#include <array>

namespace clause::lang::detail {

namespace {

// grammar.hpp's keywords, split as it splits them.
constexpr std::array<std::string_view, 11> declaration_keywords = {
    "policy", "import", "enum",     "record", "input",   "param",
    "let",    "table",  "decision", "rule",   "property"};
constexpr std::array<std::string_view, 28> other_keywords = {
    "if",      "then",     "else",   "and",   "or",      "not",  "in",
    "has",     "true",     "false",  "any",   "all",     "none", "count",
    "where",   "overlaps", "subset", "of",    "version", "when", "outcomes",
    "combine", "default",  "from",   "until", "at",      "warn", "holds"};

bool ident_first(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool ident_other(char c) {
  return ident_first(c) || digit(c);
}

// grammar.hpp's date_literal and datetime_literal: the length of the one at `i`, or 0.
std::size_t date_length(std::string_view t, std::size_t i) {
  auto digits_at = [&](std::size_t at, std::size_t n) {
    if (at + n > t.size()) return false;
    for (std::size_t k = 0; k < n; ++k)
      if (!digit(t[at + k])) return false;
    return true;
  };
  auto char_at = [&](std::size_t at, char c) { return at < t.size() && t[at] == c; };
  if (!(digits_at(i, 4) && char_at(i + 4, '-') && digits_at(i + 5, 2) && char_at(i + 7, '-') &&
        digits_at(i + 8, 2)))
    return 0;
  std::size_t end = i + 10;
  if (char_at(end, 'T') && digits_at(end + 1, 2) && char_at(end + 3, ':') &&
      digits_at(end + 4, 2) && char_at(end + 6, ':') && digits_at(end + 7, 2)) {
    end += 9;
    if (char_at(end, '.') && digits_at(end + 1, 1)) {
      ++end;
      while (end < t.size() && digit(t[end]))
        ++end;
    }
    if (char_at(end, 'Z')) {
      ++end;
    } else if ((char_at(end, '+') || char_at(end, '-')) && digits_at(end + 1, 2) &&
               char_at(end + 3, ':') && digits_at(end + 4, 2)) {
      end += 6;
    }
  }
  if (end < t.size() && ident_other(t[end])) return 0;
  return end - i;
}

constexpr std::array<std::string_view, 6> two_character_punctuation = {
    "->", "??", "==", "!=", "<=", ">="};

}  // namespace

bool is_declaration_keyword(std::string_view word) {
  return std::find(declaration_keywords.begin(), declaration_keywords.end(), word) !=
         declaration_keywords.end();
}

bool is_keyword(std::string_view word) {
  return is_declaration_keyword(word) ||
         std::find(other_keywords.begin(), other_keywords.end(), word) != other_keywords.end();
}

std::vector<token> lex(std::string_view text, std::uint32_t from, std::uint32_t to,
                       const std::vector<span>& atoms) {
  std::vector<token> out;
  std::size_t i = from;
  if (i == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  auto atom = std::lower_bound(atoms.begin(), atoms.end(), from,
                               [](const span& s, std::uint32_t at) { return s.begin < at; });
  std::uint32_t newlines = 0;
  while (i < to) {
    const char c = text[i];
    if (c == '\n') {
      ++newlines;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    token t;
    t.begin = static_cast<std::uint32_t>(i);
    t.newlines_before = newlines;
    newlines = 0;
    while (atom != atoms.end() && atom->begin < i)
      ++atom;
    std::size_t end = i + 1;
    if (atom != atoms.end() && atom->begin == i && atom->end > i) {
      t.kind = token_kind::word;
      t.atom = true;
      end = atom->end;
    } else if (c == '#') {
      t.kind = token_kind::comment;
      end = text.find('\n', i);
      if (end == std::string_view::npos || end > to) end = to;
    } else if (c == '"') {
      t.kind = token_kind::string;
      while (end < to && text[end] != '"' && text[end] != '\n') {
        if (text[end] == '\\' && end + 1 < to && text[end + 1] != '\n') ++end;
        ++end;
      }
      if (end < to && text[end] == '"') ++end;
    } else if (ident_first(c)) {
      t.kind = token_kind::word;
      while (end < to && ident_other(text[end]))
        ++end;
    } else if (digit(c)) {
      t.kind = token_kind::number;
      if (const std::size_t n = date_length(text.substr(0, to), i); n > 0) {
        end = i + n;
      } else {
        while (end < to && digit(text[end]))
          ++end;
      }
    } else {
      t.kind = token_kind::punct;
      for (std::string_view p : two_character_punctuation)
        if (text.substr(i, 2) == p && i + 2 <= to) end = i + 2;
    }
    std::string_view written = text.substr(i, end - i);
    if (t.kind == token_kind::comment) {
      while (!written.empty() &&
             (written.back() == ' ' || written.back() == '\t' || written.back() == '\r' ||
              written.back() == '\f' || written.back() == '\v'))
        written.remove_suffix(1);
    }
    t.end = static_cast<std::uint32_t>(end);
    t.text = written;
    out.push_back(t);
    i = end;
  }
  return out;
}

}  // namespace clause::lang::detail
