// Strings compared with literals are interned: literals get numbers at compile time, the binder
// gives a compared field's text its number, and the comparison is of numbers.
#include <catch2/catch.hpp>

#include "runtime/eval/evaluate.hpp"
#include "runtime/input/fast_json.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

const std::string policy = R"(policy t version "1"
input {
  plan: string
  region: string = "eu"
  note?: string
  owner: { team: string }
}
let enterprise = "enterprise"
decision d
  outcomes allow | deny
  combine collect
  default allow
rule big -> d
  when plan == enterprise and owner.team != "ops"
  deny BIG "big"
rule region -> d
  when region == "us"
  deny REGION "us"
rule noted -> d
  when has note and trim(note) == "x"
  deny NOTED "noted"
)";

struct intern_fixture {
  std::shared_ptr<const runtime::program> program;
  runtime::bound_case c;
  runtime::evaluation e;

  intern_fixture() : program(test::compile_text(policy)) {}

  std::vector<std::string_view> codes(const std::string& json) {
    test::bind_text(*program, json, c);
    runtime::evaluate(*program, c, {}, e);
    REQUIRE(e.decision_count == 1);
    return e.decisions[0].codes;
  }

  const runtime::value& field(std::size_t i) const { return c.root.items[i]; }
};

}  // namespace

TEST_CASE("fields compared with string literals are bound with the literal's number", "[intern]") {
  intern_fixture f;
  // enterprise, ops, eu (the default of `region`) and us.
  CHECK(f.program->literals.size() == 4);
  CHECK(f.codes(R"({"plan":"enterprise","owner":{"team":"web"}})") ==
        std::vector<std::string_view>{"BIG"});
  const runtime::value& plan = f.field(0);
  CHECK(plan.literal != 0);
  CHECK(plan.literal != runtime::value::no_literal);
  CHECK(f.field(1).literal != 0);  // the default, `eu`
  CHECK(f.field(1).literal != f.field(0).literal);
  CHECK(f.field(3).items[0].literal == runtime::value::no_literal);  // `web`: no literal
  // `note` is compared only after `trim`: not interned.
  CHECK(f.codes(R"({"plan":"pro","note":" x ","owner":{"team":"ops"}})") ==
        std::vector<std::string_view>{"NOTED"});
  CHECK(f.field(0).literal == runtime::value::no_literal);
  CHECK(f.field(2).literal == 0);
  CHECK(f.codes(R"({"plan":"enterprise","region":"us","owner":{"team":"ops"}})") ==
        std::vector<std::string_view>{"REGION"});
  CHECK(f.codes(R"({"plan":"enterprise ","owner":{"team":"web"}})").empty());
}

// simdjson's path binds a scalar member from its key's slot alone (schema_type::key_entry): the
// slot carries the field's intern mark, so the numbers are those of the reference binder.
TEST_CASE("fields compared with string literals get the same numbers on simdjson's path",
          "[intern]") {
  intern_fixture f;
  runtime::fast_json fast;
  runtime::bound_case c;
  runtime::bind_error error;
  for (const std::string json :
       {R"({"plan":"enterprise","owner":{"team":"ops"}})",
        R"({"owner":{"team":"web"},"region":"us","plan":"pro","note":"x"})",
        R"({"plan":"enterprise ","region":"eu","owner":{"team":"ops"}})"}) {
    INFO(json);
    f.codes(json);
    REQUIRE(fast.bind(*f.program, json, c, error) == runtime::fast_json::outcome::bound);
    for (std::size_t i = 0; i < 3; ++i) {
      INFO("field " << i);
      CHECK(c.root.items[i].literal == f.field(i).literal);
    }
    CHECK(c.root.items[3].items[0].literal == f.field(3).items[0].literal);
  }
  // Binding by the slot marks what the reference binder marks: a literal where one is compared.
  REQUIRE(fast.bind(*f.program, R"({"plan":"enterprise","owner":{"team":"ops"}})", c, error) ==
          runtime::fast_json::outcome::bound);
  CHECK(c.root.items[0].literal != runtime::value::no_literal);
  CHECK(c.root.items[3].items[0].literal != runtime::value::no_literal);
}
