// The lines case_reader gives each case (`case_origin::line`), which error messages and
// `clause test`'s FAIL lines show: JSON array elements and YAML documents and list elements, with
// YAML syntax errors counted the same way.
#include <catch2/catch.hpp>

#include "runtime/input/case_reader.hpp"

#include "lang/limits.hpp"
#include "tests/runtime/input/temp_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using clause::runtime::case_reader;
using clause::runtime::raw_case;

using clause::test::temp_file;

namespace {

std::vector<raw_case> read_all(const std::string& file) {
  return clause::test::read_cases(file);
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

namespace {

std::vector<raw_case> read_text(const std::string& name, std::string_view text) {
  const temp_file f(name, text);
  return read_all(f.path());
}

std::string error_of(const raw_case& c) {
  return c.form == raw_case::kind::error ? c.error.message : std::string();
}

}  // namespace

TEST_CASE("case_reader: every NDJSON line is a case, whatever its bytes") {
  using namespace std::string_literals;
  const std::vector<raw_case> cases =
      read_text("clause_case_reader_nul.ndjson", "{\"id\":\"a\"}\n{\"id\":\0\"b\"}\n\0\n{}\n"s);
  REQUIRE(cases.size() == 4);
  CHECK(cases[1].text == "{\"id\":\0\"b\"}"s);
  CHECK(cases[2].text == "\0"s);
  CHECK(cases[3].text == "{}");
  CHECK(cases[3].origin.position == 4);
  CHECK(cases[3].origin.line == 4);
}

TEST_CASE("case_reader: a byte order mark does not change what the input is") {
  // An extension that says nothing: the format is sniffed, as on standard input.
  const std::vector<raw_case> cases =
      read_text("clause_case_reader_bom.txt", "\xEF\xBB\xBF{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
  REQUIRE(cases.size() == 2);
  CHECK(cases[0].text == "{\"id\":\"a\"}");
  CHECK(cases[1].form == raw_case::kind::json_text);
  const std::vector<raw_case> json =
      read_text("clause_case_reader_bom.json", "\xEF\xBB\xBF[{\"id\":\"a\"}]");
  REQUIRE(json.size() == 1);
  CHECK(json[0].form == raw_case::kind::json_text);
}

TEST_CASE("case_reader: a malformed first line does not make NDJSON one JSON document") {
  const std::vector<raw_case> cases = read_text(
      "clause_case_reader_first.txt", "{\"id\":\"a\",\n{\"id\":\"b\"}\n\n{\"id\":\"c\"}\n");
  REQUIRE(cases.size() == 3);
  CHECK(cases[0].text == "{\"id\":\"a\",");
  CHECK(cases[2].origin.line == 4);
  CHECK(cases[2].origin.position == 3);
  // Malformed in the line itself, whatever follows.
  CHECK(read_text("clause_case_reader_first.txt", "{\"id\" \"a\"}\n[\n1]\n").size() == 3);
  // A truncated first case that a later line seems to continue until it cannot.
  CHECK(read_text("clause_case_reader_first.txt", "{\"a\":\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n")
            .size() == 3);
  // A document over several lines is still one, even with a line that is a value of its own...
  const std::vector<raw_case> array =
      read_text("clause_case_reader_first.txt", "[\n{\"id\":\"a\"}\n]\n");
  REQUIRE(array.size() == 1);
  CHECK(array[0].text.starts_with("{\"id\":\"a\"}"));
  // ...and one with a syntax error is one error record for the file, as a `.json` file is.
  const std::vector<raw_case> broken =
      read_text("clause_case_reader_first.txt", "[\n  {\"id\": \"a\"}\n  {\"id\": \"b\"}\n]\n");
  REQUIRE(broken.size() == 1);
  CHECK(broken[0].form == raw_case::kind::error);
  CHECK_FALSE(broken[0].error.id);
}

TEST_CASE("case_reader: a case larger than the limit is one error record, the others go on") {
  const std::string big =
      "{\"id\":\"" + std::string(clause::lang::limits::max_case_bytes, 'x') + "\"}";
  const std::vector<raw_case> ndjson =
      read_text("clause_case_reader_big.ndjson", "{}\n" + big + "\n{}\n");
  REQUIRE(ndjson.size() == 3);
  CHECK(error_of(ndjson[1]).find(":2: this case is larger than 1 MiB") != std::string::npos);
  CHECK(ndjson[1].error.id == "2");
  CHECK(ndjson[2].text == "{}");
  const std::vector<raw_case> array =
      read_text("clause_case_reader_big.json", "[{},\n" + big + ",\n{}]");
  REQUIRE(array.size() == 3);
  CHECK(error_of(array[1]).find(":2: this case is larger than") != std::string::npos);
  // A YAML list item over many lines, and a document.
  std::string item = "- id: big\n  note: |\n";
  while (item.size() <= clause::lang::limits::max_case_bytes)
    item += "    " + std::string(1000, 'y') + "\n";
  const std::vector<raw_case> yaml =
      read_text("clause_case_reader_big.yaml", "- id: a\n" + item + "- id: c\n---\nid: d\n---\n" +
                                                   item.substr(2) + "---\nid: f\n");
  REQUIRE(yaml.size() == 6);
  CHECK(yaml[0].form == raw_case::kind::yaml_node);
  CHECK(error_of(yaml[1]).find(":2: this case is larger than") != std::string::npos);
  CHECK(yaml[2].node["id"].Scalar() == "c");
  CHECK(yaml[3].node["id"].Scalar() == "d");
  CHECK(yaml[4].form == raw_case::kind::error);
  CHECK(yaml[4].error.id == "5");
  CHECK(yaml[5].node["id"].Scalar() == "f");
  // An item on one line longer than the limit: the next item is still an item of its own.
  const std::vector<raw_case> line = read_text(
      "clause_case_reader_big.yaml",
      "- {id: a, x: [" + std::string(clause::lang::limits::max_case_bytes, 'a') + "]}\n- id: b\n");
  REQUIRE(line.size() == 2);
  CHECK(error_of(line[0]).find(":1: this case is larger than") != std::string::npos);
  CHECK(line[1].node["id"].Scalar() == "b");
}

TEST_CASE("case_reader: a top-level YAML list is read item by item") {
  const std::vector<raw_case> cases =
      read_text("clause_case_reader_items.yaml",
                "# cases\n- id: a\n  n: [1,\n    2]\n-\n- {id: c}\n- id: d\n  bad: [\n- id: e\n"
                "- id: f\nnot: an item\n");
  REQUIRE(cases.size() == 6);
  CHECK(cases[0].node["id"].Scalar() == "a");
  CHECK(cases[0].origin.line == 2);
  CHECK(cases[1].node.IsNull());
  CHECK(cases[2].origin.line == 6);
  // A syntax error spoils its item only.
  CHECK(cases[3].form == raw_case::kind::error);
  CHECK(cases[4].node["id"].Scalar() == "e");
  CHECK(cases[4].origin.position == 5);
  CHECK(error_of(cases[5]).find(":11:1: more content after this list item") != std::string::npos);
}

TEST_CASE("case_reader: a YAML document holds one node, in UTF-8") {
  const std::vector<raw_case> cases = read_text(
      "clause_case_reader_one.yaml", "{id: a} {id: b}\n---\n\"text\"\nid: c\n---\nid: \"\xFF\"\n");
  REQUIRE(cases.size() == 3);
  CHECK(
      error_of(cases[0]).ends_with(":1:9: more content after the case: a document holds one "
                                   "case (start the next one with `---`)"));
  CHECK(error_of(cases[1]).find(":4:1: more content after the case") != std::string::npos);
  CHECK(error_of(cases[2]).ends_with(":6:6: invalid UTF-8 byte 0xFF"));
}

TEST_CASE("case_reader: a file that cannot be read is an error record, never nothing") {
  const std::vector<raw_case> cases = read_all(std::filesystem::temp_directory_path().string());
  REQUIRE(cases.size() == 1);
  CHECK(cases[0].form == raw_case::kind::error);
  CHECK(cases[0].error.message.ends_with(": is a directory"));
}
