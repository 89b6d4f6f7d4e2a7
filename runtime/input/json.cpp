#include "runtime/input/json.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

#include "runtime/input/utf8.hpp"

namespace clause::runtime::json {

namespace {

// Offsets and lengths are 32-bit to keep a record at 24 bytes.
constexpr std::size_t max_input_bytes = std::numeric_limits<std::uint32_t>::max();

static_assert(sizeof(value) <= 24, "records are meant to stay small: see the layout in json.hpp");

// What root() and out-of-range lookups return. constinit: usable before dynamic initialisation.
constinit const value null_record{};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_whitespace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::size_t encode_utf8(std::uint32_t code_point, char* out) {
  const auto put = [&](std::size_t i, std::uint32_t bits) { out[i] = static_cast<char>(bits); };
  if (code_point < 0x80) {
    put(0, code_point);
    return 1;
  }
  if (code_point < 0x800) {
    put(0, 0xC0 | (code_point >> 6));
    put(1, 0x80 | (code_point & 0x3F));
    return 2;
  }
  if (code_point < 0x10000) {
    put(0, 0xE0 | (code_point >> 12));
    put(1, 0x80 | ((code_point >> 6) & 0x3F));
    put(2, 0x80 | (code_point & 0x3F));
    return 3;
  }
  put(0, 0xF0 | (code_point >> 18));
  put(1, 0x80 | ((code_point >> 12) & 0x3F));
  put(2, 0x80 | ((code_point >> 6) & 0x3F));
  put(3, 0x80 | (code_point & 0x3F));
  return 4;
}

// The code point of a sequence utf8_sequence_length accepted.
std::uint32_t decode_utf8(const char* p, std::size_t length) {
  static constexpr std::array<unsigned, 5> lead_bits = {0, 0x7F, 0x1F, 0x0F, 0x07};
  std::uint32_t code_point = static_cast<unsigned char>(p[0]) & lead_bits[length];
  for (std::size_t i = 1; i < length; ++i)
    code_point = code_point << 6 | (static_cast<unsigned char>(p[i]) & 0x3F);
  return code_point;
}

std::string hex(unsigned number, int digits) {
  static constexpr char digit_chars[] = "0123456789ABCDEF";
  std::string text(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, number >>= 4)
    text[static_cast<std::size_t>(i)] = digit_chars[number & 0xF];
  return text;
}

std::string code_point_digits(std::uint32_t code_point) {
  return hex(code_point, code_point > 0xFFFFF ? 6 : code_point > 0xFFFF ? 5 : 4);
}

// Bytes a string can copy without looking: the SWAR test below flags the others, 8 at a time.
// Each term may also flag bytes above a flagged one (borrows), never below: only the lowest set
// flag is used, and it is exact.
std::uint64_t special_bytes(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101;
  constexpr std::uint64_t high = 0x8080808080808080;
  const auto zero_bytes = [](std::uint64_t x) { return (x - ones) & ~x & high; };
  const std::uint64_t quote = zero_bytes(word ^ (ones * '"'));
  const std::uint64_t backslash = zero_bytes(word ^ (ones * '\\'));
  const std::uint64_t control = (word - ones * 0x20) & ~word & high;  // bytes below 0x20
  const std::uint64_t non_ascii = word & high;
  return quote | backslash | control | non_ascii;
}

std::size_t first_flagged_byte(std::uint64_t mask) {
  if constexpr (std::endian::native == std::endian::little) {
    return static_cast<std::size_t>(std::countr_zero(mask)) / 8;
  } else {
    return static_cast<std::size_t>(std::countl_zero(mask)) / 8;
  }
}

// from_chars reports a number beyond double's range without saying which side: the decimal
// exponent of its first significant digit does (JSON grammar already checked).
double out_of_range_double(std::string_view text) {
  const bool negative = text.front() == '-';
  std::size_t i = negative ? 1 : 0;
  long long magnitude = 0;
  bool significant = false;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    significant = significant || text[i] != '0';
    if (significant) ++magnitude;
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i) {
      if (significant) break;
      --magnitude;
      significant = text[i] != '0';
    }
    while (i < text.size() && is_digit(text[i]))
      ++i;
  }
  long long exponent = 0;
  if (i < text.size()) {  // at `e` or `E`
    ++i;
    const bool exponent_negative = text[i] == '-';
    if (text[i] == '-' || text[i] == '+') ++i;
    for (; i < text.size(); ++i)
      exponent = std::min<long long>(exponent * 10 + (text[i] - '0'), 1'000'000'000);
    if (exponent_negative) exponent = -exponent;
  }
  const double result = magnitude + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return negative ? -result : result;
}

}  // namespace

namespace detail {

// One pass over the text with an explicit stack of open containers (never C++ recursion), pushing
// completed values onto document::scratch_ and moving each container's children into
// document::nodes_ when it closes (see the layout in json.hpp).
class parser {
 public:
  parser(document& doc, std::string_view text)
      : doc_(doc), begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {
    doc_.nodes_.clear();
    doc_.scratch_.clear();
    doc_.has_root_ = false;
    doc_.error_.offset = 0;
    doc_.error_.message.clear();
    doc_.error_.at_end = false;
  }

  bool parse_whole() {
    if (static_cast<std::size_t>(end_ - begin_) > max_input_bytes)
      return fail(begin_, "input larger than 4 GiB");
    // Unescaped text is never longer than its source, so the buffer never grows during the parse.
    reserve_buffer(static_cast<std::size_t>(end_ - begin_));
    if (!parse_value_tree()) return false;
    skip_whitespace();
    if (p_ != end_) return fail(p_, "expected end of input after the value, found " + found(p_));
    return finish();
  }

  std::size_t parse_prefix() {
    const std::size_t available = static_cast<std::size_t>(end_ - begin_);
    reserve_buffer(
        std::min<std::size_t>(available, std::max<std::size_t>(buffer_capacity(), 4096)));
    if (!parse_value_tree()) return 0;
    skip_whitespace();
    return finish() ? static_cast<std::size_t>(p_ - begin_) : 0;
  }

 private:
  struct frame {
    std::uint32_t scratch_start;  // where the container's children start on the scratch stack
    std::uint32_t offset;         // of its `[` or `{`
    bool is_object;
  };

  // What the next value completes, for the "expected ..." message when it is missing.
  enum class expecting { top_value, first_element, next_element, member_value };

  std::size_t buffer_capacity() const { return doc_.buffer_capacity_; }

  bool parse_value_tree() {
    expecting expect = expecting::top_value;
    for (;;) {
      skip_whitespace();
      if (p_ != end_ && (*p_ == '[' || *p_ == '{')) {
        if (!open_container()) return false;
        if (!frames_[depth_ - 1].is_object) {
          if (!at(']')) {
            expect = expecting::first_element;
            continue;
          }
          ++p_;
          close_container();
        } else if (!at('}')) {
          if (!parse_member_name("expected a member name or `}`, found ")) return false;
          expect = expecting::member_value;
          continue;
        } else {
          ++p_;
          close_container();
        }
      } else if (!parse_scalar(expect)) {
        return false;
      }
      switch (after_value()) {
        case step::done:
          return true;
        case step::failed:
          return false;
        case step::next_element:
          expect = expecting::next_element;
          break;
        case step::next_member:
          expect = expecting::member_value;
          break;
      }
    }
  }

  // After a complete value: skips whitespace, closes the containers it completes, and consumes
  // the `,` (and member name) before the next value of the innermost one.
  enum class step { done, failed, next_element, next_member };
  step after_value() {
    for (;;) {
      if (depth_ == 0) return step::done;
      skip_whitespace();
      const bool is_object = frames_[depth_ - 1].is_object;
      if (at(',')) {
        ++p_;
        if (!is_object) return step::next_element;
        skip_whitespace();
        const bool ok = parse_member_name("expected a member name after `,`, found ");
        return ok ? step::next_member : step::failed;
      }
      if (at(is_object ? '}' : ']')) {
        ++p_;
        close_container();
        continue;
      }
      fail(p_, std::string(is_object ? "expected `,` or `}` after an object member, found "
                                     : "expected `,` or `]` after an array element, found ") +
                   found(p_));
      return step::failed;
    }
  }

  bool open_container() {
    if (depth_ == max_depth)
      return fail(p_, "nesting deeper than " + std::to_string(max_depth) + " levels");
    frames_[depth_++] = {static_cast<std::uint32_t>(doc_.scratch_.size()), offset_of(p_),
                         *p_ == '{'};
    ++p_;
    skip_whitespace();
    return true;
  }

  void close_container() {
    const frame open = frames_[--depth_];
    const std::size_t first_child = doc_.nodes_.size();
    const std::size_t count = doc_.scratch_.size() - open.scratch_start;
    move_to_nodes(open.scratch_start);
    value container;
    container.kind_ = open.is_object ? kind::object : kind::array;
    container.size_ = static_cast<std::uint32_t>(open.is_object ? count / 2 : count);
    container.offset_ = open.offset;
    // Absolute for now: move_to_nodes makes it relative once the container's own index is known.
    container.children_back_ = static_cast<std::uint32_t>(first_child);
    doc_.scratch_.push_back(container);
  }

  // Moves scratch_[start, end) to the end of nodes_ in one block.
  void move_to_nodes(std::size_t start) {
    auto& nodes = doc_.nodes_;
    auto& scratch = doc_.scratch_;
    const auto from = scratch.begin() + static_cast<std::ptrdiff_t>(start);
    const std::size_t base = nodes.size();
    nodes.insert(nodes.end(), from, scratch.end());
    scratch.erase(from, scratch.end());
    for (std::size_t i = base; i < nodes.size(); ++i) {
      value& node = nodes[i];
      if (node.is_container())
        node.children_back_ = static_cast<std::uint32_t>(i - node.children_back_);
    }
  }

  bool finish() {
    move_to_nodes(0);
    doc_.has_root_ = true;
    return true;
  }

  // At `"`: the key, whitespace and `:`.
  bool parse_member_name(const char* expected_message) {
    if (!at('"')) return fail(p_, expected_message + found(p_));
    if (!parse_string()) return false;
    skip_whitespace();
    if (!at(':')) return fail(p_, "expected `:` after a member name, found " + found(p_));
    ++p_;
    return true;
  }

  bool parse_scalar(expecting expect) {
    if (p_ != end_) {
      switch (*p_) {
        case '"':
          return parse_string();
        case 't':
          return parse_literal("true", kind::boolean, value::flag_true, expect);
        case 'f':
          return parse_literal("false", kind::boolean, 0, expect);
        case 'n':
          return parse_literal("null", kind::null, 0, expect);
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          return parse_number();
        default:
          break;
      }
    }
    return fail_expected(expect);
  }

  bool fail_expected(expecting expect) {
    static constexpr std::array<const char*, 4> messages = {
        "expected a value, found ",
        "expected a value or `]`, found ",
        "expected a value after `,`, found ",
        "expected a value after `:`, found ",
    };
    return fail(p_, messages[static_cast<std::size_t>(expect)] + found(p_));
  }

  bool parse_literal(std::string_view word, kind k, std::uint8_t flags, expecting expect) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0)
      return fail_expected(expect);
    value literal = record(k);
    literal.flags_ = flags;
    doc_.scratch_.push_back(literal);
    p_ += word.size();
    return true;
  }

  bool parse_number() {
    const char* const start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_ || !is_digit(*p_))
      return fail(p_, "expected a digit after `-`, found " + found(p_));
    const char* const digits = p_;
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && is_digit(*p_)) return fail(start, "numbers cannot have leading zeros");
    } else {
      skip_digits();
    }
    const std::size_t integer_digits = static_cast<std::size_t>(p_ - digits);
    bool integral = true;
    if (at('.')) {
      ++p_;
      integral = false;
      if (p_ == end_ || !is_digit(*p_))
        return fail(p_, "expected a digit after `.`, found " + found(p_));
      skip_digits();
    }
    if (at('e') || at('E')) {
      ++p_;
      integral = false;
      if (at('+') || at('-')) ++p_;
      if (p_ == end_ || !is_digit(*p_))
        return fail(p_, "expected a digit in the exponent, found " + found(p_));
      skip_digits();
    }
    const auto length = static_cast<std::size_t>(p_ - start);
    ensure_room(length);
    std::memcpy(buffer_ + used_, start, length);
    value number = record(kind::number, start);
    number.chars_ = buffer_ + used_;
    number.size_ = static_cast<std::uint32_t>(length);
    if (integral && fits_int64(number.chars_, length, integer_digits))
      number.flags_ = value::flag_integer;
    used_ += length;
    doc_.scratch_.push_back(number);
    return true;
  }

  static bool fits_int64(const char* text, std::size_t length, std::size_t digits) {
    if (digits <= 18) return true;  // below 10^18 < 2^63
    if (digits > 19) return false;
    std::int64_t ignored = 0;
    return std::from_chars(text, text + length, ignored).ec == std::errc();
  }

  void skip_digits() {
    while (p_ != end_ && is_digit(*p_))
      ++p_;
  }

  // At the opening `"`: pushes the string's record, its unescaped text appended to the buffer.
  bool parse_string() {
    const char* const open = p_++;
    const std::size_t start = used_;
    for (;;) {
      copy_plain_bytes();
      if (p_ == end_) return fail(open, "unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\') {
        if (!parse_escape(open)) return false;
      } else if (c < 0x20) {
        return fail(p_, "unescaped control character U+" + code_point_digits(c) + " in a string");
      } else {
        // Non-ASCII, or a plain byte copy_plain_bytes left for lack of 8 bytes of room.
        const std::size_t length = utf8_sequence_length(p_, static_cast<std::size_t>(end_ - p_));
        if (length == 0) return fail(p_, invalid_utf8_message(*p_));
        copy_bytes(length);
      }
    }
    ++p_;
    value string = record(kind::string, open);
    string.chars_ = buffer_ + start;
    string.size_ = static_cast<std::uint32_t>(used_ - start);
    doc_.scratch_.push_back(string);
    return true;
  }

  // The fast path of strings: copies 8 bytes at a time (unconditionally, then keeps those before
  // the first byte that needs a look) while the input and the buffer both have 8 bytes left.
  void copy_plain_bytes() {
    const auto room = std::min(static_cast<std::size_t>(end_ - p_), buffer_capacity() - used_);
    const char* const stop = p_ + room;  // p_ and used_ advance together below
    while (stop - p_ >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p_, 8);
      std::memcpy(buffer_ + used_, &word, 8);
      if (const std::uint64_t flagged = special_bytes(word)) {
        const std::size_t plain = first_flagged_byte(flagged);
        p_ += plain;
        used_ += plain;
        return;
      }
      p_ += 8;
      used_ += 8;
    }
  }

  void copy_bytes(std::size_t length) {
    ensure_room(length);
    std::memcpy(buffer_ + used_, p_, length);
    used_ += length;
    p_ += length;
  }

  // At a `\` inside the string that opened at `open`.
  bool parse_escape(const char* open) {
    if (end_ - p_ < 2) return fail(open, "unterminated string");
    char unescaped = 0;
    switch (p_[1]) {
      case '"':
      case '\\':
      case '/':
        unescaped = p_[1];
        break;
      case 'b':
        unescaped = '\b';
        break;
      case 'f':
        unescaped = '\f';
        break;
      case 'n':
        unescaped = '\n';
        break;
      case 'r':
        unescaped = '\r';
        break;
      case 't':
        unescaped = '\t';
        break;
      case 'u':
        return parse_unicode_escape();
      default:
        return fail(p_, invalid_escape_message(p_ + 1));
    }
    ensure_room(1);
    buffer_[used_++] = unescaped;
    p_ += 2;
    return true;
  }

  std::string invalid_escape_message(const char* after_backslash) const {
    const auto c = static_cast<unsigned char>(*after_backslash);
    if (c >= 0x20 && c < 0x7F) return std::string("invalid escape `\\") + char(c) + "`";
    return "invalid escape: `\\` followed by " + found(after_backslash);
  }

  // At `\u`: one code point, or two escapes for a surrogate pair.
  bool parse_unicode_escape() {
    const char* const escape = p_;
    std::uint32_t code_point = 0;
    if (!read_hex4(p_ + 2, code_point)) return false;
    p_ += 6;
    if (code_point >= 0xDC00 && code_point <= 0xDFFF) return fail_unpaired(escape);
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail_unpaired(escape);
      std::uint32_t low = 0;
      if (!read_hex4(p_ + 2, low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail_unpaired(escape);
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
      p_ += 6;
    }
    ensure_room(4);
    used_ += encode_utf8(code_point, buffer_ + used_);
    return true;
  }

  bool fail_unpaired(const char* escape) {
    return fail(escape, "unpaired surrogate `" + std::string(escape, 6) + "` in a string");
  }

  bool read_hex4(const char* digits, std::uint32_t& code_point) {
    for (int i = 0; i < 4; ++i, ++digits) {
      const char c = digits == end_ ? '\0' : *digits;
      unsigned nibble = 0;
      if (is_digit(c)) {
        nibble = static_cast<unsigned>(c - '0');
      } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        nibble = static_cast<unsigned>((c | 0x20) - 'a' + 10);
      } else {
        return fail(digits, "expected 4 hex digits after `\\u`, found " + found(digits));
      }
      code_point = code_point << 4 | nibble;
    }
    return true;
  }

  void skip_whitespace() {
    while (p_ != end_ && is_whitespace(*p_))
      ++p_;
  }

  bool at(char c) const { return p_ != end_ && *p_ == c; }

  std::uint32_t offset_of(const char* where) const {
    return static_cast<std::uint32_t>(where - begin_);
  }

  value record(kind k, const char* where) const {
    value v;
    v.kind_ = k;
    v.offset_ = offset_of(where);
    return v;
  }
  value record(kind k) const { return record(k, p_); }

  // Describes what is at `where` for a "found ..." message: a word such as `NaN` whole, one
  // character in backticks, or a name for what cannot be shown.
  std::string found(const char* where) const {
    if (where == end_) return "end of input";
    const auto c = static_cast<unsigned char>(*where);
    if (is_word(*where)) {
      const char* stop = where;
      while (stop != end_ && is_word(*stop) && stop - where < 16)
        ++stop;
      return quoted(std::string_view(where, static_cast<std::size_t>(stop - where)));
    }
    if (c >= 0x20 && c < 0x7F) return quoted(std::string_view(where, 1));
    if (c < 0x80) return "U+" + code_point_digits(c);
    const std::size_t length = utf8_sequence_length(where, static_cast<std::size_t>(end_ - where));
    if (length == 0) return invalid_utf8_message(*where);
    // The code point too: a stray no-break space or byte order mark is invisible on its own.
    const std::uint32_t code_point = decode_utf8(where, length);
    std::string out = quoted(std::string_view(where, length));
    out += " (U+";
    out += code_point_digits(code_point);
    out += ')';
    return out;
  }

  // `text` in backticks, built by appending (GCC 12 warns, wrongly, on `"`" + std::string(...)`).
  static std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '`';
    out += text;
    out += '`';
    return out;
  }

  bool fail(const char* where, std::string message) {
    doc_.error_.offset = static_cast<std::size_t>(where - begin_);
    doc_.error_.message = std::move(message);
    doc_.error_.at_end = p_ == end_;
    return false;
  }

  // Makes the buffer hold at least `bytes` for a parse that has not written to it yet.
  void reserve_buffer(std::size_t bytes) {
    if (buffer_capacity() < bytes) {
      const std::size_t capacity = std::max(bytes, 2 * buffer_capacity());
      doc_.buffer_ = std::make_unique_for_overwrite<char[]>(capacity);
      doc_.buffer_capacity_ = capacity;
    }
    buffer_ = doc_.buffer_.get();
  }

  void ensure_room(std::size_t bytes) {
    if (buffer_capacity() - used_ < bytes) grow_buffer(bytes);
  }

  // Only parse_prefix gets here. Records already made point into the old buffer: re-point them.
  void grow_buffer(std::size_t bytes) {
    const std::size_t capacity = std::max({2 * buffer_capacity(), used_ + bytes, std::size_t{256}});
    auto grown = std::make_unique_for_overwrite<char[]>(capacity);
    if (used_ != 0) std::memcpy(grown.get(), buffer_, used_);
    const auto repoint = [&](std::vector<value>& records) {
      for (value& v : records) {
        if (v.kind_ == kind::string || v.kind_ == kind::number)
          v.chars_ = grown.get() + (v.chars_ - buffer_);
      }
    };
    repoint(doc_.nodes_);
    repoint(doc_.scratch_);
    doc_.buffer_ = std::move(grown);
    doc_.buffer_capacity_ = capacity;
    buffer_ = doc_.buffer_.get();
  }

  document& doc_;
  const char* const begin_;
  const char* p_;
  const char* const end_;
  char* buffer_ = nullptr;
  std::size_t used_ = 0;  // bytes of buffer_ written by this parse
  std::array<frame, max_depth> frames_;
  std::size_t depth_ = 0;  // open containers in frames_
};

}  // namespace detail

std::int64_t value::as_int() const {
  std::int64_t result = 0;
  if (is_integer()) std::from_chars(chars_, chars_ + size_, result);
  return result;
}

double value::as_double() const {
  if (kind_ != json::kind::number) return 0.0;
  double result = 0.0;
  if (std::from_chars(chars_, chars_ + size_, result).ec == std::errc::result_out_of_range)
    return out_of_range_double(text());
  return result;
}

const value& value::operator[](std::size_t index) const {
  return kind_ == json::kind::array && index < size_ ? children()[index] : null_record;
}

std::span<const value> value::elements() const {
  if (kind_ != json::kind::array) return {};
  return {children(), size_};
}

const value* value::find(std::string_view key) const {
  if (kind_ != json::kind::object) return nullptr;
  const value* const first = children();
  // Backwards, so that the last of duplicate keys wins.
  for (const value* name = first + 2 * std::size_t{size_}; name != first;) {
    name -= 2;
    if (std::string_view(name->chars_, name->size_) == key) return name + 1;
  }
  return nullptr;
}

member_range value::members() const {
  return kind_ == json::kind::object ? member_range(*this) : member_range();
}

member_range::member_range(const json::value& object)
    : first_(object.children()), count_(object.size_) {}

bool document::parse(std::string_view text) {
  return detail::parser(*this, text).parse_whole();
}

std::size_t document::parse_prefix(std::string_view text) {
  // Offsets are 32-bit: a stream may be longer, one value may not.
  const std::size_t used = detail::parser(*this, text.substr(0, max_input_bytes)).parse_prefix();
  if (used == 0 && text.size() > max_input_bytes && error_.offset == max_input_bytes)
    error_.message = "value larger than 4 GiB";
  return used;
}

const value& document::root() const {
  return has_root_ ? nodes_.back() : null_record;
}

}  // namespace clause::runtime::json
