// A case is bound into one flat block, so that a path from the root reads one slot: nested
// records (present, left out, defaulted), a record that refers to itself, and records in lists,
// through the binder and the evaluator, and explained (which reads the same slots).
#include <catch2/catch.hpp>

#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

const std::string flat_policy = R"(policy t version "1"
record Inner { level: int = 1 }
record Prefs { lang: string, inner: Inner }
record Chain { name: string, next?: Chain }
input {
  account?: { owner?: { team: string, badge?: string } }
  prefs: Prefs = { lang: "en", inner: { level: 2 } }
  chain?: Chain
  items?: list<{ owner?: { team: string } }>
}
decision d
  outcomes allow | deny
  combine collect
  default allow
rule ops -> d
  when (account.owner.team ?? "") == "ops"
  deny OPS "ops"
rule badge -> d
  when has account.owner.badge
  deny BADGE "badge"
rule lang -> d
  when prefs.lang == "fr" or prefs.inner.level > 2
  deny LANG "lang"
rule level-default -> d
  when prefs.inner.level == 2
  warn LEVEL2 "level 2"
rule deep -> d
  when (chain.next.next.name ?? "") == "deep"
  deny DEEP "deep"
rule items -> d
  when any i in (items ?? []) where (i.owner.team ?? "") == "ops"
  deny ITEMS "items"
)";

struct flat_fixture {
  std::shared_ptr<const runtime::program> program;

  flat_fixture() : program(test::compile_text(flat_policy)) {}

  // Codes then warnings, evaluated plainly and explained (the two programs must agree).
  std::vector<std::string_view> decide(const std::string& json) {
    runtime::bound_case c;
    test::bind_text(*program, json, c);
    std::vector<std::string_view> out[2];
    test::evaluate_both_ways(*program, c, [&](const runtime::evaluation& e, bool explained) {
      REQUIRE(e.decision_count == 1);
      out[explained] = e.decisions[0].codes;
      for (auto w : e.decisions[0].warnings)
        out[explained].push_back(w);
    });
    CHECK(out[0] == out[1]);
    return out[0];
  }
};

using codes = std::vector<std::string_view>;

}  // namespace

TEST_CASE("the input's records are laid out in one flat block", "[bind]") {
  flat_fixture f;
  const runtime::schema_type& input = f.program->input;
  // account, prefs, chain, items; account's block (owner; owner's block: team, badge); prefs's
  // block (lang, inner; inner's block: level). `chain` refers to itself: its `next` is bound into
  // a block of its own.
  CHECK(input.fields[0].block == 4);
  CHECK(input.fields[1].block == 4 + 3);
  CHECK(input.fields[2].block == 4 + 3 + 3);
  CHECK(input.fields[2].type->fields[1].block == runtime::schema_field::no_block);
  CHECK(input.fields[3].block == runtime::schema_field::no_block);  // a list
  CHECK(input.flat_size == 4 + 3 + 3 + 2);
}

TEST_CASE("paths from the root read their slot, absent when a record on the way is", "[bind]") {
  flat_fixture f;
  CHECK(f.decide("{}") == codes{"LEVEL2"});  // prefs: the default record, placed in the block
  CHECK(f.decide(R"({"account":{}})") == codes{"LEVEL2"});
  CHECK(f.decide(R"({"account":{"owner":{"team":"ops"}}})") == codes{"OPS", "LEVEL2"});
  CHECK(f.decide(R"({"account":{"owner":{"team":"x","badge":"b"}}})") == codes{"BADGE", "LEVEL2"});
  CHECK(f.decide(R"({"prefs":{"lang":"fr","inner":{}}})") == codes{"LANG"});  // level: 1
  CHECK(f.decide(R"({"prefs":{"lang":"en","inner":{"level":3}}})") == codes{"LANG"});
  CHECK(f.decide(R"({"prefs":{"lang":"en","inner":{"level":2}}})") == codes{"LEVEL2"});
}

TEST_CASE("paths through a record that refers to itself, and from list elements", "[bind]") {
  flat_fixture f;
  CHECK(f.decide(R"({"chain":{"name":"a","next":{"name":"b","next":{"name":"deep"}}}})") ==
        codes{"DEEP", "LEVEL2"});
  CHECK(f.decide(R"({"chain":{"name":"a","next":{"name":"deep"}}})") == codes{"LEVEL2"});
  CHECK(f.decide(R"({"chain":{"name":"deep"}})") == codes{"LEVEL2"});
  CHECK(f.decide(R"({"items":[{"owner":{"team":"x"}},{},{"owner":{"team":"ops"}}]})") ==
        codes{"ITEMS", "LEVEL2"});
  CHECK(f.decide(R"({"items":[{"owner":{"team":"x"}},{}]})") == codes{"LEVEL2"});
}

TEST_CASE("a case never bound reads as if every field were absent", "[bind]") {
  flat_fixture f;
  runtime::bound_case none;
  runtime::evaluation e;
  runtime::evaluate(*f.program, none, {}, e);
  REQUIRE(e.decision_count == 1);
  CHECK(e.decisions[0].codes.empty());
}
