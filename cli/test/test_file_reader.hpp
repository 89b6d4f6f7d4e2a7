// Reading a test file: YAML documents of cases (or lists of them), each checked against the
// policy's decisions before anything runs, so that a misspelt key is a located mistake rather than
// a test that silently expects nothing.
#pragma once

#include <string>

#include "clause/clause.hpp"
#include "cli/test/test_case.hpp"

namespace clause::cli::test {

// Never throws for what the file holds: YAML syntax errors, wrong shapes and unknown names are
// `mistakes`, with their places.
test_file read_test_file(const std::string& path, const policy& p);

}  // namespace clause::cli::test
