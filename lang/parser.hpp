// Source text of one .clause file to its AST, with syntax diagnostics. Recovers at declaration
// boundaries, so one file can report several errors.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "lang/source.hpp"

namespace clause::lang {

// Its expressions are numbered from `first_id` up to `end_expr_id`: a bundle's second file starts
// where its first ends, so that ids are unique in the bundle.
ast::module parse_module(const source_set& sources, file_id file, diagnostics& out,
                         ast::expr_id first_id = 0);

}  // namespace clause::lang
