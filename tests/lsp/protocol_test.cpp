// The language server's translations: positions (UTF-16, as the protocol counts), URIs, framing,
// and the lists it keeps beside the language (keywords, builtin documentation) against their
// sources.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "lang/builtins.hpp"
#include "lsp/keywords.hpp"
#include "lsp/positions.hpp"
#include "lsp/transport.hpp"
#include "lsp/uri.hpp"

using namespace clause::lsp;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A temporary file holding `bytes`, rewound: what a transport reads.
std::FILE* input_of(const std::string& bytes) {
  std::FILE* f = std::tmpfile();
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::rewind(f);
  return f;
}

}  // namespace

TEST_CASE("positions count UTF-16 code units, lines from 0") {
  // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units (a surrogate pair).
  const std::string text = "ab\nxé😀z\r\nend";
  const line_map lines(text);
  CHECK(lines.to_position(0).line == 0);
  CHECK(lines.to_position(3).line == 1);
  const std::uint32_t z = static_cast<std::uint32_t>(text.find('z'));
  CHECK(lines.to_position(z).character == 4);
  CHECK(lines.to_offset({1, 4}) == z);
  CHECK(lines.to_offset({1, 2}) == text.find("😀"));
  // Past the end of a line: its end (before the `\r\n`'s `\n`); past the last line: the text's end.
  CHECK(lines.to_offset({0, 99}) == 2);
  CHECK(lines.to_offset({9, 0}) == text.size());
  CHECK(lines.to_position(9999).line == 2);
  // Inside a surrogate pair: never the middle of a UTF-8 sequence.
  CHECK(lines.to_offset({1, 3}) == text.find("😀"));
}

TEST_CASE("positions survive text that is not UTF-8") {
  const std::string text = "a\xff\xfe\xc3\nb\xf0";
  const line_map lines(text);
  for (std::uint32_t i = 0; i <= text.size() + 2; ++i) {
    const position p = lines.to_position(i);
    CHECK(lines.to_offset(p) <= text.size());
  }
}

TEST_CASE("file URIs to paths and back") {
  CHECK(uri_to_path("file:///work/a%20b/p.clause") == "/work/a b/p.clause");
  CHECK(uri_to_path("file://localhost/x.clause") == "/x.clause");
  CHECK(path_to_uri("/work/a b/ü.clause") == "file:///work/a%20b/%C3%BC.clause");
  CHECK(uri_to_path(path_to_uri("/a b/#x%y.clause")) == "/a b/#x%y.clause");
  CHECK_FALSE(uri_to_path("http://x/a.clause"));
  CHECK_FALSE(uri_to_path("file:///a%2"));
  CHECK_FALSE(uri_to_path("file:///a%00b"));
  CHECK_FALSE(uri_to_path("file://otherhost/a"));
}

TEST_CASE("frames: Content-Length in any case, other headers ignored, errors resynchronise") {
  const std::string bytes =
      "Content-Length: 2\r\n\r\n{}"
      "content-length:3\r\nContent-Type: x\r\n\r\n[1]"
      "Content-Type: x\r\n\r\n"
      "Content-Length: 2\r\n\r\nok"
      "Content-Length: 10\r\n\r\nshort";
  std::FILE* in = input_of(bytes);
  transport t(in, stdout);
  auto f = t.read();
  REQUIRE(f);
  CHECK(f->body == "{}");
  f = t.read();
  REQUIRE(f);
  CHECK(f->body == "[1]");
  f = t.read();
  REQUIRE(f);
  CHECK(f->error == "a message without a `Content-Length` header");
  f = t.read();
  REQUIRE(f);
  CHECK(f->body == "ok");
  f = t.read();
  REQUIRE(f);
  CHECK(f->error == "the input ended after 5 of the 10 bytes of a message");
  CHECK_FALSE(t.read());
  std::fclose(in);
}

TEST_CASE("frames are written with their length in bytes") {
  std::FILE* out = std::tmpfile();
  transport t(stdin, out);
  t.write("{\"é\":1}");
  std::rewind(out);
  char buffer[64] = {};
  const std::size_t n = std::fread(buffer, 1, sizeof buffer, out);
  CHECK(std::string(buffer, n) == "Content-Length: 8\r\n\r\n{\"é\":1}");
  std::fclose(out);
}

TEST_CASE("completion knows every keyword of the grammar") {
  const std::string grammar = read_file(CLAUSE_SOURCE_DIR "/lang/grammar.hpp");
  const std::regex keyword(R"(CLAUSE_KEYWORD\((\w+)\);)");
  std::set<std::string_view> known(std::begin(keywords), std::end(keywords));
  int found = 0;
  for (auto it = std::sregex_iterator(grammar.begin(), grammar.end(), keyword);
       it != std::sregex_iterator(); ++it, ++found) {
    INFO((*it)[1].str());
    CHECK(known.count((*it)[1].str()));
  }
  CHECK(found > 30);
}

TEST_CASE("each builtin's documentation is the README table's") {
  const std::string readme = read_file(CLAUSE_SOURCE_DIR "/lang/README.md");
  // The README escapes `|` inside a table cell, and writes `, absent when malformed` after the
  // signature's code.
  auto escaped = [](std::string_view text) {
    std::string out;
    for (char c : text)
      out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  constexpr std::string_view absent = ", absent when malformed";
  for (const auto& b : clause::lang::all_builtins) {
    std::string_view signature = b.signature;
    std::string tail = "`";
    if (signature.ends_with(absent)) {
      signature.remove_suffix(absent.size());
      tail = "`" + std::string(absent);
    }
    const std::string row = "| `" + escaped(signature) + tail + " | " + escaped(b.doc) + " |";
    INFO(row);
    CHECK(readme.find(row) != std::string::npos);
  }
}
