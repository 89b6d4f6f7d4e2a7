#include "lang/location.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clause::lang {

std::size_t first_characters(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  while (i < text.size() && n > 0) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
      ++i;
    --n;
  }
  return i;
}

std::uint32_t count_characters(std::string_view text) {
  std::uint32_t n = 0;
  for (unsigned char c : text)
    n += (c & 0xC0) != 0x80;
  return n;
}

line_column line_cursor::locate(std::size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < offset_) {
    offset_ = 0;
    at_ = {};
  }
  std::string_view walked = text_.substr(offset_, offset - offset_);
  for (std::size_t newline = walked.find('\n'); newline != std::string_view::npos;
       newline = walked.find('\n')) {
    ++at_.line;
    at_.column = 1;
    walked.remove_prefix(newline + 1);
  }
  at_.column += count_characters(walked);
  offset_ = offset;
  return at_;
}

line_column locate(std::string_view text, std::size_t offset) {
  return line_cursor(text).locate(offset);
}

line_column locate_yaml_mark(const YAML::Mark& mark, std::size_t first_line) {
  return {static_cast<std::uint32_t>(first_line + static_cast<std::size_t>(std::max(0, mark.line))),
          static_cast<std::uint32_t>(std::max(0, mark.column) + 1)};
}

std::string format_location(std::string_view file, std::size_t line, std::size_t column) {
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string format_location(std::string_view file, std::size_t line) {
  return fmt::format("{}:{}", file, line);
}

std::string one_line(std::string_view text, std::size_t longest) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  if (longest > 3 && count_characters(out) > longest)
    out = out.substr(0, first_characters(out, longest - 3)) + "...";
  return out;
}

}  // namespace clause::lang
