#include "serve/query.hpp"

#include <fmt/format.h>

#include "lang/json_string.hpp"
#include "serve/request_error.hpp"

namespace clause::serve {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      if (i + 2 >= text.size() || hex_digit(text[i + 1]) < 0 || hex_digit(text[i + 2]) < 0) {
        throw request_error(400, "INVALID_QUERY",
                            fmt::format("the query parameter `{}` has a `%` that is not followed "
                                        "by two hexadecimal digits",
                                        text),
                            "write a `%` in a value as `%25`");
      }
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::string error_body(std::string_view code, std::string_view message, std::string_view help) {
  std::string out = "{\"error\":{\"code\":";
  lang::append_json_string(out, code);
  out += ",\"message\":";
  lang::append_json_string(out, message);
  if (!help.empty()) {
    out += ",\"help\":";
    lang::append_json_string(out, help);
  }
  out += "}}\n";
  return out;
}

std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::vector<query_parameter> parse_query(std::string_view query) {
  std::vector<query_parameter> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    query_parameter p;
    p.name = decoded(part.substr(0, eq));
    if (eq != std::string_view::npos) {
      p.value = decoded(part.substr(eq + 1));
      p.has_value = true;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace clause::serve
