// Places in a text as the Language Server Protocol counts them: 0-based lines, and characters
// counted in UTF-16 code units (the protocol's default encoding, which every client speaks).
// clause itself counts bytes (spans) and code points (columns); this is the one translation.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace clause::lsp {

struct position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;  // UTF-16 code units from the start of the line
};

// The line starts of one text, to convert byte offsets and positions both ways. A position past
// the end of its line is its line's end; a line past the last is the end of the text.
class line_map {
 public:
  explicit line_map(std::string_view text);
  position to_position(std::uint32_t offset) const;
  std::uint32_t to_offset(position p) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

}  // namespace clause::lsp
