// Constant folding and the program specialised for default parameters: what folds, and that
// folding never changes a decision.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include "runtime/eval/evaluate.hpp"
#include "runtime/output/record.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

using test::compile_text;

const runtime::compiled_rule& rule_named(const runtime::program& p, std::string_view id) {
  for (const auto& r : p.rules) {
    if (r.id == id) return r;
  }
  FAIL("no rule " << id);
  return p.rules.front();
}

const char* const fold_policy = R"(policy t version "1"
enum Tier { Free, Pro }
input {
  tier: Tier
  seats: int
  name?: string
}
param strict: bool = false
param limit?: int
let label = lower(trim("  PRO "))
let cap = if params.strict then 5 else 50
decision d
  outcomes allow | deny
  combine collect
  default allow
rule literal -> d
  when label == "pro" and length("abc") == 3
  deny LITERAL "always"
rule never -> d
  when starts_with(label, "x") and seats > 1
  deny NEVER "never"
rule strict -> d
  when seats > cap
  deny TOO_MANY "more than {cap} seats"
rule limit -> d
  when has params.limit and seats > (params.limit ?? 0)
  deny OVER_LIMIT "over the limit"
rule tier -> d
  when not (tier == Pro) or not has name
  deny TIER "not Pro, or no name"
rule mirrored -> d
  when 8 < seats and 20 >= seats
  deny MIRRORED "between 9 and 20 seats"
)";

runtime::evaluation run(const runtime::program& p, const std::string& json,
                        const runtime::evaluation_options& options) {
  runtime::bound_case c;
  test::bind_text(p, json, c);
  runtime::evaluation e;
  runtime::evaluate(p, c, options, e);
  return e;
}

std::vector<std::string_view> codes(const runtime::evaluation& e) {
  REQUIRE(e.decision_count == 1);
  return e.decisions[0].codes;
}

}  // namespace

TEST_CASE("conditions on constants fold to constants", "[fold]") {
  const auto p = compile_text(fold_policy);
  const auto& literal = rule_named(*p, "literal");
  REQUIRE(literal.condition);
  const runtime::node& folded = p->nodes[*literal.condition];
  CHECK(folded.code == runtime::op::constant);
  CHECK(p->constants[folded.a].kind == runtime::value_kind::boolean);
  CHECK(p->constants[folded.a].number == 1);
  // `false and x` is false whatever `x` reads.
  const runtime::node& never = p->nodes[*rule_named(*p, "never").condition];
  CHECK(never.code == runtime::op::constant);
  CHECK(p->constants[never.a].number == 0);
  // Parameters fold only in the program specialised for their defaults.
  const std::uint32_t strict = *rule_named(*p, "strict").condition;
  CHECK(p->nodes[strict].code == runtime::op::compare);
  CHECK(p->default_nodes[strict].code == runtime::op::compare_constant);
  const std::uint32_t limit = *rule_named(*p, "limit").condition;
  CHECK(p->nodes[limit].code != runtime::op::constant);
  CHECK(p->default_nodes[limit].code == runtime::op::constant);
  // `and` and `or` become one node over their parts.
  const runtime::node& mirrored = p->nodes[*rule_named(*p, "mirrored").condition];
  REQUIRE(mirrored.code == runtime::op::all_of);
  REQUIRE(mirrored.b == 2);
  const runtime::node& low = p->nodes[p->operands[mirrored.a]];
  const runtime::node& high = p->nodes[p->operands[mirrored.a + 1]];
  CHECK(low.code == runtime::op::compare_constant);
  CHECK(static_cast<runtime::comparison>(low.sub) == runtime::comparison::gt);
  CHECK(static_cast<runtime::comparison>(high.sub) == runtime::comparison::le);
  // `not (tier == Pro)` is one node that reads the path.
  const runtime::node& tier = p->default_nodes[*rule_named(*p, "tier").condition];
  REQUIRE(tier.code == runtime::op::any_of);
  REQUIRE(tier.b == 2);
  const runtime::node& not_pro = p->default_nodes[p->operands[tier.a]];
  const runtime::node& no_name = p->default_nodes[p->operands[tier.a + 1]];
  CHECK(not_pro.code == runtime::op::path_is_enum);
  CHECK(not_pro.negate);
  CHECK(no_name.code == runtime::op::path_present);
  CHECK(no_name.negate);
}

TEST_CASE("a long `or` chain is one node over its parts, in operands linear in its length",
          "[fold]") {
  // 999 terms, the deepest chain the language allows under a rule's `when` (the parser nests it
  // 998 levels). Spreading each level of the chain again copied the parts below it each time.
  std::string text = R"(policy t version "1"
input { n: int }
decision d
  outcomes ok | no
  combine collect
  default ok
rule r -> d when n == 0)";
  for (int i = 1; i < 999; ++i)
    text += " or n == " + std::to_string(i);
  const auto p = compile_text(text + " no\n");
  for (const auto* nodes : {&p->nodes, &p->default_nodes}) {
    const runtime::node& any = (*nodes)[*rule_named(*p, "r").condition];
    REQUIRE(any.code == runtime::op::any_of);
    CHECK(any.b == 999);
    CHECK((*nodes)[p->operands[any.a + 998]].code == runtime::op::compare_constant);
  }
  // The parser's 998 two-part nodes, their spread copy in each program, and little else.
  CHECK(p->operands.size() < 6 * 999);
}

TEST_CASE("folded programs decide as the unfolded policy says", "[fold]") {
  const auto p = compile_text(fold_policy);
  runtime::evaluation_options defaults;
  const std::string pro = R"({"tier":"Pro","seats":10,"name":"n"})";
  const std::string free = R"({"tier":"Free","seats":3})";
  CHECK(codes(run(*p, pro, defaults)) == std::vector<std::string_view>{"LITERAL", "MIRRORED"});
  CHECK(codes(run(*p, free, defaults)) == std::vector<std::string_view>{"LITERAL", "TIER"});
  // Overriding a parameter reads it at evaluation: `strict` lowers the cap to 5, `limit` applies.
  runtime::evaluation_options strict;
  strict.params.assign(p->params.size(), runtime::value{});
  strict.params[0] = runtime::value::boolean(true);
  const auto e = run(*p, pro, strict);
  CHECK(codes(e) == std::vector<std::string_view>{"LITERAL", "MIRRORED", "TOO_MANY"});
  REQUIRE(e.decisions[0].messages.size() == 3);
  CHECK(e.message_text(e.decisions[0].messages[2]) == "more than 5 seats");
  runtime::evaluation_options limit;
  limit.params.assign(p->params.size(), runtime::value{});
  limit.params[1] = runtime::value::integer(4);
  CHECK(codes(run(*p, pro, limit)) ==
        std::vector<std::string_view>{"LITERAL", "MIRRORED", "OVER_LIMIT"});
  // A constant on the left of `<` or `>=` is mirrored into the node: 20 is in, 21 is out.
  CHECK(codes(run(*p, R"({"tier":"Pro","seats":20,"name":"n"})", defaults)) ==
        std::vector<std::string_view>{"LITERAL", "MIRRORED"});
  CHECK(codes(run(*p, R"({"tier":"Pro","seats":21,"name":"n"})", defaults)) ==
        std::vector<std::string_view>{"LITERAL"});
  CHECK(codes(run(*p, free, limit)) == std::vector<std::string_view>{"LITERAL", "TIER"});
}

// Every contract scenario through the program specialised for the defaults and through the
// general one (the defaults given explicitly as overrides): the same records, explained or not.
TEST_CASE("the specialised and the general program agree on every MCA scenario", "[fold]") {
  auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  REQUIRE(loaded.bundle);
  const auto p = runtime::compile(loaded.bundle);
  runtime::evaluation_options specialised;
  runtime::evaluation_options general;
  for (const auto& param : p->params)
    general.params.push_back(param.default_value);  // an override, though the same value
  std::size_t compared = 0;
  for (YAML::Node doc :
       YAML::LoadAllFromFile(CLAUSE_SOURCE_DIR "/rules/mca/tests/contract-scenarios.yaml")) {
    doc.remove("expect");
    runtime::bound_case c;
    runtime::bind_error error;
    if (!runtime::bind_yaml(*p, doc, c, error)) continue;
    for (const bool explain : {false, true}) {
      specialised.explain = general.explain = explain;
      runtime::evaluation a, b;
      runtime::evaluate(*p, c, specialised, a);
      runtime::evaluate(*p, c, general, b);
      std::string ra, rb;
      runtime::write_json(ra, {*p, c.id, &a, nullptr, explain});
      runtime::write_json(rb, {*p, c.id, &b, nullptr, explain});
      CHECK(ra == rb);
    }
    ++compared;
  }
  CHECK(compared > 100);
}

TEST_CASE("a computation written more than once is shared, once per case", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
input {
  plan: string
  seats: int
}
table limits: map<string, int> = { "pro": 10, "free": 2 }
decision d
  outcomes allow | deny
  combine collect
  default allow
rule over -> d
  when plan in limits and seats > limits[plan]
  deny OVER "over {limits[plan]} seats"
rule unknown -> d
  when not (plan in limits)
  deny UNKNOWN "no plan {plan}"
rule each -> d
  when any s in [seats, seats] where s > 100
  deny HUGE "huge"
)");
  // `plan in limits` (twice, once negated) and `limits[plan]` (twice) are one look-up: one shared
  // let, read by let_value nodes where the row is read and by let_present nodes where membership
  // is tested, the negated one with `negate`.
  const std::size_t shared = p->lets.size();
  REQUIRE(shared == 1);
  const runtime::node& over = p->default_nodes[*rule_named(*p, "over").condition];
  REQUIRE(over.code == runtime::op::all_of);
  const runtime::node& known = p->default_nodes[p->operands[over.a]];
  CHECK(known.code == runtime::op::let_present);
  CHECK_FALSE(known.negate);
  const runtime::node& unknown = p->default_nodes[*rule_named(*p, "unknown").condition];
  CHECK(unknown.code == runtime::op::let_present);
  CHECK(unknown.negate);
  CHECK(unknown.a == known.a);
  CHECK(p->default_nodes[p->lets[known.a]].code == runtime::op::table_get);
  // The general program (explanations, overridden parameters) is left as written.
  CHECK(p->nodes[*rule_named(*p, "unknown").condition].code == runtime::op::in_table);
  runtime::evaluation_options options;
  CHECK(codes(run(*p, R"({"plan":"pro","seats":11})", options)) ==
        std::vector<std::string_view>{"OVER"});
  CHECK(codes(run(*p, R"({"plan":"team","seats":11})", options)) ==
        std::vector<std::string_view>{"UNKNOWN"});
  CHECK(codes(run(*p, R"({"plan":"free","seats":101})", options)) ==
        std::vector<std::string_view>{"HUGE", "OVER"});
  const auto e = run(*p, R"({"plan":"free","seats":3})", options);
  REQUIRE(e.decisions[0].messages.size() == 1);
  CHECK(e.message_text(e.decisions[0].messages[0]) == "over 2 seats");
}

TEST_CASE("`if has p then p else e` is `p ?? e`", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
input {
  name?: string
  nick?: string
  other?: string
}
let shown = if has name then name else (if has nick then nick else "anonymous")
let mixed = if has name then nick ?? "-" else "none"
decision d
  outcomes allow | deny
  combine collect
  default allow
rule shown -> d
  when shown != "x" and mixed != "y"
  deny SHOWN "{shown} / {mixed}"
)");
  const runtime::node& shown = p->nodes[p->lets[0]];
  CHECK(shown.code == runtime::op::coalesce);
  CHECK(p->nodes[shown.b].code == runtime::op::path_or);  // then `nick ?? "anonymous"`, fused
  CHECK(p->nodes[p->lets[1]].code == runtime::op::if_then_else);  // a different path: kept
  runtime::evaluation_options options;
  for (const auto& [json, text] :
       std::vector<std::pair<std::string, std::string>>{{R"({"name":"a","nick":"b"})", "a / b"},
                                                        {R"({"nick":"b"})", "b / none"},
                                                        {R"({"name":"a"})", "a / -"},
                                                        {R"({})", "anonymous / none"}}) {
    INFO(json);
    const auto e = run(*p, json, options);
    REQUIRE(e.decisions[0].messages.size() == 1);
    CHECK(e.message_text(e.decisions[0].messages[0]) == text);
  }
}

TEST_CASE("`utc_date(now)` is the case's date, computed once", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
input { due: date }
decision d
  outcomes allow | deny
  combine collect
  default allow
rule late -> d
  when utc_date(now) > due
  deny LATE "late on {utc_date(now)}"
rule today -> d from 2024-06-01
  when due == utc_date(now)
  deny TODAY "due today"
)");
  const runtime::node& late = p->default_nodes[*rule_named(*p, "late").condition];
  REQUIRE(late.code == runtime::op::compare);
  CHECK(p->default_nodes[late.a].code == runtime::op::today);
  CHECK(p->nodes[late.a].code == runtime::op::today);
  const auto codes_of = [&](const std::string& json) {
    runtime::bound_case c;
    test::bind_text(*p, json, c);
    std::vector<std::string_view> out;
    std::string message;
    test::evaluate_both_ways(*p, c, [&](const runtime::evaluation& e, bool) {
      REQUIRE(e.decision_count == 1);
      out = e.decisions[0].codes;
      message = e.decisions[0].messages.empty()
                    ? ""
                    : std::string(e.message_text(e.decisions[0].messages[0]));
    });
    return std::pair{out, message};
  };
  // Late in the day UTC: the date is the UTC one, whichever rule asks first.
  CHECK(codes_of(R"({"now":"2024-06-10T23:30:00Z","due":"2024-06-09"})") ==
        std::pair{std::vector<std::string_view>{"LATE"}, std::string("late on 2024-06-10")});
  const auto [offset, offset_message] =
      codes_of(R"({"now":"2024-06-10T23:30:00-02:00","due":"2024-06-11"})");
  INFO(offset_message);
  CHECK(offset == std::vector<std::string_view>{"TODAY"});
  // Before the rule's period: only `late` can fire.
  CHECK(codes_of(R"({"now":"2024-05-31T12:00:00Z","due":"2024-05-31"})").first.empty());
  CHECK(codes_of(R"({"now":"2024-05-31T12:00:00Z","due":"2024-05-30"})").first ==
        std::vector<std::string_view>{"LATE"});
}

TEST_CASE("a field of a table's row read twice is read once", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
record Plan { limits: { seats: int } }
input {
  plan: string
  seats: int
}
table plans: map<string, Plan> = { "pro": { limits: { seats: 10 } } }
decision d
  outcomes allow | deny
  combine collect
  default allow
rule over -> d
  when plan in plans and seats > plans[plan].limits.seats
  deny OVER "over"
rule exact -> d
  when plan in plans and seats == plans[plan].limits.seats
  deny EXACT "exactly {plans[plan].limits.seats}"
)");
  // `plans[plan]` (with `plan in plans`) and `plans[plan].limits.seats`, a path of two steps
  // written three times: two shared lets, the path's reading the row's.
  std::size_t rows = 0, paths = 0;
  for (std::uint32_t body : p->lets) {
    rows += p->default_nodes[body].code == runtime::op::table_get;
    paths += p->default_nodes[body].code == runtime::op::path;
  }
  CHECK(rows == 1);
  CHECK(paths == 1);
  runtime::evaluation_options options;
  CHECK(codes(run(*p, R"({"plan":"pro","seats":11})", options)) ==
        std::vector<std::string_view>{"OVER"});
  const auto e = run(*p, R"({"plan":"pro","seats":10})", options);
  REQUIRE(e.decisions[0].messages.size() == 1);
  CHECK(e.message_text(e.decisions[0].messages[0]) == "exactly 10");
  CHECK(codes(run(*p, R"({"plan":"free","seats":10})", options)).empty());
}

TEST_CASE("a let read in one place is computed there, outside quantifiers", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
input {
  seats: int
  tags: list<string>
  name: string
}
let big = seats > 10
let twice = seats + 1 > 20
let tag = trim(name)
decision d
  outcomes allow | deny
  combine collect
  default allow
rule big -> d
  when big
  deny BIG "big"
rule twice -> d
  when twice and not big
  deny TWICE "twice"
rule again -> d
  when twice
  deny AGAIN "again"
rule tagged -> d
  when any t in tags where t == tag
  deny TAGGED "tagged {seats}"
)");
  // `big` is read by two rules, `twice` by two, `tag` once but inside a quantifier's condition:
  // none is inlined. A let read once by one rule is.
  const auto condition = [&](std::string_view rule) -> const runtime::node& {
    return p->default_nodes[*rule_named(*p, rule).condition];
  };
  CHECK(condition("big").code == runtime::op::let_value);
  CHECK(condition("again").code == runtime::op::let_value);
  const runtime::node& each = condition("tagged");
  REQUIRE(each.code == runtime::op::quantifier);
  const runtime::node& same = p->default_nodes[each.b];
  REQUIRE(same.code == runtime::op::compare);
  CHECK(p->default_nodes[same.b].code == runtime::op::let_value);
  const auto q = compile_text(R"(policy t version "1"
input { seats: int }
let big = seats > 10
let small = seats < 3
decision d
  outcomes allow | deny
  combine collect
  default allow
rule big -> d
  when big
  deny BIG "big {seats}"
rule small -> d
  when not small
  deny SMALL "not small"
)");
  const runtime::node& big = q->default_nodes[*rule_named(*q, "big").condition];
  CHECK(big.code == runtime::op::compare_constant);
  const runtime::node& small = q->default_nodes[*rule_named(*q, "small").condition];
  CHECK(small.code == runtime::op::not_op);
  // The general program (explanations) keeps its reads of lets.
  CHECK(q->nodes[*rule_named(*q, "big").condition].code == runtime::op::let_value);
  runtime::evaluation_options options;
  CHECK(codes(run(*q, R"({"seats":11})", options)) ==
        std::vector<std::string_view>{"BIG", "SMALL"});
  CHECK(codes(run(*q, R"({"seats":2})", options)).empty());
  CHECK(codes(run(*q, R"({"seats":5})", options)) == std::vector<std::string_view>{"SMALL"});
  CHECK(codes(run(*p, R"({"seats":21,"tags":["a","b"],"name":" b "})", options)) ==
        std::vector<std::string_view>{"AGAIN", "BIG", "TAGGED"});
  CHECK(codes(run(*p, R"({"seats":5,"tags":["a"],"name":"b"})", options)).empty());
}

TEST_CASE("constant parts of `and` and `or` are dropped; a chain is one node", "[fold]") {
  const auto p = compile_text(R"(policy t version "1"
input {
  seats: int
}
decision d
  outcomes allow | deny
  combine collect
  default allow
rule chain -> d
  when seats > 1 and length("ab") == 2 and (seats < 99 and seats != 50)
  deny CHAIN "chain"
rule either -> d
  when lower("A") == "b" or seats > 500
  deny EITHER "either"
)");
  const runtime::node& chain = p->nodes[*rule_named(*p, "chain").condition];
  REQUIRE(chain.code == runtime::op::all_of);
  CHECK(chain.b == 3);  // seats > 1, seats < 99, seats != 50
  for (std::uint32_t i = 0; i < chain.b; ++i)
    CHECK(p->nodes[p->operands[chain.a + i]].code == runtime::op::compare_constant);
  const runtime::node& either = p->nodes[*rule_named(*p, "either").condition];
  CHECK(either.code == runtime::op::compare_constant);
  runtime::evaluation_options options;
  CHECK(codes(run(*p, R"({"seats":10})", options)) == std::vector<std::string_view>{"CHAIN"});
  CHECK(codes(run(*p, R"({"seats":50})", options)).empty());
  CHECK(codes(run(*p, R"({"seats":501})", options)) == std::vector<std::string_view>{"EITHER"});
}
