// Splits a JSON document that arrives in pieces of any size into its top-level array's elements
// (or its one top-level value), so a `.json` file of any length is read with memory bounded by
// its largest case rather than by the file. It follows only the document's outline: strings,
// escapes and bracket depth inside an element, and the commas and brackets between elements.
// Whether an element is valid JSON is the parser's question (`element_text` builds the text that
// asks it with the parser's own context); where the outline itself is wrong, the parser is asked
// too (`error_probe`), so the messages are the parser's, whatever reads the file.
//
// In a valid document the outline ends each element where the parser does. In an invalid one it
// may not (a stray quote turns strings inside out): an element whose parse fails at or past its
// end was cut short, and its reader must parse on into the bytes that follow to find the error.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace clause::runtime {

struct json_piece {
  std::string text;                    // the element's bytes (empty when too big)
  std::size_t index = 0;               // 0-based position in the array
  std::size_t line = 0, column = 0;    // where it starts, 1-based (column in characters)
  std::size_t offset = 0, length = 0;  // its bytes in the document
  bool too_big = false;                // longer than the splitter's cap: its bytes were not kept
};

class json_splitter {
 public:
  enum class shape { unknown, array, single };

  explicit json_splitter(std::size_t max_piece_bytes);

  // The next bytes of the document. Elements completed are appended to `out`. False when the
  // outline is wrong: `probe()` then says where and what the parser should be asked.
  bool add(std::string_view bytes, std::deque<json_piece>& out);
  // The document ended: a value still open (a number at the very end) is completed; false when the
  // document is unfinished or empty.
  bool finish(std::deque<json_piece>& out);

  shape form() const { return shape_; }

  // A wrong outline, as a text the parser fails on exactly where the document does, with the same
  // message: the parser's context before the place (`[0,` after a comma...) and the bytes from it.
  struct error_probe {
    std::string text;
    std::size_t context = 0;           // bytes of `text` before the place
    std::size_t line = 0, column = 0;  // the place's line and column in the document
    std::string message;  // when not empty, the error itself (the parser cannot be asked)
  };
  const error_probe& probe() const { return probe_; }

  // The text whose parse validates `piece` in its context (`[` before a first element, `[0,`
  // before a later one, `]` after), and how many bytes precede the piece in it.
  static std::string element_text(const json_piece& piece, shape form, std::size_t& context);

 private:
  enum class state { before, array_open, array_comma, array_after, element, after };
  enum class element_kind { container, string, scalar };

  void start_element(std::string_view bytes, std::size_t i);
  // Scans the element from bytes[i]; returns where it ended (one past its last byte), or npos when
  // the bytes ran out first.
  std::size_t scan_element(std::string_view bytes, std::size_t i);
  void complete(std::deque<json_piece>& out);
  void keep(std::string_view part);
  bool fail(std::string_view bytes, std::size_t i);
  void advance(std::string_view bytes, std::size_t from, std::size_t to);

  std::size_t max_bytes_;
  shape shape_ = shape::unknown;
  state state_ = state::before;
  element_kind kind_ = element_kind::container;
  std::size_t depth_ = 0;
  bool in_string_ = false, escaped_ = false;
  json_piece piece_;
  std::size_t count_ = 0;
  std::size_t line_ = 1, column_ = 1, offset_ = 0;  // of the next byte
  error_probe probe_;
};

}  // namespace clause::runtime
