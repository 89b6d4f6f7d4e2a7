#include <catch2/catch.hpp>

#include "lang/location.hpp"
#include "runtime/input/json.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

// Counts heap allocations while `counting` is set, to show that a warmed-up document parses
// without allocating. Catch2 allocates too: only the calls under test are counted. Every form a
// sanitizer runtime would otherwise replace is defined, so that new and delete always pair up.
namespace {
std::size_t allocations = 0;
bool counting = false;

void* allocate(std::size_t size) {
  if (counting) ++allocations;
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (counting) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  if (counting) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete[](void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::size_t) noexcept {
  std::free(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
  std::free(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
  std::free(block);
}

using namespace clause::runtime::json;
using namespace std::string_literals;

namespace {

const std::string case_document =
    R"({"id":"c17","now":"2024-06-10T12:00:00Z","partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},)"
    R"("actor":{"roles":["AdminAgent"],"channel":"UI"},"customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34","country":"SE",)"
    R"("isNew":true,"agreements":[{"primaryContact":{"firstName":"Ingrid","lastName":"Nakamura","email":"ingrid@contoso.example"},)"
    R"("templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","dateAgreed":"2021-03-02T00:00:00","type":"MicrosoftCustomerAgreement",)"
    R"("partnerTenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23"}]},"agreement":{"primaryContact":{"firstName":"Ingrid",)"
    R"("lastName":"Nakamura","email":"ingrid@contoso.example"},"templateId":"117a77b0-9360-443b-8795-c6dedc750cf9",)"
    R"("type":"MicrosoftCustomerAgreement","dateAgreed":"2024-06-09"}})";

std::string repeated(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i)
    text += piece;
  return text;
}

std::string nested_arrays(std::size_t depth) {
  return repeated("[", depth) + repeated("]", depth);
}

std::string nested_objects(std::size_t depth) {
  return repeated(R"({"a":)", depth) + "1" + repeated("}", depth);
}

std::string quoted(std::string_view text) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string result = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      result += '\\';
      result += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      result += "\\u00";
      result += hex_digits[c >> 4];
      result += hex_digits[c & 0xF];
    } else {
      result += c;
    }
  }
  return result + "\"";
}

// A canonical rendering of a value, to compare trees as text.
std::string dump(const value& v) {
  switch (v.kind()) {
    case kind::null:
      return "null";
    case kind::boolean:
      return v.as_bool() ? "true" : "false";
    case kind::number:
      return std::string(v.text());
    case kind::string:
      return quoted(v.text());
    case kind::array: {
      std::string text = "[";
      for (const value& element : v.elements())
        text += (text.size() > 1 ? "," : "") + dump(element);
      return text + "]";
    }
    case kind::object: {
      std::string text = "{";
      for (const member& m : v.members())
        text += (text.size() > 1 ? "," : "") + quoted(m.key) + ":" + dump(m.value);
      return text + "}";
    }
  }
  return "?";
}

}  // namespace

TEST_CASE("json: valid documents are accepted") {
  const std::vector<std::pair<std::string, kind>> valid = {
      {"null", kind::null},
      {"true", kind::boolean},
      {"false", kind::boolean},
      {"0", kind::number},
      {"-0", kind::number},
      {"-0.0", kind::number},
      {"0e0", kind::number},
      {"0E+1", kind::number},
      {"1e-1", kind::number},
      {"123.456e789", kind::number},
      {"[1e400]", kind::array},
      {"[-1e-400]", kind::array},
      {"123456789012345678901234567890", kind::number},
      {R"("")", kind::string},
      {R"("x")", kind::string},
      {"[]", kind::array},
      {"{}", kind::object},
      {" [ ] ", kind::array},
      {"\t\n\r{}\n", kind::object},
      {"[[]]", kind::array},
      {"[{}]", kind::array},
      {R"({"":0})", kind::object},
      {R"({"a":{"b":{"c":[1,2,{"d":null}]}}})", kind::object},
      {R"("\u0000")", kind::string},
      {R"("\"\\\/\b\f\n\r\t")", kind::string},
      {R"("\ud800\udc00")", kind::string},
      {R"("\uD834\uDD1E")", kind::string},
      {R"("\uFFFF")", kind::string},
      {"\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"", kind::string},  // é€😀
      {"\"\x7F\"", kind::string},  // DEL is not a control character for JSON
      {"[1, 2 ,3 , {\"a\" : [ true , false , null ] } ]", kind::array},
      {case_document, kind::object},
  };
  document doc;
  for (const auto& [text, expected_kind] : valid) {
    INFO(text);
    CHECK(doc.parse(text));
    CHECK(doc.error().message.empty());
    CHECK(doc.root().kind() == expected_kind);
    CHECK(doc.parse_prefix(text) == text.size());
  }
}

TEST_CASE("json: invalid documents are rejected with a message at an offset") {
  struct rejected {
    std::string text;
    std::size_t offset;
    std::string message;
  };
  const std::vector<rejected> invalid = {
      // Trailing commas, missing and extra pieces.
      {"[1,]", 3, "expected a value after `,`, found `]`"},
      {R"({"a":1,})", 7, "expected a member name after `,`, found `}`"},
      {"[1,,2]", 3, "expected a value after `,`, found `,`"},
      {"{,}", 1, "expected a member name or `}`, found `,`"},
      {"{1:2}", 1, "expected a member name or `}`, found `1`"},
      {R"({"a" 1})", 5, "expected `:` after a member name, found `1`"},
      {R"({"a":})", 5, "expected a value after `:`, found `}`"},
      {R"({"a":1])", 6, "expected `,` or `}` after an object member, found `]`"},
      {R"({"a":1 "b":2})", 7, "expected `,` or `}` after an object member, found `\"`"},
      {"[1}", 2, "expected `,` or `]` after an array element, found `}`"},
      {"[1 2]", 3, "expected `,` or `]` after an array element, found `2`"},
      {R"({"a":[})", 6, "expected a value or `]`, found `}`"},
      {"[1,2", 4, "expected `,` or `]` after an array element, found end of input"},
      {R"({"a":1)", 6, "expected `,` or `}` after an object member, found end of input"},
      {"[", 1, "expected a value or `]`, found end of input"},
      {"{", 1, "expected a member name or `}`, found end of input"},
      {"", 0, "expected a value, found end of input"},
      {"   ", 3, "expected a value, found end of input"},
      {"[1] x", 4, "expected end of input after the value, found `x`"},
      {"[1]]", 3, "expected end of input after the value, found `]`"},
      {"{}{}", 2, "expected end of input after the value, found `{`"},
      {"1 2", 2, "expected end of input after the value, found `2`"},
      // Not JSON: comments, single quotes, NaN and Infinity, words.
      {"[1 /* c */]", 3, "expected `,` or `]` after an array element, found `/`"},
      {"// c\n1", 0, "expected a value, found `/`"},
      {"['a']", 1, "expected a value or `]`, found `'`"},
      {"{'a':1}", 1, "expected a member name or `}`, found `'`"},
      {"[NaN]", 1, "expected a value or `]`, found `NaN`"},
      {"[Infinity]", 1, "expected a value or `]`, found `Infinity`"},
      {"[-Infinity]", 2, "expected a digit after `-`, found `Infinity`"},
      {"[tru]", 1, "expected a value or `]`, found `tru`"},
      {"nul", 0, "expected a value, found `nul`"},
      {"tRue", 0, "expected a value, found `tRue`"},
      {"truex", 4, "expected end of input after the value, found `x`"},
      // Numbers.
      {"[01]", 1, "numbers cannot have leading zeros"},
      {"-01", 0, "numbers cannot have leading zeros"},
      {"00", 0, "numbers cannot have leading zeros"},
      {"[-]", 2, "expected a digit after `-`, found `]`"},
      {"-", 1, "expected a digit after `-`, found end of input"},
      {"[1.]", 3, "expected a digit after `.`, found `]`"},
      {"2.", 2, "expected a digit after `.`, found end of input"},
      {"[.5]", 1, "expected a value or `]`, found `.`"},
      {"[1e]", 3, "expected a digit in the exponent, found `]`"},
      {"[1e+]", 4, "expected a digit in the exponent, found `]`"},
      {"[1E-x]", 4, "expected a digit in the exponent, found `x`"},
      {"[+1]", 1, "expected a value or `]`, found `+`"},
      {"0x1F", 1, "expected end of input after the value, found `x1F`"},
      {"1.5.2", 3, "expected end of input after the value, found `.`"},
      // Strings and escapes.
      {R"("abc)", 0, "unterminated string"},
      {R"(["abc\)", 1, "unterminated string"},
      {R"("\q")", 1, "invalid escape `\\q`"},
      {R"("\x41")", 1, "invalid escape `\\x`"},
      {"\"\\\n\"", 1, "invalid escape: `\\` followed by U+000A"},
      {R"("\u12")", 5, "expected 4 hex digits after `\\u`, found `\"`"},
      {R"("\u")", 3, "expected 4 hex digits after `\\u`, found `\"`"},
      {R"("\ud83d\uZZZZ")", 9, "expected 4 hex digits after `\\u`, found `ZZZZ`"},
      {"\"a\nb\"", 2, "unescaped control character U+000A in a string"},
      {"\"a\tb\"", 2, "unescaped control character U+0009 in a string"},
      {"[\"\x1F\"]", 2, "unescaped control character U+001F in a string"},
      // Surrogates: only a high one followed by a low one.
      {R"("\ud800")", 1, "unpaired surrogate `\\ud800` in a string"},
      {R"("\udc00")", 1, "unpaired surrogate `\\udc00` in a string"},
      {R"("\uDFFF\uD800")", 1, "unpaired surrogate `\\uDFFF` in a string"},
      {R"("\ud800\u0041")", 1, "unpaired surrogate `\\ud800` in a string"},
      {R"("\ud800\ud800")", 1, "unpaired surrogate `\\ud800` in a string"},
      {R"("\ud800x")", 1, "unpaired surrogate `\\ud800` in a string"},
      {R"(["ok","x\ud83d\u00e9"])", 8, "unpaired surrogate `\\ud83d` in a string"},
      // UTF-8: overlong forms, encoded surrogates, beyond U+10FFFF, truncated, stray bytes.
      {"\"\xC0\xAF\"", 1, "invalid UTF-8 byte 0xC0"},
      {"\"\xE0\x80\xAF\"", 1, "invalid UTF-8 byte 0xE0"},
      {"\"\xED\xA0\x80\"", 1, "invalid UTF-8 byte 0xED"},
      {"\"\xF4\x90\x80\x80\"", 1, "invalid UTF-8 byte 0xF4"},
      {"\"ab\xE2\x82\"", 3, "invalid UTF-8 byte 0xE2"},
      {"\"\x80\"", 1, "invalid UTF-8 byte 0x80"},
      {"\"0123456789\xFF\"", 11, "invalid UTF-8 byte 0xFF"},
      {"\"\xF8\x88\x80\x80\x80\"", 1, "invalid UTF-8 byte 0xF8"},
      {"\"\xE2\x82", 1, "invalid UTF-8 byte 0xE2"},
      // Outside strings every byte must be ASCII JSON.
      {"[\xC3\xA9]", 1, "expected a value or `]`, found `\xC3\xA9` (U+00E9)"},
      {"\xEF\xBB\xBF{}", 0, "expected a value, found `\xEF\xBB\xBF` (U+FEFF)"},
      {"[1,\xC2\xA0"
       "2]",
       3, "expected a value after `,`, found `\xC2\xA0` (U+00A0)"},
      {"\xFF", 0, "expected a value, found invalid UTF-8 byte 0xFF"},
      {"[\x01]", 1, "expected a value or `]`, found U+0001"},
      {"\0"s, 0, "expected a value, found U+0000"},
      {"[1]\0"s, 3, "expected end of input after the value, found U+0000"},
  };
  document doc;
  for (const auto& [text, offset, message] : invalid) {
    INFO(text);
    CHECK_FALSE(doc.parse(text));
    CHECK(doc.error().message == message);
    CHECK(doc.error().offset == offset);
    CHECK(doc.root().kind() == kind::null);
  }
}

TEST_CASE("json: strings are unescaped into text that may hold NUL bytes") {
  const std::vector<std::pair<std::string, std::string>> strings = {
      {R"("plain")", "plain"},
      {R"("")", ""},
      {R"("a\"b\\c\/d\be\ff\ng\rh\ti")", "a\"b\\c/d\be\ff\ng\rh\ti"},
      {R"("\u0041\u00e9\u20AC")", "A\xC3\xA9\xE2\x82\xAC"},
      {R"("\u0000")", "\0"s},
      {R"("a\u0000b")", "a\0b"s},
      {R"("\ud800\udc00")", "\xF0\x90\x80\x80"},    // U+10000
      {R"("\uD834\uDD1E")", "\xF0\x9D\x84\x9E"},    // U+1D11E
      {R"("\ud83d\ude00!")", "\xF0\x9F\x98\x80!"},  // U+1F600
      {R"("\udbff\udfff")", "\xF4\x8F\xBF\xBF"},    // U+10FFFF
      {"\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
  };
  document doc;
  for (const auto& [text, unescaped] : strings) {
    INFO(text);
    REQUIRE(doc.parse(text));
    CHECK(doc.root().kind() == kind::string);
    CHECK(doc.root().text() == unescaped);
  }
}

TEST_CASE("json: escapes and non-ASCII at every position of short and long strings") {
  // Exercises the 8-bytes-at-a-time copy around its boundaries and at the very end of the input.
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\\n", "\n"},
      {"\\u00e9", "\xC3\xA9"},
      {"\xC3\xA9", "\xC3\xA9"},
      {"\\\"", "\""},
      {"\\ud83d\\ude00", "\xF0\x9F\x98\x80"}};
  document doc;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const auto& [source, unescaped] : specials) {
        const std::string before(at, 'a');
        const std::string after(length - at, 'b');
        const std::string text = "\"" + before + source + after + "\"";
        INFO(text);
        REQUIRE(doc.parse(text));
        CHECK(doc.root().text() == before + unescaped + after);
        REQUIRE(doc.parse("[" + text + "," + text + "]"));
        CHECK(doc.root()[1].text() == before + unescaped + after);
      }
    }
    const std::string plain(length, 'x');
    REQUIRE(doc.parse("\"" + plain + "\""));
    CHECK(doc.root().text() == plain);
    CHECK_FALSE(doc.parse("\"" + plain));
    CHECK(doc.error().message == "unterminated string");
    CHECK_FALSE(doc.parse("\"" + plain + "\n\""));
    CHECK(doc.error().offset == length + 1);
  }
}

TEST_CASE("json: numbers keep their text and convert to int64 or double") {
  struct number_case {
    std::string text;
    bool integer;
    std::int64_t as_int;
    double as_double;
  };
  constexpr auto int_max = std::numeric_limits<std::int64_t>::max();
  constexpr auto int_min = std::numeric_limits<std::int64_t>::min();
  constexpr auto infinity = std::numeric_limits<double>::infinity();
  const std::vector<number_case> numbers = {
      {"0", true, 0, 0.0},
      {"-0", true, 0, -0.0},
      {"42", true, 42, 42.0},
      {"-42", true, -42, -42.0},
      {"999999999999999999", true, 999999999999999999, 1e18},
      {"9223372036854775807", true, int_max, 9223372036854775807.0},
      {"-9223372036854775808", true, int_min, -9223372036854775808.0},
      {"9223372036854775808", false, 0, 9223372036854775808.0},
      {"-9223372036854775809", false, 0, -9223372036854775809.0},
      {"12345678901234567890123", false, 0, 1.2345678901234568e22},
      {"1.0", false, 0, 1.0},
      {"1e2", false, 0, 100.0},
      {"1E+2", false, 0, 100.0},
      {"-1.5e-3", false, 0, -0.0015},
      {"0.1", false, 0, 0.1},
      {"1.7976931348623157e308", false, 0, 1.7976931348623157e308},
      {"5e-324", false, 0, 5e-324},
      {"1e400", false, 0, infinity},
      {"-1e400", false, 0, -infinity},
      {"123.456e789", false, 0, infinity},
      {"1e-400", false, 0, 0.0},
      {"-1000e-330", false, 0, -0.0},
      {"0.0000001e-400", false, 0, 0.0},
      {"1" + std::string(30, '0') + "e-30", false, 0, 1.0},
  };
  document doc;
  for (const auto& [text, integer, as_int, as_double] : numbers) {
    INFO(text);
    REQUIRE(doc.parse(" " + text + " "));
    const value& number = doc.root();
    CHECK(number.kind() == kind::number);
    CHECK(number.text() == text);
    CHECK(number.offset() == 1);
    CHECK(number.is_integer() == integer);
    CHECK(number.as_int() == as_int);
    CHECK(number.as_double() == as_double);
    CHECK(std::signbit(number.as_double()) == std::signbit(as_double));
  }
}

TEST_CASE("json: accessors of the wrong kind give empty answers") {
  document doc;
  REQUIRE(doc.parse(R"([true, "s", {"k": 1}, 2.5])"));
  const value& array = doc.root();
  CHECK(array.size() == 4);
  CHECK(array[0].as_bool());
  CHECK(array[0].text().empty());
  CHECK(array[1].as_bool() == false);
  CHECK(array[1].size() == 0);
  CHECK(array[1].as_double() == 0.0);
  CHECK(array[1].find("k") == nullptr);
  CHECK(array[2][0].kind() == kind::null);
  CHECK(array[2].elements().empty());
  CHECK(array[3].as_int() == 0);
  CHECK(array[3].as_double() == 2.5);
  CHECK(array[4].kind() == kind::null);  // out of range
  CHECK(array.find("k") == nullptr);
  CHECK(array.members().empty());
  CHECK(value().kind() == kind::null);
}

TEST_CASE("json: objects find the last duplicate and iterate in document order") {
  document doc;
  REQUIRE(doc.parse(R"({"b": 1, "a": 2, "c": 3, "a": 4, "\u0061\u0000": 5, "": 6})"));
  const value& object = doc.root();
  CHECK(object.size() == 6);
  REQUIRE(object.find("a") != nullptr);
  CHECK(object.find("a")->as_int() == 4);
  CHECK(object.find("b")->as_int() == 1);
  CHECK(object.find("a\0"s)->as_int() == 5);
  CHECK(object.find("")->as_int() == 6);
  CHECK(object.find("d") == nullptr);
  CHECK(object.find("A") == nullptr);

  std::vector<std::string> keys;
  std::vector<std::int64_t> values;
  for (const member& m : object.members()) {
    keys.emplace_back(m.key);
    values.push_back(m.value.as_int());
  }
  CHECK(keys == std::vector<std::string>{"b", "a", "c", "a", "a\0"s, ""});
  CHECK(values == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6});

  REQUIRE(doc.parse("{}"));
  CHECK(doc.root().members().begin() == doc.root().members().end());
  CHECK(doc.root().find("") == nullptr);
}

TEST_CASE("json: values and errors know their offsets, which lang::locate places") {
  const std::string text = R"({"a": [1, "x", true], "b": null})";
  document doc;
  REQUIRE(doc.parse(text));
  const value& root = doc.root();
  CHECK(root.offset() == 0);
  const value& a = *root.find("a");
  CHECK(a.offset() == text.find('['));
  CHECK(a[0].offset() == text.find('1'));
  CHECK(a[1].offset() == text.find("\"x\""));
  CHECK(a[2].offset() == text.find("true"));
  CHECK(root.find("b")->offset() == text.find("null"));
  std::vector<std::size_t> key_offsets;
  for (const member& m : root.members())
    key_offsets.push_back(m.key_offset);
  CHECK(key_offsets == std::vector<std::size_t>{1, text.find("\"b\"")});

  const std::string broken = "{\n  \"\xC3\xA9\": 1x}";
  REQUIRE_FALSE(doc.parse(broken));
  CHECK(doc.error().offset == broken.find('x'));
  const clause::lang::line_column at = clause::lang::locate(broken, doc.error().offset);
  CHECK(at.line == 2);
  CHECK(at.column == 9);  // é counts once
}

TEST_CASE("json: nesting is limited to 128 levels without recursion") {
  document doc;
  REQUIRE(doc.parse(nested_arrays(max_depth)));
  const value* innermost = &doc.root();
  for (std::size_t depth = 1; depth < max_depth; ++depth) {
    REQUIRE(innermost->size() == 1);
    innermost = &(*innermost)[0];
  }
  CHECK(innermost->kind() == kind::array);
  CHECK(innermost->size() == 0);
  CHECK(innermost->offset() == max_depth - 1);

  CHECK_FALSE(doc.parse(nested_arrays(max_depth + 1)));
  CHECK(doc.error().message == "nesting deeper than 128 levels");
  CHECK(doc.error().offset == max_depth);

  REQUIRE(doc.parse(nested_objects(max_depth)));
  CHECK_FALSE(doc.parse(nested_objects(max_depth + 1)));
  CHECK(doc.error().offset == 5 * max_depth);

  CHECK_FALSE(doc.parse(repeated("[", 100000)));
  CHECK(doc.error().message == "nesting deeper than 128 levels");
  CHECK_FALSE(doc.parse(nested_arrays(100000)));
  CHECK_FALSE(doc.parse(repeated("{\"a\":[", 50000)));
  CHECK(doc.error().offset == 64 * 6);                      // two levels per `{"a":[`
  REQUIRE(doc.parse("[" + repeated("1,", 100000) + "1]"));  // wide is fine
  CHECK(doc.root().size() == 100001);
}

TEST_CASE("json: one document is reused; its views outlive the input, not the next parse") {
  document doc;
  std::vector<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string input = R"({"id": "case-)" + std::to_string(i) + R"(", "list": [)" +
                        repeated("\"\\u00e9x\",", static_cast<std::size_t>(i % 37)) + "0]}";
    REQUIRE(doc.parse(input));
    const std::string_view id = doc.root().find("id")->text();
    input.assign(input.size(), '#');  // the views point into the document, not the input
    CHECK(id == "case-" + std::to_string(i));
    CHECK(doc.root().find("list")->size() == static_cast<std::size_t>(i % 37 + 1));
    CHECK(doc.root().find("list")->elements().front().text() == (i % 37 == 0 ? "0" : "\xC3\xA9x"));
    if (i % 100 == 0) {
      CHECK_FALSE(doc.parse("[1,"));
      CHECK(doc.root().kind() == kind::null);
      CHECK_FALSE(doc.error().message.empty());
    }
  }
  REQUIRE(doc.parse(case_document));
  CHECK(doc.error().message.empty());
  const std::string_view email =
      doc.root().find("agreement")->find("primaryContact")->find("email")->text();
  document moved = std::move(doc);  // a move keeps the blocks the views point into
  CHECK(email == "ingrid@contoso.example");
  CHECK(moved.root().find("customer")->find("isNew")->as_bool());
  CHECK(dump(moved.root()) == case_document);
}

TEST_CASE("json: a warmed-up document parses without allocating") {
  {
    counting = true;
    allocations = 0;
    auto* probe = new int(1);
    counting = false;
    delete probe;
    REQUIRE(allocations == 1);  // the counter works
  }
  // The same shape with other text of the same size, as consecutive cases are.
  std::string other = case_document;
  for (char& c : other) {
    if ((c >= 'A' && c <= 'Y') || (c >= '0' && c <= '8')) ++c;
  }
  document doc;
  for (int i = 0; i < 3; ++i)
    REQUIRE(doc.parse(case_document));

  counting = true;
  allocations = 0;
  const bool first = doc.parse(case_document);
  const bool second = doc.parse(other);
  const value* agreement = doc.root().find("agreement");
  std::size_t members = 0;
  for (const member& m : doc.root().members())
    members += m.key.empty() ? 0 : 1;
  const bool third = doc.parse(case_document);
  counting = false;

  CHECK(first);
  CHECK(second);
  CHECK(third);
  CHECK(agreement != nullptr);
  CHECK(members == 6);
  CHECK(allocations == 0);

  // NDJSON through parse_prefix, after one warm-up pass.
  const std::string stream = repeated(case_document + "\n", 20);
  for (int pass = 0; pass < 2; ++pass) {
    counting = pass == 1;
    allocations = 0;
    std::size_t at = 0;
    std::size_t documents = 0;
    while (at < stream.size()) {
      const std::size_t used = doc.parse_prefix(std::string_view(stream).substr(at));
      if (used == 0) break;
      at += used;
      ++documents;
    }
    counting = false;
    CHECK(documents == 20);
    CHECK(allocations == 0);
  }
}

TEST_CASE("json: parse_prefix splits NDJSON and concatenated values") {
  const std::string stream = "{\"n\":1}\n{\"n\":2}\r\n\n[3] 4 \"five\"{\"n\":6}true null";
  document doc;
  std::vector<std::string> values;
  std::size_t at = 0;
  while (at < stream.size()) {
    const std::size_t used = doc.parse_prefix(std::string_view(stream).substr(at));
    REQUIRE(used > 0);
    values.push_back(dump(doc.root()));
    at += used;
  }
  CHECK(values == std::vector<std::string>{R"({"n":1})", R"({"n":2})", "[3]", "4", R"("five")",
                                           R"({"n":6})", "true", "null"});

  const std::string broken = "{\"n\":1}\n{\"n\":}\n";
  const std::size_t used = doc.parse_prefix(broken);
  CHECK(used == 8);
  CHECK(doc.parse_prefix(std::string_view(broken).substr(used)) == 0);
  CHECK(doc.error().message == "expected a value after `:`, found `}`");
  CHECK(used + doc.error().offset == broken.rfind('}'));
  CHECK(doc.parse_prefix("  \n") == 0);
  CHECK(doc.error().message == "expected a value, found end of input");
}

TEST_CASE("json: parse_prefix grows its text buffer on demand") {
  // Long strings and a number after them force the buffer to grow mid-parse, re-pointing the
  // records made before; a fresh document starts far smaller than these.
  const std::string long_plain(10000, 'p');
  const std::string long_escaped = repeated("\\u00e9\\n", 3000);
  const std::string first = "[\"" + long_plain + "\", {\"k\": \"" + long_escaped +
                            "\"}, -12.5e3, \"" + long_plain + long_plain + "\"]";
  const std::string stream = first + "  " + first;
  document doc;
  const std::size_t used = doc.parse_prefix(stream);
  REQUIRE(used == first.size() + 2);
  const value& root = doc.root();
  CHECK(root[0].text() == long_plain);
  CHECK(root[1].find("k")->text() == repeated("\xC3\xA9\n", 3000));
  CHECK(root[2].text() == "-12.5e3");
  CHECK(root[2].as_double() == -12500.0);
  CHECK(root[3].text() == long_plain + long_plain);
}

TEST_CASE("json: every truncation of a document is rejected") {
  document doc;
  for (std::size_t length = 0; length < case_document.size(); ++length) {
    const std::string_view prefix = std::string_view(case_document).substr(0, length);
    INFO(prefix);
    CHECK_FALSE(doc.parse(prefix));
    CHECK(doc.error().offset <= length);
    CHECK(doc.parse_prefix(prefix) == 0);
  }
  CHECK(doc.parse(case_document));
}

TEST_CASE("json: mutated documents parse or fail cleanly, and accepted ones round-trip") {
  // Sanitizer builds make this a check for out-of-bounds reads and writes too.
  std::mt19937 random(20240610);
  const std::string alphabet = "{}[]\",:\\/ 0123456789.eE+-tfnul\n\x01\x7F\xC3\xA9\xED\xF0\xFF";
  document doc;
  document again;
  std::size_t accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = case_document;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    if (!doc.parse(text)) {
      CHECK(doc.error().offset <= text.size());
      CHECK_FALSE(doc.error().message.empty());
      continue;
    }
    ++accepted;
    const std::string canonical = dump(doc.root());
    INFO(text);
    REQUIRE(again.parse(canonical));
    CHECK(dump(again.root()) == canonical);
  }
  CHECK(accepted > 100);
}
