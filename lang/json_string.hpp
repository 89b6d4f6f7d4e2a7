// Appends `text` as a JSON string literal (quoted, escaped). Used by every JSON writer.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace clause::lang {

// Whether any of the 8 bytes of `w` may need escaping (below 0x20, `"` or `\\`). It may say so
// of a byte that does not (a borrow from a lower byte that does); never the other way round.
inline bool may_need_escaping(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
  const std::uint64_t control = (w - 0x20 * ones) & ~w;
  const std::uint64_t q = w ^ ('"' * ones), b = w ^ ('\\' * ones);
  const std::uint64_t quote = (q - ones) & ~q, backslash = (b - ones) & ~b;
  return ((control | quote | backslash) & highs) != 0;
}

// Plain characters are appended a run at a time, and passed over eight at a time: most texts
// have nothing to escape.
inline void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  const std::size_t n = text.size();
  std::size_t plain = 0;  // where the current run of plain characters starts
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      if (!may_need_escaping(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i++]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - 1 - plain);
    plain = i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(text.data() + plain, n - plain);
  out += '"';
}

inline std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace clause::lang
