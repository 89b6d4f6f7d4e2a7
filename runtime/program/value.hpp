// A runtime value: 16 bytes, trivially copyable. Strings and lists point into an arena (the
// case's, the evaluation's scratch, or the compiled policy's constants) that outlives them.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace clause::runtime {

enum class value_kind : std::uint8_t {
  absent,  // an optional value that is not there
  boolean,
  integer,
  string,
  date,         // `number`: days since 1970-01-01
  datetime,     // `number`: seconds since the epoch; `aux`: nanoseconds
  duration,     // `number`: amount; `flag`: 1 for months, 0 for days
  enumeration,  // `number`: the value's index in its enum
  enum_set,     // `number`: a bit set of enum value indexes (enums of at most 64 values)
  record,       // `items`: the fields, in declaration order
  list,         // `items`, `aux` elements (also sets other than enum sets)
};

struct value {
  static constexpr std::uint16_t no_literal = 0xFFFF;

  value_kind kind = value_kind::absent;
  std::uint8_t flag = 0;
  // Strings: 0 when unknown; otherwise the number of the policy literal the text equals (equal
  // texts, equal numbers), or `no_literal` when it was looked up and equals none
  // (runtime/compile/intern.cpp).
  std::uint16_t literal = 0;
  std::uint32_t aux = 0;  // string and list length; datetime nanoseconds
  union {
    std::int64_t number = 0;
    const char* chars;
    const value* items;
  };

  bool present() const { return kind != value_kind::absent; }
  std::string_view text() const { return {chars, aux}; }

  static value boolean(bool b) {
    value v;
    v.kind = value_kind::boolean;
    v.number = b;
    return v;
  }
  static value integer(std::int64_t i) {
    value v;
    v.kind = value_kind::integer;
    v.number = i;
    return v;
  }
  static value string(std::string_view s) {
    value v;
    v.kind = value_kind::string;
    v.chars = s.data();
    v.aux = static_cast<std::uint32_t>(s.size());
    return v;
  }
  static value date(std::int32_t days) {
    value v;
    v.kind = value_kind::date;
    v.number = days;
    return v;
  }
  static value datetime(std::int64_t seconds, std::int32_t nanos) {
    value v;
    v.kind = value_kind::datetime;
    v.number = seconds;
    v.aux = static_cast<std::uint32_t>(nanos);
    return v;
  }
  static value duration(std::int64_t amount, bool months) {
    value v;
    v.kind = value_kind::duration;
    v.number = amount;
    v.flag = months;
    return v;
  }
  static value enumeration(std::uint32_t index) {
    value v;
    v.kind = value_kind::enumeration;
    v.number = index;
    return v;
  }
  static value list(const value* items, std::uint32_t n, value_kind kind = value_kind::list) {
    value v;
    v.kind = kind;
    v.items = items;
    v.aux = n;
    return v;
  }
};

static_assert(sizeof(value) == 16);
// value{} is all-zero bytes, and blocks of values start as zero bytes (arena::make_zeroed_array);
// tests/runtime/program/value_test.cpp holds it to that.

// Whether two strings have the same text: the length, then the bytes.
inline bool same_chars(const value& a, const value& b) {
  return a.aux == b.aux && (a.aux == 0 || std::memcmp(a.chars, b.chars, a.aux) == 0);
}

// A text of up to 16 bytes as two words, its bytes in order and zeros after them: two texts of
// one length are equal exactly when their words are. A table can hold a name's words and compare
// a key with them in registers, without following a pointer to the name (schema_type::key_entry).
struct short_text_words {
  std::uint64_t head = 0, tail = 0;
};

inline short_text_words words_of_short_text(std::string_view t) {
  unsigned char bytes[16] = {};
  std::memcpy(bytes, t.data(), t.size() < 16 ? t.size() : 16);
  short_text_words w;
  std::memcpy(&w.head, bytes, 8);
  std::memcpy(&w.tail, bytes + 8, 8);
  return w;
}

// The same for a text of up to 16 bytes with 16 bytes readable from its start (a string in
// simdjson's string buffer), without a branch on its length: its two words loaded whole and the
// bytes past its end masked off.
inline short_text_words words_of_padded_text(const char* data, std::size_t size) {
  struct masks {
    unsigned char bytes[17][16];  // row n: n bytes of 0xFF, then zeros
  };
  static constexpr masks keep = [] {
    masks m{};
    for (std::size_t n = 0; n <= 16; ++n) {
      for (std::size_t i = 0; i < n; ++i)
        m.bytes[n][i] = 0xFF;
    }
    return m;
  }();
  short_text_words w, mask;
  std::memcpy(&w.head, data, 8);
  std::memcpy(&w.tail, data + 8, 8);
  std::memcpy(&mask.head, keep.bytes[size], 8);
  std::memcpy(&mask.tail, keep.bytes[size] + 8, 8);
  w.head &= mask.head;
  w.tail &= mask.tail;
  return w;
}

// Whether two texts are equal, those of up to 48 bytes (country and language codes, field and
// enum names, GUIDs) compared without a call: for loops over keys and elements, not for code that
// must stay small.
inline bool same_short_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) {
    if (n > 48) return std::memcmp(a.data(), b.data(), n) == 0;
    // 16 bytes at a time as two words each side, the last 16 overlapping those before.
    const auto differ16 = [&](std::size_t at) {
      std::uint64_t a0, a1, b0, b1;
      std::memcpy(&a0, a.data() + at, 8);
      std::memcpy(&b0, b.data() + at, 8);
      std::memcpy(&a1, a.data() + at + 8, 8);
      std::memcpy(&b1, b.data() + at + 8, 8);
      return (a0 ^ b0) | (a1 ^ b1);
    };
    std::uint64_t differ = differ16(0) | differ16(n - 16);
    if (n > 32) differ |= differ16(16);
    return differ == 0;
  }
  if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  if (n < 8) {  // two overlapping words of 4 bytes each side
    std::uint32_t a0, a1, b0, b1;
    std::memcpy(&a0, a.data(), 4);
    std::memcpy(&b0, b.data(), 4);
    std::memcpy(&a1, a.data() + n - 4, 4);
    std::memcpy(&b1, b.data() + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  std::uint64_t a0, a1, b0, b1;  // two overlapping words of 8 bytes each side
  std::memcpy(&a0, a.data(), 8);
  std::memcpy(&b0, b.data(), 8);
  std::memcpy(&a1, a.data() + n - 8, 8);
  std::memcpy(&b1, b.data() + n - 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// The same for two string values.
inline bool same_short_chars(const value& a, const value& b) {
  return same_short_text(a.text(), b.text());
}

// Calls `f(element)` for each element of a list or an enum set; stops when `f` returns false.
template <typename F>
void for_each_element(const value& collection, F&& f) {
  if (collection.kind == value_kind::enum_set) {
    auto bits = static_cast<std::uint64_t>(collection.number);
    while (bits) {
      const int i = std::countr_zero(bits);
      bits &= bits - 1;
      if (!f(value::enumeration(static_cast<std::uint32_t>(i)))) return;
    }
    return;
  }
  if (collection.kind != value_kind::list) return;
  for (std::uint32_t i = 0; i < collection.aux; ++i) {
    if (!f(collection.items[i])) return;
  }
}

}  // namespace clause::runtime
