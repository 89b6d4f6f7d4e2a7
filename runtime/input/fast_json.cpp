// The binder over simdjson's DOM: in one pass to bind, in the fields' order to word a failure.
#include "runtime/input/fast_json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "runtime/input/json.hpp"
#include "runtime/input/schema_binder.hpp"

namespace clause::runtime {

namespace {

namespace dom = simdjson::dom;

// The binder reads simdjson's tape itself (its format: simdjson's doc/tape.md; the document's
// `tape` and `string_buf` are public members): a word a value, its type in the top byte; a
// container's first word holds the index of the word after its last, a string's the offset of its
// length (4 bytes) and bytes in the string buffer; numbers take a second word. Through
// dom::element every step re-checked the type and went through an iterator. fast_json_test.cpp
// and the JSON paths differential test hold it to the reference path, value for value.
struct tape_adapter {
  struct node {
    const std::uint64_t* word;    // the value's first word
    const std::uint64_t* tape;    // the document's first word (container ends are indexes)
    const std::uint8_t* strings;  // the document's string buffer
  };

  static char type(const node& n) { return static_cast<char>(*n.word >> 56); }
  static std::uint64_t payload(const node& n) {
    return *n.word & simdjson::internal::JSON_VALUE_MASK;
  }
  // The word after the value at `word`.
  static const std::uint64_t* after(const node& n) {
    switch (type(n)) {
      case '{':
      case '[':
        return n.tape + static_cast<std::uint32_t>(*n.word);
      case 'l':
      case 'u':
      case 'd':
        return n.word + 2;
      default:
        return n.word + 1;
    }
  }

  static node_kind kind(const node& n) {
    switch (type(n)) {
      case 'n':
        return node_kind::null;
      case 't':
      case 'f':
        return node_kind::boolean;
      case 'l':
        return node_kind::integer;
      case 'u':  // past std::int64_t: a number, as on the reference path
      case 'd':
        return node_kind::number;
      case '"':
        return node_kind::string;
      case '[':
        return node_kind::list;
      case '{':
        return node_kind::map;
    }
    return node_kind::invalid;
  }
  // Each is asked only of a node whose kind() said so.
  static bool boolean(const node& n) { return type(n) == 't'; }
  static std::int64_t integer(const node& n) {
    std::int64_t i;
    std::memcpy(&i, n.word + 1, sizeof i);
    return i;
  }
  static std::string_view string(const node& n) {
    const std::uint8_t* at = n.strings + payload(n);
    std::uint32_t length;
    std::memcpy(&length, at, sizeof length);
    return {reinterpret_cast<const char*>(at + sizeof length), length};
  }
  static std::size_t size(const node& n) {
    if (type(n) != '{' && type(n) != '[') return 0;
    const std::uint32_t count = (*n.word >> 32) & simdjson::internal::JSON_COUNT_MASK;
    if (count < simdjson::internal::JSON_COUNT_MASK) return count;
    std::size_t counted = 0;  // the count saturates: count them
    if (type(n) == '[') {
      elements(n, [&](std::size_t, const node&) { return ++counted, true; });
    } else {
      members(n, [&](std::string_view, const node&) { return ++counted, true; });
    }
    return counted;
  }
  template <typename F>
  static void elements(const node& n, F&& f) {
    const std::uint64_t* end = after(n) - 1;  // the `]`
    std::size_t i = 0;
    for (node e{n.word + 1, n.tape, n.strings}; e.word < end; e.word = after(e)) {
      if (!f(i++, e)) return;
    }
  }
  template <typename F>
  static void members(const node& n, F&& f) {
    const std::uint64_t* end = after(n) - 1;  // the `}`
    for (node key{n.word + 1, n.tape, n.strings}; key.word < end;) {
      const node value{key.word + 1, n.tape, n.strings};
      if (!f(string(key), value)) return;
      key.word = after(value);
    }
  }
  // Keys are unique (the binder checks them first): the first equal key is the only one.
  static std::optional<node> member(const node& n, std::string_view key) {
    std::optional<node> found;
    members(n, [&](std::string_view k, const node& v) {
      if (k == key) found = v;
      return !found;
    });
    return found;
  }
  static constexpr bool one_pass = true;
  // In the parser's string buffer, which the next case's parse overwrites: after this case's
  // record is written (case_runner decides and writes a case before it reads the next).
  static constexpr bool stable_strings = true;
  template <typename F>
  static void keys(const node& n, F&& f) {
    members(n, [&](std::string_view key, const node&) {
      f(key);
      return true;
    });
  }
  // simdjson's string buffer holds SIMDJSON_PADDING bytes past its last string (and room for the
  // largest document it was allocated for): 16 bytes can be read from any string's start.
  static constexpr bool padded_strings = true;
  static_assert(simdjson::SIMDJSON_PADDING >= 16);
  static constexpr bool aliases = false;
  // One pass stops at the first failure in the members' order, not the one the contract words:
  // tape_wording_adapter words it.
  static std::string describe(const node&) { return {}; }
};

// The same tape read as the reference path reads its tree, to word a case's failure as the contract
// orders failures: each record's fields looked up in the fields' order, after every key was
// checked unique (a one-pass binder stops at the first failure in the members' order). Only
// for a case the one-pass binder refused, so it may take its time. Its one blind spot is a
// number's text, which a failure names ("found the number `1.50`") and simdjson does not keep:
// a node then marks the case for the reference path.
struct tape_wording_adapter {
  struct node {
    tape_adapter::node at;
    bool* needs_text;  // set when a failure names a number whose text the tape does not hold
  };

  static node_kind kind(const node& n) { return tape_adapter::kind(n.at); }
  static bool boolean(const node& n) { return tape_adapter::boolean(n.at); }
  static std::int64_t integer(const node& n) { return tape_adapter::integer(n.at); }
  static std::string_view string(const node& n) { return tape_adapter::string(n.at); }
  static std::size_t size(const node& n) { return tape_adapter::size(n.at); }
  template <typename F>
  static void elements(const node& n, F&& f) {
    tape_adapter::elements(n.at, [&](std::size_t i, const tape_adapter::node& e) {
      return f(i, node{e, n.needs_text});
    });
  }
  static std::optional<node> member(const node& n, std::string_view key) {
    const std::optional<tape_adapter::node> found = tape_adapter::member(n.at, key);
    if (!found) return std::nullopt;
    return node{*found, n.needs_text};
  }
  template <typename F>
  static void keys(const node& n, F&& f) {
    tape_adapter::keys(n.at, std::forward<F>(f));
  }
  static constexpr bool stable_strings = true;
  static constexpr bool aliases = false;
  // As the reference path words a node (found_value()). An integer's text is its value written
  // out (RFC 8259 allows no `+`, leading zeros or exponent in one), but for `-0`, which simdjson
  // reads as 0; any other number was written with a fraction or an exponent.
  static std::string describe(const node& n) {
    switch (tape_adapter::type(n.at)) {
      case 't':
        return found_value(node_kind::boolean, "true");
      case 'f':
        return found_value(node_kind::boolean, "false");
      case 'l':
        if (const std::int64_t i = integer(n); i != 0) {
          return found_value(node_kind::integer, fmt::format("{}", i));
        }
        *n.needs_text = true;
        return {};
      case 'u': {
        std::uint64_t u;
        std::memcpy(&u, n.at.word + 1, sizeof u);
        return found_value(node_kind::number, fmt::format("{}", u));
      }
      case 'd':
        *n.needs_text = true;
        return {};
      case '"':
        return found_value(node_kind::string, string(n));
      default:  // null, a list, a mapping: no text
        return found_value(kind(n), {});
    }
  }
};

}  // namespace

struct fast_json::state {
  dom::parser parser;
  bind_error ignored;
  bool usable = false;
};

fast_json::fast_json() : state_(std::make_unique<state>()) {
  // The depth the reference parser allows; the capacity grows with the largest case seen.
  state_->usable = state_->parser.allocate(4096, json::max_depth) == simdjson::SUCCESS;
}

fast_json::~fast_json() = default;

static_assert(fast_json::padding >= simdjson::SIMDJSON_PADDING);

fast_json::outcome fast_json::bind(const program& p, std::string_view text, bound_case& out,
                                   bind_error& error, std::size_t readable_after) {
  if (!state_->usable) return outcome::unknown;
  dom::element root;
  const bool copy = readable_after < padding;
  if (state_->parser.parse(text.data(), text.size(), copy).get(root) != simdjson::SUCCESS) {
    return outcome::unknown;
  }
  const dom::document& document = state_->parser.doc;
  const tape_adapter::node top{document.tape.get() + 1, document.tape.get(),
                               document.string_buf.get()};  // after the root word
  if (detail::binder<tape_adapter>(p, out, state_->ignored).bind(top)) return outcome::bound;
  // Refused in one pass (or past what one pass handles: 64 fields, 16 members of none): again in
  // the fields' order, which words the first failure, or binds what one pass could not.
  bool needs_text = false;
  error = {};
  if (detail::binder<tape_wording_adapter>(p, out, error).bind({top, &needs_text})) {
    return outcome::bound;
  }
  return needs_text ? outcome::unknown : outcome::refused;
}

}  // namespace clause::runtime
