// `file://` URIs, as clients name documents, to paths and back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clause::lsp {

// The absolute path of a `file://` URI (percent-escapes decoded), or nothing for another scheme or
// a malformed escape.
std::optional<std::string> uri_to_path(std::string_view uri);
// The URI of an absolute path, escaping what RFC 3986 does not allow in a path.
std::string path_to_uri(std::string_view path);

}  // namespace clause::lsp
