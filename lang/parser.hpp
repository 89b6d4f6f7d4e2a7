// Source text of one .clause file to its AST, with syntax diagnostics. Recovers at declaration
// boundaries, so one file can report several errors.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "lang/source.hpp"

namespace clause::lang {

ast::module parse_module(const source_set& sources, file_id file, diagnostics& out);

}  // namespace clause::lang
