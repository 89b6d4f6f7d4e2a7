// The conformance suite's runner: what each operator and builtin of the language means, as data
// (tests/conformance/*.yaml, described in tests/conformance/README.md), checked every way the
// engine evaluates an expression:
//  - its inputs read from the case, by the jumping code of the program specialised for default
//    parameters, by the jumping code of the general program (a parameter given), and by the tree
//    evaluator (explained);
//  - its inputs written as literals, the same three ways (the expression folded when the policy
//    compiles, wherever folding reaches).
// All must give the expected value (or the expected diagnostic code); a disagreement names the
// case (file:line) and the path. The examples of lang/README.md's "Examples" table are cases too,
// so the reference cannot drift from the engine.
//
// CLAUSE_CONFORMANCE=path/to/file.yaml runs one file (for authors of cases).
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "lang/diagnostic_codes.hpp"
#include "lang/json_string.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/json.hpp"
#include "runtime/program/program.hpp"

namespace {

using namespace clause;

// One input of a case: its name, type (`T` or `T?`), and value (null: absent).
struct given {
  std::string name;
  std::string type;
  YAML::Node value;
  bool optional() const { return type.ends_with('?'); }
  std::string base_type() const { return optional() ? type.substr(0, type.size() - 1) : type; }
};

struct conformance_case {
  std::string where;  // file:line
  std::string expr;
  std::string declarations;  // the file's preamble and the case's own
  std::vector<given> inputs;
  std::optional<std::string> now;
  std::optional<std::string> message;  // the rule's message (placeholders, translations) instead
  std::optional<std::string> locale;   // of `{v}`, and the case's locale
  // Expected: a diagnostic code, or absence, or a value (shown text for scalars, a literal of the
  // language compared with `==` for collections) and a type.
  std::optional<std::string> error;
  bool absent = false;
  std::optional<std::string> value;
  std::optional<std::string> literal;  // `value` written as a literal: compared with `==`
  std::optional<std::string> type;
  // A case about decisions rather than one expression: its decisions and rules (instead of the
  // generated `let v` and decision), and what the first decision gives (`decided`).
  std::optional<std::string> rules;
  std::optional<std::string> decided;
};

bool is_collection(std::string_view type) {
  return type.starts_with("list<") || type.starts_with("set<");
}

std::string element_type(std::string_view type) {
  const std::size_t open = type.find('<');
  return std::string(type.substr(open + 1, type.size() - open - 2));
}

// A record (a YAML mapping) as JSON: its scalars as JSON reads them when they are numbers or
// bools (quote them in the YAML to make them strings), else as strings.
std::string record_json(const YAML::Node& v) {
  if (v.IsMap()) {
    std::string out = "{";
    bool first = true;
    for (const auto& member : v) {
      out += first ? "" : ",";
      first = false;
      lang::append_json_string(out, member.first.Scalar());
      out += ":" + record_json(member.second);
    }
    return out + "}";
  }
  if (v.IsSequence()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
      out += (i ? "," : "") + record_json(v[i]);
    return out + "]";
  }
  const std::string& s = v.Scalar();
  const bool quoted = v.Tag() == "!";
  if (!quoted && (s == "true" || s == "false" || std::regex_match(s, std::regex("-?[0-9]+"))))
    return s;
  std::string out;
  lang::append_json_string(out, s);
  return out;
}

// A value of `type` as JSON, for the case.
std::string to_json(const YAML::Node& v, std::string_view type) {
  if (v.IsMap()) return record_json(v);
  if (is_collection(type)) {
    std::string out = "[";
    const std::string element = element_type(type);
    for (std::size_t i = 0; i < v.size(); ++i)
      out += (i ? "," : "") + to_json(v[i], element);
    return out + "]";
  }
  if (type == "int" || type == "bool") return v.Scalar();
  std::string out;
  lang::append_json_string(out, v.Scalar());
  return out;
}

// A value of `type` as a literal of the language; nothing when it has none.
std::optional<std::string> to_literal(const YAML::Node& v, std::string_view type) {
  if (v.IsMap()) return std::nullopt;  // a record has a literal only where its type is expected
  if (is_collection(type)) {
    const bool set = type.starts_with("set<");
    std::string out = set ? "{" : "[";
    const std::string element = element_type(type);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto e = to_literal(v[i], element);
      if (!e) return std::nullopt;
      out += (i ? ", " : "") + *e;
    }
    return out + (set ? "}" : "]");
  }
  const std::string& s = v.Scalar();
  if (type == "int") {
    if (!s.starts_with('-')) return s;
    if (s == "-9223372036854775808") return "(0 - 9223372036854775807 - 1)";
    return "(0 - " + s.substr(1) + ")";
  }
  if (type == "duration") {  // `P30D`, `-P2W`: the same amount with the language's unit
    const bool negative = s.starts_with('-');
    const std::string iso = negative ? s.substr(1) : s;
    if (iso.size() < 3 || iso[0] != 'P') return std::nullopt;
    const char unit = iso.back();
    const std::string amount = iso.substr(1, iso.size() - 2);
    const std::string word = unit == 'D'   ? "days"
                             : unit == 'W' ? "weeks"
                             : unit == 'M' ? "months"
                             : unit == 'Y' ? "years"
                                           : "";
    if (word.empty()) return std::nullopt;
    return (negative ? "-" : "") + amount + " " + word;
  }
  if (type == "string") {
    std::string out = "\"";
    for (const char c : s) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '{':
          out += "\\{";
          break;
        case '}':
          out += "\\}";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
          out += c;
      }
    }
    return out + "\"";
  }
  return s;  // bool, date, datetime, enum value: written bare
}

std::string policy_text(const conformance_case& c, bool literals) {
  std::string text = "policy conformance version \"1\"\nparam conformancePad: int = 0\n";
  text += c.declarations + "\n";
  std::string fields;
  for (const given& g : c.inputs) {
    if (literals) {
      text += "let " + g.name + " = " + *to_literal(g.value, g.base_type()) + "\n";
    } else {
      fields += "  " + g.name + (g.optional() ? "?: " : ": ") + g.base_type() + "\n";
    }
  }
  if (!fields.empty()) text += "input {\n" + fields + "}\n";
  if (c.rules) return text + *c.rules + "\n";
  text += "let v = " + c.expr + "\n";
  text += "decision d\n  outcomes missing | shown | other\n  combine first\n  default missing\n";
  if (c.literal) {
    text += "rule r1 -> d\n  when has v and v == " + *c.literal + "\n  shown\n";
  } else {
    text += "rule r1 -> d\n  when has v\n  shown SHOWN " + c.message.value_or("\"{v}\"") + "\n";
  }
  text += "rule r2 -> d\n  when has v\n  other\n";
  return text;
}

std::string case_json(const conformance_case& c, bool literals) {
  std::string json = "{";
  bool first = true;
  const auto member = [&](const std::string& name, const std::string& value) {
    json += (first ? "\"" : ",\"") + name + "\":" + value;
    first = false;
  };
  if (c.now) {
    std::string now;
    lang::append_json_string(now, *c.now);
    member("now", now);
  }
  if (c.locale) {
    std::string locale;
    lang::append_json_string(locale, *c.locale);
    member("locale", locale);
  }
  if (!literals) {
    for (const given& g : c.inputs) {
      if (g.value && !g.value.IsNull()) member(g.name, to_json(g.value, g.base_type()));
    }
  }
  return json + "}";
}

// A decision as a line: `outcome(payload) [codes] "messages"`, e.g. `kit(JP, ja) [A B] "x" "y"`;
// `not taken` when its `when` excluded it.
std::string decided(const runtime::program& p, const runtime::evaluation& e) {
  if (e.decision_count == 0 || e.decisions[0].decision != 0) return "not taken";
  const runtime::decision_result& d = e.decisions[0];
  std::string out = p.decisions[0].outcomes[d.outcome].name;
  if (!d.payload.empty()) {
    out += "(";
    for (std::size_t i = 0; i < d.payload.size(); ++i) {
      const runtime::value& v = d.payload[i];
      out += i ? ", " : "";
      out += v.kind == runtime::value_kind::string   ? std::string(v.text())
             : v.kind == runtime::value_kind::absent ? "absent"
                                                     : std::to_string(v.number);
    }
    out += ")";
  }
  out += " [";
  for (std::size_t i = 0; i < d.codes.size(); ++i)
    out += (i ? " " : "") + std::string(d.codes[i]);
  out += "]";
  for (const runtime::message_ref& m : d.messages) {
    if (!e.message_text(m).empty()) out += " \"" + std::string(e.message_text(m)) + "\"";
  }
  return out;
}

// What one path gave: `absent`, `shown <text>`, `equal` (a collection equal to the literal),
// `other` (present, not equal).
std::string run_path(const runtime::program& p, const conformance_case& c, bool literals,
                     int path) {
  runtime::json::document doc;
  if (!doc.parse(case_json(c, literals))) return "(the case's JSON does not parse)";
  runtime::bound_case bound;
  runtime::bind_error error;
  if (!runtime::bind_json(p, doc.root(), bound, error))
    return "(the case does not bind: " + error.path + ": " + error.message + ")";
  runtime::evaluation_options options;
  options.now =
      runtime::value::datetime(1718020800, 0);  // 2024-06-10T12:00:00Z, unless the case says
  options.explain = path == 2;
  if (path == 1) options.params = {runtime::value::integer(0)};  // given: the general program
  runtime::evaluation e;
  runtime::evaluate(p, bound, options, e);
  if (c.rules) return decided(p, e);
  const runtime::decision_result& d = e.decisions[0];
  const std::string& outcome = p.decisions[0].outcomes[d.outcome].name;
  if (outcome == "missing") return "absent";
  if (outcome == "other") return "other";
  if (c.literal) return "equal";
  return "shown " +
         (d.messages.empty() ? std::string() : std::string(e.message_text(d.messages[0])));
}

const char* const path_names[] = {"jumping code, specialised program",
                                  "jumping code, general program", "tree evaluator (explained)"};

void run_case(const conformance_case& c) {
  INFO(c.where << ": " << c.expr);
  bool literal_path = true;
  for (const given& g : c.inputs) {
    // (An empty collection has no literal of its type: `[]` and `{}` have no element type.)
    if (g.optional() || !g.value || g.value.IsNull() || !to_literal(g.value, g.base_type()) ||
        (is_collection(g.base_type()) && g.value.size() == 0))
      literal_path = false;
  }
  const std::string expected = c.error     ? std::string()
                               : c.decided ? *c.decided
                               : c.absent  ? "absent"
                               : c.literal ? "equal"
                                           : "shown " + *c.value;
  for (const bool literals : {false, true}) {
    if (literals && !literal_path) continue;
    const std::string text = policy_text(c, literals);
    INFO("inputs " << (literals ? "written as literals" : "read from the case") << ", policy:\n"
                   << text);
    const lang::memory_files files({{"policy.clause", text}});
    const lang::load_result loaded = lang::load_bundle(files);
    if (c.error) {
      bool found = false;
      for (const lang::diagnostic& d : loaded.diags.items())
        found = found || lang::code_id(d.id) == *c.error;
      INFO(lang::render(loaded.diags, *loaded.sources));
      CHECK(found);
      continue;
    }
    INFO(lang::render(loaded.diags, *loaded.sources));
    REQUIRE(loaded.bundle);
    if (c.type && !c.rules) {
      const lang::checked_bundle& b = *loaded.bundle;
      const auto let = std::find_if(b.lets.begin(), b.lets.end(),
                                    [](const lang::let_info& l) { return l.name == "v"; });
      REQUIRE(let != b.lets.end());
      CHECK(b.types.name(let->type) == *c.type);
    }
    const auto program = runtime::compile(loaded.bundle);
    for (int path = 0; path < 3; ++path) {
      INFO("path: " << path_names[path]);
      CHECK(run_path(*program, c, literals, path) == expected);
    }
  }
}

std::string scalar(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

std::vector<conformance_case> read_file(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    FAIL(file.string() << ":" << e.mark.line + 1 << ":" << e.mark.column + 1 << ": " << e.msg);
  }
  const std::string preamble = scalar(root["preamble"]);
  std::vector<conformance_case> cases;
  for (const YAML::Node& n : root["cases"]) {
    conformance_case c;
    c.where = file.filename().string() + ":" + std::to_string(n.Mark().line + 1);
    c.expr = scalar(n["expr"]);
    c.declarations = preamble + "\n" + scalar(n["declarations"]);
    if (n["now"]) c.now = scalar(n["now"]);
    if (n["message"]) c.message = scalar(n["message"]);
    if (n["locale"]) c.locale = scalar(n["locale"]);
    for (const auto& g : n["given"]) {
      const YAML::Node typed = g.second;
      if (!typed.IsMap() || typed.size() != 1)
        FAIL(c.where << ": `given` " << g.first.Scalar() << " is {TYPE: value}");
      const auto entry = typed.begin();
      c.inputs.push_back({g.first.Scalar(), entry->first.Scalar(), entry->second});
    }
    if (n["error"]) c.error = scalar(n["error"]);
    if (n["absent"]) c.absent = n["absent"].as<bool>();
    if (n["type"]) c.type = scalar(n["type"]);
    if (n["value"]) {
      c.value = scalar(n["value"]);
      if (c.type && is_collection(*c.type)) c.literal = c.value;
    }
    if (n["equals"]) c.literal = scalar(n["equals"]);
    if (n["rules"]) c.rules = scalar(n["rules"]);
    if (n["decided"]) c.decided = scalar(n["decided"]);
    if (c.rules && !c.error && !c.decided)
      FAIL(c.where << ": a case with `rules` says what its first decision gives: `decided`");
    if (c.rules) {
      cases.push_back(std::move(c));
      continue;
    }
    if (!c.error && !c.absent && !c.value && !c.literal)
      FAIL(c.where << ": a case says what it expects: `value`, `equals`, `absent` or `error`");
    if (!c.error && !c.type) FAIL(c.where << ": a case that evaluates says its `type`");
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<std::filesystem::path> conformance_files() {
  if (const char* one = std::getenv("CLAUSE_CONFORMANCE"); one && *one) return {one};
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(CLAUSE_SOURCE_DIR "/tests/conformance")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("conformance: every case, every way the engine evaluates") {
  std::size_t total = 0;
  for (const auto& file : conformance_files()) {
    for (const conformance_case& c : read_file(file)) {
      run_case(c);
      ++total;
    }
  }
  if (!std::getenv("CLAUSE_CONFORMANCE")) CHECK(total >= 600);
}

// lang/README.md's examples: each row of the table under "### Examples" is `EXPRESSION` and the
// `VALUE` it has (a literal, compared with `==`), or `absent`.
TEST_CASE("conformance: the reference's examples") {
  std::ifstream in(CLAUSE_SOURCE_DIR "/lang/README.md");
  std::string line;
  bool inside = false;
  std::size_t number = 0, examples = 0;
  const std::regex row(R"(^\| `(.+)` \| `(.+)` \|)");
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("#")) inside = line == "### Examples";
    std::smatch m;
    if (!inside || !std::regex_search(line, m, row)) continue;
    conformance_case c;
    c.where = "lang/README.md:" + std::to_string(number);
    c.expr = m[1].str();
    std::string v = m[2].str();
    // A table cell escapes `|` as `\|`.
    for (std::size_t at; (at = c.expr.find("\\|")) != std::string::npos;)
      c.expr.erase(at, 1);
    if (v == "absent") {
      c.absent = true;
    } else {
      c.literal = v;
    }
    c.now = "2024-06-10T12:00:00Z";
    c.declarations =
        "enum Tier { Registered, Silver, Gold }\n"
        "table tierRank: map<Tier, int> = { Registered: 0, Silver: 1, Gold: 2 }\n";
    run_case(c);
    ++examples;
  }
  CHECK(examples >= 30);
}
