// The spacing of tokens on one line, and how each token is printed: `clause fmt`'s canonical
// spelling of everything but line breaks and indentation.
#pragma once

#include <string>
#include <string_view>

#include "lang/format/marks.hpp"
#include "lang/format/tokens.hpp"

namespace clause::lang::detail {

bool is_punct(const token& t, std::string_view p);
bool is_word(const token& t, std::string_view w);  // a keyword or name, not an atom

// Whether one space separates `next` from `prev` on the same line (else none).
bool space_between(const token& prev, const token& next, const layout_marks& marks);

// The token as printed: as written, but a message's placeholders are laid out as expressions.
std::string printed(std::string_view text, const token& t, const layout_marks& marks);

}  // namespace clause::lang::detail
