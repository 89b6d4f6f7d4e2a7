// The warnings: the normal form that compares conditions, and the warnings that must not be given
// (every golden case in tests/golden/w*.clause shows one that must).
#include <catch2/catch.hpp>

#include <algorithm>

#include "lang/bundle.hpp"
#include "lang/lint/normal_form.hpp"

using namespace clause::lang;

namespace {

const std::string schema = R"(policy t "t" version "1"
enum Region { CH, EU, US }
enum Tier { Silver, Gold }
input {
  region: Region
  tier: Tier
  vip: bool
  age: int
  name: string
  roles: set<Tier> = {}
  email?: string
}
)";

load_result load_linted(const std::string& body) {
  return load_bundle(memory_files({{"policy.clause", schema + body}}));
}

// The warning codes of a bundle that must load.
std::vector<std::string> warnings(const std::string& body) {
  const load_result r = load_linted(body);
  REQUIRE(r.bundle);
  std::vector<std::string> out;
  for (const diagnostic& d : r.diags.items())
    out.emplace_back(code_id(d.id));
  return out;
}

// The normal forms of `let a = X` and `let b = Y`.
std::pair<std::string, std::string> forms(const std::string& x, const std::string& y) {
  const load_result r =
      load_linted("let a = " + x + "\nlet b = " + y +
                  "\ndecision d\n  outcomes ok | no\n  combine collect\n  default ok\n"
                  "rule r -> d\n  when a == b\n  no\n");
  REQUIRE(r.bundle);
  return {lint::normal_form(*r.bundle, r.bundle->lets[0].decl->value),
          lint::normal_form(*r.bundle, r.bundle->lets[1].decl->value)};
}

const std::string collect_decision =
    "decision d\n  outcomes ok | no\n  combine collect\n  default ok\n";
const std::string first_decision =
    "decision d\n  outcomes ok | no\n  combine first\n  default ok\n";

}  // namespace

TEST_CASE("the normal form equates what is written differently") {
  const std::vector<std::pair<std::string, std::string>> same = {
      {"age > 1", "1 < age"},
      {"age >= 1", "1 <= age"},
      {"not (age < 1)", "1 <= age"},
      {"not (age == 1)", "age != 1"},
      {"region == CH", "CH == region"},
      {"region == Region.CH", "region == CH"},
      {"vip == true", "vip"},
      {"vip != true", "not vip"},
      {"vip == false", "not vip"},
      {"not not vip", "vip"},
      {"vip and age > 1", "1 < age and vip"},
      {"vip and vip", "vip"},
      {"not (vip or age > 1)", "not vip and age <= 1"},
      {"(vip and age > 1) and name == \"x\"", "vip and (age > 1 and name == \"x\")"},
      {"{Gold, Silver} == roles", "roles == {Silver, Gold, Gold}"},
      {"age + 1 > 2", "2 < 1 + age"},
      {"not (name in {\"a\"})", "name not in {\"a\"}"},
  };
  for (const auto& [x, y] : same) {
    INFO(x << "  vs  " << y);
    const auto [a, b] = forms(x, y);
    CHECK(a == b);
  }
  const std::vector<std::pair<std::string, std::string>> different = {
      {"age > 1", "age < 1"},           {"age < 1", "age <= 1"},
      {"region == CH", "region == EU"}, {"vip and age > 1", "vip or age > 1"},
      {"age - 1 > 2", "1 - age > 2"},   {"[1, 2] == [1, 2]", "[2, 1] == [1, 2]"},
  };
  for (const auto& [x, y] : different) {
    INFO(x << "  vs  " << y);
    const auto [a, b] = forms(x, y);
    CHECK(a != b);
  }
}

TEST_CASE("constant conditions fold, and only literals fold") {
  const load_result r =
      load_linted(collect_decision + "rule r -> d\n  when 2 > 1 and \"a\" < \"b\"\n  no\n" +
                  "rule s -> d\n  when (if 1 == 1 then false else true)\n  no\n");
  REQUIRE(r.bundle);
  CHECK(lint::constant_truth(*r.bundle->rules[0].decl->condition) == true);
  CHECK(lint::constant_truth(*r.bundle->rules[1].decl->condition) == false);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags.items()[0].id == code::rule_never_fires);
}

TEST_CASE("the shipped MCA bundle has no warnings") {
  const load_result r = load_bundle_path(std::string(CLAUSE_SOURCE_DIR) + "/rules/mca");
  REQUIRE(r.bundle);
  CHECK(r.diags.empty());
}

TEST_CASE("no warning where the text does not show a mistake for certain") {
  SECTION("a field tested for two constants with `or`") {
    CHECK(warnings(collect_decision + "rule r -> d\n  when region == CH or region == EU\n  no\n")
              .empty());
  }
  SECTION("a contradiction that needs arithmetic") {
    CHECK(warnings(collect_decision + "rule r -> d\n  when age > 30 and age < 20\n  no\n").empty());
  }
  SECTION("a narrower rule before a wider one in a `first` decision") {
    CHECK(warnings(first_decision + "rule narrow -> d\n  when vip and age > 1\n  no\n" +
                   "rule wide -> d\n  when vip\n  no\n")
              .empty());
  }
  SECTION("an earlier rule whose period does not cover the later one's") {
    CHECK(warnings(first_decision + "rule campaign -> d from 2024-01-01\n  when vip\n  no\n" +
                   "rule later -> d\n  when vip and age > 1\n  no\n")
              .empty());
  }
  SECTION("a warning rule does not shadow") {
    CHECK(warnings(first_decision + "rule note -> d\n  warn NOTE\n" +
                   "rule later -> d\n  when vip\n  no\n")
              .empty());
  }
  SECTION("exclusive rules of a `unique` decision") {
    CHECK(warnings("decision d\n  outcomes ok | no\n  combine unique\n  default ok\n"
                   "rule ch -> d\n  when region == CH\n  no\n"
                   "rule ch-not-vip -> d\n  when region == CH and not vip\n  ok\n"
                   "rule ch-vip -> d\n  when vip and region == CH and age > 3\n  no\n")
              .size() == 2);  // ch overlaps both; the two narrower ones exclude each other
  }
  SECTION("same condition, different periods") {
    CHECK(warnings(collect_decision + "rule r2023 -> d until 2023-12-31\n  when vip\n  no\n" +
                   "rule r2024 -> d from 2024-01-01\n  when vip\n  no\n")
              .empty());
  }
  SECTION("`collect` rules whose payloads agree, or whose conditions exclude each other") {
    const std::string kit =
        "decision k\n  outcomes kit(language: string) | none_\n  combine collect\n"
        "  default kit(language = \"en\")\n";
    CHECK(warnings(kit + "rule a -> k\n  when region == CH\n  kit(language = \"de\")\n" +
                   "rule b -> k\n  when region == CH and vip\n  kit(language = \"de\")\n" +
                   "rule c -> k\n  when region == EU and vip\n  kit(language = \"fr\")\n")
              .empty());
  }
  SECTION("an optional field read under the decision's guard") {
    CHECK(warnings("decision d when has email\n  outcomes ok | no\n  combine collect\n"
                   "  default ok\nrule r -> d\n  when email == \"\"\n  no\n")
              .empty());
  }
}

TEST_CASE("a rule feeding two decisions is reported once per reason") {
  const auto w = warnings(collect_decision +
                          "decision e\n  outcomes ok | no\n  combine collect\n"
                          "  default ok\n"
                          "rule r -> d, e\n  when vip and not vip\n  no\n");
  CHECK(w == std::vector<std::string>{"W0201"});
}

TEST_CASE("warnings need a bundle without errors") {
  const load_result r = load_linted("let unused = nme\n" + collect_decision);
  CHECK(!r.bundle);
  CHECK(std::none_of(r.diags.items().begin(), r.diags.items().end(),
                     [](const diagnostic& d) { return d.level == severity::warning; }));
}
