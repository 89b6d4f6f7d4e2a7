// `clause diff`'s summary, for people (aligned sections) or as one JSON document.
#pragma once

#include <string>
#include <vector>

#include "cli/diff_static.hpp"
#include "cli/diff_tally.hpp"

namespace clause::cli {

struct diff_summary {
  std::string before, after;  // the bundles as named on the command line
  const diff_tally* tally = nullptr;
  std::vector<std::string> decision_order;  // the new policy's decisions, then the old one's others
  std::vector<static_change> declarations;
};

std::string human_report(const diff_summary& s);
std::string json_report(const diff_summary& s);  // one line, with its newline

// `1 204`: thousands apart, as the reports print counts.
std::string grouped(std::size_t n);

}  // namespace clause::cli
