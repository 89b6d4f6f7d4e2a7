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
    auto fast = read_plain_yaml(text, error);
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
      "\xef\xbb\xbf"
      "a: 1\n",
      "a: 1\x7f\n",
      "a: 6x\xfe\xff\n",
      "a: x\r",
      "a: {n: -2\t}\n",
      "a: x\n--- k:\n",
      "a: x\n...\n",
      "a: I1F2] \n",
      "a: x{y}\n",
      "a: [x, d?e]\n",
      "a: x\rb: y\n",
  };
  for (const char* text : texts) {
    INFO(text);
    data_error error;
    CHECK_FALSE(read_plain_yaml(text, error).has_value());
    CHECK(error.message.empty());
  }
  // Found by yaml_data_fuzzer: yaml-cpp ends a comment at a NUL byte.
  const std::string nul = "a: #" + std::string(16, '\0') + std::string(61, '1') +
                          std::string(29, '\0') + "   k:\n" + std::string(12, ' ') + "\r";
  data_error error;
  CHECK_FALSE(read_plain_yaml(nul, error).has_value());
  CHECK(error.message.empty());
}

namespace {

std::string repeated(std::string_view part, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += part;
  return out;
}

// What read_yaml says of `text`, as `limit@offset: message` or `ok`.
std::string outcome(const std::optional<data_node>& read, const data_error& error) {
  if (read) return "ok";
  return (error.limit ? "limit@" : "syntax@") + std::to_string(error.offset) + ": " + error.message;
}

}  // namespace

TEST_CASE("both readers refuse data nested deeper than a table's value may be, where it gets so") {
  // A table's mapping, then 33 levels: the deepest a value may be (data.cpp reports the 34th).
  const std::string deepest = "a: " + repeated("[", 33) + repeated("]", 33) + "\n";
  data_error error;
  REQUIRE(read_plain_yaml(deepest, error));
  REQUIRE(read_yaml_cpp(deepest, error));
  require_same(*read_plain_yaml(deepest, error), *read_yaml_cpp(deepest, error), "deepest");
  CHECK(read_yaml_cpp(repeated("- ", 34) + "x\n", error));

  // The 35th collection is refused at its start (offset 36, after `a: ` and 33 `[`).
  const std::string refused = "limit@36: data nests deeper than 32 levels";
  for (const std::string& text :
       {"a: " + repeated("[", 34) + repeated("]", 34) + "\n", "a: " + repeated("[", 100000)}) {
    INFO(text.substr(0, 40));
    data_error fast_error, full_error, either_error;
    const auto fast = read_plain_yaml(text, fast_error);
    CHECK(outcome(fast, fast_error) == refused);
    const auto either = read_yaml(text, either_error);
    CHECK(outcome(either, either_error) == refused);
    const auto full = read_yaml_cpp(text, full_error);
    CHECK_FALSE(full);
    CHECK(full_error.limit);
  }
  // The fast reader's block mappings, one per indented line.
  std::string block;
  for (std::size_t i = 0; i < 40; ++i)
    block += std::string(i, ' ') + "a:\n";
  data_error block_error;
  CHECK(outcome(read_plain_yaml(block, block_error), block_error) ==
        "limit@" + std::to_string(block.find(std::string(34, ' ') + "a") + 34) +
            ": data nests deeper than 32 levels");
  // Left to yaml-cpp: a sequence per `- `, 30 000 deep, and 100 000 `[` with nothing before.
  for (const std::string& text :
       {repeated("- ", 30000) + "x\n", repeated("[", 100000), repeated("{a: ", 100000)}) {
    INFO(text.substr(0, 40));
    data_error full_error;
    CHECK_FALSE(read_yaml_cpp(text, full_error));
    CHECK(full_error.limit);
    CHECK(full_error.message == "data nests deeper than 32 levels");
  }
  data_error dash_error;
  CHECK(outcome(read_yaml(repeated("- ", 30000) + "x\n", dash_error), dash_error) ==
        "limit@68: data nests deeper than 32 levels");
}

TEST_CASE("a scalar as the deepest block value is as deep as yaml-cpp says (a fuzzer's finding)") {
  // 34 nested keys whose last value is a plain scalar on its own line: 34 collections, within the
  // limit. The fast reader opens a level for that value before it sees a scalar, and refuses; the
  // loader then asks yaml-cpp, which counts exactly.
  std::string text;
  for (std::size_t i = 0; i < 34; ++i)
    text += std::string(i, ' ') + "k:\n";
  text += std::string(34, ' ') + "v\n";
  data_error fast_error, full_error, error;
  CHECK_FALSE(read_plain_yaml(text, fast_error));
  const auto full = read_yaml_cpp(text, full_error);
  REQUIRE(full);
  const auto read = read_yaml(text, error);
  REQUIRE(read);
  require_same(*read, *full, "deepest scalar");
}

TEST_CASE("a data file may not use aliases: a few bytes of them would expand to gigabytes") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int j = 1; j < 10; ++j)
      bomb += ", " + prev;
    bomb += "]\n";
  }
  data_error error;
  CHECK_FALSE(read_yaml(bomb, error));
  CHECK(error.limit);
  CHECK(error.offset == bomb.find("*a0"));
  CHECK(error.message == "a data file may not use aliases (`*name`); write the value out");
  // An anchor alone is harmless.
  data_error anchor_error;
  CHECK(read_yaml("a: &x 1\nb: 2\n", anchor_error));
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
