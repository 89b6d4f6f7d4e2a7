// Running a bundle's test files: each read and checked, its runnable cases decided (those `--run`
// selects) and compared, rules fired and coverage counted. Never throws for what a test file holds.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "clause/clause.hpp"
#include "cli/test/report.hpp"

namespace clause::cli::test {

struct run_options {
  std::optional<std::regex> run;  // cases whose id it matches (searched anywhere in the id)
  std::optional<std::string> run_text;
  std::optional<std::size_t> min_coverage;
};

run_report run_tests(const std::shared_ptr<const policy>& p, const std::vector<std::string>& files,
                     const run_options& options);

}  // namespace clause::cli::test
