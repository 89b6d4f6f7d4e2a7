// Matching: the DFA of regex_dfa.cpp laid out as a chain, steps and a table (see pattern.hpp).
#include "runtime/pattern/pattern.hpp"

#include <re2/re2.h>

#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include "lang/regex.hpp"
#include "runtime/pattern/regex_dfa.hpp"

namespace clause::runtime {

namespace {

static_assert((pattern::max_states - 1) * alphabet <= std::numeric_limits<std::uint16_t>::max(),
              "rows must fit 16 bits");

bool is_ascii(std::string_view text) {
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    bits |= word;
  }
  for (; i < text.size(); ++i)
    bits |= static_cast<unsigned char>(text[i]);
  return (bits & 0x8080808080808080u) == 0;
}

// A chain of more positions stays a walk: its classes are the bits of one word per byte.
constexpr int max_chain = 64;

}  // namespace

// Lays a DFA out in the pattern: numbers the states (steps, others, stop states; a step's one
// successor right after it when possible), fills the table, the steps and the chain.
class pattern::builder {
 public:
  builder(pattern& p, const dfa& d) : p_(p), d_(d), successor_(d.size(), none), step_(d.size()) {}

  void run() {
    classify();
    number();
    fill_table();
    if (!find_chain()) fill_steps();
  }

 private:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  std::uint32_t next(std::size_t state, std::size_t byte) const {
    return d_.next[state * alphabet + byte];
  }
  bool is_dead(std::uint32_t state) const { return d_.dead && *d_.dead == state; }
  std::uint16_t row(std::uint32_t state) const {
    return static_cast<std::uint16_t>(id_[state] * alphabet);
  }

  // A step is a state that does not stop the walk and whose bytes lead to itself, to the dead
  // state or to one other state, its successor.
  void classify() {
    for (std::uint32_t s = 0; s < d_.size(); ++s) {
      if (d_.stops[s]) continue;
      step_[s] = 1;
      for (std::size_t b = 0; b < alphabet; ++b) {
        const std::uint32_t t = next(s, b);
        if (t == s || is_dead(t) || t == successor_[s]) continue;
        if (successor_[s] != none) {
          step_[s] = 0;
          successor_[s] = none;
          break;
        }
        successor_[s] = t;
      }
    }
  }

  void number() {
    std::vector<std::uint32_t> order;
    std::vector<std::uint8_t> placed(d_.size(), 0);
    // Each step is followed by its successor while that is a step not yet placed.
    for (std::uint32_t head = 0; head < d_.size(); ++head) {
      for (std::uint32_t s = head; s != none && step_[s] && !placed[s]; s = successor_[s]) {
        placed[s] = 1;
        order.push_back(s);
      }
    }
    p_.first_table_ = static_cast<std::uint32_t>(order.size() * alphabet);
    for (std::uint32_t s = 0; s < d_.size(); ++s) {
      if (!placed[s] && !d_.stops[s]) order.push_back(s);
    }
    p_.first_stop_ = static_cast<std::uint32_t>(order.size() * alphabet);
    for (std::uint32_t s = 0; s < d_.size(); ++s) {
      if (d_.stops[s]) order.push_back(s);
    }
    id_.resize(d_.size());
    for (std::size_t k = 0; k < order.size(); ++k)
      id_[order[k]] = static_cast<std::uint32_t>(k);
    order_ = std::move(order);
  }

  void fill_table() {
    p_.table_.resize(d_.size() * alphabet);
    p_.accepting_.resize(d_.size());
    p_.start_ = row(0);
    for (std::uint32_t s = 0; s < d_.size(); ++s) {
      p_.accepting_[id_[s]] = d_.accepting[s];
      for (std::size_t b = 0; b < alphabet; ++b)
        p_.table_[id_[s] * alphabet + b] = row(next(s, b));
    }
  }

  void fill_steps() {
    const std::size_t steps = p_.first_table_ / alphabet;
    p_.actions_.assign(steps * 2 * alphabet, fail);
    p_.jumps_.assign(steps, 0);
    for (std::size_t k = 0; k < steps; ++k) {
      const std::uint32_t s = order_[k], successor = successor_[s];
      action leave = jump;
      if (successor != none) {
        p_.jumps_[k] = row(successor);
        // Forward and backward stay among the steps; a jump goes back to the dispatch.
        if (id_[successor] == k + 1 && k + 1 < steps) leave = forward;
        if (id_[successor] + 1 == k) leave = backward;
      }
      for (std::size_t b = 0; b < alphabet; ++b) {
        const std::uint32_t t = next(s, b);
        if (t == s) p_.actions_[k * 2 * alphabet + b] = stay;
        if (t == successor) p_.actions_[k * 2 * alphabet + b] = leave;
      }
    }
  }

  // From the start, states of one successor and no self-loop, up to an accepting state that
  // stops the walk (a prefix) or whose every byte leads to the dead state (the whole text).
  bool find_chain() {
    std::vector<std::uint64_t> chain(256, 0);
    std::uint32_t s = 0;
    for (int length = 0;; ++length) {
      if (d_.accepting[s]) {
        const bool exact = !d_.stops[s];
        for (std::size_t b = 0; exact && b < alphabet; ++b) {
          if (!is_dead(next(s, b))) return false;
        }
        p_.chain_ = std::move(chain);
        p_.chain_length_ = length;
        p_.chain_exact_ = exact;
        return true;
      }
      if (!step_[s] || successor_[s] == none || length == max_chain) return false;
      for (std::size_t b = 0; b < alphabet; ++b) {
        if (next(s, b) == s) return false;
        if (next(s, b) == successor_[s]) chain[b] |= std::uint64_t{1} << length;
      }
      s = successor_[s];
    }
  }

  pattern& p_;
  const dfa& d_;
  std::vector<std::uint32_t> successor_;  // by state: a step's successor, or none
  std::vector<std::uint8_t> step_;        // by state: 1 for a step
  std::vector<std::uint32_t> id_;         // by state: its number in the pattern
  std::vector<std::uint32_t> order_;      // by number in the pattern: the state
};

pattern::pattern(std::string_view regex) : pattern(regex, lang::compile_regex(regex)) {}

pattern::pattern(std::string_view regex, std::shared_ptr<const re2::RE2> compiled)
    : re_(std::move(compiled)) {
  // A regex RE2 rejects stays on RE2, whose PartialMatch then answers false to every text.
  if (!re_->ok()) return;
  const std::optional<dfa> automaton = build_dfa(regex, max_states);
  if (automaton) builder(*this, *automaton).run();
}

pattern::~pattern() = default;

pattern::shape pattern::layout() const {
  if (chain_length_ >= 0) return {true, 0, 0};
  return {false, jumps_.size(), (first_stop_ - first_table_) / alphabet};
}

bool pattern::partial_match(std::string_view text) const {
  if (chain_length_ >= 0) return match_chain(text);
  if (!table_.empty()) return walk(text);
  return partial_match_re2(text);
}

// Past ASCII, a code point is several bytes that `.` or [^a] match as one: RE2's business. A
// text of the wrong length, or one a position's class rejects, fails unless it has such bytes.
bool pattern::match_chain(std::string_view text) const {
  const auto length = static_cast<std::size_t>(chain_length_);
  if (chain_exact_ ? text.size() != length : text.size() < length) {
    return !is_ascii(text) && partial_match_re2(text);
  }
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::uint64_t* const chain = chain_.data();
  // No branch per byte, one test at the end; four bytes to a variable shift.
  std::uint64_t all = 1;
  std::size_t k = 0;
  for (; k + 4 <= length; k += 4) {
    const std::uint64_t four = chain[bytes[k]] & (chain[bytes[k + 1]] >> 1) &
                               (chain[bytes[k + 2]] >> 2) & (chain[bytes[k + 3]] >> 3);
    all &= four >> k;
  }
  for (; k < length; ++k)
    all &= chain[bytes[k]] >> k;
  if (all != 0) return true;
  // A class rejected a byte. If the chain's bytes are ASCII, the walk would have reached the dead
  // state there, whatever follows (a prefix chain does not read further).
  return !is_ascii(text.substr(0, length)) && partial_match_re2(text);
}

bool pattern::walk(std::string_view text) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  const std::uint16_t* const table = table_.data();
  const std::uint8_t* const actions = actions_.data();
  constexpr std::size_t step_size = 2 * alphabet;  // of actions
  const std::size_t first_table = first_table_, first_stop = first_stop_;
  std::size_t row = start_;
  for (;;) {
    if (row < first_table) {
      // One loop for a step's self-loop and its moves to an adjacent step: a byte costs two
      // loads (text, action) and predicted branches, none waiting for the previous byte's loads.
      const std::uint8_t* step = actions + row * 2;
      for (;; ++p) {
        if (p == end) return accepting_[static_cast<std::size_t>(step - actions) / step_size] != 0;
        const std::uint8_t a = step[*p];
        if (a == stay) continue;
        if (a == forward) {
          step += step_size;
        } else if (a == backward) {
          step -= step_size;
        } else if (a == jump) {
          break;
        } else {
          return *p >= alphabet && partial_match_re2(text);
        }
      }
      row = jumps_[static_cast<std::size_t>(step - actions) / step_size];
      ++p;
    } else if (row < first_stop) {
      do {
        if (p == end) return accepting_[row / alphabet] != 0;
        const unsigned char byte = *p++;
        // Past ASCII, a code point is several bytes that `.` or [^a] match as one.
        if (byte >= alphabet) return partial_match_re2(text);
        row = table[row + byte];
      } while (row - first_table < first_stop - first_table);  // neither a step nor a stop
    } else {
      // A stop state decides whatever follows, non-ASCII bytes included: the NFA states it stands
      // for are exact for the prefix read, and a match in a prefix is a match in the text.
      return accepting_[row / alphabet] != 0;
    }
  }
}

bool pattern::partial_match_re2(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace clause::runtime
