// What the formatter needs to know from the AST and cannot see in the tokens: which braces make a
// set (written tight, `{A, B}`), which `<` `>` enclose type arguments, where a rule's action and
// its translations start, which strings are messages (their placeholders are laid out), and the
// tokens that the character rules would cut wrongly (a rule id `a-b`, a locale tag `zh-TW`).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lang/ast.hpp"

namespace clause::lang::detail {

struct layout_marks {
  std::vector<span> atoms;  // sorted by their beginning
  std::unordered_set<std::uint32_t> tight_braces;
  std::unordered_set<std::uint32_t> type_brackets;
  std::unordered_set<std::uint32_t> action_starts;
  std::unordered_set<std::uint32_t> translation_starts;
  std::unordered_set<std::uint32_t> messages;
  std::unordered_set<std::uint32_t> unary_minus;  // `-5`, `-x`: no space after the sign
};

layout_marks collect_marks(const ast::module& m, std::string_view text);

}  // namespace clause::lang::detail
