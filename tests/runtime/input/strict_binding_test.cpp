// What the binder refuses in a case, whatever its format: a key given twice (JSON and YAML), a
// YAML tag that contradicts its value or the schema, a YAML case whose aliases expand it past
// lang::limits::max_case_bytes, and a value of the wrong kind, named in the same words in both.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <tuple>
#include <vector>

#include "lang/limits.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/json.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

const std::string strict_policy = R"(policy t version "1"
enum Kind { A, B }
record Item { kind: Kind, note?: string }
input {
  name?: string
  amount?: int
  flag?: bool
  owner?: { team: string }
  items: list<Item> = []
}
decision d
  outcomes allow | deny
  combine collect
  default allow
rule r -> d
  when (name ?? "") == "x"
  deny X "x"
)";

struct strict_fixture {
  std::shared_ptr<const runtime::program> program = test::compile_text(strict_policy);
  runtime::bound_case bound;
  runtime::bind_error error;

  bool json(const std::string& text) {
    runtime::json::document doc;
    REQUIRE(doc.parse(text));
    return runtime::bind_json(*program, doc.root(), bound, error);
  }
  bool yaml(const std::string& text) {
    return runtime::bind_yaml(*program, YAML::Load(text), bound, error);
  }
};

}  // namespace

TEST_CASE("a key given twice is an error naming the key and its path", "[bind]") {
  strict_fixture f;
  CHECK_FALSE(f.json(R"({"name": "a", "amount": 1, "name": "b"})"));
  CHECK(f.error.path == "name");
  CHECK(f.error.message == "`name` is given more than once: a field may appear once");
  CHECK_FALSE(f.json(R"({"owner": {"team": "a", "team": "b"}})"));
  CHECK(f.error.path == "owner.team");
  // Keys compare unescaped.
  CHECK_FALSE(f.json(R"({"items": [{"kind": "A"}, {"kind": "A", "k\u0069nd": "B"}]})"));
  CHECK(f.error.path == "items[1].kind");
  CHECK_FALSE(f.yaml("owner: {team: a}\nname: x\nowner: {team: b}\n"));
  CHECK(f.error.path == "owner");
  // Many keys: the repeated one is found all the same.
  std::string many = "{";
  for (int i = 0; i < 100; ++i)
    many += "\"k" + std::to_string(i) + "\": 1, ";
  CHECK_FALSE(f.json(many + "\"k42\": 2}"));
  CHECK(f.error.path == "k42");
  CHECK(f.json(many + "\"name\": \"y\"}"));
}

TEST_CASE("a YAML tag is honoured and must fit its value", "[bind]") {
  strict_fixture f;
  CHECK_FALSE(f.yaml("name: !!int 12\n"));
  CHECK(f.error.path == "name");
  CHECK(f.error.message == "expected a string, found the number `12`");
  CHECK(f.yaml("name: !!str 12\namount: !!int 0x1F\nflag: !!bool True\n"));
  CHECK_FALSE(f.yaml("amount: !!str 12\n"));
  CHECK(f.error.message == "expected an integer, found the string `12`");
  CHECK_FALSE(f.yaml("amount: !!int twelve\n"));
  CHECK(f.error.message == "expected an integer, found `twelve` tagged `!!int`, which it is not");
  CHECK_FALSE(f.yaml("flag: !!bool yes\n"));
  CHECK_FALSE(f.yaml("name: !custom x\n"));
  CHECK(f.error.message ==
        "expected a string, found `x` tagged `!custom`, a tag outside YAML's core schema");
  CHECK_FALSE(f.yaml("owner: !!seq {team: a}\n"));
  CHECK(f.error.path == "owner");
  CHECK(f.yaml("name: !!null\n"));
  CHECK(f.yaml("name: \"12\"\nowner: !!map {team: a}\n"));
}

TEST_CASE("a YAML case's aliases count, expanded, against the size of one case", "[bind]") {
  strict_fixture f;
  const std::string note(10'000, 'n');
  const std::size_t copies = 2 * lang::limits::max_case_bytes / note.size();
  std::string text = "base: &item {kind: A, note: " + note + "}\nitems: [";
  for (std::size_t i = 0; i < copies; ++i)
    text += i ? ", *item" : "*item";
  CHECK_FALSE(f.yaml(text + "]\n"));
  CHECK(f.error.message.find("once its YAML aliases are expanded") != std::string::npos);
  CHECK(f.error.path.starts_with("items["));
  // The same aliases, fewer of them: bound.
  text = "base: &item {kind: A, note: " + note + "}\nitems: [*item, *item, *item]\n";
  CHECK(f.yaml(text));
}

TEST_CASE("a value of the wrong kind is named in the same words in JSON and YAML", "[bind]") {
  // found_value() (schema_binder.hpp) words it for every format; `flag` is a bool, `name` a
  // string.
  strict_fixture f;
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {R"({"name": true})", "name: true\n", "expected a string, found the boolean `true`"},
      {R"({"flag": 1.50})", "flag: 1.50\n", "expected `true` or `false`, found the number `1.50`"},
      {R"({"flag": -12})", "flag: -12\n", "expected `true` or `false`, found the number `-12`"},
      {R"({"flag": "no"})", "flag: 'no'\n", "expected `true` or `false`, found the string `no`"},
      {R"({"name": [1]})", "name: [1]\n", "expected a string, found a list"},
      {R"({"name": {"a": 1}})", "name: {a: 1}\n", "expected a string, found a mapping"},
  };
  for (const auto& [json, yaml, message] : cases) {
    INFO(json);
    CHECK_FALSE(f.json(json));
    CHECK(f.error.message == message);
    CHECK_FALSE(f.yaml(yaml));
    CHECK(f.error.message == message);
  }
  CHECK_FALSE(f.json(R"({"items": [{}]})"));
  CHECK(f.error.message == "`kind` is required: expected one of `A` or `B`, found nothing");
}
