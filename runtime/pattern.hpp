// A `matches` pattern ready for evaluation: compiled once at load time into a byte-level DFA when
// the regex is in the subset below, so that matching is a table walk of a few instructions per
// byte instead of an RE2 call (about 1,260 instructions: locks and thread-local caches inside
// RE2's DFA). Anything outside the subset, and any text with a byte >= 0x80, is answered by RE2;
// either way the answer is RE2::PartialMatch's with default options.
//
// The subset: ASCII literals; escaped ASCII non-alphanumerics (\. \\ \- \_ ...); \t \n \r \f \v
// \a; \d \D \s \S \w \W; `.`; bracket classes with ranges and those escapes; (...) and (?:...);
// `|`; * + ? {n} {n,} {n,m}, greedy or not; `^` as the very first character and `$` as the very
// last, when the pattern has no top-level `|`. Flags, \b, \p, \x, \Q, octal, named groups, POSIX
// classes, \A, \z and non-ASCII pattern bytes fall back to RE2, as does a DFA of more than
// max_states states.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace clause::runtime {

class pattern {
 public:
  // A DFA of more states stays on RE2: the table holds 16-bit row offsets (state * 128), and
  // 512 rows of 128 is as far as they reach (a 128 KiB table).
  static constexpr std::size_t max_states = 512;

  explicit pattern(std::string_view regex);  // the checker has already validated it with RE2
  ~pattern();
  pattern(const pattern&) = delete;
  pattern& operator=(const pattern&) = delete;

  // Same answer as RE2::PartialMatch(text, RE2(regex)). Const and thread-safe; the DFA path
  // allocates nothing.
  bool partial_match(std::string_view text) const;
  // True when matching runs on the DFA (the pattern is in the subset); for tests and benchmarks.
  bool uses_dfa() const { return !table_.empty(); }

 private:
  bool partial_match_re2(std::string_view text) const;

  std::unique_ptr<re2::RE2> re_;
  // table_[row + byte]: the row of the next state, where a state's row is its number times 128.
  // Rows rather than numbers take the multiply off the walk's chain of dependent loads (a third
  // faster on the GUID pattern). Rows from first_stop_ on end the walk early: the dead state, and
  // when the pattern has no `$` every accepting state (a match is already found).
  std::vector<std::uint16_t> table_;
  std::vector<std::uint8_t> accepting_;  // by state number: 1 when the text read so far matches
  std::uint16_t start_ = 0;              // a row
  std::uint16_t first_stop_ = 0;         // a row
};

}  // namespace clause::runtime
