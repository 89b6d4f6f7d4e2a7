// line_reader: every line whatever its bytes, a byte order mark dropped, long lines skipped
// without being held, and a failed read reported rather than taken for the end.
#include <catch2/catch.hpp>

#include "runtime/input/line_reader.hpp"

#include <string>
#include <vector>

#include "tests/runtime/input/temp_file.hpp"

using clause::runtime::line_reader;
using clause::test::temp_file;
using namespace std::string_literals;

namespace {

struct line {
  line_reader::status status;
  std::string text;
  std::size_t number;
};

std::vector<line> read_lines(const std::string& path, std::size_t max_bytes = 1 << 20) {
  line_reader reader;
  REQUIRE(reader.open(path));
  std::vector<line> lines;
  std::string text;
  for (;;) {
    const line_reader::status s = reader.next(text, max_bytes);
    if (s == line_reader::status::end || s == line_reader::status::error) break;
    lines.push_back({s, text, reader.line_number()});
  }
  return lines;
}

}  // namespace

TEST_CASE("line_reader: a NUL byte is a byte of its line, never its end") {
  const temp_file f("clause-line-reader-test", "a\0b\n\0\nc\n"s);
  const std::vector<line> lines = read_lines(f.path());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "a\0b"s);
  CHECK(lines[1].text == "\0"s);
  CHECK(lines[2].text == "c");
  CHECK(lines[2].number == 3);
}

TEST_CASE("line_reader: a byte order mark is dropped at the start only") {
  const temp_file f("clause-line-reader-test", "\xEF\xBB\xBF{}\r\n\xEF\xBB\xBF\nlast");
  const std::vector<line> lines = read_lines(f.path());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "{}");
  CHECK(lines[1].text == "\xEF\xBB\xBF");
  CHECK(lines[2].text == "last");
}

TEST_CASE("line_reader: a line over the cap is skipped whole, the next one is intact") {
  // Longer than the reader's buffer, so the skipping spans several reads.
  const std::string big(200'000, 'x');
  const temp_file f("clause-line-reader-test",
                    "short\n" + big + "\nafter\n" + std::string(10, 'y') + "\r\n");
  const std::vector<line> lines = read_lines(f.path(), 10);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].status == line_reader::status::line);
  CHECK(lines[1].status == line_reader::status::too_long);
  CHECK(lines[1].text.starts_with("xxxxxxxxxx"));
  CHECK(lines[1].text.size() <= 11);
  CHECK(lines[1].number == 2);
  CHECK(lines[2].text == "after");
  // Exactly at the cap once its `\r` is dropped.
  CHECK(lines[3].status == line_reader::status::line);
  CHECK(lines[3].text == std::string(10, 'y'));
}

TEST_CASE("line_reader: a read that fails is an error, not the end of the input") {
  line_reader reader;
  // A directory opens, and then cannot be read.
  REQUIRE(reader.open(std::filesystem::temp_directory_path().string()));
  std::string text;
  CHECK(reader.next(text, 100) == line_reader::status::error);
  CHECK(reader.error() != 0);
  CHECK(reader.next(text, 100) == line_reader::status::error);
  CHECK_FALSE(reader.open("/nonexistent/clause-line-reader"));
  CHECK(reader.error() == ENOENT);
}
