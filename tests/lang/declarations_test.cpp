// lang::list_declarations: what `clause diff` compares. A declaration's meaning follows the AST,
// so layout and comments do not change it, and a rule's message is a declaration of its own.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "lang/bundle.hpp"
#include "lang/declarations.hpp"

namespace {

using namespace clause::lang;

// kind + name -> meaning, of a bundle that must check.
std::map<std::string, std::string> meanings(const std::string& text) {
  const load_result loaded = load_bundle(memory_files({{"policy.clause", text}}));
  REQUIRE(loaded.bundle);
  std::map<std::string, std::string> out;
  for (const declaration& d : list_declarations(*loaded.bundle))
    out[std::string(d.kind) + " " + d.name] = d.meaning;
  return out;
}

const std::string base = R"(policy p "P" version "1"
enum Tier { Basic, Gold }
input {
  age: int
  tier: Tier = Basic
}
param minimumAge: int = 18
table fees: map<string, int> = { "NO": 5 }
let adult = age >= params.minimumAge
decision entry
  outcomes allow | refuse
  combine collect
  default allow
rule minors -> entry
  when not adult
  refuse MINOR "Under {params.minimumAge}."
    sv "Under {params.minimumAge} år."
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("every kind of declaration is listed by its name") {
  const auto m = meanings(base);
  for (const char* name :
       {"input field age", "input field tier", "enum value Tier.Gold", "param minimumAge",
        "table row fees[\"NO\"]", "let adult", "decision entry", "rule minors", "message minors",
        "message minors [sv]"}) {
    CHECK(m.contains(name));
  }
}

TEST_CASE("layout and comments do not change a declaration's meaning") {
  const std::string laid_out =
      replaced(replaced(base, "let adult = age >= params.minimumAge",
                        "# Grown up.\nlet adult =\n    age   >=  params.minimumAge  # here"),
               "when not adult", "when\n    not adult");
  CHECK(meanings(laid_out) == meanings(base));
}

TEST_CASE("a reworded message changes the message and not the rule") {
  const auto before = meanings(base);
  const auto after = meanings(replaced(base, "sv \"Under {params.minimumAge} år.\"",
                                       "sv \"Yngre än {params.minimumAge} år.\""));
  CHECK(before.at("rule minors") == after.at("rule minors"));
  CHECK(before.at("message minors") == after.at("message minors"));
  CHECK(before.at("message minors [sv]") != after.at("message minors [sv]"));
}

TEST_CASE("a changed default or row or condition changes that declaration only") {
  const auto before = meanings(base);
  const auto param = meanings(replaced(base, "int = 18", "int = 17"));
  CHECK(param.at("param minimumAge") != before.at("param minimumAge"));
  CHECK(param.at("let adult") == before.at("let adult"));
  const auto row = meanings(replaced(base, "\"NO\": 5", "\"NO\": 6"));
  CHECK(row.at("table row fees[\"NO\"]") != before.at("table row fees[\"NO\"]"));
  const auto rule = meanings(replaced(base, "when not adult", "when age < 16"));
  CHECK(rule.at("rule minors") != before.at("rule minors"));
  CHECK(rule.at("decision entry") == before.at("decision entry"));
}
