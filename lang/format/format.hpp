// `clause fmt`: the canonical layout of a .clause file. Only white space changes: the tokens, the
// comments and the parentheses stay as written, so the formatted file parses to the same AST.
// The layout rules are in lang/README.md, "Formatting (`clause fmt`)".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clause::lang {

// The formatted text, or nullopt when `text` does not parse: then `errors` holds its syntax
// diagnostics, rendered as `clause check` prints them, against `path`.
std::optional<std::string> format_source(std::string_view text, std::string& errors,
                                         const std::string& path = "<input>");

}  // namespace clause::lang
