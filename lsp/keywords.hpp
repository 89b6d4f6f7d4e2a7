// The words of the language that are not names, for completion and for the keyword test that
// checks this list against the grammar.
#pragma once

#include <string_view>

namespace clause::lsp {

inline constexpr std::string_view keywords[] = {
    "policy",   "import",  "enum",     "record", "input",  "param",   "let",      "table",
    "decision", "rule",    "property", "if",     "then",   "else",    "and",      "or",
    "not",      "in",      "has",      "true",   "false",  "any",     "all",      "none",
    "count",    "where",   "overlaps", "subset", "of",     "version", "when",     "outcomes",
    "combine",  "default", "from",     "until",  "at",     "warn",    "holds",    "collect",
    "first",    "unique",  "bool",     "int",    "string", "date",    "datetime", "duration",
    "list",     "set",     "map",
};

}  // namespace clause::lsp
