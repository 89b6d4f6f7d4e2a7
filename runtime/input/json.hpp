// A strict JSON (RFC 8259) parser producing a read-only DOM with source positions: the reference
// path of a JSON case. simdjson parses cases first (fast_json.hpp); what it does not take is read
// here, which says where an error is and words it (simdjson does neither) and holds a number's
// text (simdjson refuses numbers past 64 bits). JSON files (an array, concatenated values) are read
// through this parser as well (json_splitter.hpp, `parse_prefix`).
//
// Use one `document` per thread and call `parse` once per case: after the first few documents of
// similar size it does not allocate. Every `value`, `std::string_view` and pointer it hands out
// stays valid until the next `parse`/`parse_prefix` on that document (or its destruction); they
// never point into the caller's input, which may be freed as soon as `parse` returns.
//
// Strict means: no trailing commas, comments, single quotes, NaN/Infinity, leading zeros, lone
// surrogates in `\u` escapes, raw control characters in strings, invalid UTF-8, or anything but
// whitespace after the value. Nesting is limited to `max_depth` levels (an error, never a crash:
// the parser iterates with an explicit stack). Inputs are limited to 4 GiB by the 32-bit offsets.
//
// Memory layout. A document owns three blocks whose capacity is kept from one parse to the next:
//  - `nodes_`: every value as one 24-byte `value` record, in post-order. The direct children of a
//    container are contiguous (an object's children are key, value, key, value, ...) and come
//    before the container itself, which reaches them by a distance back from its own address; so
//    `operator[]` is one subtraction and the vector can be moved freely. The root is the last one.
//  - `scratch_`: the parse stack. A value is pushed here when complete; when its container closes,
//    the container's children are moved in one block to the end of `nodes_` and replaced here by
//    the container. This is what makes siblings contiguous without per-node allocation.
//  - `buffer_`: the unescaped text of every string and key and the source text of every number,
//    back to back (not NUL-terminated). `parse` sizes it to the input before starting (unescaped
//    text is never longer than its source), so it never moves during a parse; `parse_prefix`,
//    which cannot know how long its value is, grows it on demand and re-points the records made.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clause::runtime::json {

inline constexpr std::size_t max_depth = 128;  // nested arrays and objects

enum class kind : std::uint8_t { null, boolean, number, string, array, object };

struct parse_error {
  std::size_t offset = 0;  // byte offset in the parsed text (lang::locate makes it line:column)
  std::string message;  // lowercase, e.g. "expected `,` or `]` after an array element, found `}`"
  bool at_end = false;  // the text ended inside the value: more text might have completed it
};

class value;
class member_range;

namespace detail {
class parser;
}

// One value of a parsed document, owned by it. All accessors are total: asking a value of one kind
// for another kind's data gives an empty answer (false, 0, "", nullptr, a null value) rather than
// undefined behaviour, so binding code can check kinds where it reports errors and nowhere else.
class value {
 public:
  value() = default;  // a null value

  json::kind kind() const { return kind_; }
  // Where the value starts in the parsed text: its first byte (`"`, `[`, `{`, `-`, a digit, ...).
  std::size_t offset() const { return offset_; }

  bool as_bool() const { return kind_ == json::kind::boolean && (flags_ & flag_true) != 0; }

  // A number written without fraction or exponent that fits in std::int64_t (`-0` included).
  bool is_integer() const { return (flags_ & flag_integer) != 0; }
  // The integer when is_integer(), otherwise 0.
  std::int64_t as_int() const;
  // Any number as the nearest double (±infinity beyond its range, ±0 below it); 0 otherwise.
  double as_double() const;

  // A string's unescaped text (it may contain NUL bytes), a number's source text, otherwise "".
  std::string_view text() const {
    const bool has_text = kind_ == json::kind::string || kind_ == json::kind::number;
    return has_text ? std::string_view(chars_, size_) : std::string_view();
  }

  // The number of elements of an array or members of an object; 0 for a scalar.
  std::size_t size() const { return is_container() ? size_ : 0; }

  // An array's element; a null value when out of range or not an array.
  const value& operator[](std::size_t index) const;
  // An array's elements in document order; empty when not an array.
  std::span<const value> elements() const;

  // An object's member value for `key` (compared after unescaping). When a key appears more than
  // once the last one wins, as in most JSON libraries. nullptr when absent or not an object.
  // Linear in the number of members: case objects are small.
  const value* find(std::string_view key) const;
  // An object's members in document order, duplicates included; empty when not an object.
  member_range members() const;

 private:
  friend class detail::parser;
  friend class member_range;

  static constexpr std::uint8_t flag_true = 1;
  static constexpr std::uint8_t flag_integer = 2;

  bool is_container() const { return kind_ >= json::kind::array; }
  const value* children() const { return this - children_back_; }

  union {
    const char* chars_ = nullptr;  // string, number: the text in the document's buffer
    std::uint32_t children_back_;  // array, object: distance back to the first child record
  };
  std::uint32_t size_ = 0;    // string, number: bytes of text; array: elements; object: members
  std::uint32_t offset_ = 0;  // see offset()
  json::kind kind_ = json::kind::null;
  std::uint8_t flags_ = 0;  // flag_true, flag_integer
};

// One member of an object, as seen while iterating over `value::members()`.
struct member {
  std::string_view key;      // unescaped
  const json::value& value;  // the member's value
  std::size_t key_offset;    // where the key's opening `"` is, for "unknown member" diagnostics
};

class member_range {
 public:
  class iterator {
   public:
    using value_type = member;
    using difference_type = std::ptrdiff_t;

    iterator() = default;
    explicit iterator(const json::value* at) : at_(at) {}
    member operator*() const { return {at_[0].text(), at_[1], at_[0].offset()}; }
    iterator& operator++() {
      at_ += 2;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      at_ += 2;
      return old;
    }
    bool operator==(const iterator&) const = default;

   private:
    const json::value* at_ = nullptr;  // the member's key record; its value record follows
  };

  member_range() = default;
  explicit member_range(const json::value& object);
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(first_ + 2 * count_); }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  const json::value* first_ = nullptr;
  std::size_t count_ = 0;
};

class document {
 public:
  document() = default;
  // Values point into the document's own blocks, which a move keeps but a copy would not share.
  document(const document&) = delete;
  document& operator=(const document&) = delete;
  document(document&&) noexcept = default;
  document& operator=(document&&) noexcept = default;

  // Parses `text` as exactly one JSON value surrounded by optional whitespace. On failure returns
  // false, error() says why and root() is null. Offsets are relative to the start of `text`.
  bool parse(std::string_view text);

  // For NDJSON and concatenated JSON (`{...} {...}`, `[1][2]`): parses the first value of `text`
  // (after optional whitespace) and stops after it and the whitespace that follows it. Returns the
  // number of bytes consumed, so that `text.substr(n)` starts at the next value or is empty; 0 on
  // failure (then error() says why). Offsets are relative to the start of `text`: add the position
  // of `text` in the stream. Adjacent values need no separator unless both are numbers or literals
  // (`1 2`, `true null`). A caller that reads NDJSON line by line can equally call parse() per
  // line, as JSON strings cannot contain a raw newline. Unlike parse(), the text buffer grows on
  // demand, so a short value at the front of a long stream does not size it to the whole stream.
  std::size_t parse_prefix(std::string_view text);

  // The top-level value of the last successful parse; a null value after a failure or before any.
  const value& root() const;
  const parse_error& error() const { return error_; }

  // Records held by the last successful parse (every value, keys included); for tests and tuning.
  std::size_t node_count() const { return nodes_.size(); }

 private:
  friend class detail::parser;

  std::vector<value> nodes_;
  std::vector<value> scratch_;
  std::unique_ptr<char[]> buffer_;
  std::size_t buffer_capacity_ = 0;
  bool has_root_ = false;
  parse_error error_;
};

}  // namespace clause::runtime::json
