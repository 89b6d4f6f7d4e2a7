#include <catch2/catch.hpp>

#include "lang/source.hpp"

using namespace clause::lang;

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

TEST_CASE("source_set keeps files addressable by id") {
  source_set set;
  const file_id a = set.add("a", "1");
  const file_id b = set.add("b", "2");
  CHECK(set.file(a).path() == "a");
  CHECK(set.file(b).text() == "2");
  CHECK(set.size() == 2);
}
