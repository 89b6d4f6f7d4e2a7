// The lines case_reader gives each case (`case_origin::line`), which error messages and
// `clause test`'s FAIL lines show: JSON array elements and YAML documents and list elements, with
// YAML syntax errors counted the same way.
#include <catch2/catch.hpp>

#include "runtime/input/case_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using clause::runtime::case_reader;
using clause::runtime::raw_case;

namespace {

class temp_file {
 public:
  temp_file(const std::string& name, std::string_view text)
      : path_((std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name))
                  .string()) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~temp_file() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<raw_case> read_all(const std::string& file) {
  case_reader reader({file});
  std::vector<raw_case> cases;
  raw_case c;
  while (reader.next(c))
    cases.push_back(c);
  return cases;
}

}  // namespace

TEST_CASE("case_reader: a JSON array's elements start on their own lines") {
  // Elements over several lines, a blank line, two elements on one line, CRLF line ends.
  const temp_file f(
      "clause_case_reader_test.json",
      "[\r\n  {\"id\": \"a\",\r\n   \"n\": 1},\r\n\r\n  {\"id\": \"b\"}, {\"id\": \"c\"},"
      "\r\n  {\"id\": \"\xC3\xA9\"}\r\n]\r\n");
  const std::vector<raw_case> cases = read_all(f.path());
  REQUIRE(cases.size() == 4);
  const std::vector<std::size_t> lines = {2, 5, 5, 6};
  const std::vector<std::string> starts = {"{\"id\": \"a\"", "{\"id\": \"b\"}", "{\"id\": \"c\"}",
                                           "{\"id\": \"\xC3\xA9\"}"};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i + 1);
    CHECK(cases[i].form == raw_case::kind::json_text);
    CHECK(cases[i].text.starts_with(starts[i]));
    CHECK(cases[i].origin.line == lines[i]);
    CHECK(cases[i].origin.position == i + 1);
  }
}

TEST_CASE("case_reader: thousands of JSON array elements, each on the line it starts on") {
  // Every seventh case spans two lines; every fifth shares its line with the one before it.
  std::string text = "[";
  std::vector<std::size_t> lines;
  std::size_t line = 1;
  const std::size_t count = 5000;
  for (std::size_t i = 1; i <= count; ++i) {
    const std::string separator = i == 1 ? "\n" : i % 5 == 0 ? ", " : ",\n";
    const std::string element = "{\"id\": \"c" + std::to_string(i) + "\"" +
                                (i % 7 == 0 ? std::string(",\n\"n\": 1}") : std::string("}"));
    line += static_cast<std::size_t>(std::count(separator.begin(), separator.end(), '\n'));
    lines.push_back(line);
    line += static_cast<std::size_t>(std::count(element.begin(), element.end(), '\n'));
    text += separator + element;
  }
  text += "\n]\n";
  const temp_file f("clause_case_reader_many.json", text);
  const std::vector<raw_case> cases = read_all(f.path());
  REQUIRE(cases.size() == count);
  for (std::size_t i = 0; i < count; ++i) {
    INFO("case " << i + 1);
    REQUIRE(cases[i].text.starts_with("{\"id\": \"c" + std::to_string(i + 1) + "\""));
    REQUIRE(cases[i].origin.line == lines[i]);
  }
}

TEST_CASE("case_reader: YAML documents, list elements and syntax errors count lines alike") {
  const temp_file f("clause_case_reader_test.yaml",
                    "# a comment\n"
                    "id: a\n"  // line 2: the document starts at its first line
                    "---\n"    // line 3
                    "- id: b\n"
                    "\n"
                    "- id: c\n"  // line 6
                    "--- \n"
                    "id: d\n"
                    "list: [1, 2\n");  // line 9: the flow sequence is never closed
  const std::vector<raw_case> cases = read_all(f.path());
  REQUIRE(cases.size() == 4);
  CHECK(cases[0].origin.line == 1);
  CHECK(cases[1].origin.line == 4);
  CHECK(cases[2].origin.line == 6);
  REQUIRE(cases[3].form == raw_case::kind::error);
  CHECK(cases[3].error.message.starts_with(f.path() + ":10:1: "));
}
