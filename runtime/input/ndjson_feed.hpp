// NDJSON that arrives a part at a time (a request body as it is read from a socket), cut into
// cases by the rules case_reader applies to an NDJSON file: lines numbered from 1 across every
// part, a trailing `\r` dropped, blank lines skipped, a line larger than
// lang::limits::max_case_bytes an error record naming its line. What it holds is the lines of the
// last part not yet handed out and the line being completed, never more of that line than the
// largest case: memory stays flat however long the stream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/input/case_reader.hpp"

namespace clause::runtime {

class ndjson_feed {
 public:
  explicit ndjson_feed(std::string name) : name_(std::move(name)) {}
  // The next bytes of the stream.
  void feed(std::string_view bytes);
  // No more bytes will come: the last line, if it has no newline, is a case too.
  void finish() { finished_ = true; }
  // The case of the next complete line; false when more bytes are needed (or, after finish(), at
  // the end).
  bool next(raw_case& out);

 private:
  void too_long(raw_case& out);

  std::string name_;
  std::string pending_;    // complete lines not handed out yet, then the start of the next one
  std::size_t read_ = 0;   // where the next line starts in `pending_`
  bool dropping_ = false;  // the line being read is too long: its bytes are dropped to its end
  bool finished_ = false;
  std::size_t line_ = 0;      // lines ended so far
  std::size_t position_ = 0;  // cases (and error records) handed out so far
};

}  // namespace clause::runtime
