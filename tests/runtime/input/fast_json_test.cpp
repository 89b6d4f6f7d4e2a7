// The two paths of a JSON case (runtime/input/fast_json.hpp): simdjson's, and the reference one
// (json::document, which places syntax errors and keeps numbers' texts). On any text both give
// the same record, byte for byte; the fast path takes the cases it can, bound or refused, and
// leaves the rest to the reference path.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runtime/api/case_runner.hpp"
#include "runtime/input/fast_json.hpp"
#include "runtime/output/record.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

const std::string policy = R"(policy t version "1"
enum Kind { A, B }
record Item { kind: Kind, note?: string }
input {
  name?: string
  amount?: int
  flag?: bool
  day?: date
  owner?: { team: string }
  items: list<Item> = []
  kinds?: set<Kind>
}
decision d
  outcomes allow | deny
  combine collect
  default allow
rule r -> d
  when (name ?? "") == "x" or (amount ?? 0) > 10
  deny X "amount {amount ?? 0}"
)";

struct both_paths {
  explicit both_paths(const std::string& text = policy) : program(test::compile_text(text)) {}

  std::shared_ptr<const runtime::program> program;
  runtime::evaluation_options options;
  runtime::case_runner fast{program, options, runtime::json_path::fast};
  runtime::case_runner reference{program, options, runtime::json_path::reference};

  // The record of `text` on each path; fails the test when they differ. Returns whether the fast
  // path took the case (bound it, or worded why it does not fit).
  bool same_record(const std::string& text) {
    std::string a, b;
    const bool ok_fast = fast.run_json_text(text, {"t.ndjson", 3, 7});
    runtime::write_record(a, fast.last_record(), record_format::json);
    const bool taken = fast.last_fast();
    const bool ok_reference = reference.run_json_text(text, {"t.ndjson", 3, 7});
    runtime::write_record(b, reference.last_record(), record_format::json);
    INFO("text: " << text);
    CHECK(ok_fast == ok_reference);
    CHECK(a == b);
    CHECK_FALSE(reference.last_fast());
    // Parsed in place, with the parser's padding readable after the text: the same again.
    std::string padded = text, c;
    padded.reserve(text.size() + runtime::fast_json::padding);
    fast.run_json_text(padded, {"t.ndjson", 3, 7}, padded.capacity() - padded.size());
    runtime::write_record(c, fast.last_record(), record_format::json);
    CHECK(c == a);
    CHECK(fast.last_fast() == taken);
    return taken;
  }
};

std::string nested(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("fast json: cases that parse and bind are decided on the fast path, alike", "[json]") {
  both_paths f;
  for (const std::string text : {
           R"({})",
           R"({"name": "x"})",
           R"({"id": "c-1", "name": "Zoë 中文", "amount": 11, "flag": true, "day": "2024-02-29"})",
           R"({"owner": {"team": "a"}, "items": [{"kind": "A"}, {"kind": "B", "note": null}]})",
           R"({"kinds": ["B", "A", "B"], "amount": -0, "name": null})",
           R"(  {"name":"\u0078"}  )",
           "{\"name\":\"tab\\tand\\u0000nul\"}\r\n",
           R"({"unknown": [1.5, 1e400, 18446744073709551615, {"deep": [[[]]]}], "amount": 3})",
           R"({"\u0069d": "escaped-key", "amount": 9223372036854775807})",
           R"({"amount": -9223372036854775808})",
           R"({"name": "\ud83d\ude00 \uffff"})",
           R"({"params": {}, "locale": " fr-FR ", "now": "2024-06-10T12:00:00Z"})",
       }) {
    // `1e400` is not a double simdjson holds: that one is the reference path's.
    const bool fast = f.same_record(text);
    CHECK(fast == (text.find("1e400") == std::string::npos));
  }
  CHECK(f.same_record("{\"x\":" + nested(127) + "}"));
}

TEST_CASE("fast json: what does not parse is the reference path's, alike", "[json]") {
  both_paths f;
  for (const std::string& text : {
           std::string(""),
           std::string("   "),
           std::string("{\"amount\": 18446744073709551616}"),
           std::string("{\"amount\": 01}"),
           std::string("{\"amount\": -}"),
           std::string("{\"amount\": 1,}"),
           std::string("{\"amount\": 1} x"),
           std::string("{\"amount\": 1}{}"),
           std::string("{\"name\": \"\\ud800\"}"),
           std::string("{\"name\": \"\\udc00\"}"),
           std::string("{\"name\": \"\\x\"}"),
           std::string("{\"name\": \"a\tb\"}"),
           std::string("{\"name\": \"\xff\"}"),
           std::string("{\"name\": \"\xed\xa0\x80\"}"),
           std::string("{\"\xc0\x80\": 1}"),
           std::string("\xef\xbb\xbf{}"),
           std::string("{}\x0b"),
           std::string("{\"a\": 1}\0", 9),
           std::string("{\"name\": tru}"),
           std::string("{\"name\": [1, 2"),
       }) {
    CHECK_FALSE(f.same_record(text));
  }
  CHECK_FALSE(f.same_record("{\"x\":" + nested(128) + "}"));
  CHECK_FALSE(f.same_record(nested(129)));
}

TEST_CASE("fast json: what parses but does not fit is refused on the fast path, alike", "[json]") {
  both_paths f;
  for (const std::string& text : {
           std::string("[]"),
           std::string("\"a case\""),
           std::string("{\"name\": \"a\", \"name\": \"b\"}"),
           std::string("{\"owner\": {\"team\": \"a\", \"t\\u0065am\": \"b\"}}"),
           std::string("{\"amount\": 9223372036854775808}"),
           std::string("{\"items\": [{\"kind\": \"C\"}]}"),
           std::string("{\"items\": [null]}"),
           std::string("{\"owner\": {}}"),
           std::string("{\"day\": \"2023-02-29\"}"),
           std::string("{\"kinds\": \"A\"}"),
           std::string("{\"flag\": 1}"),
           std::string("{\"flag\": -12}"),
           std::string("{\"flag\": false, \"name\": true}"),
           std::string("{\"id\": 7}"),
           std::string("{\"id\": null, \"locale\": []}"),
           std::string("{\"params\": []}"),
           std::string("{\"flag\": \"tab\\tand \\\"quotes\\\" \\u00e9\\u0000\"}"),
       }) {
    CHECK(f.same_record(text));
    CHECK_FALSE(f.fast.last_ok());
  }
}

TEST_CASE(
    "fast json: a failure that names a number simdjson holds as a double, or a zero, is the "
    "reference path's",
    "[json]") {
  // The message names the number as written; simdjson keeps its value only (`-0` reads as 0, an
  // integer below std::int64_t as a double).
  both_paths f;
  for (const std::string& text : {
           std::string("{\"amount\": 1.0}"),
           std::string("{\"amount\": 1e2}"),
           std::string("{\"amount\": -9223372036854775809}"),
           std::string("{\"name\": -0}"),
           std::string("{\"name\": 0}"),
           std::string("{\"items\": [{\"kind\": 2.50}]}"),
           std::string("{\"id\": 1E+2, \"amount\": 3}"),
       }) {
    CHECK_FALSE(f.same_record(text));
    CHECK_FALSE(f.fast.last_ok());
  }
  // A number the failure does not name does not matter.
  CHECK(f.same_record("{\"unknown\": 1.5, \"amount\": \"x\"}"));
}

TEST_CASE("fast json: many members of no field are bound in the fields' order", "[json]") {
  both_paths f;
  auto with_unknown = [](int count, const std::string& repeated) {
    std::string text = R"({"amount": 12)";
    for (int i = 0; i < count; ++i)
      text += ",\"u" + std::to_string(i) + "\": " + std::to_string(i);
    return text + repeated + "}";
  };
  CHECK(f.same_record(with_unknown(16, "")));
  CHECK(f.same_record(with_unknown(17, "")));
  CHECK(f.fast.last_ok());
  CHECK(f.same_record(with_unknown(3000, "")));
  CHECK(f.fast.last_ok());
  // A key given twice among them is an error, whatever their number.
  CHECK(f.same_record(with_unknown(5, R"(, "u2": 0)")));
  CHECK_FALSE(f.fast.last_ok());
  CHECK(f.same_record(with_unknown(3000, R"(, "u2999": 0)")));
  CHECK_FALSE(f.fast.last_ok());
}

TEST_CASE("fast json: members bound in their order fail as the fields' order says", "[json]") {
  // The fast path binds members as they come and stops at the first failure; the error the
  // record gives is the first in the fields' order (the reference path's), whatever the order.
  both_paths f;
  for (const std::string& text : {
           std::string(R"({"flag": 1, "amount": "x"})"),
           std::string(R"({"kinds": "A", "items": [{"kind": "C"}], "name": 5})"),
           std::string(R"({"owner": {}, "amount": "x"})"),
           std::string(R"({"items": [{"kind": "A"}, {}], "owner": {"team": 1}})"),
           std::string(R"({"name": null, "name": "x"})"),
           std::string(R"({"owner": null, "owner": {"team": "a"}})"),
           std::string(R"({"items": [{"note": null, "kind": "A", "note": "n"}]})"),
           std::string(R"({"id": "a", "amount": 1, "id": "b"})"),
       }) {
    CHECK(f.same_record(text));
    CHECK_FALSE(f.fast.last_ok());
  }
  // Null is absent: the default applies, on both paths.
  CHECK(f.same_record(R"({"items": null, "owner": null, "name": null})"));
}

TEST_CASE("fast json: a record of more than 64 fields is bound in the fields' order, alike",
          "[json]") {
  std::string wide = "policy w version \"1\"\ninput {\n";
  for (int i = 0; i < 70; ++i)
    wide += "  f" + std::to_string(i) + (i == 69 ? ": int\n" : "?: int\n");
  wide += "}\ndecision d\n  outcomes allow | deny\n  combine first\n  default allow\n";
  wide += "rule r -> d\n  when f69 > 1\n  deny\n";
  both_paths f(wide);
  CHECK(f.same_record(R"({"f0": 1, "f69": 2})"));
  CHECK(f.fast.last_ok());
  CHECK(f.same_record(R"({"f0": 1})"));
  CHECK_FALSE(f.fast.last_ok());
  CHECK(f.same_record(R"({"f69": "x"})"));
  CHECK_FALSE(f.fast.last_ok());
}

TEST_CASE("fast json: a case after a failed one binds afresh", "[json]") {
  both_paths f;
  CHECK(f.same_record(R"({"amount": 99, "items": [{"kind": "C"}]})"));
  CHECK_FALSE(f.fast.last_ok());
  CHECK(f.same_record(R"({"name": "x"})"));
  CHECK(f.fast.last_ok());
  CHECK(f.same_record(R"({"amount": 99, "flag": "yes"})"));
  CHECK_FALSE(f.fast.last_ok());
  CHECK_FALSE(f.same_record(R"({"amount": 99, "flag": 1.0})"));
  CHECK(f.same_record(R"({"amount": 12})"));
  CHECK(f.fast.last_ok());
  // A case larger than the ones before grows the parser; a smaller one after it still binds.
  CHECK(f.same_record(R"({"name": ")" + std::string(200000, 'n') + R"("})"));
  CHECK(f.same_record(R"({"amount": 1})"));
}

TEST_CASE("fast json: an enum's value is found by its name however the key table holds it",
          "[json][bind]") {
  // Values that share a slot of the key table (same length, first and last byte), names past
  // the words a slot holds, and more values than a slot numbers (schema_type::by_key); the
  // message names the value bound, so a wrong index shows on both paths.
  std::vector<std::string> names = {
      "AxB", "AyB", "AzzB", "A__B", "Q", "LongerThanSixteenBytes1", "LongerThanSixteenBytes2"};
  for (int i = 0; i < 300; ++i)
    names.push_back("V" + std::to_string(i));
  std::string text = "policy e version \"1\"\nenum Many { ";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + names[i];
  text += " }\ninput {\n  k: Many\n}\ndecision d\n  outcomes allow | deny\n  combine collect\n";
  text += "  default allow\nrule r -> d\n  when k != Q\n  deny X \"got {k}\"\n";
  both_paths f(text);
  for (const std::string& name : names) {
    CHECK(f.same_record(R"({"k": ")" + name + "\"}"));
    REQUIRE(f.fast.last_ok());
    std::string record;
    runtime::write_record(record, f.fast.last_record(), record_format::json);
    INFO(record);
    CHECK((record.find("\"got " + name + "\"") != std::string::npos) == (name != "Q"));
  }
  for (const char* miss : {"AwB", "AxC", "LongerThanSixteenBytes3", "V300", "V", "", "v1"}) {
    CHECK(f.same_record(R"({"k": ")" + std::string(miss) + "\"}"));
    CHECK_FALSE(f.fast.last_ok());
  }
}

TEST_CASE("fast json: the envelope is bound in the root's one pass, wherever its members are",
          "[json][bind]") {
  // `id`, `now`, `locale` and `params` are noted as the root's members go by (schema_binder.hpp):
  // whatever their place among the fields, the bound case holds them as the reference path does.
  const auto program = test::compile_text(R"(policy t version "1"
param limit: int = 10
input {
  amount?: int
  note?: string
}
decision d
  outcomes allow | deny
  combine collect
  default allow
rule r -> d
  when (amount ?? 0) > params.limit
  deny
)");
  const std::int64_t noon_2024_06_10 = 1718020800;
  for (
      const std::string text : {
          R"({"id": "c-9", "now": "2024-06-10T12:00:00Z", "locale": " fr-FR ", "params": {"limit": 4}, "amount": 3})",
          R"({"amount": 3, "params": {"limit": 4}, "note": "n", "locale": "fr-FR", "now": "2024-06-10T12:00:00Z", "id": "c-9"})",
          R"({"note": "n", "locale": "fr-FR", "amount": 3, "id": "c-9", "params": {"limit": 4}, "now": "2024-06-10T12:00:00Z"})",
      }) {
    INFO(text);
    runtime::fast_json fast;
    runtime::bound_case c;
    runtime::bind_error error;
    REQUIRE(fast.bind(*program, text, c, error) == runtime::fast_json::outcome::bound);
    CHECK(c.has_id);
    CHECK(c.id == "c-9");
    CHECK(c.now.kind == runtime::value_kind::datetime);
    CHECK(c.now.number == noon_2024_06_10);
    CHECK(c.locale == "fr-FR");
    REQUIRE(c.params.size() == 1);
    CHECK(c.params[0].kind == runtime::value_kind::integer);
    CHECK(c.params[0].number == 4);
  }
  // Without them: nothing of the envelope is left from the case before.
  runtime::fast_json fast;
  runtime::bound_case c;
  runtime::bind_error error;
  REQUIRE(fast.bind(*program, R"({"id": "a", "now": "2024-06-10T12:00:00Z", "locale": "de"})", c,
                    error) == runtime::fast_json::outcome::bound);
  REQUIRE(fast.bind(*program, R"({"amount": 1})", c, error) == runtime::fast_json::outcome::bound);
  CHECK_FALSE(c.has_id);
  CHECK_FALSE(c.now.present());
  CHECK(c.locale.empty());
}
