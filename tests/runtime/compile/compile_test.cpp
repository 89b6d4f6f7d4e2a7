// Compiling a checked bundle: what the program takes over from the checker rather than redoing.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <set>

#include "runtime/pattern/pattern.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

TEST_CASE("a `matches` pattern is compiled by RE2 once: the program matches with the checker's") {
  // One pattern in the DFA's subset, one outside it (`\b`): both keep RE2 for what the DFA does
  // not answer.
  const auto p = test::compile_text(R"(policy t version "1"
input { id: string }
decision d
  outcomes ok | no
  combine collect
  default ok
rule guid -> d when not matches(id, "^[0-9a-f]{8}$") no
rule word -> d when matches(id, "\\bab") no
)");
  const lang::checked_bundle& b = *p->source;
  REQUIRE(b.patterns.size() == 2);
  REQUIRE(p->patterns.size() == 2);
  std::set<const re2::RE2*> checked;
  for (const auto& [id, re] : b.patterns)
    checked.insert(re.get());
  for (const auto& compiled : p->patterns) {
    INFO(compiled->compiled()->pattern());
    CHECK(checked.count(compiled->compiled()) == 1);
  }
  CHECK(p->patterns[0]->uses_dfa());
  CHECK_FALSE(p->patterns[1]->uses_dfa());
  CHECK(p->patterns[0]->partial_match("0123abcd"));
  CHECK_FALSE(p->patterns[0]->partial_match("0123abcg"));
  CHECK(p->patterns[1]->partial_match("x ab"));
  CHECK_FALSE(p->patterns[1]->partial_match("xab"));
}

}  // namespace
