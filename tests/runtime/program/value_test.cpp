// What the binder's shortcuts assume of runtime values: zeroed blocks are absent values, and two
// short texts have the same words exactly when they are the same text.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>

#include "runtime/program/arena.hpp"
#include "runtime/program/value.hpp"

using clause::runtime::arena;
using clause::runtime::same_short_text;
using clause::runtime::value;
using clause::runtime::value_kind;
using clause::runtime::words_of_padded_text;
using clause::runtime::words_of_short_text;

TEST_CASE("value: the default value is all-zero bytes", "[value]") {
  const value v{};
  unsigned char zero[sizeof(value)] = {};
  CHECK(std::memcmp(&v, zero, sizeof v) == 0);
}

TEST_CASE("arena: a zeroed array holds absent values, also in reused storage", "[value]") {
  arena a(256);
  value* first = a.make_array<value>(40);
  for (int i = 0; i < 40; ++i)
    first[i] = value::integer(i + 1);  // dirty the blocks the next case reuses
  a.reset();
  const value* again = a.make_zeroed_array<value>(40);
  for (int i = 0; i < 40; ++i) {
    CHECK(again[i].kind == value_kind::absent);
    CHECK(again[i].number == 0);
    CHECK(again[i].aux == 0);
  }
  CHECK(a.make_zeroed_array<value>(0) != nullptr);  // an empty record still has a place
}

TEST_CASE("value: short texts have the same words exactly when they are equal", "[value]") {
  std::mt19937 random(20);
  const std::string alphabet("abAB\0\xC3\xA9-_", 9);
  const auto text = [&](std::size_t n) {
    std::string t;
    for (std::size_t i = 0; i < n; ++i)
      t += alphabet[random() % alphabet.size()];
    return t;
  };
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = random() % 17;
    const std::string a = text(n);
    const std::string b = random() % 4 == 0 ? a : text(n);
    const auto wa = words_of_short_text(a), wb = words_of_short_text(b);
    INFO("a=" << a << " b=" << b);
    CHECK(((wa.head == wb.head) && (wa.tail == wb.tail)) == (a == b));
    CHECK(same_short_text(a, b) == (a == b));
  }
  // Texts of other lengths may share words ("a" and "a\0"): their lengths tell them apart.
  CHECK(words_of_short_text(std::string("a", 1)).head ==
        words_of_short_text(std::string("a\0", 2)).head);
}

TEST_CASE("value: texts of any length are the same exactly when they are equal", "[value]") {
  std::mt19937 random(21);
  int differ_in_one_byte = 0;
  for (int round = 0; round < 40000; ++round) {
    const std::size_t n = random() % 70;  // past each of the word, 16-, 32- and 48-byte steps
    std::string a;
    for (std::size_t i = 0; i < n; ++i)
      a += static_cast<char>("ab-0\xC3"[random() % 5]);
    std::string b = a;
    if (n > 0 && random() % 2 == 0) {  // one byte changed, anywhere
      b[random() % n] ^= static_cast<char>(1 + random() % 255);
      ++differ_in_one_byte;
    }
    INFO("n=" << n << " a=" << a << " b=" << b);
    CHECK(same_short_text(a, b) == (a == b));
    CHECK(same_short_text(a, b + "x") == false);
  }
  CHECK(differ_in_one_byte > 10000);
}

TEST_CASE("value: a padded text's words are its words, whatever follows it", "[value]") {
  std::mt19937 random(13);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = random() % 17;
    char buffer[32];
    for (char& c : buffer)
      c = static_cast<char>(random());  // what follows the text: anything
    const std::string_view text(buffer, n);
    const auto padded = words_of_padded_text(buffer, n), plain = words_of_short_text(text);
    INFO("n=" << n);
    CHECK(padded.head == plain.head);
    CHECK(padded.tail == plain.tail);
  }
}
