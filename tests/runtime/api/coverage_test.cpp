// clause::coverage: which lets a run evaluated and which parts of each `and` / `or` decided, as
// lang/README.md ("Testing a bundle") defines them; the decisions themselves are those of a
// session without it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "clause/clause.hpp"

namespace {

const std::string policy_text = R"(policy cov version "1"
input {
  a: bool
  b: bool
  c: bool
  items: list<int> = []
}
let both = a and b
let unused = a or c
let big = any i in items where i > 10 or i < 0
decision d
  outcomes yes | no
  combine collect
  default yes
rule r -> d
  when not (both or c) and big
  no
)";

std::shared_ptr<const clause::policy> load() {
  auto loaded = clause::policy::load_files({{"policy.clause", policy_text}});
  INFO(loaded.render());
  REQUIRE(loaded);
  return loaded.policy;
}

// The parts (by their text) that decided, and those that never did.
std::vector<std::string> decisive(const clause::coverage& c, bool wanted) {
  std::vector<std::string> out;
  for (const auto& p : c.parts()) {
    if (p.decisive == wanted) out.push_back(p.owner + ": " + p.text);
  }
  return out;
}

}  // namespace

TEST_CASE("coverage: the part where an and/or chain stops decides it") {
  const auto p = load();
  clause::coverage c(p);
  clause::session s(p, {.now = "2024-06-10T12:00:00Z", .coverage = &c});
  clause::session plain(p, {.now = "2024-06-10T12:00:00Z"});
  // `a` false decides `both`; `both` false, so `c` (the last part) decides `both or c`; the
  // `not` of that is true, which does not decide the rule's `and` (a true first part of an `and`
  // never does): `big`, its last part, does. `items` is empty: `big`'s chain never runs.
  const std::string first = R"({"a": false, "b": true, "c": false})";
  CHECK(s.evaluate_json(first).json() == plain.evaluate_json(first).json());
  CHECK(decisive(c, true) == std::vector<std::string>{"rule r: c", "rule r: big", "let both: a"});
  // Every part listed, each under the rule or let that holds it, in the order written.
  CHECK(decisive(c, false) == std::vector<std::string>{"rule r: not (both or c)", "rule r: both",
                                                       "let both: b", "let unused: a",
                                                       "let unused: c", "let big: i > 10",
                                                       "let big: i < 0"});
  // The quantifier's chain runs once per element: for 5, `i < 0` (the last part) decides; for 20,
  // `i > 10` does.
  const std::string second = R"({"a": false, "b": false, "c": false, "items": [5, 20]})";
  CHECK(s.evaluate_json(second).json() == plain.evaluate_json(second).json());
  // `both` true decides `both or c`, and `not (both or c)`, false, decides the rule's `and`.
  const std::string third = R"({"a": true, "b": true, "c": false, "items": [5, 20]})";
  CHECK(s.evaluate_json(third).json() == plain.evaluate_json(third).json());
  CHECK(decisive(c, false) == std::vector<std::string>{"let unused: a", "let unused: c"});
  std::vector<std::string> evaluated;
  for (const auto& let : c.lets()) {
    if (let.evaluated) evaluated.push_back(let.name);
  }
  CHECK(evaluated == std::vector<std::string>{"both", "big"});
}

TEST_CASE("coverage: a collector is for its own policy and for one session at a time") {
  const auto p = load();
  const auto other = load();
  clause::coverage c(p);
  CHECK_THROWS_AS(clause::session(other, {.coverage = &c}), clause::options_error);
  CHECK_THROWS_AS(clause::batch(p, {.coverage = &c}, 2), clause::options_error);
  CHECK_THROWS_AS(clause::coverage(nullptr), clause::options_error);
}
