// `equals_ignore_case`'s comparison, eight bytes at a time, against its definition byte by byte.
#include "runtime/eval/ascii_case.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace {

using clause::runtime::equal_ignoring_case;
using clause::runtime::fold_ascii;

bool by_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_ascii(a[i]) != fold_ascii(b[i])) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("every pair of bytes folds as A-Z to a-z and nothing else", "[ascii_case]") {
  // Each pair at every position of a 19-byte text: two whole words and a tail.
  for (int x = 0; x < 256; ++x) {
    for (int y = 0; y < 256; ++y) {
      const bool same = fold_ascii(static_cast<char>(x)) == fold_ascii(static_cast<char>(y));
      for (std::size_t at : {0u, 7u, 8u, 15u, 16u, 18u}) {
        std::string a(19, 'q'), b(19, 'Q');
        a[at] = static_cast<char>(x);
        b[at] = static_cast<char>(y);
        if (equal_ignoring_case(a, b) != same) {
          FAIL_CHECK("bytes " << x << " and " << y << " at " << at);
          return;
        }
      }
    }
  }
}

TEST_CASE("texts compare as their bytes folded one by one", "[ascii_case]") {
  std::mt19937 random(7);
  const std::string alphabet = "aAzZ@[`{09-. \x7f\x80\xc3\xa9\xff";
  int equal = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::size_t length = random() % 40;
    std::string a, b;
    for (std::size_t i = 0; i < length; ++i) {
      const char c = alphabet[random() % alphabet.size()];
      a += c;
      // Mostly the same letter in either case, sometimes another byte.
      const unsigned pick = random() % 8;
      b += pick == 0                          ? alphabet[random() % alphabet.size()]
           : pick < 4 && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32)
           : pick < 4 && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                                              : c;
    }
    if (random() % 16 == 0) b += 'x';
    INFO(a << " / " << b);
    REQUIRE(equal_ignoring_case(a, b) == by_bytes(a, b));
    equal += by_bytes(a, b);
  }
  CHECK(equal > 1000);  // both answers are well represented
  CHECK(equal < 19000);
}
