// `clause diff`'s static summary: the declarations added, removed and modified between two
// policies (rules, lets, params, enum values, table rows, messages, decisions, input fields).
#pragma once

#include <string>
#include <vector>

#include "clause/clause.hpp"

namespace clause::cli {

struct static_change {
  std::string kind;    // as `declaration_info::kind`
  std::string name;    // as `declaration_info::name`
  std::string change;  // `added`, `removed`, `modified`
  // Where it is: in the new bundle, or in the old one for a removed declaration.
  std::string location;
  std::string before, after;  // `declaration_info::shown` on each side (empty when absent)
};

// In the order of `declaration_info::kind`, then by name.
std::vector<static_change> compare_declarations(const std::vector<declaration_info>& before,
                                                const std::vector<declaration_info>& after);

}  // namespace clause::cli
