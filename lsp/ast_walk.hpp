// Every expression and every written type of a parsed module, for the editor's indexes.
#pragma once

#include <functional>

#include "lang/ast.hpp"

namespace clause::lsp {

// Calls `on_expr` for each expression of `m` (outermost first, then its parts) and `on_type` for
// each type as written (`list<Role>`, then `Role`).
void walk_module(const lang::ast::module& m,
                 const std::function<void(const lang::ast::expr&)>& on_expr,
                 const std::function<void(const lang::ast::type_expr&)>& on_type);
// Calls `on_root` for each outermost expression of `m` only (a let's value, a rule's condition).
void walk_expressions(const lang::ast::module& m,
                      const std::function<void(const lang::ast::expr&)>& on_root);

}  // namespace clause::lsp
