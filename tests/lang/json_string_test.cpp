// JSON string literals: the word-at-a-time writer against the definition, one byte at a time.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "lang/json_string.hpp"

namespace {

std::string by_definition(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      out += std::string("\\u00") + hex[c >> 4] + hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("a JSON string literal escapes exactly what JSON requires") {
  CHECK(clause::lang::json_string("") == "\"\"");
  CHECK(clause::lang::json_string("plain") == "\"plain\"");
  CHECK(clause::lang::json_string("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\u0001\"");
  CHECK(clause::lang::json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  std::mt19937 random(7);
  // Plain bytes, every kind of escape, and a two-byte UTF-8 character.
  static constexpr char bytes[] = "ab\"\\\n\r\t\x01\x1f\x7f \xc3\xa9";
  const std::string alphabet(bytes, sizeof bytes - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 12, ' ');
    for (char& c : text)
      c = alphabet[random() % alphabet.size()];
    std::string out = "prefix";
    clause::lang::append_json_string(out, text);
    REQUIRE(out == "prefix" + by_definition(text));
  }
  // Longer texts, passed over eight bytes at a time: mostly plain, with any byte at all now and
  // then (each byte value next to plain ones, at every offset in a word).
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 40, 'x');
    for (char& c : text) {
      const auto pick = random() % 16;
      c = pick == 0 ? static_cast<char>(random() % 256) : "Plain text, ok!"[pick - 1];
    }
    std::string out;
    clause::lang::append_json_string(out, text);
    REQUIRE(out == by_definition(text));
  }
  for (int byte = 0; byte < 256; ++byte) {
    for (std::size_t at = 0; at < 17; ++at) {
      std::string text(17, 'a');
      text[at] = static_cast<char>(byte);
      REQUIRE(clause::lang::json_string(text) == by_definition(text));
    }
  }
}
