#include <catch2/catch.hpp>

#include "lang/suggest.hpp"

using namespace clause::lang;

TEST_CASE("edit distance counts insertions, deletions, substitutions and transpositions") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("partnr", "partner") == 1);
  CHECK(edit_distance("evl", "eval") == 1);
  CHECK(edit_distance("tset", "test") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ABC", "abc") == 0);
}

TEST_CASE("did you mean picks the closest plausible name") {
  const std::vector<std::string> names = {"eval", "check", "test"};
  CHECK(did_you_mean("evl", names) == "did you mean `eval`?");
  CHECK(did_you_mean("chek", names) == "did you mean `check`?");
  CHECK(did_you_mean("frobnicate", names).empty());
  CHECK(did_you_mean("x", names).empty());
  CHECK(!closest_name("anything", {}).has_value());
}
