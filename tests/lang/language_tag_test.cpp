// Language tags: the well-formed ones of BCP 47 that policies use, and the mistakes authors make.
#include <catch2/catch.hpp>

#include "lang/language_tag.hpp"

using clause::lang::well_formed_language_tag;

TEST_CASE("well-formed language tags") {
  for (const char* tag :
       {"ja", "en", "sv", "fil", "ja-JP", "zh-TW", "zh-Hant", "zh-Hant-TW", "es-419", "de-DE-1996",
        "sl-rozaj-biske", "en-US-x-twain", "de-CH-u-co-phonebk", "EN-us"}) {
    INFO(tag);
    CHECK(well_formed_language_tag(tag));
  }
}

TEST_CASE("malformed language tags") {
  for (const char* tag :
       {"", "german", "j", "de_DE", "de-", "-de", "de--DE", "de-DE-", "ja-JPN1", "ja-J", "en-US-x",
        "de-u-a", "123", "zh-Hant-Hant", "de-DE-DE", "abcdefghi", "ja-ÄÖ"}) {
    INFO(tag);
    CHECK_FALSE(well_formed_language_tag(tag));
  }
}
