// The lines of a formatted file: where each token starts a line, at which indentation, and where
// blank lines and comments go. See lang/README.md, "Formatting (`clause fmt`)", for the rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lang/format/marks.hpp"
#include "lang/format/tokens.hpp"

namespace clause::lang::detail {

inline constexpr std::uint32_t format_width = 100;

struct out_line {
  std::uint32_t indent = 0;
  std::string code;     // the text after the indentation (a whole-line comment's text)
  std::string comment;  // an end-of-line comment
  bool comment_only = false;
  bool blank_before = false;
};

std::vector<out_line> lay_out(std::string_view text, const std::vector<token>& tokens,
                              const layout_marks& marks);

}  // namespace clause::lang::detail
