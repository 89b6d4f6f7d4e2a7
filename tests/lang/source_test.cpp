#include <catch2/catch.hpp>

#include "lang/location.hpp"
#include "lang/source.hpp"

#include <string>
#include <vector>

using namespace clause::lang;

namespace {

// The definition, byte by byte, that every locator must agree with.
line_column reference(std::string_view text, std::size_t offset) {
  line_column at;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

bool same(line_column a, line_column b) {
  return a.line == b.line && a.column == b.column;
}

// Empty lines, CRLF, two- to four-byte characters, a last line without its terminator.
const std::string mixed = "ab\n\ncé x\r\n\r\n\xE2\x82\xAC\xF0\x9F\x98\x80z\n\n\nlast";

}  // namespace

TEST_CASE("source_file locates offsets as 1-based lines and character columns") {
  source_file f("a.clause", "ab\ncé x\r\n\nlast");
  CHECK(f.line_count() == 4);
  CHECK(f.locate(0).line == 1);
  CHECK(f.locate(0).column == 1);
  CHECK(f.locate(3).line == 2);
  // `é` is two bytes but one column.
  const line_column x = f.locate(7);
  CHECK(x.line == 2);
  CHECK(x.column == 4);
  CHECK(f.line_text(2) == "cé x");
  CHECK(f.line_text(3).empty());
  CHECK(f.line_text(4) == "last");
  CHECK(f.line_text(5).empty());
  // Offsets past the end clamp to the end.
  CHECK(f.locate(1000).line == 4);
}

TEST_CASE("locate: first and last byte, empty lines, CRLF, past the end") {
  CHECK(same(locate("", 0), {1, 1}));
  CHECK(same(locate("", 5), {1, 1}));
  CHECK(same(locate("abc", 0), {1, 1}));
  CHECK(same(locate("abc", 2), {1, 3}));  // the last byte
  CHECK(same(locate("abc", 3), {1, 4}));  // the end
  CHECK(same(locate("abc", 99), {1, 4}));
  // A newline is the last character of its line; the next line starts after it.
  CHECK(same(locate("a\nb", 1), {1, 2}));
  CHECK(same(locate("a\nb", 2), {2, 1}));
  CHECK(same(locate("a\nb", 100), {2, 2}));
  CHECK(same(locate("a\n", 2), {2, 1}));
  // Empty lines count.
  CHECK(same(locate("\n\n\nx", 3), {4, 1}));
  // A '\r' before '\n' is a character of its line, not a line break of its own.
  CHECK(same(locate("a\r\nb", 1), {1, 2}));
  CHECK(same(locate("a\r\nb", 2), {1, 3}));
  CHECK(same(locate("a\r\nb", 3), {2, 1}));
  CHECK(same(locate("a\rb", 2), {1, 3}));
  // Columns count code points: an offset inside a character is in that character's column.
  CHECK(same(locate("é!", 1), {1, 2}));
  CHECK(same(locate("é!", 2), {1, 2}));
  CHECK(same(locate("\xF0\x9F\x98\x80!", 4), {1, 2}));
}

TEST_CASE("locate, line_cursor and source_file agree on every offset") {
  const source_file f("mixed", mixed);
  line_cursor cursor(mixed);
  for (std::size_t offset = 0; offset <= mixed.size() + 2; ++offset) {
    INFO("offset " << offset);
    const line_column expected = reference(mixed, offset);
    CHECK(same(locate(mixed, offset), expected));
    CHECK(same(cursor.locate(offset), expected));
    CHECK(same(f.locate(static_cast<std::uint32_t>(offset)), expected));
  }
}

TEST_CASE("line_cursor: many increasing offsets, repeats, and a step back") {
  // A file of many lines of varying length, some of them long and multi-byte, as a JSON array of
  // cases would be; located at the start of each line and in the middle of some.
  std::string text;
  std::vector<std::size_t> offsets;
  for (int i = 0; i < 20000; ++i) {
    offsets.push_back(text.size());
    text += std::string(static_cast<std::size_t>(i % 7), ' ') + "{\"id\": \"c" + std::to_string(i) +
            "\", \"name\": \"Åsa Nyström\"}";
    if (i % 3 == 0) offsets.push_back(text.size() - 3);
    text += i % 5 == 0 ? "\r\n" : i % 11 == 0 ? "\n\n" : "\n";
  }
  line_cursor cursor(text);
  line_cursor reference_cursor(text);
  std::size_t checked = 0;
  for (std::size_t offset : offsets) {
    const line_column at = cursor.locate(offset);
    // Repeating an offset gives the same answer.
    REQUIRE(same(cursor.locate(offset), at));
    if (checked++ % 97 == 0) REQUIRE(same(at, reference(text, offset)));
  }
  const line_column last = cursor.locate(offsets.back());
  CHECK(last.line == reference(text, offsets.back()).line);
  // A step back walks again from the beginning, and is still right.
  CHECK(same(cursor.locate(offsets[10]), reference(text, offsets[10])));
  CHECK(same(cursor.locate(offsets[11]), reference(text, offsets[11])));
  CHECK(same(reference_cursor.locate(text.size() + 1), reference(text, text.size())));
}

TEST_CASE("locate_yaml_mark turns yaml-cpp's 0-based marks into lines of the file") {
  YAML::Mark mark;  // line 0, column 0
  CHECK(same(locate_yaml_mark(mark), {1, 1}));
  CHECK(same(locate_yaml_mark(mark, 7), {7, 1}));
  mark.line = 2;
  mark.column = 4;
  CHECK(same(locate_yaml_mark(mark), {3, 5}));
  CHECK(same(locate_yaml_mark(mark, 10), {12, 5}));
  // An unknown place (-1) is the document's first line and column.
  CHECK(same(locate_yaml_mark(YAML::Mark::null_mark(), 4), {4, 1}));
}

TEST_CASE("format_location writes file:line:column and file:line") {
  CHECK(format_location("rules/a.clause", 3, 14) == "rules/a.clause:3:14");
  CHECK(format_location("-", 12) == "-:12");
  CHECK(format_location("", 1, 1) == ":1:1");
}

TEST_CASE("source_set keeps files addressable by id") {
  source_set set;
  const file_id a = set.add("a", "1");
  const file_id b = set.add("b", "2");
  CHECK(set.file(a).path() == "a");
  CHECK(set.file(b).text() == "2");
  CHECK(set.size() == 2);
}
