// One question to the solver: is there a case where `goal` holds? Asked first of the cases where
// the encoding is exact (and a witness prints plainly); when there is none there, asked of every
// case, so that "none" is a proof and a case only the loose encoding admits is `unknown`.
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include "verify/builtins.hpp"
#include "verify/case_vars.hpp"

namespace clause::verify {

struct answer {
  enum class kind { none, found, unknown } is = kind::unknown;
  std::optional<z3::model> model;
  std::string reason;  // unknown: why
  double seconds = 0;
};

class asker {
 public:
  // Each question gets `timeout_ms` of time, or, when `rlimit` is not 0, that much of the solver's
  // work (Z3's resource count) and no timer.
  asker(const case_vars& vars, const side_conditions& side, unsigned timeout_ms, unsigned rlimit)
      : vars_(vars), side_(side), timeout_ms_(timeout_ms), rlimit_(rlimit) {}
  answer ask(const z3::expr& goal) const;
  // The same question encoded for plain texts (`trim` as the identity; encoder's `plain_text`),
  // of the cases whose texts have nothing to trim: quick, and only ever `found` or `none`-ish
  // (a `none` here proves nothing, so it is reported as unknown).
  answer ask_plain(const z3::expr& goal) const;
  // True when `goal` holds of the case `m` describes (every variable of the case fixed to its
  // value there): the check of a witness's parts that no evaluator computes.
  bool holds_in(const z3::model& m, const z3::expr& goal) const;

 private:
  struct chosen {
    std::vector<z3::expr> facts, assumptions, simple;
  };
  chosen relevant(const z3::expr& goal) const;
  const case_vars& vars_;
  const side_conditions& side_;
  unsigned timeout_ms_;
  unsigned rlimit_;
  // The limit of one check. The quick pass is a shortcut, not the answer: it gets a fifth of the
  // budget (at least a second of time), so that a question it cannot answer reaches the exact
  // pass sooner.
  void limit(z3::solver& s, bool quick) const;
  // Why a check that gave up did: out of its time or budget, said with the option to raise.
  std::string gave_up_reason(const std::string& z3_reason) const;
};

}  // namespace clause::verify
