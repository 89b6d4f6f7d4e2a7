// The limits of the language, in one place. No input may crash, hang or exhaust memory: every
// input larger or deeper than these is refused with an E0002 diagnostic naming the limit.
#pragma once

#include <cstddef>

namespace clause::lang::limits {

inline constexpr std::size_t max_source_bytes = 4u << 20;  // one .clause file
inline constexpr std::size_t max_data_bytes = 16u << 20;   // one YAML data file
inline constexpr std::size_t max_bundle_files = 256;       // .clause files in a bundle
inline constexpr std::size_t max_nesting_depth = 64;       // expressions, types, records
// The depth of an expression's tree, where each operator of a chain (`a or b or c`), each `.field`
// and `[index]` is a level, and a let that is read counts as deep as its value: the checker,
// the compiler and evaluation recurse that deep.
inline constexpr std::size_t max_expression_depth = 1000;
inline constexpr std::size_t max_identifier_length = 128;    // names and rule ids
inline constexpr std::size_t max_string_length = 16u << 10;  // one string literal
inline constexpr std::size_t max_diagnostics_per_file = 50;  // syntax errors before giving up
inline constexpr std::size_t max_table_entries = 1u << 20;   // rows of one table
inline constexpr std::size_t max_data_depth = 32;            // nesting of a YAML data value
// One case read by `clause eval` (an NDJSON line, a YAML document or list item, a JSON array
// element), and a YAML case's values once its aliases are expanded (bind_yaml.cpp counts them):
// a case larger than this is an error record for that case, and the run goes on.
inline constexpr std::size_t max_case_bytes = 1u << 20;

}  // namespace clause::lang::limits
