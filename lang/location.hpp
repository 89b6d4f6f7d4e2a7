// Places in texts, counted one way for every message clause prints: policy diagnostics, JSON and
// YAML case errors, rule locations in explanations. Lines are 1-based and end at '\n' (a '\r'
// before it is the last character of its line); columns are 1-based and count UTF-8 code points,
// so a column is what an editor shows. An offset past the end of a text is its end.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace clause::lang {

struct line_column {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in characters (UTF-8 code points)
};

// Walks one text forward, so that locating increasing offsets (every case of a file, in order)
// costs one pass over the text in all, however long its lines. An offset before the last one
// located starts the walk again from the beginning of the text.
class line_cursor {
 public:
  explicit line_cursor(std::string_view text) : text_(text) {}
  // A cursor standing at `line_start`, the first byte of line `line`, for a caller that indexed
  // its lines.
  line_cursor(std::string_view text, std::size_t line_start, std::uint32_t line)
      : text_(text), offset_(line_start), at_{line, 1} {}

  line_column locate(std::size_t offset);

 private:
  std::string_view text_;
  std::size_t offset_ = 0;  // where at_ is
  line_column at_;
};

// One offset, walking from the beginning: for a message about one place.
line_column locate(std::string_view text, std::size_t offset);

// Where a yaml-cpp mark is (its line and column are 0-based, -1 when unknown) in a file whose YAML
// document starts on line `first_line`.
line_column locate_yaml_mark(const YAML::Mark& mark, std::size_t first_line = 1);

// `file:line:column` and `file:line`, how every message names a place.
std::string format_location(std::string_view file, std::size_t line, std::size_t column);
std::string format_location(std::string_view file, std::size_t line);

// Number of UTF-8 code points in a byte range (continuation bytes are not counted).
std::uint32_t count_characters(std::string_view text);
// The bytes of the first `n` characters of `text` (all of it when it has fewer).
std::size_t first_characters(std::string_view text, std::size_t n);

// Source text quoted in a message: on one line (runs of blanks and line breaks as one space, none
// at the ends), cut between characters to `longest` of them, `...` included (0: never cut).
std::string one_line(std::string_view text, std::size_t longest = 0);

}  // namespace clause::lang
