// Codes are written between quotes without escaping (json_scalars.cpp): that holds only while no
// code a policy can hold needs escaping. Checked against the escaping writer for every code of the
// MCA policy and of policies with unusual codes, and the grammar's refusal of anything else.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "lang/bundle.hpp"
#include "lang/json_string.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/output/json_scalars.hpp"
#include "tests/runtime/policy_text.hpp"

namespace {

using namespace clause;

// The codes as append_codes writes them, and as escaping each one writes them.
void check_written_alike(const std::vector<std::string_view>& codes) {
  std::string fast, escaped = "[";
  runtime::append_codes(fast, codes);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i) escaped += ',';
    lang::append_json_string(escaped, codes[i]);
  }
  escaped += ']';
  CHECK(fast == escaped);
}

std::vector<std::string_view> codes_of(const runtime::program& p) {
  std::vector<std::string_view> codes;
  for (const auto& rule : p.rules) {
    if (!rule.code.empty()) codes.push_back(rule.code);
  }
  return codes;
}

std::string policy_with_code(const std::string& code) {
  return "policy t version \"1\"\ninput { n: int }\ndecision d\n  outcomes allow | deny\n"
         "  combine first\n  default allow\nrule r -> d\n  when n > 1\n  deny " +
         code + " \"no\"\n";
}

}  // namespace

TEST_CASE("codes: every code is written as escaping would write it") {
  const auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  REQUIRE(loaded.bundle);
  const auto mca = runtime::compile(loaded.bundle);
  const std::vector<std::string_view> codes = codes_of(*mca);
  CHECK(codes.size() > 10);
  check_written_alike(codes);
  check_written_alike({runtime::conflict_code, runtime::payload_conflict_code});
  check_written_alike({});
  for (const std::string code : {"_", "a9", "Z_z_0", "X1234567890abcdefghijklmnopqrstuvwxyz"}) {
    const auto p = test::compile_text(policy_with_code(code));
    REQUIRE(codes_of(*p).size() == 1);
    CHECK(codes_of(*p)[0] == code);
    check_written_alike(codes_of(*p));
  }
}

TEST_CASE("codes: a code with a character JSON escapes does not load") {
  for (const std::string code : {"A\"B", "A\\\\B", "A\tB", "\"AB\""}) {
    const lang::memory_files files({{"policy.clause", policy_with_code(code)}});
    const auto loaded = lang::load_bundle(files);
    INFO(code);
    if (!loaded.bundle) continue;
    // What loads took the text up to the character as the code, the rest as something else.
    for (const auto& rule : runtime::compile(loaded.bundle)->rules) {
      CHECK(rule.code.find_first_of("\"\\\t") == std::string::npos);
    }
  }
}
