// Table data from the bundle's YAML files, converted to constants of the table's declared types.
// Errors point into the YAML file, rendered like every other diagnostic.
#pragma once

#include <optional>
#include <string>

#include "lang/checked.hpp"

namespace clause::lang {

// Reads file `file` (already in `sources`) into `table.rows`; `at_key` selects a top-level key.
// `declared_at` is the `from "…"` of the table declaration, for errors about the file as a whole.
void load_yaml_table(const source_set& sources, file_id file,
                     const std::optional<std::string>& at_key, span declared_at,
                     const type_table& types, table_info& table, diagnostics& out);

}  // namespace clause::lang
