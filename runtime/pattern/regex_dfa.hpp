// From a regular expression in `pattern`'s subset to a DFA over ASCII bytes: the regex parser
// (RE2's rules for the subset), a Thompson NFA, and subset construction. `pattern` (pattern.cpp)
// lays the DFA out for matching; everything outside the subset is left to RE2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace clause::runtime {

// The DFA reads ASCII only: for ASCII text, bytes are code points, so byte semantics are RE2's.
inline constexpr std::size_t alphabet = 128;

// The DFA by state number, before pattern::builder lays it out; state 0 is the start.
struct dfa {
  std::vector<std::uint32_t> next;             // [state * alphabet + byte]: the next state
  std::vector<std::uint8_t> accepting, stops;  // by state; see pattern.hpp for stop states
  std::optional<std::uint32_t> dead;           // the state of no NFA state, when there is one
  std::size_t size() const { return accepting.size(); }
};

// The DFA of `regex`, or nothing when the regex is outside the subset (see pattern.hpp) or its DFA
// would have more than `max_states` states.
std::optional<dfa> build_dfa(std::string_view regex, std::size_t max_states);

}  // namespace clause::runtime
