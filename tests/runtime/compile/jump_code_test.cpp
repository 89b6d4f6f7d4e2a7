// Decisions as jumping code (runtime/jump_code.hpp) against a C++ oracle and against the tree
// evaluator (explain mode walks the nodes): nested `and`, `or`, `not` and `if`, enum and bool
// slots, enum sets and lists, presence, lets, texts, comparisons, a quantifier and `first`
// combining, over every combination of the inputs.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "runtime/compile/jump_code.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

const std::string jump_policy = R"(policy t version "1"
enum Tier { Free, Pro, Max }
enum Role { Admin, Sales, Help }
input {
  roles: set<Role>
  staff: list<Role>
  label: string
  a: bool
  b: bool
  tier: Tier
  name?: string
  n: int
  tags: list<string>
}
let m = n + 1
let big = tier == Max or (n > 2 and not b)
let named = has name and trim(name) != ""
let given = trim(name ?? "")
table levels: map<string, int> = { "Pro": 1, "Max": 2 }
decision d
  outcomes allow | deny
  combine collect
  default allow
rule r1 -> d
  when (a and not b) or (tier == Pro and not (a or b))
  deny R1 "r1"
rule r2 -> d
  when not (a and (b or tier != Free)) and n >= 1
  deny R2 "r2"
rule r3 -> d
  when if a then big else (named and (name ?? "") == "x")
  deny R3 "r3"
rule r4 -> d
  when not big and (not named or n == 3)
  deny R4 "r4"
rule r5 -> d
  when any t in tags where (t == "hot" and not a) or (t == "cold" and a)
  deny R5 "r5"
rule r6 -> d
  when tier in {Pro, Max} and roles overlaps {Admin, Help}
  deny R6 "r6"
rule r7 -> d
  when not (roles overlaps {Sales}) and not (tier in {Free})
  deny R7 "r7"
rule r8 -> d
  when staff overlaps {Admin, Help}
  deny R8 "r8"
rule r9 -> d
  when label == "Pro" or (label != "Free" and a)
  deny R9 "r9"
rule r10 -> d
  when m >= 3 and trim(label) != "Max"
  deny R10 "r10"
rule r11 -> d
  when given == "" and b
  deny R11 "r11"
rule r12 -> d
  when given != "" and given != "y"
  deny R12 "r12"
rule r13 -> d
  when starts_with(label, "M") and n == 0
  deny R13 "r13"
rule r14 -> d
  when label in levels and levels[label] > n
  deny R14 "r14"
rule r15 -> d from 1960-01-01 until 2100-01-01
  when a and b
  deny R15 "r15"
rule r16 -> d
  when "hot" in tags and b
  deny R16 "r16"
decision f
  outcomes one | two | three
  combine first
  default three
rule f1 -> f
  when a and b
  one
rule f2 -> f
  when a or tier == Max
  two
)";

struct inputs {
  bool a, b;
  int tier;  // Free, Pro, Max
  int name;  // 0 absent, 1 blank, 2 "x", 3 "y"
  int n;
  int tags;   // 0 none, 1 hot, 2 cold, 3 both
  int roles;  // bits: Admin, Sales, Help
};

std::vector<std::string_view> oracle_d(const inputs& i) {
  const bool named = i.name >= 2;
  const bool big = i.tier == 2 || (i.n > 2 && !i.b);
  const bool hot = i.tags & 1, cold = i.tags & 2;
  std::vector<std::string_view> codes;
  if ((i.a && !i.b) || (i.tier == 1 && !(i.a || i.b))) codes.push_back("R1");
  if (!(i.a && (i.b || i.tier != 0)) && i.n >= 1) codes.push_back("R2");
  if (i.a ? big : (named && i.name == 2)) codes.push_back("R3");
  if (!big && (!named || i.n == 3)) codes.push_back("R4");
  if ((hot && !i.a) || (cold && i.a)) codes.push_back("R5");
  if (i.tier != 0 && (i.roles & 5)) codes.push_back("R6");
  if (!(i.roles & 2) && i.tier != 0) codes.push_back("R7");
  if (i.roles & 5) codes.push_back("R8");  // `staff`: the same roles as a list
  if (i.tier == 1 || (i.tier != 0 && i.a)) codes.push_back("R9");  // `label`: the tier's name
  if (i.n + 1 >= 3 && i.tier != 2) codes.push_back("R10");
  if (i.name <= 1 && i.b) codes.push_back("R11");  // `given`: the name trimmed, or ""
  if (i.name == 2) codes.push_back("R12");
  if (i.tier == 2 && i.n == 0) codes.push_back("R13");
  if (i.tier > i.n) codes.push_back("R14");  // `levels`: Pro 1, Max 2 (Free 0 is not a key)
  if (i.a && i.b) codes.push_back("R15");    // (in its period whatever the clock)
  if (hot && i.b) codes.push_back("R16");
  std::sort(codes.begin(), codes.end());  // as decisions list them
  return codes;
}

std::string_view oracle_f(const inputs& i) {
  if (i.a && i.b) return "one";
  if (i.a || i.tier == 2) return "two";
  return "three";
}

std::string json_of(const inputs& i) {
  constexpr const char* tiers[] = {"Free", "Pro", "Max"};
  constexpr const char* role_names[] = {"Admin", "Sales", "Help"};
  constexpr const char* names[] = {"", R"(,"name":"  ")", R"(,"name":"x")", R"(,"name":"y")"};
  constexpr const char* tags[] = {"[]", R"(["hot"])", R"(["cold"])", R"(["cold","hot"])"};
  std::string roles;
  for (int r = 0; r < 3; ++r) {
    if (i.roles & (1 << r))
      roles += fmt::format(R"({}"{}")", roles.empty() ? "" : ",", role_names[r]);
  }
  return fmt::format(
      R"({{"a":{},"b":{},"tier":"{}","n":{},"tags":{},"roles":[{}],"staff":[{}],"label":"{}"{}}})",
      i.a, i.b, tiers[i.tier], i.n, tags[i.tags], roles, roles, tiers[i.tier], names[i.name]);
}

}  // namespace

TEST_CASE("decisions as jumping code agree with the tree evaluator and with C++", "[jumps]") {
  const auto program = test::compile_text(jump_policy);
  REQUIRE_FALSE(program->default_jumps.code.empty());
  int cases = 0;
  for (int bits = 0; bits < 4; ++bits) {
    for (int tier = 0; tier < 3; ++tier) {
      for (int name = 0; name < 4; ++name) {
        for (int n = 0; n < 4; ++n) {
          for (int tags = 0; tags < 4; ++tags) {
            for (int roles = 0; roles < 8; ++roles) {
              const inputs in{(bits & 1) != 0, (bits & 2) != 0, tier, name, n, tags, roles};
              const std::string json = json_of(in);
              INFO(json);
              runtime::bound_case c;
              test::bind_text(*program, json, c);
              test::evaluate_both_ways(*program, c, [&](const runtime::evaluation& e, bool) {
                REQUIRE(e.decision_count == 2);
                CHECK(e.decisions[0].codes == oracle_d(in));
                const auto& f = program->decisions[1];
                CHECK(f.outcomes[e.decisions[1].outcome].name == oracle_f(in));
              });
              ++cases;
            }
          }
        }
      }
    }
  }
  CHECK(cases == 768 * 8);
}

// Each kind of instruction is used by the policy above, so that the test above runs every handler
// of `run_jumps`, whichever way it dispatches: threaded (labels as values) in runtime_tests, the
// portable `switch` in runtime_switch_dispatch_tests (CLAUSE_NO_COMPUTED_GOTO).
TEST_CASE("the policy above uses every jumping-code instruction", "[jumps]") {
  const auto program = test::compile_text(jump_policy);
  std::set<runtime::jump_op> used;
  for (const runtime::jump_code* code : {&program->jumps, &program->default_jumps}) {
    for (const runtime::jump_insn& i : code->code)
      used.insert(i.code);
  }
  for (int op = 0; op <= static_cast<int>(runtime::jump_op::done); ++op) {
    INFO("jump_op " << op);
    CHECK(used.count(static_cast<runtime::jump_op>(op)) == 1);
  }
  // And each way of computing a let: `big` by its jumping code, `given` (`trim(name ?? "")`) as
  // a slot trimmed, `m` by its nodes.
  std::set<runtime::let_plan::way> ways;
  for (const runtime::let_plan& plan : program->default_jumps.lets)
    ways.insert(plan.how);
  CHECK(ways == std::set<runtime::let_plan::way>{runtime::let_plan::way::nodes,
                                                 runtime::let_plan::way::jumps,
                                                 runtime::let_plan::way::trim_slot});
}

TEST_CASE("the jumping code is dispatched the way this build says", "[jumps]") {
  const auto program = test::compile_text(jump_policy);
  REQUIRE_FALSE(program->default_jumps.code.empty());
  for (const runtime::jump_insn& i : program->default_jumps.code) {
#if defined(__GNUC__) && !defined(CLAUSE_NO_COMPUTED_GOTO)
    CHECK(i.handler != nullptr);  // each instruction holds its handler's address
#else
    CHECK(i.handler == nullptr);  // the `switch` reads `code`
#endif
  }
}

// An evaluation is reused case after case (the CLI, a batch, a session): what one case's decisions
// said (codes, warnings, messages, conflicts, an explanation's misses and reasons) must not be left
// in the next one's, whichever order coded and uncoded, explained and unexplained cases come in.
TEST_CASE("an evaluation reused case after case says what a fresh one says", "[jumps]") {
  const auto program = test::compile_text(R"(policy t version "1"
input {
  a: bool
  b: bool
  n: int
}
decision u
  outcomes allow | deny(level: int)
  combine unique
  default allow
rule u1 -> u
  when a
  deny(level = 1) U1 "u1"
rule u2 -> u
  when b or n > 2
  deny(level = 2) U2 "u2 at {n}"
rule u3 -> u
  when n > 1
  warn W1 "w1"
decision c
  outcomes allow | deny(level: int)
  combine collect
  default allow
rule c1 -> c
  when a and n > 0
  deny(level = n) C1 "c1"
rule c2 -> c
  when a and b
  deny(level = 7) C2 "c2"
)");
  struct step {
    bool a, b;
    int n;
    bool explain;
  };
  std::vector<step> steps;
  for (int round = 0; round < 3; ++round) {  // each combination after many different others
    for (int k = 0; k < 32; ++k) {
      const int i = (k * 13 + round * 7) % 32;
      steps.push_back({(i & 1) != 0, (i & 2) != 0, (i >> 2) & 3, ((i >> 4) & 1) != (round == 1)});
    }
  }
  runtime::evaluation reused;
  for (const step& s : steps) {
    const std::string json = fmt::format(R"({{"a":{},"b":{},"n":{}}})", s.a, s.b, s.n);
    INFO(json << (s.explain ? " explained" : ""));
    runtime::bound_case c;
    test::bind_text(*program, json, c);
    runtime::evaluation_options options;
    options.explain = s.explain;
    runtime::evaluation fresh;
    runtime::evaluate(*program, c, options, fresh);
    runtime::evaluate(*program, c, options, reused);
    REQUIRE(reused.decision_count == fresh.decision_count);
    for (std::size_t d = 0; d < fresh.decision_count; ++d) {
      const runtime::decision_result& want = fresh.decisions[d];
      const runtime::decision_result& got = reused.decisions[d];
      CHECK(got.outcome == want.outcome);
      CHECK(got.codes == want.codes);
      CHECK(got.warnings == want.warnings);
      CHECK(got.rules == want.rules);
      CHECK(got.conflicts == want.conflicts);
      CHECK(got.misses.size() == want.misses.size());
      CHECK(got.reasons.size() == want.reasons.size());
      REQUIRE(got.messages.size() == want.messages.size());
      for (std::size_t m = 0; m < want.messages.size(); ++m) {
        CHECK(got.messages[m].code == want.messages[m].code);
        CHECK(fresh.message_text(want.messages[m]) == reused.message_text(got.messages[m]));
      }
      REQUIRE(got.payload.size() == want.payload.size());
      for (std::size_t f = 0; f < want.payload.size(); ++f)
        CHECK(got.payload[f].number == want.payload[f].number);
    }
  }
}
