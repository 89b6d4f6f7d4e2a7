// The `matches` matcher against RE2 itself: for every pattern, the DFA must give
// RE2::PartialMatch's answer on hand-picked texts and on thousands of pseudo-random ones, whichever
// way it runs (a chain, a walk through steps, table states or both).
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runtime/pattern/pattern.hpp"

namespace {

using clause::runtime::pattern;

const char* const guid_pattern =
    R"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)";
const char* const email_pattern = R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$)";

// Texts every pattern is tried on, and the seeds of the mutated ones.
const std::vector<std::string> hand_picked = {
    "",
    "\n",
    "a",
    "abc",
    "xabcx",
    "abc\n",
    "\nabc",
    "a\nb",
    "a\nc",
    "aaaa",
    "abab",
    "ab",
    "ba",
    "cd",
    "abcde",
    " \t\v\f\r\n",
    "\t",
    "\v",
    "\f",
    "x y",
    "é",
    "aé",
    "日本",
    "a日本c",
    "123",
    "2024-06-10",
    "a_b",
    "a.b",
    "a-b",
    "{,3}",
    "a{,3}",
    "b{01}",
    "]",
    "}]",
    "\\",
    "$",
    "^",
    "*+?()[]{}|",
    std::string("a\0b", 3),
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23",
    "5F2B1C9E-0A3D-4E7F-9B21-6C8D4E0F1A23",
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a2",
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a234",
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a2g",
    "5f2b1c9e0a3d-4e7f-9b21-6c8d4e0f1a23",
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23\n",
    " 5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23",
    "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1aé",
    "a@b.example",
    "first.last@mail.example.com",
    "a@b",
    "a@b.",
    "a@.b",
    "@b.c",
    "a@@b.c",
    "a b@c.d",
    "a@b.c\n",
    "a\t@b.c",
    "a@b..c",
    "é@b.c",
    "a@b.日本",
    // Around the longest chain (64 positions), in bytes and in code points.
    std::string(63, 'a'),
    std::string(64, 'a'),
    std::string(65, 'a'),
    std::string(62, 'a') + "é",
    std::string(63, 'a') + "é",
    std::string(64, 'a') + "\n",
};

// A text drawn from `chars`, up to max_length long.
std::string random_text(std::mt19937& rng, const std::string& chars, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<std::size_t> pick(0, chars.size() - 1);
  std::string s(length(rng), ' ');
  for (char& c : s)
    c = chars[pick(rng)];
  return s;
}

// A seed with a few characters replaced, inserted or erased.
std::string mutated(std::mt19937& rng, std::string s, const std::string& chars) {
  std::uniform_int_distribution<std::size_t> edits(1, 3), pick(0, chars.size() - 1);
  for (std::size_t n = edits(rng); n > 0; --n) {
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, s.size())(rng);
    switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
      case 0:
        if (at < s.size()) s[at] = chars[pick(rng)];
        break;
      case 1:
        s.insert(at, 1, chars[pick(rng)]);
        break;
      default:
        if (at < s.size()) s.erase(at, 1);
        break;
    }
  }
  return s;
}

// Every ASCII byte, and the bytes of "é" and "日" so that non-ASCII texts (valid UTF-8 or not) are
// drawn too.
std::string all_bytes() {
  std::string s;
  for (int c = 0; c < 128; ++c)
    s += static_cast<char>(c);
  return s + "é日";
}

// The characters of the pattern, and the ones a class or escape in it may stand for.
std::string alphabet_of(const std::string& regex) {
  std::string chars = regex + "0a_ -.\n\t\v\f\r";
  for (char c : regex) {
    if (c == 'd' || c == 'w') chars += "5";
    if (c == 's') chars += " ";
  }
  return chars;
}

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

struct comparison {
  std::size_t texts = 0, mismatches = 0;
  std::string first_mismatch;
};

// Compares the matcher with RE2 on the hand-picked texts, their mutations and random texts.
comparison compare_with_re2(const pattern& p, const RE2& re, const std::string& regex,
                            std::uint32_t seed) {
  std::mt19937 rng(seed);
  const std::string chars = alphabet_of(regex);
  const std::string bytes = all_bytes();
  std::vector<std::string> texts = hand_picked;
  for (int i = 0; i < 1500; ++i)
    texts.push_back(random_text(rng, chars, 12));
  for (int i = 0; i < 500; ++i)
    texts.push_back(random_text(rng, bytes, 12));
  for (int i = 0; i < 1000; ++i) {
    const std::string& seed_text = hand_picked[rng() % hand_picked.size()];
    texts.push_back(mutated(rng, seed_text, i % 4 == 0 ? bytes : chars));
  }
  comparison result;
  for (const std::string& text : texts) {
    ++result.texts;
    if (p.partial_match(text) != RE2::PartialMatch(text, re)) {
      if (result.mismatches++ == 0) result.first_mismatch = printable(text);
    }
  }
  return result;
}

// One pattern per construct of the subset, and the corners of RE2's syntax around them.
const std::vector<std::string> supported = {
    guid_pattern,
    email_pattern,
    "",
    "abc",
    "^abc",
    "abc$",
    "^abc$",
    "^$",
    "^",
    "$",
    "a.c",
    "^.*$",
    ".{3}$",
    "a|b|cd",
    "^(?:ab|cd)+e$",
    "(ab)*c",
    "a||b",
    "(|a)+$",
    "()",
    "((a|b)c)*d",
    "(a*)*b",
    "^a+b?c*$",
    "^(a|b)*?c+?d??$",
    "^a{3}$",
    "^a{2,}$",
    "^a{2,4}?$",
    "^(ab){0,2}c$",
    "^x{0}b$",
    "a.*b.*c",
    R"(\d+)",
    R"(^\D*$)",
    R"(^\s+$)",
    R"(\S\s\S)",
    R"(^\w+$)",
    R"(\W)",
    "[a-c]+x",
    "^[^a-c]+$",
    R"([\d\s])",
    R"(^[^\d\s]+$)",
    R"(^[\w.-]+@)",
    "[]a]",
    "^[^]a]+$",
    "[a-]b",
    "[-a]b",
    R"([a\-c])",
    R"(^[\]\\]+$)",
    R"(^[\^x]+$)",
    "[a-c-e]",
    R"([\d-z])",
    R"(^[\t-\r]$)",
    R"([^\S\n])",
    R"(a\.b)",
    R"(\\)",
    R"(\$$)",
    R"(^\^)",
    R"(\*\+\?\(\)\[\]\{\}\|)",
    R"(\t\n)",
    R"(\v)",
    R"(\f|\r)",
    R"(\_\-\ )",
    "a{,3}",
    "b{01}",
    "x{2",
    "}]",
    "^{",
    "a\tb",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    R"(^(?:[a-z0-9]+\.)*[a-z0-9]+$)",
    "^[0-9]{2}-",
    "^.{3}",
    "^[^a]{2}",
    "^(?:abc)+$",
    "^a{64}$",
    "^.{64}$",
    "^a{65}$",
    "^[ab]{64}",
    "^a{63}b?$",
    "(a|b)*a(a|b){8}$",
};

// Outside the subset: RE2 answers.
const std::vector<std::string> unsupported = {
    "(?i)abc",      R"(\bword\b)", R"(\pL+)", "a^b",      "a$b",        "^a|b",
    "a|b$",         "(^a)",        "(a$)",    R"(\x41)",  R"(\Qa.b\E)", "(?P<n>a)b",
    "[[:alpha:]]+", R"(\Aabc\z)",  R"(\101)", "é+",       "[^é]",       R"(\C)",
    "(?s).",        "^*a",         R"(\B)",   R"([\pL])",
};

// 2 000 random texts of `a` and `b` up to 40 long: how many RE2 matches, and on how many the
// pattern disagrees with it.
struct ab_run {
  std::size_t mismatches = 0, matches = 0;
};

ab_run run_on_ab_texts(const pattern& p, const RE2& re, std::uint32_t seed) {
  std::mt19937 rng(seed);
  ab_run run;
  for (int i = 0; i < 2000; ++i) {
    const std::string text = random_text(rng, "ab", 40);
    const bool expected = RE2::PartialMatch(text, re);
    run.matches += expected;
    run.mismatches += p.partial_match(text) != expected;
  }
  return run;
}

}  // namespace

TEST_CASE("the shipped policy's patterns run on the DFA", "[pattern]") {
  const pattern guid(guid_pattern);
  CHECK(guid.uses_dfa());
  CHECK(guid.layout().chain);
  CHECK(guid.partial_match("5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23"));
  CHECK(guid.partial_match("5F2B1C9E-0A3D-4E7F-9B21-6C8D4E0F1A23"));
  CHECK_FALSE(guid.partial_match("5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23\n"));
  CHECK_FALSE(guid.partial_match("5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a2g"));
  CHECK_FALSE(guid.partial_match(""));
  const pattern email(email_pattern);
  CHECK(email.uses_dfa());
  CHECK(email.layout().steps > 0);
  CHECK(email.layout().table_states == 0);
  CHECK(email.partial_match("first.last@mail.example.com"));
  CHECK(email.partial_match("é@b.c"));  // non-ASCII: answered by RE2
  CHECK_FALSE(email.partial_match("a@b"));
  CHECK_FALSE(email.partial_match("a b@c.d"));
  CHECK_FALSE(email.partial_match("a@b..c"));
}

TEST_CASE("every construct of the subset agrees with RE2", "[pattern]") {
  std::uint32_t seed = 1;
  std::size_t texts = 0;
  for (const std::string& regex : supported) {
    INFO("pattern: " << printable(regex));
    const RE2 re(regex, RE2::Quiet);
    REQUIRE(re.ok());
    const pattern p(regex);
    CHECK(p.uses_dfa());
    const comparison c = compare_with_re2(p, re, regex, seed++);
    INFO("first mismatch: " << c.first_mismatch);
    CHECK(c.mismatches == 0);
    texts += c.texts;
  }
  CHECK(texts > 100000);
}

TEST_CASE("each way of running the DFA is exercised", "[pattern]") {
  // The differential test above covers these patterns; here, that they take the intended path.
  for (const char* regex : {guid_pattern, "^abc$", "^$", "^a{64}$", "^.{64}$"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK(p.layout().chain);  // the whole text
  }
  for (const char* regex : {"^abc", "^", "", "^[ab]{64}", "^[0-9]{2}-", "^.{3}", "^[^a]{2}"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK(p.layout().chain);  // a prefix
  }
  // Steps only: moves forward (the GUID's chain past 64), backward (the email's domain labels)
  // and jumps (`abc` again).
  for (const char* regex : {email_pattern, "^a{65}$", "^a{63}b?$", "^(?:abc)+$", "$", R"(\d+)"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK_FALSE(p.layout().chain);
    CHECK(p.layout().steps > 0);
    CHECK(p.layout().table_states == 0);
  }
  for (const char* regex : {"abc", "a.c", "^(?:ab|cd)+e$", ".{3}$", "(a|b)*a(a|b){8}$"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK_FALSE(p.layout().chain);
    CHECK(p.layout().steps > 0);
    CHECK(p.layout().table_states > 0);
  }
  for (const char* regex : {"a|b|cd", "(ab)*c"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK_FALSE(p.layout().chain);
    CHECK(p.layout().steps == 0);
    CHECK(p.layout().table_states > 0);
  }
}

TEST_CASE("a DFA of max_states states, none of them a stop state, walks to the end", "[pattern]") {
  // 2^9 states, the last 9 characters; with `$` no state stops the walk, so the first stop row
  // is 512 * 128, past 16 bits.
  const std::string regex = "(a|b)*a(a|b){8}$";
  const RE2 re(regex, RE2::Quiet);
  const pattern p(regex);
  REQUIRE(p.uses_dfa());
  const ab_run run = run_on_ab_texts(p, re, 11);
  CHECK(run.mismatches == 0);
  CHECK(run.matches > 0);
}

TEST_CASE("patterns outside the subset fall back to RE2 and agree with it", "[pattern]") {
  std::uint32_t seed = 1000;
  for (const std::string& regex : unsupported) {
    INFO("pattern: " << printable(regex));
    const RE2 re(regex, RE2::Quiet);
    REQUIRE(re.ok());
    const pattern p(regex);
    CHECK_FALSE(p.uses_dfa());
    const comparison c = compare_with_re2(p, re, regex, seed++);
    INFO("first mismatch: " << c.first_mismatch);
    CHECK(c.mismatches == 0);
  }
}

TEST_CASE("a pattern whose DFA would explode falls back to RE2", "[pattern]") {
  // The DFA must remember the last 21 characters: 2^21 states.
  const std::string regex = "(a|b)*a(a|b){20}";
  const RE2 re(regex, RE2::Quiet);
  const pattern p(regex);
  CHECK_FALSE(p.uses_dfa());
  const ab_run run = run_on_ab_texts(p, re, 7);
  CHECK(run.mismatches == 0);
  CHECK(run.matches > 0);
  // A smaller count stays under the state limit.
  CHECK(pattern("(a|b)*a(a|b){5}").uses_dfa());
}

TEST_CASE("non-ASCII text is matched by code point, as RE2 does", "[pattern]") {
  // Byte by byte, "é" is two characters; to RE2 it is one.
  const pattern one("^.$");
  REQUIRE(one.uses_dfa());
  CHECK(one.partial_match("é"));
  CHECK(one.partial_match("a"));
  CHECK_FALSE(one.partial_match("ab"));
  const pattern two("^[^a]{2}$");
  REQUIRE(two.uses_dfa());
  CHECK_FALSE(two.partial_match("é"));
  CHECK(two.partial_match("éé"));
  CHECK(two.partial_match("bé"));
  // Once a match is found, what follows does not matter, valid UTF-8 or not.
  const pattern word("ab");
  CHECK(word.partial_match("xab\xff"));
  CHECK_FALSE(word.partial_match("xa\xff"));
}

TEST_CASE("a regex RE2 rejects never matches", "[pattern]") {
  for (const char* regex : {"a(", "[a", "a**", R"(\1)", "x{2,1}"}) {
    INFO(regex);
    const pattern p(regex);
    CHECK_FALSE(p.uses_dfa());
    CHECK_FALSE(p.partial_match(""));
    CHECK_FALSE(p.partial_match(regex));
  }
}

TEST_CASE("one pattern serves many threads", "[pattern]") {
  const pattern guid(guid_pattern), email(email_pattern);
  REQUIRE(guid.uses_dfa());
  REQUIRE(email.uses_dfa());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        if (!guid.partial_match("5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23")) ++wrong;
        if (guid.partial_match("5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a2")) ++wrong;
        if (!email.partial_match("first.last@mail.example.com")) ++wrong;
        if (email.partial_match("first.last@mail..example.com")) ++wrong;
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  CHECK(wrong == 0);
}
