// A `.json` file is read in pieces (json_splitter) rather than whole. These pin what that must not
// change: the elements, wherever the pieces are cut; and, differentially against a parse of the
// whole document, whether a file parses and, when it does not, the message and its line:column.
#include <catch2/catch.hpp>

#include "runtime/input/json_splitter.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lang/location.hpp"
#include "runtime/input/case_reader.hpp"
#include "runtime/input/json.hpp"
#include "tests/runtime/input/temp_file.hpp"

using clause::runtime::json_piece;
using clause::runtime::json_splitter;
using clause::runtime::raw_case;

namespace {

std::vector<json_piece> split(std::string_view text, std::size_t chunk, bool& ok) {
  json_splitter s(1 << 20);
  std::deque<json_piece> out;
  ok = true;
  for (std::size_t i = 0; i < text.size() && ok; i += chunk)
    ok = s.add(text.substr(i, chunk), out);
  ok = ok && s.finish(out);
  return {out.begin(), out.end()};
}

const std::string splitter_file = "splitter.json";
// What reading the whole document with the parser says: the number of cases, or the error.
struct whole_answer {
  bool parses = false;
  std::size_t elements = 0;
  std::string error;
};

whole_answer parse_whole(std::string_view text, const std::string& path) {
  clause::runtime::json::document doc;
  whole_answer a;
  if (!doc.parse(text)) {
    const auto at = clause::lang::locate(text, doc.error().offset);
    a.error = clause::lang::format_location(path, at.line, at.column) + ": " + doc.error().message;
    return a;
  }
  a.parses = true;
  a.elements =
      doc.root().kind() == clause::runtime::json::kind::array ? doc.root().elements().size() : 1;
  return a;
}

void same_as_whole(std::string_view text) {
  INFO("document: " << text);
  const clause::test::temp_file f(splitter_file, text);
  const whole_answer whole = parse_whole(text, f.path());
  const std::vector<raw_case> cases = clause::test::read_cases(f.path());
  if (!whole.parses) {
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].form == raw_case::kind::error);
    CHECK(cases[0].error.message == whole.error);
    return;
  }
  clause::runtime::json::document doc;
  if (doc.parse(text) && doc.root().kind() != clause::runtime::json::kind::array &&
      doc.root().kind() != clause::runtime::json::kind::object) {
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].error.message.find("expected a case (an object) or a list of cases") !=
          std::string::npos);
    return;
  }
  REQUIRE(cases.size() == whole.elements);
  for (const raw_case& c : cases) {
    CHECK(c.form == raw_case::kind::json_text);
    CHECK(doc.parse(c.text));
  }
}

}  // namespace

TEST_CASE("json_splitter: the same elements wherever the pieces are cut") {
  const std::string text =
      "[\n  {\"id\": \"a]}\\\"[{\", \"n\": [1, {\"x\": []}]},\n  \"caf\xC3\xA9\", -1.5e+3, true,"
      " null,\n\n  [[\"\\\\\"]], {}\n]\n";
  bool ok = false;
  const std::vector<json_piece> whole = split(text, text.size(), ok);
  REQUIRE(ok);
  REQUIRE(whole.size() == 7);
  CHECK(whole[0].text == "{\"id\": \"a]}\\\"[{\", \"n\": [1, {\"x\": []}]}");
  CHECK(whole[1].text == "\"caf\xC3\xA9\"");
  CHECK(whole[2].text == "-1.5e+3");
  CHECK(whole[5].text == "[[\"\\\\\"]]");
  CHECK(whole[6].text == "{}");
  CHECK(whole[2].line == 3);
  CHECK(whole[2].column == 11);  // é is one character
  CHECK(whole[5].line == 5);
  for (std::size_t chunk = 1; chunk < 20; ++chunk) {
    INFO("pieces of " << chunk << " bytes");
    const std::vector<json_piece> pieces = split(text, chunk, ok);
    REQUIRE(ok);
    REQUIRE(pieces.size() == whole.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      CHECK(pieces[i].text == whole[i].text);
      CHECK(pieces[i].index == i);
      CHECK(pieces[i].line == whole[i].line);
      CHECK(pieces[i].column == whole[i].column);
    }
  }
}

TEST_CASE("json_splitter: an element longer than the cap is marked, not kept") {
  json_splitter s(8);
  std::deque<json_piece> out;
  REQUIRE(s.add("[{\"a\": \"0123456789\"}, {}]", out));
  REQUIRE(s.finish(out));
  REQUIRE(out.size() == 2);
  CHECK(out[0].too_big);
  CHECK(out[0].text.empty());
  CHECK_FALSE(out[1].too_big);
  CHECK(out[1].text == "{}");
}

TEST_CASE("json_splitter: a file reads as the whole document parses, errors located alike") {
  const std::vector<std::string> documents = {
      "",
      "   \n",
      "[",
      "]",
      "[]",
      "[,1]",
      "[1,]",
      "[1 2]",
      "[1,,2]",
      "[{\"a\":1}}",
      "[{\"a\":1}]\n,",
      "{\"a\":1} x",
      "{\"a\":1}\n{\"b\":2}",
      "[{\"a\": \"x",
      "[{\"a\":[1}, 2]",
      "[tru]",
      "[1{}]",
      "[\"a\"x]",
      "[01]",
      "[-]",
      "[{\"a\": 1},\n {\"b\": 01}]",
      "[{\"a\": \"\xFF\"}]",
      "[{\"a\": \"line\nbreak\"}]",
      "\"text\"",
      "12",
      "null",
      "{\"id\": \"c\xC3\xA9\", \"x\": [1, 2, 3]}",
      "[{\"a\":1}, [2], \"s\", 3]",
      std::string(200, '[') + std::string(200, ']'),
      "[" + std::string(129, '[') + "]",
      "[\n  {\"id\": \"x\"},\n  {\"id\": \"y\" \"z\": 1}\n]",
      "[{\"id\": \"\\q\"}]",
      "[{}]    \n\n   xyz",
      "[{}, \xC3\xA9]",
      "{\"a\" 1}",
      "[{\"a\":1}, {\"b\":2}"};
  for (const std::string& d : documents)
    same_as_whole(d);
}

TEST_CASE("json_splitter: random edits of a document read as the whole parse says") {
  const std::string base =
      "[\n  {\"id\": \"a\", \"n\": [1, 2.5, {\"x\": \"]}\\\"\"}], \"t\": true},\n"
      "  {\"id\": \"b\", \"m\": {\"k\": null}},\n  \"s\", -3e2, [[]]\n]\n";
  const std::string alphabet = "[]{},:\"\\ \n0-.etx\xC3";
  std::mt19937 random(20261202);
  for (int round = 0; round < 3000; ++round) {
    std::string d = base;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !d.empty(); ++e) {
      const std::size_t at = random() % d.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          d.erase(at, 1);
          break;
        case 1:
          d.insert(at, 1, c);
          break;
        default:
          d[at] = c;
          break;
      }
    }
    same_as_whole(d);
  }
}
