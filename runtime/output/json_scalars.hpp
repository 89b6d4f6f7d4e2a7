// Scalars as the contract's JSON and YAML records write them (a double-quoted YAML scalar is JSON).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/program/value.hpp"

namespace clause::runtime {

// A payload value: a string quoted, an integer or a bool bare, any other value as its quoted text.
void append_payload_value(std::string& out, const value& v, bool json,
                          const std::vector<std::string>* enum_names);
// `["A","B"]`.
void append_codes(std::string& out, const std::vector<std::string_view>& codes);

}  // namespace clause::runtime
