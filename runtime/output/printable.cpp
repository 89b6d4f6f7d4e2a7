#include "runtime/output/printable.hpp"

#include <fmt/format.h>

namespace clause::runtime {

namespace {

bool c0(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}
bool c1_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

bool needs_escaping(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (c0(static_cast<unsigned char>(text[i])) || c1_at(text, i)) return true;
  }
  return false;
}

void append_printable(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c1_at(text, i)) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else if (!c0(c)) {
      out += text[i];
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
    }
  }
}

std::string printable(std::string_view text) {
  std::string out;
  append_printable(out, text);
  return out;
}

}  // namespace clause::runtime
