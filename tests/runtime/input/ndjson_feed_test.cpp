// ndjson_feed, NDJSON fed a part at a time, against case_reader reading the same text as a file:
// the same cases with the same lines, positions and errors, wherever the parts are cut.
#include <catch2/catch.hpp>

#include "runtime/input/ndjson_feed.hpp"

#include "lang/limits.hpp"
#include "tests/runtime/input/temp_file.hpp"

#include <random>
#include <string>
#include <vector>

using clause::runtime::ndjson_feed;
using clause::runtime::raw_case;

namespace {

std::vector<raw_case> fed(const std::string& name, std::string_view text,
                          const std::vector<std::size_t>& cuts) {
  ndjson_feed feed(name);
  std::vector<raw_case> out;
  raw_case c;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    feed.feed(text.substr(at, cut - at));
    at = cut;
    while (feed.next(c))
      out.push_back(c);
  }
  feed.feed(text.substr(at));
  feed.finish();
  while (feed.next(c))
    out.push_back(c);
  return out;
}

void require_same(const std::vector<raw_case>& got, const std::vector<raw_case>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("case " << i);
    CHECK(got[i].form == want[i].form);
    CHECK(got[i].text == want[i].text);
    CHECK(got[i].file == want[i].file);
    CHECK(got[i].origin.line == want[i].origin.line);
    CHECK(got[i].origin.position == want[i].origin.position);
    CHECK(got[i].error.message == want[i].error.message);
    CHECK(got[i].error.id == want[i].error.id);
    CHECK(got[i].bytes == want[i].bytes);
  }
}

}  // namespace

TEST_CASE("ndjson_feed: the cases case_reader cuts from the same text, however it is fed") {
  const std::vector<std::string> lines = {"{\"id\":\"a\"}",
                                          "",
                                          "   ",
                                          "{\"id\": \"b\", \"n\": 1}\r",
                                          "{\"id\":",
                                          "not json",
                                          "{\"name\":\"\xC3\xA9l\xC3\xA9onore\"}",
                                          "\r",
                                          "{}",
                                          "  {\"id\":\"c\"}  "};
  std::mt19937 random(20261202);
  const clause::test::temp_file file("clause_ndjson_feed_test.ndjson", "");
  for (int round = 0; round < 200; ++round) {
    // The first line a case, as a file read as NDJSON starts; the last one with or without `\n`.
    std::string text = lines[0] + "\n";
    const std::size_t count = random() % 12;
    for (std::size_t i = 0; i < count; ++i)
      text += lines[random() % lines.size()] + "\n";
    if (random() % 2) text += lines[random() % lines.size()];
    { std::ofstream(file.path(), std::ios::binary | std::ios::trunc) << text; }
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0; at < text.size();) {
      at += 1 + random() % 16;
      if (at < text.size()) cuts.push_back(at);
    }
    INFO("round " << round << ": " << text);
    require_same(fed(file.path(), text, cuts), clause::test::read_cases(file.path()));
  }
}

TEST_CASE("ndjson_feed: a line larger than a case is one error record, and is never held") {
  const std::size_t big = clause::lang::limits::max_case_bytes + 10;
  const std::string text = "{\"id\":\"a\"}\n{\"id\":\"" + std::string(big, 'x') +
                           "\"}\n{\"id\":\"b\"}\n{\"id\":\"" + std::string(big, 'y') + "\"}";
  const clause::test::temp_file file("clause_ndjson_feed_big.ndjson", text);
  std::vector<std::size_t> cuts;
  for (std::size_t at = 65536; at < text.size(); at += 65536)
    cuts.push_back(at);
  const std::vector<raw_case> got = fed(file.path(), text, cuts);
  require_same(got, clause::test::read_cases(file.path()));
  REQUIRE(got.size() == 4);
  CHECK(got[1].form == raw_case::kind::error);
  CHECK(got[3].form == raw_case::kind::error);
  CHECK(got[3].origin.line == 4);

  // Fed a part at a time, the long line is dropped as it comes.
  ndjson_feed feed("big.ndjson");
  raw_case c;
  const std::string part(65536, 'z');
  feed.feed("{\"id\":\"");
  for (int i = 0; i < 64; ++i) {
    feed.feed(part);
    CHECK_FALSE(feed.next(c));
  }
  feed.feed("\"}\n{\"id\":\"after\"}\n");
  REQUIRE(feed.next(c));
  CHECK(c.form == raw_case::kind::error);
  CHECK(c.origin.line == 1);
  REQUIRE(feed.next(c));
  CHECK(c.text == "{\"id\":\"after\"}");
  CHECK(c.origin.line == 2);
  CHECK(c.origin.position == 2);
  CHECK_FALSE(feed.next(c));
}
