#include "lsp/positions.hpp"

#include <algorithm>

namespace clause::lsp {

namespace {

// The length of the UTF-8 sequence that starts with `lead`; 1 for a byte that cannot start one,
// so malformed text still advances.
std::uint32_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

line_map::line_map(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

position line_map::to_position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  std::uint32_t units = 0;
  for (std::uint32_t i = starts_[line]; i < offset;) {
    const std::uint32_t n = sequence_length(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;  // beyond the Basic Multilingual Plane: a surrogate pair
    i += n;
  }
  return {line, units};
}

std::uint32_t line_map::to_offset(position p) const {
  if (p.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::uint32_t i = starts_[p.line];
  const std::uint32_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1
                                                        : static_cast<std::uint32_t>(text_.size());
  std::uint32_t units = 0;
  while (i < end && units < p.character) {
    const std::uint32_t n = sequence_length(static_cast<unsigned char>(text_[i]));
    const std::uint32_t width = n == 4 ? 2 : 1;
    // Inside a surrogate pair: the character's start, never the middle of its bytes.
    if (i + n > end || units + width > p.character) break;
    units += width;
    i += n;
  }
  return i;
}

}  // namespace clause::lsp
