// The language server's limits: what a client may send before it is refused.
#pragma once

#include <cstddef>

namespace clause::lsp::limits {

// A message larger than this is skipped with an error: a buffer past the language's own source
// limit could not be checked anyway.
inline constexpr std::size_t max_message_bytes = std::size_t{64} << 20;
inline constexpr std::size_t max_header_line = 1024;
// Files looked at when searching the workspace for bundles (workspace symbols).
inline constexpr std::size_t max_workspace_files = 20000;
// Completion items in one reply.
inline constexpr std::size_t max_completions = 500;

}  // namespace clause::lsp::limits
