// `clause diff`'s counts: the changed cases summed up by decision and kind of change, with the ids
// of the first few cases of each (in input order). Its size depends on the policies' vocabulary
// (outcomes, codes, payload fields, error paths), never on the number of cases.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cli/diff_compare.hpp"

namespace clause::cli {

struct tally_row {
  std::size_t count = 0;
  std::vector<std::string> examples;  // the first ids, up to the tally's limit
};

struct decision_tally {
  std::size_t changed = 0;  // cases where the decision changed in more than its messages
  // By (before, after) outcome; a decision whose outcome stayed but whose codes, warnings or
  // payload changed is counted on the diagonal (`reject → reject`).
  std::map<std::pair<std::string, std::string>, tally_row> transitions;
  std::map<std::string, tally_row> codes_added, codes_removed, warnings_added, warnings_removed;
  std::map<std::string, tally_row> payload;  // by field
  tally_row messages_only;
};

class diff_tally {
 public:
  explicit diff_tally(std::size_t examples) : examples_(examples) {}
  // Called for every case, in input order.
  void add(const case_change& c);

  std::size_t cases = 0, same = 0, errors_both = 0, messages_only = 0;
  std::size_t decisions_changed = 0;  // cases with a decision changed in more than messages
  std::size_t now_error_count = 0, now_decided_count = 0;
  std::map<std::string, decision_tally> decisions;
  std::map<std::string, tally_row> now_error, now_decided;  // by error path

  // The cases that count as changed: decisions changed, or decided under one bundle only.
  std::size_t changed() const { return decisions_changed + now_error_count + now_decided_count; }
  std::size_t examples_per_row() const { return examples_; }

 private:
  void note(tally_row& row, const std::string& id) const;
  std::size_t examples_;
};

}  // namespace clause::cli
