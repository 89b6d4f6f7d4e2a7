// Text from cases shown on a terminal: every control character escaped, everything else as it is.
#include <catch2/catch.hpp>

#include <string>

#include "runtime/output/printable.hpp"

using clause::runtime::needs_escaping;
using clause::runtime::printable;

TEST_CASE("control characters become escapes, other text stays as it is") {
  CHECK(printable("a\tb\nc\rd") == "a\\tb\\nc\\rd");
  CHECK(printable(std::string("\x1b]0;t\x07", 6)) == "\\x1b]0;t\\x07");
  CHECK(printable(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(printable("\x7f") == "\\x7f");
  CHECK(printable("\xc2\x9b"
                  "2J") == "\\u009b2J");  // C1 CSI
  CHECK(printable("caf\xc3\xa9 \xc2\xa0 \xe6\x97\xa5") == "caf\xc3\xa9 \xc2\xa0 \xe6\x97\xa5");
  CHECK_FALSE(needs_escaping("plain text, caf\xc3\xa9"));
  CHECK(needs_escaping("\x01"));
  CHECK(needs_escaping("\xc2\x80"));
  // Every byte below 0x20 is escaped, and nothing printable is.
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    CHECK(needs_escaping(one) == (c < 0x20 || c == 0x7f));
    if (c >= 0x20 && c != 0x7f) CHECK(printable(one) == one);
  }
}
