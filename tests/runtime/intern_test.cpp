// Strings are interned: the policy's strings (literals, tables' keys and rows) get numbers at
// compile time, the binder gives the text of a field that meets them its number, and comparisons,
// memberships and table look-ups are of numbers.
#include <catch2/catch.hpp>

#include "runtime/evaluate.hpp"
#include "runtime/program.hpp"
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

struct fixture {
  std::shared_ptr<const runtime::program> program;
  runtime::bound_case c;
  runtime::evaluation e;

  fixture() : program(test::compile_text(policy)) {}

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
  fixture f;
  // enterprise, ops, eu (the default of `region`), us and x.
  CHECK(f.program->literals.size() == 5);
  CHECK(f.codes(R"({"plan":"enterprise","owner":{"team":"web"}})") ==
        std::vector<std::string_view>{"BIG"});
  const runtime::value& plan = f.field(0);
  CHECK(plan.literal != 0);
  CHECK(plan.literal != runtime::value::no_literal);
  CHECK(f.field(1).literal != 0);  // the default, `eu`
  CHECK(f.field(1).literal != f.field(0).literal);
  CHECK(f.field(3).items[0].literal == runtime::value::no_literal);  // `web`: no literal
  // `note` is compared after `trim`: interned too. Its text with spaces has no number (` x `
  // is no string of the policy); trimmed, it is compared by its text.
  CHECK(f.codes(R"({"plan":"pro","note":" x ","owner":{"team":"ops"}})") ==
        std::vector<std::string_view>{"NOTED"});
  CHECK(f.field(0).literal == runtime::value::no_literal);
  CHECK(f.field(2).literal == runtime::value::no_literal);
  CHECK(f.codes(R"({"plan":"pro","note":"x","owner":{"team":"ops"}})") ==
        std::vector<std::string_view>{"NOTED"});
  CHECK(f.field(2).literal != 0);
  CHECK(f.field(2).literal != runtime::value::no_literal);
  CHECK(f.codes(R"({"plan":"enterprise","region":"us","owner":{"team":"ops"}})") ==
        std::vector<std::string_view>{"REGION"});
  CHECK(f.codes(R"({"plan":"enterprise ","owner":{"team":"web"}})").empty());
}

TEST_CASE("table keys and rows are interned; texts unknown to the policy compare by text",
          "[intern]") {
  const auto program = test::compile_text(R"(policy t version "1"
record Plan { kind: string, seats: int }
input {
  plan: string
  kind?: string
  other?: string
  langs: list<string>
}
table plans: map<string, Plan> = {
  "pro": { kind: "paid", seats: 10 },
  "free": { kind: "free", seats: 1 },
  "team": { kind: "paid", seats: 5 },
  "solo": { kind: "free", seats: 1 },
  "edu": { kind: "grant", seats: 50 },
}
let key = trim(plan)
decision d
  outcomes allow | deny
  combine collect
  default allow
rule unknown -> d
  when not (key in plans)
  deny UNKNOWN "unknown plan {key}"
rule kind -> d
  when key in plans and has kind and plans[key].kind != kind
  deny KIND "not {kind}"
rule same -> d
  when has kind and has other and kind == other
  deny SAME "same"
rule listed -> d
  when key in langs
  deny LISTED "listed"
rule paid -> d
  when has other and other == "paid"
  deny PAID "paid"
)");
  runtime::bound_case c;
  runtime::evaluation e;
  auto codes = [&](const std::string& json) {
    test::bind_text(*program, json, c);
    std::vector<std::string_view> out;
    test::evaluate_both_ways(*program, c, [&](const runtime::evaluation& r, bool) {
      REQUIRE(r.decision_count == 1);
      out = r.decisions[0].codes;
    });
    return out;
  };
  // A key of the table (five rows: looked up by its number), with spaces, or none of them.
  CHECK(codes(R"({"plan":"edu","kind":"grant","langs":[]})").empty());
  CHECK(c.root.items[0].literal != 0);
  CHECK(c.root.items[0].literal != runtime::value::no_literal);
  CHECK(codes(R"({"plan":"  team ","kind":"paid","langs":[]})").empty());
  CHECK(c.root.items[0].literal == runtime::value::no_literal);
  CHECK(codes(R"({"plan":"gold","langs":[]})") == std::vector<std::string_view>{"UNKNOWN"});
  CHECK(codes(R"({"plan":"Pro","langs":[]})") == std::vector<std::string_view>{"UNKNOWN"});
  // A row's string against a field: numbers when the field's text is one of the policy's.
  CHECK(codes(R"({"plan":"pro","kind":"free","langs":[]})") ==
        std::vector<std::string_view>{"KIND"});
  CHECK(c.root.items[1].literal != runtime::value::no_literal);
  CHECK(codes(R"({"plan":"pro","kind":"gratis","langs":[]})") ==
        std::vector<std::string_view>{"KIND"});
  CHECK(c.root.items[1].literal == runtime::value::no_literal);
  // Two texts that are none of the policy's strings: equal or not by their text.
  CHECK(codes(R"({"plan":"pro","kind":"gratis","other":"gratis","langs":[]})") ==
        std::vector<std::string_view>{"KIND", "SAME"});
  CHECK(c.root.items[2].literal == runtime::value::no_literal);
  CHECK(codes(R"({"plan":"pro","kind":"gratis","other":"libre","langs":[]})") ==
        std::vector<std::string_view>{"KIND"});
  CHECK(codes(R"({"plan":"pro","kind":"paid","other":"paid","langs":[]})") ==
        std::vector<std::string_view>{"PAID", "SAME"});
  // A list of the case's texts (not interned) holding an interned key.
  CHECK(codes(R"({"plan":"pro","langs":["x","pro"]})") == std::vector<std::string_view>{"LISTED"});
  CHECK(codes(R"({"plan":"pro ","langs":["pro"]})") == std::vector<std::string_view>{"LISTED"});
  CHECK(codes(R"({"plan":"pro","langs":["pro "]})").empty());
}
