// A `matches` pattern ready for evaluation: compiled once at load time into a byte-level DFA when
// the regex is in the subset below, so that matching takes a few instructions per byte instead of
// an RE2 call (about 1,260 instructions: locks and thread-local caches inside RE2's DFA). Anything
// outside the subset, and any text with a byte >= 0x80 before the answer is known, is answered by
// RE2; either way the answer is RE2::PartialMatch's with the options of `lang::compile_regex`.
//
// A plain table walk (`state = table[state + byte]`) is a chain of dependent loads, 4-5 cycles a
// byte. The walk here avoids that chain where the DFA's shape allows:
//  - a chain (every text of one length, or with one prefix length, each position one byte class:
//    the GUID pattern) checks each position against its class, with no dependency between them;
//  - a state whose bytes either keep it, lead to one other state or fail (most states of the
//    email pattern) is a "step": its self-loop is skipped by a loop that tests each byte in a
//    byte table of its own, and its successor, numbered next to it when possible, needs no load.
//    The other states use the table.
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

  // `compiled` is `regex` as the checker compiled it (`checked_bundle::patterns`): RE2 compiles
  // each pattern once.
  pattern(std::string_view regex, std::shared_ptr<const re2::RE2> compiled);
  // Compiles `regex` itself (tests and benchmarks).
  explicit pattern(std::string_view regex);
  ~pattern();
  pattern(const pattern&) = delete;
  pattern& operator=(const pattern&) = delete;

  // Same answer as RE2::PartialMatch(text, RE2(regex)). Const and thread-safe; the DFA path
  // allocates nothing.
  bool partial_match(std::string_view text) const;
  // True when matching runs on the DFA (the pattern is in the subset); for tests and benchmarks.
  bool uses_dfa() const { return !table_.empty(); }
  // The RE2 object it falls back on; for tests.
  const re2::RE2* compiled() const { return re_.get(); }
  // For tests: how the DFA runs, as a chain or as a walk through steps and table states.
  struct shape {
    bool chain = false;
    std::size_t steps = 0, table_states = 0;
  };
  shape layout() const;

 private:
  // What a byte does in a step: fail (the dead state, or past ASCII: RE2's business), keep the
  // state, or lead to the successor, numbered right after it, right before it, or elsewhere.
  enum action : std::uint8_t { fail, stay, forward, backward, jump };
  class builder;

  bool partial_match_re2(std::string_view text) const;
  bool match_chain(std::string_view text) const;
  bool walk(std::string_view text) const;

  std::shared_ptr<const re2::RE2> re_;
  // table_[row + byte]: the row of the next state, where a state's row is its number times 128.
  // Rows rather than numbers take the multiply off the walk's chain of dependent loads (a third
  // faster on the GUID pattern). States are numbered steps first (rows below first_table_), then
  // table states, then stop states (rows from first_stop_ on), which end the walk early: the dead
  // state, and when the pattern has no `$` every accepting state (a match is already found).
  std::vector<std::uint16_t> table_;
  std::vector<std::uint8_t> accepting_;  // by state number: 1 when the text read so far matches
  std::uint16_t start_ = 0;              // a row
  std::uint32_t first_table_ = 0;        // a row (32 bits: 512 rows of 128 overflow 16)
  std::uint32_t first_stop_ = 0;         // a row
  // By step (state) number: actions_[row * 2 + byte] is the byte's action, 256 to a step so that
  // no byte needs a range check; jumps_ is the row of the successor.
  std::vector<std::uint8_t> actions_;
  std::vector<std::uint16_t> jumps_;
  // Instead of the walk, a chain of chain_length_ positions (-1: none): bit k of chain_[byte] is
  // set when the byte is in position k's class. The text matches when its first chain_length_
  // bytes are in their classes and, when chain_exact_ (`$`), it has no more.
  std::vector<std::uint64_t> chain_;  // by byte, 256 of them (none past ASCII)
  int chain_length_ = -1;
  bool chain_exact_ = false;
};

}  // namespace clause::runtime
