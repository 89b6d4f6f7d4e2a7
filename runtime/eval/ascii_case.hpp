// Comparing texts with ASCII letters folded (`equals_ignore_case`, locale tags): eight bytes at a
// time, each word lowered without a branch per byte. Bytes outside A-Z, non-ASCII ones included,
// compare as they are.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace clause::runtime {

inline char fold_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The word with each byte in A-Z lowered: bit 7 of a byte marks it in range, moved to bit 5.
inline std::uint64_t fold_ascii_word(std::uint64_t w) {
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, high = 0x8080808080808080u;
  constexpr std::uint64_t each = 0x0101010101010101u;
  const std::uint64_t seven = w & low7;
  const std::uint64_t at_least_a = seven + each * (0x80 - 'A');     // bit 7: byte >= 'A'
  const std::uint64_t above_z = seven + each * (0x80 - 'Z' - 1);    // bit 7: byte > 'Z'
  const std::uint64_t letters = at_least_a & ~above_z & ~w & high;  // ASCII, in A-Z
  return w | (letters >> 2);
}

inline bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y && fold_ascii_word(x) != fold_ascii_word(y)) return false;
  }
  for (; i < a.size(); ++i) {
    if (fold_ascii(a[i]) != fold_ascii(b[i])) return false;
  }
  return true;
}

}  // namespace clause::runtime
