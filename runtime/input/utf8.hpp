// UTF-8 validation, one rule for every input format: the JSON parser checks its strings with it,
// and a YAML case's text is checked with it before yaml-cpp (which passes any byte through) reads
// it, so both refuse the same bytes with the same message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clause::runtime {

// The length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
inline std::size_t utf8_sequence_length(const char* p, std::size_t available) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  const auto continues = [&](std::size_t i, unsigned low, unsigned high) {
    return i < available && byte(i) >= low && byte(i) <= high;
  };
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) return continues(1, 0x80, 0xBF) ? 2 : 0;
  if (lead < 0xF0) {
    const unsigned low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned high = lead == 0xED ? 0x9F : 0xBF;
    return continues(1, low, high) && continues(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead < 0xF5) {
    const unsigned low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned high = lead == 0xF4 ? 0x8F : 0xBF;
    return continues(1, low, high) && continues(2, 0x80, 0xBF) && continues(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// The offset of the first byte of `text` that does not start a well-formed sequence, or npos.
inline std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text.data() + i, text.size() - i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

// What an error record says of the byte first_invalid_utf8 found: `invalid UTF-8 byte 0xFF`.
inline std::string invalid_utf8_message(char byte) {
  static constexpr char digits[] = "0123456789ABCDEF";
  const auto b = static_cast<unsigned char>(byte);
  std::string out = "invalid UTF-8 byte 0x";
  out += digits[b >> 4];
  out += digits[b & 0xF];
  return out;
}

}  // namespace clause::runtime
