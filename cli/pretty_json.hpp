// `--pretty`: a compact JSON text (a record, as the API writes it) laid out for reading, two spaces
// a level; short arrays of scalars stay on one line.
#pragma once

#include <string>
#include <string_view>

namespace clause::cli {

// Appends `compact` (valid JSON without insignificant white space) laid out to `out`, with a
// newline at the end.
void append_pretty_json(std::string& out, std::string_view compact);

}  // namespace clause::cli
