#include "cli/diff_tally.hpp"

namespace clause::cli {

void diff_tally::note(tally_row& row, const std::string& id) const {
  ++row.count;
  if (row.examples.size() < examples_) row.examples.push_back(id);
}

void diff_tally::add(const case_change& c) {
  ++cases;
  switch (c.kind) {
    case change_kind::same:
      ++same;
      return;
    case change_kind::errors_both:
      ++errors_both;
      return;
    case change_kind::now_error:
      ++now_error_count;
      note(now_error[c.error_path], c.id);
      return;
    case change_kind::now_decided:
      ++now_decided_count;
      note(now_decided[c.error_path], c.id);
      return;
    case change_kind::messages:
      ++messages_only;
      break;
    case change_kind::decisions:
      ++decisions_changed;
      break;
  }
  for (std::size_t i = 0; i < c.decision_count; ++i) {
    const decision_change& d = c.decisions[i];
    decision_tally& t = decisions[d.name];
    if (d.messages_only) {
      note(t.messages_only, c.id);
      continue;
    }
    ++t.changed;
    note(t.transitions[{d.before, d.after}], c.id);
    for (const std::string& code : d.codes_added)
      note(t.codes_added[code], c.id);
    for (const std::string& code : d.codes_removed)
      note(t.codes_removed[code], c.id);
    for (const std::string& w : d.warnings_added)
      note(t.warnings_added[w], c.id);
    for (const std::string& w : d.warnings_removed)
      note(t.warnings_removed[w], c.id);
    for (const std::string& field : d.payload)
      note(t.payload[field], c.id);
  }
}

}  // namespace clause::cli
