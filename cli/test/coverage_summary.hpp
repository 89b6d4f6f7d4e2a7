// Coverage in three figures: the rules the tests made fire (counted by the runner), and the lets
// and the parts of `and` / `or` a `clause::coverage` collector saw evaluated and decide.
#pragma once

#include <set>
#include <string>

#include "clause/clause.hpp"
#include "cli/test/report.hpp"

namespace clause::cli::test {

coverage_summary summarize_coverage(const policy& p,
                                    const std::set<std::string, std::less<>>& fired,
                                    const coverage& collected);

}  // namespace clause::cli::test
