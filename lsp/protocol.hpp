// The pieces of the protocol every feature uses: JSON-RPC error codes, reading a request's
// parameters with errors that name the missing member, and clause's spans as LSP ranges.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

#include "lang/source.hpp"
#include "lsp/positions.hpp"

namespace clause::lsp {

using json = nlohmann::json;

namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_not_initialized = -32002;
inline constexpr int request_failed = -32803;
}  // namespace error_code

// A request the server answers with a JSON-RPC error instead of a result.
class rpc_error : public std::runtime_error {
 public:
  rpc_error(int code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// `object.key`, or an invalid-params error naming `path` (`textDocument.uri`).
const json& member(const json& object, std::string_view key, std::string_view path);
std::string string_member(const json& object, std::string_view key, std::string_view path);
std::uint32_t number_member(const json& object, std::string_view key, std::string_view path);
position position_member(const json& object, std::string_view key, std::string_view path);
// The absolute path of `params.textDocument.uri`; invalid params when it is not a `file://` URI.
std::string document_path(const json& params);

json to_json(position p);
json range_json(const line_map& lines, lang::span where);
json location_json(const std::string& path, const line_map& lines, lang::span where);

}  // namespace clause::lsp
