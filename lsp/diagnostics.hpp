// The checker's diagnostics as the protocol publishes them, file by file.
#pragma once

#include <map>
#include <string>

#include "lsp/protocol.hpp"
#include "lsp/workspace.hpp"

namespace clause::lsp {

// An LSP diagnostic array for every file of the analysis (empty for a file without any), by
// absolute path. A place another file named in a message (`file:line:column`, as clause names
// the first declaration of a name declared twice) becomes a related location.
std::map<std::string, json> diagnostics_by_file(const analysis& a);

// The protocol's form of one diagnostic of `a` (what code actions are attached to).
json diagnostic_json(const analysis& a, const lang::diagnostic& d);

}  // namespace clause::lsp
