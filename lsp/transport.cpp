#include "lsp/transport.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string_view>

#include "lsp/limits.hpp"

namespace clause::lsp {

namespace {

// One header line without its line end, or nothing at the end of the input. Over-long lines are
// cut (what is kept is enough to tell a Content-Length).
std::optional<std::string> read_line(std::FILE* in) {
  std::string line;
  int c = 0;
  bool any = false;
  while ((c = std::fgetc(in)) != EOF) {
    any = true;
    if (c == '\n') break;
    if (line.size() < limits::max_header_line) line.push_back(static_cast<char>(c));
  }
  if (!any) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<frame> transport::read() {
  std::optional<std::size_t> length;
  std::string error;
  bool saw_header = false;
  for (;;) {
    auto line = read_line(in_);
    if (!line) {
      if (!saw_header) return std::nullopt;
      return frame{{}, "the input ended inside a message's header"};
    }
    if (line->empty()) {
      if (!saw_header) continue;  // stray blank lines between messages
      break;
    }
    saw_header = true;
    const auto colon = line->find(':');
    if (colon == std::string::npos) {
      error = fmt::format("a header line without `:`: `{}`", *line);
      continue;
    }
    if (!equals_ignoring_case(trim(std::string_view(*line).substr(0, colon)), "Content-Length"))
      continue;
    const std::string_view value = trim(std::string_view(*line).substr(colon + 1));
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || end != value.data() + value.size()) {
      error = fmt::format("`Content-Length` is not a number: `{}`", value);
      continue;
    }
    length = n;
  }
  if (!length) {
    return frame{{}, error.empty() ? "a message without a `Content-Length` header" : error};
  }
  if (*length > limits::max_message_bytes) {
    for (std::size_t i = 0; i < *length && std::fgetc(in_) != EOF; ++i) {
    }
    return frame{{},
                 fmt::format("a message of {} bytes: the most is {} MiB", *length,
                             limits::max_message_bytes >> 20)};
  }
  frame f;
  f.body.resize(*length);
  const std::size_t got = std::fread(f.body.data(), 1, *length, in_);
  if (got != *length) {
    return frame{
        {}, fmt::format("the input ended after {} of the {} bytes of a message", got, *length)};
  }
  if (!error.empty()) f.error = error;
  return f;
}

void transport::write(const std::string& body) {
  const std::string header = fmt::format("Content-Length: {}\r\n\r\n", body.size());
  std::fwrite(header.data(), 1, header.size(), out_);
  std::fwrite(body.data(), 1, body.size(), out_);
  std::fflush(out_);
}

}  // namespace clause::lsp
