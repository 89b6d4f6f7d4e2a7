// `clause fmt`'s layout on small inputs, each with the text it must give.
#include <catch2/catch.hpp>

#include "lang/format/format.hpp"

using clause::lang::format_source;

namespace {

std::string formatted(std::string_view text) {
  std::string errors;
  const auto out = format_source(text, errors, "t.clause");
  INFO(errors);
  REQUIRE(out.has_value());
  std::string again_errors;
  const auto again = format_source(*out, again_errors, "t.clause");
  REQUIRE(again.has_value());
  CHECK(*again == *out);  // formatting is idempotent
  return *out;
}

}  // namespace

TEST_CASE("fmt keeps end-of-line comments, lined up on consecutive lines") {
  CHECK(formatted("let dateText = trim(x ?? \"\")\n"
                  "let agreedAt = parse_datetime(dateText) # absent when not a datetime\n") ==
        "let dateText = trim(x ?? \"\")\n"
        "let agreedAt = parse_datetime(dateText)   # absent when not a datetime\n");
  CHECK(formatted("record Confirmation {\n"
                  "  type?: string # absent: the catalogue's\n"
                  "  partnerTenantId?: string     # the partner\n"
                  "}\n") ==
        "record Confirmation {\n"
        "  type?: string              # absent: the catalogue's\n"
        "  partnerTenantId?: string   # the partner\n"
        "}\n");
}

TEST_CASE("fmt keeps comment lines inside a multi-line condition, at the condition's indent") {
  CHECK(formatted("rule r -> d\n"
                  "  when a == 1\n"
                  "# only for b\n"
                  "    and b   # and c too\n"
                  "      or c\n"
                  "  reject X\n") ==
        "rule r -> d\n"
        "  when a == 1\n"
        "       # only for b\n"
        "       and b   # and c too\n"
        "       or c\n"
        "  reject X\n");
}

TEST_CASE("fmt breaks a condition longer than 100 columns before `and` or `or`") {
  CHECK(formatted("rule r -> d when firstName == \"\" or lastName == \"\" or email == \"\" or "
                  "templateId == \"\" or agreementType == \"\" or dateText == \"\" or phone == "
                  "\"\" reject X\n") ==
        "rule r -> d\n"
        "  when firstName == \"\" or lastName == \"\" or email == \"\" or templateId == \"\" or "
        "agreementType == \"\"\n"
        "       or dateText == \"\" or phone == \"\"\n"
        "  reject X\n");
  // The loosest operator is chosen: outside the parentheses rather than inside.
  CHECK(
      formatted("let x = aaaaaaaaaaaaaaaaaaaa and (bbbbbbbbbbbbbbbbbbbb or cccccccccccccccccccc or "
                "dddddddddddddddddddd or eeeeeeeeee)\n") ==
      "let x = aaaaaaaaaaaaaaaaaaaa\n"
      "  and (bbbbbbbbbbbbbbbbbbbb or cccccccccccccccccccc or dddddddddddddddddddd or "
      "eeeeeeeeee)\n");
  // Inside parentheses the continuation lines up after the `(`; the next line is measured again.
  CHECK(
      formatted("let x = f(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, "
                "cccccccccccccccccccccccccc or ddddddddddddddddddddddddddddd)\n") ==
      "let x = f(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
      "          and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccccc\n"
      "          or ddddddddddddddddddddddddddddd)\n");
  // No `and` or `or` within the width: the line breaks at the first one after it.
  CHECK(formatted("let y = f(\"" + std::string(100, 'x') + "\") and a or b\n") ==
        "let y = f(\"" + std::string(100, 'x') +
            "\")\n"
            "  and a or b\n");
}

TEST_CASE("fmt keeps the author's line breaks inside a declaration, indented by structure") {
  CHECK(formatted("let templateLanguage =\n"
                  "if has lang and country in countries\n"
                  "and lang in countries[country].languages\n"
                  "then lang\n"
                  "else \"en-US\"\n") ==
        "let templateLanguage =\n"
        "  if has lang and country in countries\n"
        "     and lang in countries[country].languages\n"
        "  then lang\n"
        "  else \"en-US\"\n");
  CHECK(formatted("rule future -> attest\n"
                  "  when has agreedAt and (if p == instant then agreedAt > now\n"
                  "  else utc_date(agreedAt) > utc_date(now))\n"
                  "  reject FUTURE\n") ==
        "rule future -> attest\n"
        "  when has agreedAt and (if p == instant then agreedAt > now\n"
        "                         else utc_date(agreedAt) > utc_date(now))\n"
        "  reject FUTURE\n");
  CHECK(formatted("let c = if a then 1\nelse if b then 2\nelse 3\n") ==
        "let c = if a then 1\n"
        "        else if b then 2\n"
        "        else 3\n");
  CHECK(formatted("input {\npartner: {\nid: string\n}\n}\n") ==
        "input {\n"
        "  partner: {\n"
        "    id: string\n"
        "  }\n"
        "}\n");
}

TEST_CASE("fmt normalises blank lines between declarations") {
  CHECK(formatted("\n\n# header\n\n\n\npolicy p version \"1\"\nimport \"a.clause\"\nimport "
                  "\"b.clause\"\nlet a = 1\nlet b = 2\n\n\nlet c = 3\nrule r -> d reject X\n"
                  "# next\nrule s -> d reject Y\n\n\n\n# trailing\n") ==
        "# header\n"
        "\n"
        "policy p version \"1\"\n"
        "\n"
        "import \"a.clause\"\n"
        "import \"b.clause\"\n"
        "\n"
        "let a = 1\n"
        "let b = 2\n"
        "\n"
        "let c = 3\n"
        "\n"
        "rule r -> d\n"
        "  reject X\n"
        "\n"
        "# next\n"
        "rule s -> d\n"
        "  reject Y\n"
        "\n"
        "# trailing\n");
}

TEST_CASE("fmt spaces operators, commas and brackets canonically") {
  CHECK(formatted("enum Tier{A,B ,C,}\nrecord R{a:int,b?:list < string >=[\"x\" , \"y\"]}\n"
                  "let s=a.b [ 0 ]??3+4-x\nlet t = not(x in{A,B})and f( a , b )\n"
                  "table m:map<string,R>={\"k\":{a:1},}\n") ==
        "enum Tier { A, B, C, }\n"
        "\n"
        "record R { a: int, b?: list<string> = [\"x\", \"y\"] }\n"
        "\n"
        "let s = a.b[0] ?? 3 + 4 - x\n"
        "let t = not (x in {A, B}) and f(a, b)\n"
        "\n"
        "table m: map<string, R> = { \"k\": { a: 1 }, }\n");
}

TEST_CASE("fmt prints literals as written: escapes, durations, dates and datetimes") {
  CHECK(formatted("let s = \"q\\\"b\\\\n\\n\\t\\{x\\}\"\n"
                  "let d = 2024-06-10T14:00:00.250+02:00 + 30   days - 1 month\n"
                  "let e = 2019-10-01 + 007\n") ==
        "let s = \"q\\\"b\\\\n\\n\\t\\{x\\}\"\n"
        "let d = 2024-06-10T14:00:00.250+02:00 + 30 days - 1 month\n"
        "let e = 2019-10-01 + 007\n");
}

TEST_CASE("fmt lays out messages: placeholders as expressions, translations on their lines") {
  CHECK(formatted("rule r-1 -> d, e from 2020-02-01 when x reject CODE \"at { a . b ?? c } "
                  "\\{ok\\}\" ja \"{a.b}です\" zh-TW \"{ f( a,b ) }\"\n") ==
        "rule r-1 -> d, e from 2020-02-01\n"
        "  when x\n"
        "  reject CODE \"at {a.b ?? c} \\{ok\\}\"\n"
        "    ja \"{a.b}です\"\n"
        "    zh-TW \"{f(a, b)}\"\n");
  CHECK(formatted("decision d when has x outcomes ok|no(reason:string) combine first default "
                  "no(reason=\"a\")\nrule w -> d warn W \"m\"\n") ==
        "decision d when has x\n"
        "  outcomes ok | no(reason: string)\n"
        "  combine first\n"
        "  default no(reason = \"a\")\n"
        "\n"
        "rule w -> d\n"
        "  warn W \"m\"\n");
}

TEST_CASE("fmt keeps the parentheses that were written") {
  CHECK(formatted("let a = ((x)) and (y or z)\nlet b = f((x))\n") ==
        "let a = ((x)) and (y or z)\nlet b = f((x))\n");
}

TEST_CASE("fmt refuses a file that does not parse, with its diagnostics") {
  std::string errors;
  CHECK_FALSE(format_source("rule too-young entry\n", errors, "bad.clause").has_value());
  CHECK(errors.find("bad.clause:1:16: error[E0101]") != std::string::npos);
  CHECK(format_source("", errors, "empty.clause") == std::string());
}
