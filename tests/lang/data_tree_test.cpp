// The fast reader of data files agrees with yaml-cpp on everything it accepts, and leaves the rest
// to it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "lang/data_tree.hpp"

using namespace clause::lang;

namespace {

void require_same(const data_node& fast, const data_node& full, const std::string& where) {
  INFO(where);
  REQUIRE(fast.form == full.form);
  // An empty value has no text of its own to be at; yaml-cpp puts it where the next token starts.
  if (fast.form != data_node::kind::null) CHECK(fast.offset == full.offset);
  if (fast.form == data_node::kind::scalar) {
    CHECK(fast.quoted == full.quoted);
    CHECK(fast.text == full.text);
  }
  REQUIRE(fast.items.size() == full.items.size());
  for (std::size_t i = 0; i < fast.items.size(); ++i) {
    require_same(fast.items[i], full.items[i], where + "/" + std::to_string(i));
  }
}

}  // namespace

TEST_CASE("the fast reader reads what yaml-cpp reads, the same way") {
  std::ifstream in(CLAUSE_SOURCE_DIR "/rules/mca/countries.yaml");
  std::stringstream countries;
  countries << in.rdbuf();
  const std::string texts[] = {
      countries.str(),
      "a: 1\nb: two\nc: 'it''s'\nd: \"quoted\"\ne:\nf: ~\n",
      "# comment\nrows:\n  x: {n: 1, tags: [a, b], empty: [], none: {}}\n  'y z': {n: -2}  # "
      "after\n",
      "list:\n  - 1\n  - [a, b]\n  - {k: v}\nnext: true\n",
      "deep:\n  deeper:\n    deepest: [1, 2]\n  back: x\nout: y\n",
      "key: value with spaces  \nurl: http://example.com/a#b\ntime: 12:30\n",
      "",
      "# only comments\n\n",
      "a: yes\nb: NO\nc: 0x1F\nd: 1.5e3\ne: .inf\n",
      "- a\n- b\n",
      "a: {k: [1, {j: 2}]}\n",
  };
  for (const std::string& text : texts) {
    data_error error;
    auto full = read_yaml_cpp(text, error);
    REQUIRE(full);
    auto fast = read_plain_yaml(text);
    INFO(text);
    REQUIRE(fast);
    require_same(*fast, *full, "root");
  }
}

TEST_CASE("the fast reader leaves what it is not sure of to yaml-cpp") {
  const char* texts[] = {
      "a: &anchor 1\nb: *anchor\n",
      "a: !tag x\n",
      "a: |\n  block\n",
      "a: \"esc\\n\"\n",
      "a: [1,\n  2]\n",
      "---\na: 1\n",
      "a:\n- 1\n- 2\n",
      "a: b: c\n",
      "\ta: 1\n",
      "plain scalar\n",
  };
  for (const char* text : texts) {
    INFO(text);
    CHECK_FALSE(read_plain_yaml(text).has_value());
  }
}

TEST_CASE("classify_plain follows the YAML 1.2 core schema") {
  CHECK(classify_plain("true") == plain_kind::boolean);
  CHECK(classify_plain("FALSE") == plain_kind::boolean);
  CHECK(classify_plain("yes") == plain_kind::string);
  CHECK(classify_plain("NO") == plain_kind::string);
  CHECK(classify_plain("~") == plain_kind::null);
  CHECK(classify_plain("") == plain_kind::null);
  CHECK(classify_plain("-12") == plain_kind::integer);
  CHECK(classify_plain("0o17") == plain_kind::integer);
  CHECK(classify_plain("1.5") == plain_kind::floating);
  CHECK(classify_plain(".nan") == plain_kind::floating);
  CHECK(classify_plain("2024-06-10") == plain_kind::string);
  CHECK(classify_plain("en-US") == plain_kind::string);
}
