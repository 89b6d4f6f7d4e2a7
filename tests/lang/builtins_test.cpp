// The language's half of the builtins (lang/builtins.hpp) against what the checker does with it,
// the signatures diagnostics show and lang/README.md's table. Every case is made from a builtin's
// entry, so a new builtin is tested by being declared.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lang/builtins.hpp"
#include "lang/bundle.hpp"

using namespace clause::lang;

namespace {

const std::string preamble = R"(policy t version "1"
input {
  s: string
  n: int
  stamp: datetime
  day: date
  tags: list<string>
  codes: set<string>
  maybe?: string
}
decision d
  outcomes yes | no
  combine collect
  default no
)";

load_result load(const std::string& snippet) {
  return load_bundle(memory_files({{"policy.clause", preamble + snippet + "\n"}}));
}

std::string text_of(parameter p) {
  switch (p) {
    case parameter::none:
      return "";
    case parameter::string:
      return "string";
    case parameter::integer:
      return "int";
    case parameter::datetime:
      return "datetime";
    case parameter::date_or_datetime:
      return "date | datetime";
    case parameter::sized:
      return "string | list | set";
    case parameter::pattern:
      return "\"regular expression\"";
  }
  return "?";
}

std::string text_of(result r) {
  switch (r) {
    case result::boolean:
      return "bool";
    case result::integer:
      return "int";
    case result::string:
      return "string";
    case result::date:
      return "date";
    case result::datetime:
      return "datetime";
    case result::duration:
      return "duration";
    case result::like_first:
      return "date | datetime";
  }
  return "?";
}

// What an entry's kinds say its signature is.
std::string signature_of(const builtin_info& b) {
  std::string s = std::string(b.name) + "(";
  for (std::size_t i = 0; i < b.arity(); ++i)
    s += (i ? ", " : "") + text_of(b.parameters[i]);
  s += ") -> " + text_of(b.gives);
  if (b.absent_when_malformed) s += ", absent when malformed";
  return s;
}

// Arguments each parameter kind takes (every one of them is checked), and one it refuses.
std::vector<std::string> accepted(parameter p) {
  switch (p) {
    case parameter::string:
      return {"s", "\"text\""};
    case parameter::integer:
      return {"n", "3"};
    case parameter::datetime:
      return {"stamp", "now"};
    case parameter::date_or_datetime:
      return {"day", "stamp"};
    case parameter::sized:
      return {"s", "tags", "codes"};
    case parameter::pattern:
      return {"\"^[a-z]+$\""};
    case parameter::none:
      break;
  }
  return {};
}

std::string refused(parameter p) {
  return p == parameter::integer ? "s" : p == parameter::pattern ? "s" : "n";
}

std::string call(const builtin_info& b, const std::vector<std::string>& arguments) {
  std::string text = std::string(b.name) + "(";
  for (std::size_t i = 0; i < arguments.size(); ++i)
    text += (i ? ", " : "") + arguments[i];
  return text + ")";
}

// The first argument of each parameter, with argument `i` replaced by `instead`.
std::vector<std::string> arguments_of(const builtin_info& b, std::size_t i = 99,
                                      const std::string& instead = {}) {
  std::vector<std::string> arguments;
  for (std::size_t k = 0; k < b.arity(); ++k)
    arguments.push_back(k == i ? instead : accepted(b.parameters[k]).front());
  return arguments;
}

}  // namespace

TEST_CASE("every builtin is declared once, and its signature says what its kinds say") {
  REQUIRE(std::size(all_builtins) == builtin_count);
  for (const builtin_info& b : all_builtins) {
    INFO(b.name);
    CHECK(info(b.id).name == b.name);
    CHECK(find_builtin(b.name)->id == b.id);
    CHECK(b.arity() >= 1);
    CHECK(b.signature == signature_of(b));
  }
  CHECK_FALSE(find_builtin("uppercase"));
}

TEST_CASE("lang/README.md lists every builtin with its signature") {
  std::ifstream in(std::string(CLAUSE_SOURCE_DIR) + "/lang/README.md");
  REQUIRE(in);
  // The rows of the table under "## Built-in functions" (its section ends at the next heading).
  std::vector<std::string> rows;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) in_table = line == "## Built-in functions";
    if (in_table && line.starts_with("| `")) rows.push_back(line);
  }
  for (const builtin_info& b : all_builtins) {
    INFO(b.name);
    std::string found;
    for (const std::string& row : rows) {
      if (!row.starts_with("| `" + std::string(b.name) + "(")) continue;
      // The first cell, without its code quotes and the escapes of `|`.
      const std::string cell = row.substr(2, row.find(" | ", 2) - 2);
      for (char c : cell) {
        if (c != '`' && c != '\\') found += c;
      }
    }
    CHECK(found == b.signature);
  }
}

TEST_CASE("a call of each builtin is typed as its entry says") {
  for (const builtin_info& b : all_builtins) {
    // Each accepted argument in each place, the others at their first.
    for (std::size_t i = 0; i < b.arity(); ++i) {
      for (const std::string& argument : accepted(b.parameters[i])) {
        const std::string snippet = "let v = " + call(b, arguments_of(b, i, argument));
        INFO(snippet);
        const load_result r = load(snippet);
        INFO(render(r.diags, *r.sources));
        REQUIRE(r.bundle);
        const let_info& v = r.bundle->lets.at(0);
        std::string type = text_of(b.gives);
        if (b.gives == result::like_first) {
          const std::string first = i == 0 ? argument : arguments_of(b).front();
          type = first == "stamp" ? "datetime" : "date";
        }
        CHECK(r.bundle->types.name(v.type) == type);
        CHECK(v.optional == b.absent_when_malformed);
      }
    }
  }
}

TEST_CASE("a builtin called with the wrong number of arguments shows its signature") {
  for (const builtin_info& b : all_builtins) {
    std::vector<std::string> arguments = arguments_of(b);
    arguments.push_back("s");
    const load_result r = load("let v = " + call(b, arguments));
    INFO(render(r.diags, *r.sources));
    REQUIRE(r.diags.size() == 1);
    const diagnostic& d = r.diags.items()[0];
    CHECK(d.id == code::wrong_arguments);
    CHECK(d.message == "`" + std::string(b.name) + "` takes " + std::to_string(b.arity()) +
                           " argument" + (b.arity() == 1 ? "" : "s") + ", not " +
                           std::to_string(arguments.size()));
    CHECK(d.help == b.signature);
  }
}

TEST_CASE("each argument of each builtin refuses what its parameter does not take") {
  for (const builtin_info& b : all_builtins) {
    for (std::size_t i = 0; i < b.arity(); ++i) {
      const std::string snippet =
          "let v = " + call(b, arguments_of(b, i, refused(b.parameters[i])));
      INFO(snippet);
      const load_result r = load(snippet);
      INFO(render(r.diags, *r.sources));
      REQUIRE(r.diags.size() == 1);
      const diagnostic& d = r.diags.items()[0];
      const std::string name(b.name);
      switch (b.parameters[i]) {
        case parameter::pattern:
          CHECK(d.id == code::bad_regex);
          CHECK(d.message == "the pattern of `" + name + "` must be a string literal");
          break;
        case parameter::sized:
          CHECK(d.id == code::type_mismatch);
          CHECK(d.message == "`" + name + "` takes a string, a list or a set, not int");
          break;
        default:
          CHECK(d.id == code::type_mismatch);
          CHECK(d.message.starts_with("argument " + std::to_string(i + 1) + " of `" + name +
                                      "` must be "));
          break;
      }
    }
  }
}

TEST_CASE("an argument that may be absent is refused, a pattern RE2 refuses too") {
  const load_result absent = load("let v = trim(maybe)");
  REQUIRE(absent.diags.size() == 1);
  CHECK(absent.diags.items()[0].id == code::unguarded_optional);
  const load_result pattern = load("let v = matches(s, \"(?=x)\")");
  REQUIRE(pattern.diags.size() == 1);
  CHECK(pattern.diags.items()[0].id == code::bad_regex);
  CHECK(pattern.diags.items()[0].message.starts_with("invalid regular expression: "));
}
