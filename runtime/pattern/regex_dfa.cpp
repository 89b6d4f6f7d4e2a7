// The regex subset to a DFA: see regex_dfa.hpp.
#include "runtime/pattern/regex_dfa.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <map>
#include <utility>

namespace clause::runtime {

namespace {

using byte_set = std::bitset<alphabet>;

// RE2 rejects counts above 1000, so larger ones never reach us; the NFA cap bounds nested counts
// like (a{1000}){1000}, and the depth cap bounds the parser's recursion.
constexpr int max_count = 1000;
constexpr std::size_t max_nfa_states = 20000;
constexpr int max_depth = 100;

byte_set range(unsigned lo, unsigned hi) {
  byte_set s;
  for (unsigned c = lo; c <= hi; ++c)
    s.set(c);
  return s;
}

// RE2's Perl classes: \s is [\t\n\f\r ] (no \v), \w is [0-9A-Za-z_].
byte_set perl_class(char name) {
  byte_set s;
  switch (name) {
    case 'd':
    case 'D':
      s = range('0', '9');
      break;
    case 's':
    case 'S':
      s = range('\t', '\n') | range('\f', '\r') | range(' ', ' ');
      break;
    default:  // w, W
      s = range('0', '9') | range('A', 'Z') | range('a', 'z') | range('_', '_');
      break;
  }
  return name >= 'a' ? s : ~s;
}

bool is_perl_class(char c) {
  return c == 'd' || c == 'D' || c == 's' || c == 'S' || c == 'w' || c == 'W';
}

bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The regex as a tree. An empty concatenation matches the empty string.
struct regex_node {
  enum class kind { set, concat, alternate, repeat };
  kind k = kind::concat;
  byte_set set;                      // set: the bytes it matches
  std::vector<regex_node> children;  // concat, alternate: the parts; repeat: the one repeated
  int min = 0, max = 0;              // repeat: max < 0 is unbounded
};

struct parsed_regex {
  regex_node root;
  bool anchored_start = false;
  bool anchored_end = false;
};

struct count_range {
  int min = 0, max = 0;  // max < 0 is unbounded
  std::size_t length = 0;
};

// A recursive-descent parser of the subset. It mirrors RE2's parser (re2/parse.cc) where the
// subset overlaps it, and gives up (std::nullopt) on anything else, so that the pattern stays on
// RE2 rather than risk a different answer.
class parser {
 public:
  explicit parser(std::string_view re) : re_(re) {}

  std::optional<parsed_regex> parse() {
    parsed_regex out;
    if (at('^')) {
      out.anchored_start = true;
      ++pos_;
    }
    if (!alternation(out.root, 0) || pos_ != re_.size()) return std::nullopt;
    out.anchored_end = anchored_end_;
    // In `^a|b` the anchor binds to one branch, not the whole pattern as the DFA assumes.
    if ((out.anchored_start || out.anchored_end) && out.root.k == regex_node::kind::alternate) {
      return std::nullopt;
    }
    return out;
  }

 private:
  bool at(char c) const { return pos_ < re_.size() && re_[pos_] == c; }

  bool alternation(regex_node& out, int depth) {
    std::vector<regex_node> branches(1);
    if (!concatenation(branches.back(), depth)) return false;
    while (at('|')) {
      ++pos_;
      branches.emplace_back();
      if (!concatenation(branches.back(), depth)) return false;
    }
    if (branches.size() == 1) {
      out = std::move(branches.front());
    } else {
      out.k = regex_node::kind::alternate;
      out.children = std::move(branches);
    }
    return true;
  }

  bool concatenation(regex_node& out, int depth) {
    out.k = regex_node::kind::concat;
    while (pos_ < re_.size() && !at('|') && !at(')')) {
      if (at('$')) {
        // Only the pattern's last character is the end anchor the DFA models.
        if (depth != 0 || pos_ + 1 != re_.size()) return false;
        anchored_end_ = true;
        ++pos_;
        continue;
      }
      regex_node item;
      if (!atom(item, depth) || !quantifier(item)) return false;
      out.children.push_back(std::move(item));
    }
    return true;
  }

  bool atom(regex_node& out, int depth) {
    const auto c = static_cast<unsigned char>(re_[pos_]);
    switch (c) {
      case '(':
        ++pos_;
        if (at('?')) {
          // Only (?: — flags, named groups and (?) stay on RE2.
          if (pos_ + 1 >= re_.size() || re_[pos_ + 1] != ':') return false;
          pos_ += 2;
        }
        if (depth + 1 > max_depth || !alternation(out, depth + 1) || !at(')')) return false;
        ++pos_;
        return true;
      case '[':
        return bracket(out);
      case '.':  // any character but \n
        ++pos_;
        return make_set(out, ~range('\n', '\n'));
      case '\\': {
        const std::optional<byte_set> s = escape();
        return s && make_set(out, *s);
      }
      case '^':
      case '$':
      case '*':
      case '+':
      case '?':
        return false;
      case '{':
        // RE2 reads `{` as a literal unless it starts a well-formed count, which needs an operand.
        if (count_at(pos_)) return false;
        break;
      default:
        if (c >= alphabet) return false;
        break;
    }
    ++pos_;
    return make_set(out, range(c, c));
  }

  static bool make_set(regex_node& out, const byte_set& s) {
    out.k = regex_node::kind::set;
    out.set = s;
    return true;
  }

  // After `\`, outside a class: a Perl class or a single character.
  std::optional<byte_set> escape() {
    if (pos_ + 1 < re_.size() && is_perl_class(re_[pos_ + 1])) {
      pos_ += 2;
      return perl_class(re_[pos_ - 1]);
    }
    const std::optional<unsigned char> c = escaped_char();
    if (!c) return std::nullopt;
    return range(*c, *c);
  }

  // RE2's ParseEscape, less octal and \x: C escapes, and ASCII non-alphanumerics as themselves.
  std::optional<unsigned char> escaped_char() {
    if (pos_ + 1 >= re_.size()) return std::nullopt;
    const auto c = static_cast<unsigned char>(re_[pos_ + 1]);
    pos_ += 2;
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'a':
        return '\a';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        if (c < alphabet && !is_alnum(c)) return c;
        return std::nullopt;
    }
  }

  // One character of a class, plain or escaped.
  std::optional<unsigned char> class_char() {
    if (at('\\')) return escaped_char();
    if (pos_ >= re_.size()) return std::nullopt;
    const auto c = static_cast<unsigned char>(re_[pos_]);
    if (c >= alphabet) return std::nullopt;
    ++pos_;
    return c;
  }

  // RE2's ParseCharClass: `]` first is a literal, `-` anywhere but between two characters is a
  // literal (Perl mode), a negated class matches \n (RE2 sets ClassNL by default).
  bool bracket(regex_node& out) {
    ++pos_;  // [
    bool negated = false;
    if (at('^')) {
      negated = true;
      ++pos_;
    }
    byte_set s;
    bool first = true;
    while (pos_ < re_.size() && (re_[pos_] != ']' || first)) {
      first = false;
      // [:alpha:] and a nested `[` stay on RE2.
      if (at('[')) return false;
      if (at('\\') && pos_ + 1 < re_.size() && is_perl_class(re_[pos_ + 1])) {
        s |= perl_class(re_[pos_ + 1]);
        pos_ += 2;
        continue;
      }
      const std::optional<unsigned char> lo = class_char();
      if (!lo) return false;
      unsigned char hi = *lo;
      if (pos_ + 1 < re_.size() && re_[pos_] == '-' && re_[pos_ + 1] != ']') {
        ++pos_;
        const std::optional<unsigned char> end = class_char();
        if (!end || *end < *lo) return false;
        hi = *end;
      }
      s |= range(*lo, hi);
    }
    if (pos_ >= re_.size()) return false;
    ++pos_;  // ]
    return make_set(out, negated ? ~s : s);
  }

  // RE2's ParseInteger: digits without a leading zero.
  std::optional<int> integer(std::size_t& p) const {
    if (p >= re_.size() || re_[p] < '0' || re_[p] > '9') return std::nullopt;
    if (re_[p] == '0' && p + 1 < re_.size() && re_[p + 1] >= '0' && re_[p + 1] <= '9') {
      return std::nullopt;
    }
    int n = 0;
    for (; p < re_.size() && re_[p] >= '0' && re_[p] <= '9'; ++p) {
      if (n >= 100000000) return std::nullopt;
      n = n * 10 + (re_[p] - '0');
    }
    return n;
  }

  // RE2's MaybeParseRepetition: {n}, {n,} or {n,m} at p.
  std::optional<count_range> count_at(std::size_t p) const {
    const std::size_t begin = p;
    if (p >= re_.size() || re_[p] != '{') return std::nullopt;
    ++p;
    const std::optional<int> lo = integer(p);
    if (!lo || p >= re_.size()) return std::nullopt;
    count_range r{*lo, *lo, 0};
    if (re_[p] == ',') {
      ++p;
      if (p >= re_.size()) return std::nullopt;
      if (re_[p] == '}') {
        r.max = -1;
      } else {
        const std::optional<int> hi = integer(p);
        if (!hi) return std::nullopt;
        r.max = *hi;
      }
    }
    if (p >= re_.size() || re_[p] != '}') return std::nullopt;
    r.length = p + 1 - begin;
    return r;
  }

  std::optional<count_range> quantifier_at(std::size_t p) const {
    if (p >= re_.size()) return std::nullopt;
    switch (re_[p]) {
      case '*':
        return count_range{0, -1, 1};
      case '+':
        return count_range{1, -1, 1};
      case '?':
        return count_range{0, 1, 1};
      default:
        return count_at(p);
    }
  }

  bool quantifier(regex_node& item) {
    const std::optional<count_range> q = quantifier_at(pos_);
    if (!q) return true;
    pos_ += q->length;
    if (at('?')) ++pos_;  // non-greedy: the same yes/no answer
    // RE2 rejects stacked repetition (a**); counts past 1000 and {n,m} with m < n too.
    if (quantifier_at(pos_) || q->min > max_count || q->max > max_count ||
        (q->max >= 0 && q->max < q->min)) {
      return false;
    }
    regex_node r;
    r.k = regex_node::kind::repeat;
    r.min = q->min;
    r.max = q->max;
    r.children.push_back(std::move(item));
    item = std::move(r);
    return true;
  }

  std::string_view re_;
  std::size_t pos_ = 0;
  bool anchored_end_ = false;
};

// A Thompson NFA: consuming states read one byte of their set; split states are ε-moves.
struct nfa_state {
  enum class kind : std::uint8_t { consume, split, match };
  kind k = kind::match;
  byte_set set;                     // consume
  std::uint32_t out = 0, out2 = 0;  // consume: out; split: out and out2
};

class nfa_builder {
 public:
  // The entry state of the NFA of `root`, whose match state is state 0; nullopt when too large.
  std::optional<std::uint32_t> build(const regex_node& root) {
    add({nfa_state::kind::match, {}, 0, 0});
    const std::uint32_t entry = build(root, 0);
    if (overflow_) return std::nullopt;
    return entry;
  }

  std::vector<nfa_state>& states() { return states_; }

 private:
  std::uint32_t add(const nfa_state& s) {
    if (states_.size() >= max_nfa_states) overflow_ = true;
    states_.push_back(s);
    return static_cast<std::uint32_t>(states_.size() - 1);
  }

  // Built back to front: `next` is where a match of `n` continues.
  std::uint32_t build(const regex_node& n, std::uint32_t next) {
    if (overflow_) return next;
    switch (n.k) {
      case regex_node::kind::set:
        return add({nfa_state::kind::consume, n.set, next, 0});
      case regex_node::kind::concat:
        for (auto it = n.children.rbegin(); it != n.children.rend(); ++it)
          next = build(*it, next);
        return next;
      case regex_node::kind::alternate: {
        std::uint32_t entry = build(n.children.back(), next);
        for (std::size_t i = n.children.size() - 1; i-- > 0;) {
          const std::uint32_t branch = build(n.children[i], next);
          entry = add({nfa_state::kind::split, {}, branch, entry});
        }
        return entry;
      }
      case regex_node::kind::repeat:
        break;
    }
    const regex_node& body = n.children.front();
    std::uint32_t entry = next;
    if (n.max < 0) {
      const std::uint32_t loop = add({nfa_state::kind::split, {}, 0, next});
      const std::uint32_t inner = build(body, loop);
      states_[loop].out = inner;
      entry = loop;
    } else {
      // x{0,2} is (x(x)?)?: each optional copy either goes on to the next or leaves.
      for (int i = n.min; i < n.max && !overflow_; ++i) {
        const std::uint32_t inner = build(body, entry);
        entry = add({nfa_state::kind::split, {}, inner, next});
      }
    }
    for (int i = 0; i < n.min && !overflow_; ++i)
      entry = build(body, entry);
    return entry;
  }

  std::vector<nfa_state> states_;
  bool overflow_ = false;
};

// Subset construction over byte classes (bytes no NFA set tells apart share their transitions).
class dfa_builder {
 public:
  dfa_builder(const std::vector<nfa_state>& nfa, std::uint32_t entry, const parsed_regex& re,
              std::size_t max_states)
      : nfa_(nfa), entry_(entry), re_(re), mark_(nfa.size(), 0), max_states_(max_states) {}

  std::optional<dfa> build() {
    classify_bytes();
    std::vector<std::uint32_t> start;
    closure(entry_, start);
    if (!intern(std::move(start))) return std::nullopt;
    std::vector<std::uint32_t> transitions;  // [state * classes + class]
    std::vector<std::uint8_t> accepting, stop;
    for (std::size_t i = 0; i < sets_.size(); ++i) {
      const std::vector<std::uint32_t> current = sets_[i];  // intern() may grow sets_
      const bool accepts = std::binary_search(current.begin(), current.end(), 0u);
      // Without `$`, the first accepting state decides; the dead state (empty set) never can.
      const bool stops = current.empty() || (accepts && !re_.anchored_end);
      accepting.push_back(accepts);
      stop.push_back(stops);
      for (std::size_t k = 0; k < representatives_.size(); ++k) {
        if (stops) {
          transitions.push_back(static_cast<std::uint32_t>(i));
          continue;
        }
        std::vector<std::uint32_t> next;
        ++stamp_;
        for (const std::uint32_t s : current) {
          const nfa_state& st = nfa_[s];
          if (st.k == nfa_state::kind::consume && st.set[representatives_[k]])
            closure(st.out, next);
        }
        // Unanchored: a match may start at every position, as with RE2's `.*?` prefix.
        if (!re_.anchored_start) closure(entry_, next);
        const std::optional<std::uint32_t> id = intern(std::move(next));
        if (!id) return std::nullopt;
        transitions.push_back(*id);
      }
    }
    return expand(transitions, accepting, stop);
  }

 private:
  void classify_bytes() {
    std::array<std::uint8_t, alphabet> cls{};
    std::size_t count = 1;
    for (const nfa_state& s : nfa_) {
      if (s.k != nfa_state::kind::consume) continue;
      std::array<int, 2 * alphabet> split;
      split.fill(-1);
      count = 0;
      for (std::size_t b = 0; b < alphabet; ++b) {
        const std::size_t key = cls[b] * 2 + (s.set[b] ? 1 : 0);
        if (split[key] < 0) split[key] = static_cast<int>(count++);
        cls[b] = static_cast<std::uint8_t>(split[key]);
      }
    }
    class_of_ = cls;
    representatives_.assign(count, 0);
    for (std::size_t b = alphabet; b-- > 0;)
      representatives_[cls[b]] = static_cast<std::uint8_t>(b);
  }

  // Adds to `out` the consuming and match states reachable from s by ε-moves, once per stamp_.
  void closure(std::uint32_t s, std::vector<std::uint32_t>& out) {
    stack_.push_back(s);
    while (!stack_.empty()) {
      const std::uint32_t x = stack_.back();
      stack_.pop_back();
      if (mark_[x] == stamp_) continue;
      mark_[x] = stamp_;
      const nfa_state& st = nfa_[x];
      if (st.k == nfa_state::kind::split) {
        stack_.push_back(st.out2);
        stack_.push_back(st.out);
      } else {
        out.push_back(x);
      }
    }
  }

  std::optional<std::uint32_t> intern(std::vector<std::uint32_t>&& set) {
    std::sort(set.begin(), set.end());
    const auto found = ids_.find(set);
    if (found != ids_.end()) return found->second;
    if (sets_.size() >= max_states_) return std::nullopt;
    const auto id = static_cast<std::uint32_t>(sets_.size());
    ids_.emplace(set, id);
    sets_.push_back(std::move(set));
    return id;
  }

  // From transitions by byte class to transitions by byte.
  dfa expand(const std::vector<std::uint32_t>& transitions,
             const std::vector<std::uint8_t>& accepting, const std::vector<std::uint8_t>& stop) {
    dfa out;
    const std::size_t n = sets_.size(), classes = representatives_.size();
    out.next.resize(n * alphabet);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t b = 0; b < alphabet; ++b)
        out.next[i * alphabet + b] = transitions[i * classes + class_of_[b]];
      if (sets_[i].empty()) out.dead = static_cast<std::uint32_t>(i);
    }
    out.accepting = accepting;
    out.stops = stop;
    return out;
  }

  const std::vector<nfa_state>& nfa_;
  const std::uint32_t entry_;
  const parsed_regex& re_;
  std::array<std::uint8_t, alphabet> class_of_{};
  std::vector<std::uint8_t> representatives_;  // by class: one byte of it
  std::map<std::vector<std::uint32_t>, std::uint32_t> ids_;
  std::vector<std::vector<std::uint32_t>> sets_;  // by DFA state: its NFA states, sorted
  std::vector<std::uint32_t> mark_;
  std::vector<std::uint32_t> stack_;
  std::uint32_t stamp_ = 1;
  std::size_t max_states_;
};

}  // namespace

std::optional<dfa> build_dfa(std::string_view regex, std::size_t max_states) {
  const std::optional<parsed_regex> parsed = parser(regex).parse();
  if (!parsed) return std::nullopt;
  nfa_builder nfa;
  const std::optional<std::uint32_t> entry = nfa.build(parsed->root);
  if (!entry) return std::nullopt;
  return dfa_builder(nfa.states(), *entry, *parsed, max_states).build();
}

}  // namespace clause::runtime
