// Comparing what a case got with what it expects: each difference in words, expected against
// actual, with the rules that decided.
#pragma once

#include <string>
#include <vector>

#include "clause/clause.hpp"
#include "cli/test/test_case.hpp"

namespace clause::cli::test {

// The differences; none when the case passes.
std::vector<std::string> compare(const result& r, const test_case& expected);

}  // namespace clause::cli::test
