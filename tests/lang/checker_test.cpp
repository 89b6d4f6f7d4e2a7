// Table-driven tests of the checker: a snippet, the code it must raise, words of the message and
// the text the underline covers. Positions are asserted as text, never as byte offsets.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "lang/bundle.hpp"
#include "tests/lang/expressions_of.hpp"

using namespace clause::lang;

namespace {

const std::string preamble = R"(policy t version "1"
enum Cloud { Public, USGov }
enum Role { Admin, Sales }
enum Kind { Public2, Other }
record Contact { email?: string, phone?: string }
input {
  partner: { tenantId: string, cloud: Cloud = Public }
  roles: list<Role>
  country?: string
  contact?: Contact
  agreements: list<{ date?: datetime, type: string }> = []
  stamp?: string
}
param strict: bool = false
param since?: date
table countries: map<string, { languages: set<string> }> = { "SE": { languages: {"sv-SE"} } }
decision d when has contact
  outcomes ok | warnme | no
  combine collect
  default ok
decision e
  outcomes ok | no
  combine first
  default ok
decision t
  outcomes document(country: string) | reject
  combine collect
  default document(country = "US")
)";

load_result load(const std::string& snippet) {
  return load_bundle(memory_files({{"policy.clause", preamble + snippet + "\n"}}));
}

std::string underlined(const load_result& r, const diagnostic& d) {
  if (!d.where) return {};
  const auto& text = r.sources->file(d.where->file).text();
  return text.substr(d.where->begin, d.where->end - d.where->begin);
}

struct bad_case {
  const char* snippet;
  code expected;
  const char* message_part;
  const char* underline;
};

}  // namespace

TEST_CASE("the preamble of these tests is clean") {
  auto r = load("");
  INFO(render(r.diags, *r.sources));
  CHECK(r.bundle != nullptr);
}

TEST_CASE("the checker accepts well-typed rules") {
  const char* good[] = {
      "rule a -> d when partner.cloud == Public no",
      "rule a -> d when Public == partner.cloud no",
      "rule a -> d when partner.cloud == Cloud.USGov no",
      "rule a -> d when has contact.email and trim(contact.email) == \"\" no X \"{contact.email}\"",
      "rule a -> d when trim(contact.email ?? \"\") == \"\" no",
      "rule a -> d when not (roles overlaps {Admin, Sales}) no",
      "rule a -> d when any r in roles where r == Admin no",
      "rule a -> d when (count a in agreements where has a.date and a.date > now) > 1 no",
      "rule a -> d when has country and country in countries and "
      "\"sv-SE\" in countries[country].languages no",
      "rule a -> d when has params.since and utc_date(now) >= params.since no",
      "rule a -> d when params.strict no",
      "rule a -> d when not has stamp or stamp != \"\" no",
      "let p = parse_datetime(stamp ?? \"\")\nrule a -> d when has p and p + 30 days < now no",
      "rule a -> d, e when partner.cloud != Public no X \"cloud {partner.cloud}\"",
      "rule a -> t when has country document(country = country)",
      "rule a -> d from 2020-01-01 until 2020-01-01 no",
      "rule a -> d when matches(partner.tenantId, \"^[0-9a-f]{8}$\") warn W \"w\"",
      "let x = if params.strict then {Admin} else {Sales}\nrule a -> d when roles overlaps x no",
      "let late = b\nlet b = 1\nrule a -> d when late > 0 no",
  };
  for (const char* snippet : good) {
    auto r = load(snippet);
    INFO(snippet);
    INFO(render(r.diags, *r.sources));
    CHECK(r.bundle != nullptr);
  }
}

TEST_CASE("the checker's results are in tables by expression id, unique across a bundle's files") {
  auto r = load_bundle(
      memory_files({{"policy.clause",
                     "policy p version \"1\"\nimport \"more.clause\"\n"
                     "input { name: string, age?: int }\n"
                     "let adult = (age ?? 0) >= 18\n"
                     "decision d outcomes ok | no combine first default ok\n"
                     "rule r -> d when adult and matches(name, \"^[a-z]+$\") no\n"},
                    {"more.clause",
                     "enum Kind { Big, Small }\n"
                     "let kind = if adult then Big else Small\n"
                     "rule s -> d when kind == Small and matches(name, \"x\\\\b\") no\n"}}));
  INFO(render(r.diags, *r.sources));
  REQUIRE(r.bundle);
  const checked_bundle& b = *r.bundle;
  REQUIRE(b.modules.size() == 2);
  std::set<ast::expr_id> ids;
  for (const auto& m : b.modules) {
    for (const ast::expr* e : clause::test::expressions_of(*m)) {
      CHECK(ids.insert(e->id).second);
      CHECK(e->id < b.exprs.size());
    }
  }
  CHECK(b.modules[1]->lets.size() == 1);
  // `if adult then Big else Small`, in the second file, reads a let of the first.
  const ast::expr& kind = b.modules[1]->lets[0].value;
  CHECK(b.types.name(b.info(kind).type) == "Kind");
  CHECK(b.info(kind.children[0]).ref == ref_kind::let_value);
  CHECK(b.info(kind.children[0]).type == type_table::boolean);
  CHECK(b.info(kind.children[1]).ref == ref_kind::enum_value);
  CHECK(b.info(kind.children[2]).ref_index == 1);
  // `age ?? 0` is present; `age` alone may be absent.
  const ast::expr& coalesce = b.modules[0]->lets[0].value.children[0];
  CHECK_FALSE(b.info(coalesce).optional);
  CHECK(b.info(coalesce.children[0]).optional);
  CHECK(b.info(coalesce.children[0]).ref == ref_kind::input_field);
  // Each pattern, compiled once by the checker, by the id of its literal.
  REQUIRE(b.patterns.size() == 2);
  for (const auto& m : b.modules) {
    const ast::expr& pattern = m->rules[0].condition->children[1].children[1];
    REQUIRE(b.patterns.count(pattern.id));
    CHECK(b.patterns.at(pattern.id)->pattern() == pattern.text);
  }
}

TEST_CASE("the checker reports each mistake at its place, with a code and words") {
  const bad_case cases[] = {
      {"rule a -> d when partnr.cloud == Public no", code::unknown_name, "unknown name `partnr`",
       "partnr"},
      {"rule a -> d when partner.clod == Public no", code::unknown_field,
       "`partner` has no field `clod`", ".clod"},
      {"rule a -> d when partner.cloud == Cloud.Publc no", code::unknown_enum_value,
       "enum `Cloud` has no value `Publc`", "Cloud.Publc"},
      {"rule a -> d when partner.cloud == Admin no", code::type_mismatch, "cannot compare",
       "partner.cloud == Admin"},
      {"rule a -> d when contact.email == \"x\" no", code::unguarded_optional,
       "`contact.email` may be absent", "contact.email"},
      {"rule a -> t when country == \"SE\" reject", code::unguarded_optional,
       "`country` may be absent", "country"},
      {"rule a -> d when countries[\"SE\"].languages overlaps {\"x\"} no", code::unguarded_optional,
       "may be absent", "countries[\"SE\"].languages"},
      {"rule a -> d when params.since < 2020-01-01 no", code::unguarded_optional,
       "`params.since` may be absent", "params.since"},
      {"rule a -> d when params.strct no", code::unknown_name, "unknown parameter `strct`",
       "params.strct"},
      {"rule a -> dd when true no", code::unknown_decision, "unknown decision `dd`", "dd"},
      {"rule a -> d when true nope", code::unknown_outcome, "decision `d` has no outcome `nope`",
       "nope"},
      {"rule a -> d when true no\nrule a -> d when true no", code::duplicate_rule,
       "rule id `a` is used twice", "a"},
      {"let x = y\nlet y = x", code::cyclic_definition, "defined in terms of itself", "x"},
      {"rule a -> d when trim(1) == \"\" no", code::type_mismatch, "argument 1 of `trim`", "1"},
      {"rule a -> d when trim(\"a\", \"b\") == \"\" no", code::wrong_arguments,
       "`trim` takes 1 argument, not 2", "trim(\"a\", \"b\")"},
      {"rule a -> d when trimm(\"a\") == \"\" no", code::unknown_function,
       "unknown function `trimm`", "trimm"},
      {"rule a -> d when matches(\"a\", \"(\") no", code::bad_regex, "invalid regular expression",
       "\"(\""},
      {"rule a -> d when matches(\"a\", \"(?=x)\") no", code::bad_regex,
       "invalid regular expression", "\"(?=x)\""},
      {"rule a -> t when true document(countri = \"SE\")", code::bad_payload,
       "no payload field `countri`", "countri"},
      {"rule a -> t when true document", code::bad_payload, "needs its payload field `country`",
       "document"},
      {"rule a -> d when true no X \"roles {roles}\"", code::bad_placeholder,
       "which a message cannot show", "roles"},
      {"rule a -> d when true no X \"{nothing}\"", code::unknown_name, "unknown name `nothing`",
       "nothing"},
      {"rule a -> d from 2020-02-01 until 2020-01-31 no", code::bad_period,
       "ends on 2020-01-31 before it starts on 2020-02-01", "from 2020-02-01 until 2020-01-31"},
      {"param p: bool", code::bad_default, "parameter `p` has no default", "p"},
      {"param p: bool = 3", code::bad_default, "`3` is int, but bool is expected", "3"},
      {"param p: Clud = Public", code::unknown_type, "unknown type `Clud`", "Clud"},
      {"param p: list<string, int> = []", code::unknown_type, "`list` takes 1 type argument",
       "list<string, int>"},
      {"enum Cloud { A }", code::duplicate_name, "the type name `Cloud` is already taken", "Cloud"},
      {"let countries = 1", code::duplicate_name, "already the name of a table", "countries"},
      {"rule a -> d when 1 no", code::type_mismatch, "a rule's condition must be bool", "1"},
      {"rule a -> d when roles < roles no", code::type_mismatch, "have no order", "roles < roles"},
      {"rule a -> d when now > 2020-01-01 no", code::type_mismatch, "cannot compare",
       "now > 2020-01-01"},
      {"table u: map<string, int> = { \"a\": 1, \"a\": 2 }", code::data_duplicate_key,
       "has the key `\"a\"` twice", "\"a\""},
      {"import \"../x.clause\"", code::import_escapes, "outside the bundle", "\"../x.clause\""},
      {"import \"nope.clause\"", code::import_not_found, "cannot import `nope.clause`",
       "\"nope.clause\""},
      {"table v: map<string, int> from \"nope.yaml\"", code::import_not_found,
       "cannot read `nope.yaml`", "\"nope.yaml\""},
  };
  for (const bad_case& c : cases) {
    auto r = load(c.snippet);
    INFO(c.snippet);
    INFO(render(r.diags, *r.sources));
    CHECK(r.bundle == nullptr);
    bool found = false;
    for (const diagnostic& d : r.diags.items()) {
      if (d.id == c.expected && d.message.find(c.message_part) != std::string::npos) {
        found = true;
        CHECK(underlined(r, d) == c.underline);
      }
    }
    CHECK(found);
  }
}

TEST_CASE("table data from YAML is typed, and its errors point into the YAML file") {
  const std::string policy =
      "policy t version \"1\"\n"
      "record Country { name: string, languages: set<string>, eu: bool = false }\n"
      "table countries: map<string, Country> from \"countries.yaml\" at \"countries\"\n";
  SECTION("well-formed data loads") {
    auto r = load_bundle(
        memory_files({{"policy.clause", policy},
                      {"countries.yaml",
                       "countries:\n  SE: {name: Sweden, languages: [en-US, sv-SE], eu: true}\n"
                       "  'NO': {name: Norway, languages: [en-US, nb-NO, en-US]}\n"}}));
    INFO(render(r.diags, *r.sources));
    REQUIRE(r.bundle);
    const table_info& t = r.bundle->tables.at(0);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].first.text == "NO");
    CHECK(t.rows[1].second.items[1].items.size() == 2);  // a set keeps one `en-US`
    CHECK(t.rows[0].second.items[2].truth);
    CHECK_FALSE(t.rows[1].second.items[2].truth);  // the default
  }
  SECTION("a value of the wrong type") {
    auto r = load_bundle(memory_files(
        {{"policy.clause", policy},
         {"countries.yaml", "countries:\n  SE: {name: Sweden, languages: [en-US], eu: yes}\n"}}));
    REQUIRE(r.diags.size() == 1);
    CHECK(render(r.diags, *r.sources) ==
          "countries.yaml:2:46: error[E0502]: expected `true` or `false`, found the string "
          "`yes`\n"
          " 2 |   SE: {name: Sweden, languages: [en-US], eu: yes}\n"
          "   |                                              ^^^\n");
  }
  SECTION("a missing key, malformed YAML and duplicate keys") {
    auto missing = load_bundle(memory_files(
        {{"policy.clause", policy}, {"countries.yaml", "countrys:\n  SE: {name: S}\n"}}));
    REQUIRE(missing.diags.size() == 1);
    CHECK(missing.diags.items()[0].id == code::data_key_missing);
    CHECK(missing.diags.items()[0].help == "did you mean `countrys`?");
    auto broken = load_bundle(
        memory_files({{"policy.clause", policy}, {"countries.yaml", "countries: [unclosed\n"}}));
    REQUIRE(broken.diags.size() == 1);
    CHECK(broken.diags.items()[0].id == code::yaml_syntax);
    auto twice = load_bundle(memory_files(
        {{"policy.clause", policy},
         {"countries.yaml",
          "countries:\n  SE: {name: a, languages: []}\n  SE: {name: b, languages: []}\n"}}));
    bool duplicate = false;
    for (const auto& d : twice.diags.items())
      duplicate |= d.id == code::data_duplicate_key;
    CHECK(duplicate);
  }
}

TEST_CASE("the shipped MCA bundle checks clean") {
  auto r = load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  INFO(render(r.diags, *r.sources));
  REQUIRE(r.bundle);
  CHECK(r.bundle->decisions.size() == 5);
  CHECK(r.bundle->tables.size() == 2);
  CHECK(r.bundle->tables[1].rows.size() == 246);
}

namespace {

const std::string depth_preamble = R"(policy t version "1"
input { y: int }
decision d
  outcomes ok | no
  combine collect
  default ok
)";

// `let a0 = y + 1`, `let a1 = a0 + 1`, …: each let two levels deeper than the one it reads.
std::string let_chain(std::size_t n, bool reversed) {
  std::vector<std::string> lets;
  for (std::size_t i = 0; i < n; ++i) {
    lets.push_back("let a" + std::to_string(i) + " = " +
                   (i == 0 ? std::string("y") : "a" + std::to_string(i - 1)) + " + 1\n");
  }
  if (reversed) std::reverse(lets.begin(), lets.end());
  std::string text = depth_preamble;
  for (const auto& l : lets)
    text += l;
  return text + "rule r -> d when a" + std::to_string(n - 1) + " > 0 no\n";
}

load_result load_text(const std::string& text) {
  return load_bundle(memory_files({{"policy.clause", text}}));
}

}  // namespace

TEST_CASE(
    "a let counts as deep as its value: a long chain of lets is refused where it gets too deep") {
  // 2 levels a let, 2 for the rule's comparison: 499 lets are 1 000 levels.
  for (bool reversed : {false, true}) {
    INFO("reversed: " << reversed);
    auto fits = load_text(let_chain(499, reversed));
    INFO(render(fits.diags, *fits.sources));
    CHECK(fits.bundle);

#ifdef CLAUSE_SANITIZED
    constexpr std::size_t lets = 4000;  // the sanitizers make each let slow
#else
    constexpr std::size_t lets = 16000;
#endif
    auto chained = load_text(let_chain(lets, reversed));
    REQUIRE_FALSE(chained.bundle);
    const auto& items = chained.diags.items();
    // One error each time the depth runs out (about every 500 lets), not one a let.
    CHECK(items.size() >= lets * 30 / 16000);
    CHECK(items.size() <= lets * 40 / 16000);
    for (const auto& d : items) {
      CHECK(d.id == code::limit);
      CHECK(d.message == "with the lets it reads, this expression nests deeper than 1000 levels");
      REQUIRE(d.where);
      CHECK(underlined(chained, d).starts_with("a"));
    }
  }
}

TEST_CASE("a let read deep inside an expression adds its depth there") {
  std::string deep = "let deep = y";
  for (int i = 1; i < 600; ++i)
    deep += " + y";
  std::string user = "let user = deep";
  for (int i = 1; i < 450; ++i)
    user += " + 1";
  // `deep` checked first: refused where `user` reads it, 450 levels down.
  auto r = load_text(depth_preamble + deep + "\n" + user + "\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags.items()[0].id == code::limit);
  CHECK(underlined(r, r.diags.items()[0]) == "deep");
  CHECK(r.sources->file(0).locate(r.diags.items()[0].where->begin).line == 8);
  // `user` checked first: `deep` is checked from inside it, and refused where the depth runs out.
  auto reversed = load_text(depth_preamble + user + "\n" + deep + "\n");
  REQUIRE(reversed.diags.size() >= 1);
  CHECK(reversed.diags.items()[0].id == code::limit);
  // Either alone is well within the limit.
  CHECK(load_text(depth_preamble + deep + "\n").bundle);
}
