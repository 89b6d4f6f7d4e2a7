// Where a case comes from: its default id (its position) and the place error messages name.
#pragma once

#include <cstddef>
#include <string_view>

namespace clause::runtime {

struct case_origin {
  std::string_view file;     // as given on the command line; `-` for standard input
  std::size_t line = 1;      // where the case's text starts in the file (1-based)
  std::size_t position = 1;  // the case's 1-based position in its file
};

}  // namespace clause::runtime
