// Where a bundle keeps its own cases: the YAML files of its `tests/` directory, in name order.
// `clause test` runs them, `clause diff` decides them when given no cases, `clause verify` tries
// them before asking the solver.
#pragma once

#include <string>
#include <vector>

namespace clause::cli {

// Empty when the bundle has no `tests/` directory.
std::vector<std::string> bundle_test_files(const std::string& bundle);

}  // namespace clause::cli
