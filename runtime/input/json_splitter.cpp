#include "runtime/input/json_splitter.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace clause::runtime {

namespace {

constexpr std::size_t npos = std::string_view::npos;
// Enough of the bytes after a wrong place for the parser's "found ..." (a word of up to 16
// characters, or one UTF-8 character).
constexpr std::size_t probe_bytes = 32;

bool whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A byte that can neither start a value nor continue a number or literal.
bool delimiter(char c) {
  return whitespace(c) || c == ',' || c == ']' || c == '}' || c == ':' || c == '[' || c == '{' ||
         c == '"';
}

// UTF-8 characters in [p, end): the bytes that are not continuation bytes (10xxxxxx), eight at a
// time.
std::size_t characters(const char* p, const char* end) {
  const auto bytes = static_cast<std::size_t>(end - p);
  std::size_t continuations = 0;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  for (; end - p >= 8; p += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    // Each continuation byte's top bit, moved to its lowest, summed by a multiplication.
    const std::uint64_t ones = (w & high & ~(w << 1)) >> 7;
    continuations += static_cast<std::size_t>((ones * 0x0101010101010101ULL) >> 56);
  }
  for (; p < end; ++p)
    continuations += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
  return bytes - continuations;
}

bool starts_value(char c) {
  return c != ',' && c != ']' && c != '}' && c != ':';
}

// The parser's context in each state, as text: parsing it followed by the document's next bytes
// fails where the document does, with the same message. `[[]` rather than `[0` after an element,
// so that a digit next is not read as part of a number.
std::string_view context_of(int state) {
  constexpr std::string_view contexts[] = {"", "[", "[0,", "[[]", "", "[]"};
  return contexts[state];
}

}  // namespace

json_splitter::json_splitter(std::size_t max_piece_bytes) : max_bytes_(max_piece_bytes) {}

bool json_splitter::add(std::string_view bytes, std::deque<json_piece>& out) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (state_ == state::element) {
      const std::size_t end = scan_element(bytes, i);
      const std::size_t stop = end == npos ? bytes.size() : end;
      keep(bytes.substr(i, stop - i));
      advance(bytes, i, stop);
      i = stop;
      if (end != npos) complete(out);
      continue;
    }
    const char c = bytes[i];
    if (whitespace(c)) {
      advance(bytes, i, i + 1);
      ++i;
      continue;
    }
    switch (state_) {
      case state::before:
        if (c == '[') {
          shape_ = shape::array;
          state_ = state::array_open;
          advance(bytes, i, i + 1);
          ++i;
          continue;
        }
        if (!starts_value(c)) return fail(bytes, i);
        shape_ = shape::single;
        start_element(bytes, i);
        continue;
      case state::array_open:
      case state::array_comma:
        if (c == ']' && state_ == state::array_open) {
          state_ = state::after;
          advance(bytes, i, i + 1);
          ++i;
          continue;
        }
        if (!starts_value(c)) return fail(bytes, i);
        start_element(bytes, i);
        continue;
      case state::array_after:
        if (c != ',' && c != ']') return fail(bytes, i);
        state_ = c == ',' ? state::array_comma : state::after;
        advance(bytes, i, i + 1);
        ++i;
        continue;
      case state::after:
      case state::element:
        return fail(bytes, i);
    }
  }
  return true;
}

bool json_splitter::finish(std::deque<json_piece>& out) {
  if (state_ == state::element && kind_ == element_kind::scalar) complete(out);
  if (state_ == state::after) return true;
  if (state_ != state::element) return fail({}, 0);
  // The document ends inside an element: the parser says what it misses, from the element's start.
  probe_ = {};
  std::size_t context = 0;
  probe_.text = element_text(piece_, shape_, context);
  if (shape_ == shape::array) probe_.text.pop_back();  // the `]` element_text closes with
  probe_.context = context;
  probe_.line = piece_.line;
  probe_.column = piece_.column;
  if (piece_.too_big) {
    // Its bytes were not kept, so the parser cannot be asked: the value starts here, never ends.
    probe_.message = "the document ends inside this value, which is too large to show the place";
  }
  return false;
}

std::string json_splitter::element_text(const json_piece& piece, shape form, std::size_t& context) {
  if (form != shape::array) {
    context = 0;
    return piece.text;
  }
  const std::string_view before = piece.index == 0 ? "[" : "[0,";
  context = before.size();
  std::string text;
  text.reserve(before.size() + piece.text.size() + 1);
  text += before;
  text += piece.text;
  text += ']';
  return text;
}

void json_splitter::start_element(std::string_view bytes, std::size_t i) {
  piece_ = {};
  piece_.index = count_;
  piece_.line = line_;
  piece_.column = column_;
  piece_.offset = offset_;
  const char c = bytes[i];
  kind_ = c == '{' || c == '[' ? element_kind::container
          : c == '"'           ? element_kind::string
                               : element_kind::scalar;
  depth_ = 0;
  in_string_ = escaped_ = false;
  state_ = state::element;
}

std::size_t json_splitter::scan_element(std::string_view bytes, std::size_t i) {
  if (kind_ == element_kind::scalar) {
    while (i < bytes.size() && !delimiter(bytes[i]))
      ++i;
    return i < bytes.size() ? i : npos;
  }
  const char* const data = bytes.data();
  const std::size_t n = bytes.size();
  while (i < n) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
        ++i;
        continue;
      }
      // Most of an element is inside strings: on to the next quote or backslash.
      while (i < n && data[i] != '"' && data[i] != '\\')
        ++i;
      if (i == n) return npos;
      if (data[i] == '\\') {
        escaped_ = true;
        ++i;
        continue;
      }
      ++i;
      in_string_ = false;
      if (kind_ == element_kind::string) return i;
      continue;
    }
    const char c = data[i++];
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && --depth_ == 0) {
      return i;
    }
  }
  return npos;
}

void json_splitter::complete(std::deque<json_piece>& out) {
  piece_.length = offset_ - piece_.offset;
  out.push_back(std::move(piece_));
  piece_ = {};
  ++count_;
  state_ = shape_ == shape::array ? state::array_after : state::after;
}

void json_splitter::keep(std::string_view part) {
  if (piece_.too_big) return;
  if (piece_.text.size() + part.size() > max_bytes_) {
    piece_.too_big = true;
    piece_.text = std::string();
    return;
  }
  piece_.text += part;
}

bool json_splitter::fail(std::string_view bytes, std::size_t i) {
  probe_ = {};
  const std::string_view context = context_of(static_cast<int>(state_));
  probe_.text = context;
  probe_.text += bytes.substr(i, std::min(probe_bytes, bytes.size() - i));
  probe_.context = context.size();
  probe_.line = line_;
  probe_.column = column_;
  return false;
}

void json_splitter::advance(std::string_view bytes, std::size_t from, std::size_t to) {
  offset_ += to - from;
  const char* p = bytes.data() + from;
  const char* const end = bytes.data() + to;
  for (const void* newline; (newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p)));) {
    ++line_;
    column_ = 1;
    p = static_cast<const char*>(newline) + 1;
  }
  column_ += characters(p, end);
}

}  // namespace clause::runtime
