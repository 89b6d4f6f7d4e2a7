// A declared thing in words and code, for hovers and completion details: `let x: int = a + 1`,
// `enum Role { A, B }`, a builtin's signature and what it gives.
#pragma once

#include <string>

#include "lsp/symbol_index.hpp"
#include "lsp/workspace.hpp"

namespace clause::lsp {

// Markdown: the declaration as a `clause` code block, then a line of prose where there is one.
std::string describe(const analysis& a, const symbol& s);
// One line, for a completion item's detail: `int`, `list<Role>`, `enum Role`.
std::string short_detail(const analysis& a, const symbol& s);
// The name people know it by: `Role.AdminAgent`, `partner.type`, `attest.refuse`.
std::string symbol_name(const analysis& a, const symbol& s);
// The source text of a span, on one line, cut to `longest` characters.
std::string source_text(const analysis& a, lang::span where, std::size_t longest = 0);

}  // namespace clause::lsp
