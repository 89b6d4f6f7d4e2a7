// `clause diff`: how one case's record under the old bundle differs from its record under the new,
// decision by decision. Compared on the worker that decided both, while both results are valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clause/clause.hpp"

namespace clause::cli {

// A decision's outcome when the case does not ask for it (its `when` is false, or the decision
// does not exist in that bundle).
inline constexpr std::string_view not_taken = "(not taken)";

enum class change_kind {
  same,
  errors_both,  // an error record under both bundles: not a change
  messages,     // only message texts differ
  decisions,    // an outcome, a code, a warning, a payload field, or whether a decision is taken
  now_error,    // decided under the old bundle, an error record under the new
  now_decided,  // an error record under the old bundle, decided under the new
};

struct decision_change {
  std::string name;
  std::string before, after;  // outcomes, or `not_taken`
  std::vector<std::string> codes_added, codes_removed, warnings_added, warnings_removed;
  // Under the same outcome, the payload fields whose values differ.
  std::vector<std::string> payload;
  bool messages_only = false;
};

struct case_change {
  change_kind kind = change_kind::same;
  std::string id;
  std::string error_path;  // now_error: the new record's; now_decided: the old record's
  // The decisions that differ, messages-only ones included. Storage is reused from case to case.
  std::vector<decision_change> decisions;
  std::size_t decision_count = 0;  // how many of `decisions` are this case's
};

// Compares `before` and `after` into `out`. Allocates nothing itself for a case whose records
// agree, once `out` has been used.
void compare(const result& before, const result& after, case_change& out);

}  // namespace clause::cli
