// The parser: what the AST holds, and recovery from syntax errors.
#include <catch2/catch.hpp>

#include <set>

#include "lang/limits.hpp"
#include "lang/parser.hpp"
#include "tests/lang/expressions_of.hpp"

using namespace clause::lang;

namespace {

struct parsed {
  source_set sources;
  diagnostics diags;
  ast::module module;
};

parsed parse(std::string text, ast::expr_id first_id = 0) {
  parsed p;
  const file_id f = p.sources.add("t.clause", std::move(text));
  p.module = parse_module(p.sources, f, p.diags, first_id);
  return p;
}

std::string spanned(const parsed& p, span s) {
  return p.sources.file(s.file).text().substr(s.begin, s.end - s.begin);
}

}  // namespace

TEST_CASE("declarations lower to the AST with spans") {
  auto p = parse(
      "policy p \"title\" version \"1.2\"\n"
      "enum Cloud { Public, USGov, }\n"
      "param strict: bool = false\n"
      "let x = a.b[\"k\"] ?? 3 + 4\n"
      "decision d when has a outcomes ok | no(reason: string) combine first default ok\n"
      "rule r-1 -> d, e from 2020-02-01 until 2020-12-31 when not x warn W \"at {x}\" ja "
      "\"{x}だ\"\n");
  REQUIRE(p.diags.empty());
  REQUIRE(p.module.header);
  CHECK(p.module.header->title == "title");
  CHECK(p.module.header->version == "1.2");
  REQUIRE(p.module.enums.size() == 1);
  CHECK(p.module.enums[0].values.size() == 2);
  CHECK(spanned(p, p.module.enums[0].values[1].where) == "USGov");
  REQUIRE(p.module.lets.size() == 1);
  const ast::expr& x = p.module.lets[0].value;
  CHECK(x.kind == ast::expr_kind::binary);
  CHECK(x.op == ast::binary_op::coalesce);  // `??` binds looser than `+`
  CHECK(spanned(p, x.where) == "a.b[\"k\"] ?? 3 + 4");
  CHECK(x.children[0].kind == ast::expr_kind::index);
  CHECK(x.children[1].op == ast::binary_op::add);
  REQUIRE(p.module.decisions.size() == 1);
  CHECK(p.module.decisions[0].combine == ast::combining::first);
  CHECK(p.module.decisions[0].outcomes[1].payload.size() == 1);
  REQUIRE(p.module.rules.size() == 1);
  const ast::rule_decl& r = p.module.rules[0];
  CHECK(r.id.text == "r-1");
  CHECK(r.decisions.size() == 2);
  CHECK(r.is_warning);
  CHECK(r.from.has_value());
  CHECK(r.until.has_value());
  REQUIRE(r.text);
  REQUIRE(r.text->parts.size() == 2);
  CHECK(r.text->parts[0].text == "at ");
  REQUIRE(r.text->parts[1].placeholder);
  CHECK(spanned(p, r.text->parts[1].placeholder->where) == "x");
  REQUIRE(r.translations.size() == 1);
  CHECK(r.translations[0].locale.text == "ja");
}

TEST_CASE("every expression has an id of its own, from the first id the module is given") {
  // Every form that lowers to an expression: literals, postfix chains, operator chains, calls,
  // quantifiers, collections, records, placeholders, defaults, table entries, payloads.
  auto p = parse(
      "policy p version \"1\"\n"
      "record R { n: int = 1 + 2 }\n"
      "input { a: { b: list<{ c?: string = \"x\" }> } }\n"
      "param strict: bool = not false\n"
      "let x = a.b[0].c ?? trim(\"y\") == \"z\" and 3 < 4 or has a.b\n"
      "let y = if x then {1, 2} else [3] \n"
      "let z = any v in a.b where v.c == \"q\"\n"
      "table t: map<string, R> = { \"k\": { n: 5 } }\n"
      "decision d when x outcomes ok | no(why: string) combine first default ok\n"
      "rule r -> d when count v in a.b where true > 1 no(why = \"w\") C \"at {x} {y}\" "
      "ja \"{z}\"\n",
      100);
  REQUIRE(p.diags.empty());
  const auto expressions = clause::test::expressions_of(p.module);
  CHECK(expressions.size() > 40);
  std::set<ast::expr_id> ids;
  for (const ast::expr* e : expressions) {
    INFO(spanned(p, e->where));
    CHECK(e->id >= 100);
    CHECK(e->id < p.module.end_expr_id);
    CHECK(ids.insert(e->id).second);
  }
  // An empty module ends where it starts.
  CHECK(parse("policy p version \"1\"\n", 7).module.end_expr_id == 7);
}

TEST_CASE("a syntax error is reported in words and parsing resumes at the next declaration") {
  auto p = parse(
      "policy p version \"1\"\n"
      "let a = (1 +\n"
      "let b = 2\n"
      "enum E { }\n"
      "let c = 3\n");
  REQUIRE(p.diags.size() == 2);
  CHECK(p.diags.items()[0].message == "expected a value, a name or a field path");
  CHECK(p.diags.items()[1].message == "expected the enum's values, as in `{ Public, Sovereign }`");
  CHECK(p.module.lets.size() == 2);  // b and c survive
}

TEST_CASE("string escapes and malformed literals") {
  auto p = parse("policy p version \"1\"\nlet s = \"a\\\"b\\\\c\\n\"\nlet d = 2023-02-29\n");
  REQUIRE(p.module.lets.size() == 2);
  CHECK(p.module.lets[0].value.text == "a\"b\\c\n");
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags.items()[0].id == code::bad_literal);
}

TEST_CASE("nesting deeper than the limit is refused, not a crash") {
  std::string deep = "policy p version \"1\"\nlet x = " + std::string(10000, '(') + "1" +
                     std::string(10000, ')') + "\n";
  auto p = parse(deep);
  REQUIRE(!p.diags.empty());
  CHECK(p.diags.items()[0].id == code::limit);
}

namespace {

// `let x = a OP a OP …` with `terms` terms, then a declaration that must still be read.
std::string chain(std::string_view op, std::size_t terms) {
  std::string text = "policy p version \"1\"\nlet x = a";
  for (std::size_t i = 1; i < terms; ++i)
    text += " " + std::string(op) + " a";
  return text + "\nlet after = 1\n";
}

}  // namespace

TEST_CASE("a chain is as deep as it is long: past the expression depth, refused at its operator") {
  for (const char* op : {"or", "and", "+", "??", "-"}) {
    INFO(op);
    // 1 000 terms are 999 operators over a name: 1 000 levels.
    auto at_limit = parse(chain(op, limits::max_expression_depth));
    CHECK(at_limit.diags.empty());
    CHECK(at_limit.module.lets.size() == 2);

#ifdef CLAUSE_SANITIZED
    constexpr std::size_t long_chain = 4000;  // the sanitizers make each term slow
#else
    constexpr std::size_t long_chain = 32000;
#endif
    for (std::size_t terms : {limits::max_expression_depth + 1, long_chain}) {
      auto over = parse(chain(op, terms));
      REQUIRE(over.diags.size() == 1);
      const diagnostic& d = over.diags.items()[0];
      CHECK(d.id == code::limit);
      CHECK(d.message ==
            "this expression nests deeper than 1000 levels (each operator of a "
            "chain is one)");
      REQUIRE(d.where);
      CHECK(spanned(over, *d.where) == op);
      // The 1 000th operator, after `let x = a` and 999 ` OP a`.
      CHECK(d.where->begin == std::string_view("policy p version \"1\"\nlet x = a").size() +
                                  999 * (std::string_view(op).size() + 3) + 1);
      // The declaration is dropped, as after a syntax error; the next one is read.
      REQUIRE(over.module.lets.size() == 1);
      CHECK(over.module.lets[0].id.text == "after");
    }
  }
}

TEST_CASE("field and index steps, and chains inside parentheses, count toward the same depth") {
  std::string fields = "policy p version \"1\"\nlet x = a";
  for (std::size_t i = 0; i < limits::max_expression_depth; ++i)
    fields += ".b";
  auto p = parse(fields + "\n");
  REQUIRE(p.diags.size() == 1);
  CHECK(spanned(p, *p.diags.items()[0].where) == ".b");

  // 20 parentheses, each around a 60-term chain: 20 levels of the grammar, 1 200 of the tree.
  std::string nested = "a";
  for (int level = 0; level < 20; ++level) {
    std::string wrapped = "(" + nested + ")";
    for (int i = 1; i < 60; ++i)
      wrapped += " + a";
    nested = wrapped;
  }
  auto q = parse("policy p version \"1\"\nlet x = " + nested + "\n");
  REQUIRE(q.diags.size() == 1);
  CHECK(q.diags.items()[0].id == code::limit);
  CHECK(q.module.lets.empty());
}
