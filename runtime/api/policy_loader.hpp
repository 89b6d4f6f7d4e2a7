// Turning what the language loaded into what the API hands out: diagnostics as values, rendered
// once, and the compiled policy. Shared by the ways a policy is loaded (clause.cpp,
// expression.cpp).
#pragma once

#include <string>

#include "clause/clause.hpp"
#include "lang/checked.hpp"

namespace clause {

struct policy_loader {
  static load_result finish(lang::load_result loaded, std::string expression_type = {});
  static load_result finish_error(const char* what);
};

}  // namespace clause
