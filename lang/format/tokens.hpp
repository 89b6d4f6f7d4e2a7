// The tokens `clause fmt` lays out: the file's text cut into words, literals, punctuation and
// comments, each with its source place. The formatter only decides the white space between them,
// so a formatted file holds the same tokens in the same order as the one it came from.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lang/source.hpp"

namespace clause::lang::detail {

enum class token_kind : std::uint8_t { word, number, string, punct, comment };

struct token {
  token_kind kind = token_kind::punct;
  // Cut where the AST says (a rule id `a-b`, a code `1A`, a locale `zh-TW`, a type's `<` `>`),
  // not by the character rules: never a keyword, never merged with its neighbours.
  bool atom = false;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t newlines_before = 0;  // in the source, between the previous token and this one
  std::string_view text;              // as written; a comment without its trailing blanks
};

// The tokens of text[from, to). `atoms` (sorted by their beginning) are taken whole. A UTF-8 byte
// order mark at offset 0 is skipped.
std::vector<token> lex(std::string_view text, std::uint32_t from, std::uint32_t to,
                       const std::vector<span>& atoms);

bool is_keyword(std::string_view word);
bool is_declaration_keyword(std::string_view word);

}  // namespace clause::lang::detail
