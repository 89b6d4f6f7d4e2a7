// The runtime's half of the builtins (runtime/eval/builtins.hpp): each builtin on examples, its
// arguments read from the case (evaluated, by the jumping code and explained) and written as
// literals (folded when the policy compiles, for a builtin declared foldable). Every builtin must
// have examples here.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "lang/builtins.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

struct argument {
  std::string type;     // its type, for a field of the case
  std::string literal;  // the same value written in the policy
  std::string json;     // and in the case
};

struct example {
  std::string name;
  std::vector<argument> arguments;
  std::string shown;  // the value as a message shows it, or "absent"
};

argument text(const std::string& s) {
  return {"string", "\"" + s + "\"", "\"" + s + "\""};
}
argument integer(const std::string& n) {
  return {"int", n, n};
}
argument date(const std::string& d) {
  return {"date", d, "\"" + d + "\""};
}
argument datetime(const std::string& t) {
  return {"datetime", t, "\"" + t + "\""};
}

const std::vector<example> examples = {
    {"trim", {text("  a b \\t")}, "a b"},
    {"trim", {text("")}, ""},
    {"lower", {text("AbC-Z\u00c9")}, "abc-z\u00c9"},
    {"upper", {text("aBc-z\u00e9")}, "ABC-Z\u00e9"},
    {"length", {text("h\u00e9llo")}, "5"},
    {"length", {{"list<string>", "[\"a\", \"b\", \"a\"]", "[\"a\",\"b\",\"a\"]"}}, "3"},
    {"length", {{"set<string>", "{\"a\", \"b\"}", "[\"a\",\"b\"]"}}, "2"},
    {"length", {{"set<Role>", "{Admin, Help}", "[\"Admin\",\"Help\"]"}}, "2"},
    {"starts_with", {text("abc"), text("ab")}, "true"},
    {"starts_with", {text("abc"), text("bc")}, "false"},
    {"ends_with", {text("abc"), text("bc")}, "true"},
    {"ends_with", {text("abc"), text("ab")}, "false"},
    {"contains", {text("abc"), text("b")}, "true"},
    {"contains", {text("abc"), text("x")}, "false"},
    {"equals_ignore_case", {text("Hello World!"), text("hELLO wORLD!")}, "true"},
    {"equals_ignore_case", {text("abc"), text("abd")}, "false"},
    {"matches", {text("abc-123"), text("^[a-z]+-\\\\d+$")}, "true"},
    {"matches", {text("abc"), text("\\\\d")}, "false"},
    {"utc_date", {datetime("2024-06-10T23:30:00-02:00")}, "2024-06-11"},
    {"parse_date", {text("2024-02-29")}, "2024-02-29"},
    {"parse_date", {text("2023-02-29")}, "absent"},
    {"parse_date", {text("2024-1-1")}, "absent"},
    {"parse_datetime", {text("2024-06-10T12:00:00+02:00")}, "2024-06-10T10:00:00Z"},
    {"parse_datetime", {text("2024-06-10")}, "2024-06-10T00:00:00Z"},
    {"parse_datetime", {text("noon")}, "absent"},
    {"add_days", {date("2024-02-28"), integer("2")}, "2024-03-01"},
    {"add_days", {datetime("2024-06-10T12:00:00Z"), integer("1")}, "2024-06-11T12:00:00Z"},
    {"add_months", {date("2024-01-31"), integer("1")}, "2024-02-29"},
    {"add_months", {datetime("2024-03-31T08:00:00Z"), integer("1")}, "2024-04-30T08:00:00Z"},
    {"days", {integer("30")}, "30 days"},
    {"days", {integer("1")}, "1 day"},
    {"months", {integer("6")}, "6 months"},
};

// `v` is the call; the message shows it.
std::string policy_of(const example& x, bool literals) {
  const lang::builtin_info b = *lang::find_builtin(x.name);
  std::string fields, call = x.name + "(";
  for (std::size_t i = 0; i < x.arguments.size(); ++i) {
    const argument& a = x.arguments[i];
    // (A pattern is a literal whatever the case.)
    const bool literal = literals || b.parameters[i] == lang::parameter::pattern;
    if (!literal) fields += "  x" + std::to_string(i) + ": " + a.type + "\n";
    call += (i ? ", " : "") + (literal ? a.literal : "x" + std::to_string(i));
  }
  call += ")";
  return "policy t version \"1\"\nenum Role { Admin, Sales, Help }\ninput {\n" + fields +
         "}\nlet v = " + call + R"(
decision d
  outcomes shown | missing
  combine first
  default missing
rule r -> d
  when has v
  shown SHOWN "{v}"
)";
}

std::string case_of(const example& x) {
  std::string json = "{";
  for (std::size_t i = 0; i < x.arguments.size(); ++i)
    json += (i ? ",\"x" : "\"x") + std::to_string(i) + "\":" + x.arguments[i].json;
  return json + "}";
}

void check_shown(const runtime::program& p, const runtime::bound_case& c, const example& x) {
  test::evaluate_both_ways(p, c, [&](const runtime::evaluation& e, bool) {
    REQUIRE(e.decision_count == 1);
    const runtime::decision_result& d = e.decisions[0];
    if (x.shown == "absent") {
      CHECK(p.decisions[0].outcomes[d.outcome].name == "missing");
      return;
    }
    CHECK(p.decisions[0].outcomes[d.outcome].name == "shown");
    REQUIRE(d.messages.size() == 1);
    CHECK(e.message_text(d.messages[0]) == x.shown);
  });
}

}  // namespace

TEST_CASE("every builtin has examples here") {
  std::set<std::string> tried;
  for (const example& x : examples)
    tried.insert(x.name);
  for (const lang::builtin_info& b : lang::all_builtins) {
    INFO(b.name);
    CHECK(tried.count(std::string(b.name)) == 1);
  }
}

TEST_CASE("each builtin gives its value from the case's arguments") {
  for (const example& x : examples) {
    const std::string policy = policy_of(x, false);
    const std::string json = case_of(x);
    INFO(policy << json);
    const auto p = test::compile_text(policy);
    runtime::bound_case c;
    test::bind_text(*p, json, c);
    check_shown(*p, c, x);
  }
}

TEST_CASE("each builtin on literals folds to the same value when it is foldable") {
  for (const example& x : examples) {
    const std::string policy = policy_of(x, true);
    INFO(policy);
    const auto p = test::compile_text(policy);
    const runtime::node& v = p->nodes[p->lets.at(0)];
    CHECK((v.code == runtime::op::constant) == lang::find_builtin(x.name)->foldable);
    runtime::bound_case c;
    test::bind_text(*p, "{}", c);
    check_shown(*p, c, x);
  }
}
