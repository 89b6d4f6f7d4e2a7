// A module as text with neither spans nor expression ids: two parses print the same dump exactly
// when they say the same thing. `clause fmt` checks its output with it, and the tests compare
// files with it.
#pragma once

#include <string>

#include "lang/ast.hpp"

namespace clause::lang {

std::string dump(const ast::module& m);

}  // namespace clause::lang
