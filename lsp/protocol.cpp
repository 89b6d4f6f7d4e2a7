#include "lsp/protocol.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

#include "lsp/uri.hpp"
#include "lsp/workspace.hpp"

namespace clause::lsp {

const json& member(const json& object, std::string_view key, std::string_view path) {
  if (!object.is_object())
    throw rpc_error(error_code::invalid_params, fmt::format("`{}` is not in an object", path));
  auto it = object.find(key);
  if (it == object.end())
    throw rpc_error(error_code::invalid_params, fmt::format("`{}` is missing", path));
  return *it;
}

std::string string_member(const json& object, std::string_view key, std::string_view path) {
  const json& v = member(object, key, path);
  if (!v.is_string())
    throw rpc_error(error_code::invalid_params, fmt::format("`{}` must be a string", path));
  return v.get<std::string>();
}

std::uint32_t number_member(const json& object, std::string_view key, std::string_view path) {
  const json& v = member(object, key, path);
  if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
      v.get<std::int64_t>() > std::numeric_limits<std::uint32_t>::max()) {
    throw rpc_error(error_code::invalid_params,
                    fmt::format("`{}` must be a non-negative integer", path));
  }
  return static_cast<std::uint32_t>(v.get<std::int64_t>());
}

position position_member(const json& object, std::string_view key, std::string_view path) {
  const json& p = member(object, key, path);
  return {number_member(p, "line", fmt::format("{}.line", path)),
          number_member(p, "character", fmt::format("{}.character", path))};
}

std::string document_path(const json& params) {
  const json& doc = member(params, "textDocument", "textDocument");
  const std::string uri = string_member(doc, "uri", "textDocument.uri");
  auto path = uri_to_path(uri);
  if (!path) {
    throw rpc_error(error_code::invalid_params,
                    fmt::format("`textDocument.uri` is not a `file://` URI: `{}`", uri));
  }
  return normal_path(*path);
}

json to_json(position p) {
  return {{"line", p.line}, {"character", p.character}};
}

json range_json(const line_map& lines, lang::span where) {
  return {{"start", to_json(lines.to_position(where.begin))},
          {"end", to_json(lines.to_position(std::max(where.begin, where.end)))}};
}

json location_json(const std::string& path, const line_map& lines, lang::span where) {
  return {{"uri", path_to_uri(path)}, {"range", range_json(lines, where)}};
}

}  // namespace clause::lsp
