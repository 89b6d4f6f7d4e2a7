// The answers to the protocol's requests about a place in a file, each from the analysis of the
// file's bundle. A place the bundle knows nothing about gets `null` (or an empty list), as the
// protocol asks.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lsp/protocol.hpp"
#include "lsp/workspace.hpp"

namespace clause::lsp {

json hover(const analysis& a, lang::file_id file, std::uint32_t offset);
json definition(const analysis& a, lang::file_id file, std::uint32_t offset);
json references(const analysis& a, lang::file_id file, std::uint32_t offset,
                bool include_declaration);
json document_symbols(const analysis& a, lang::file_id file);
json workspace_symbols(const std::vector<std::shared_ptr<const analysis>>& bundles,
                       std::string_view query);
// `text` is the buffer as the editor has it (it may not parse); `a` its last analysis.
json completion(const analysis& a, lang::file_id file, std::string_view text, std::uint32_t offset);
json formatting(const std::string& path, const std::string& text);
json code_actions(const analysis& a, lang::file_id file, lang::span range, const std::string& uri);

}  // namespace clause::lsp
