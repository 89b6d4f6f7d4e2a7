#pragma once

#include <string_view>

namespace clause::runtime {

// The version of the engine (not of a policy).
std::string_view version();

}  // namespace clause::runtime
