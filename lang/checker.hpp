// The checker: names, types, presence guards, decisions and rules of a parsed bundle.
#pragma once

#include <functional>
#include <optional>

#include "lang/checked.hpp"

namespace clause::lang {

// Reads a table's data file (`table t: … from "file.yaml"`), relative to the file that declares
// it; adds it to the sources and returns its id, or reports why it cannot (and returns nothing).
using data_reader = std::function<std::optional<file_id>(const ast::table_decl&,
                                                         file_id declared_in, diagnostics& out)>;

// Checks `bundle.modules` and fills in the rest of `bundle`. Reports into `out`.
void check_bundle(checked_bundle& bundle, const data_reader& read_data, diagnostics& out);

}  // namespace clause::lang
