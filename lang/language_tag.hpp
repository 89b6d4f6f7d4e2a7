// Language tags (BCP 47, RFC 5646), as translations and `--locale` name locales.
#pragma once

#include <string_view>

namespace clause::lang {

// A well-formed tag: a language of 2 or 3 letters, then subtags joined by `-`: a script (4
// letters), a region (2 letters or 3 digits), variants (5 to 8 letters or digits, or a digit and
// 3 more), extensions (a single letter or digit, then subtags of 2 to 8) and private use (`x`,
// then subtags of 1 to 8). Registered-language subtags of 5 to 8 letters are refused: `german` is
// a mistake far more often than a tag.
bool well_formed_language_tag(std::string_view tag) noexcept;

}  // namespace clause::lang
