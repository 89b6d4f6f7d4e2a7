// YAML 1.2 core-schema reading of scalars, shared by data files and case binding: booleans are
// true/True/TRUE/false/False/FALSE only, a quoted scalar is always a string, nothing is a date
// implicitly.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clause::lang::yaml {

enum class scalar_kind { string, null, boolean, integer, floating, collection };

// What a node is under the core schema (a quoted scalar is always a string); `collection` for a
// list or a mapping.
scalar_kind classify(const YAML::Node& node);
std::optional<bool> as_bool(const YAML::Node& node);
std::optional<std::int64_t> as_int(const YAML::Node& node);
// A string: a quoted scalar, or a plain one that is not null, a boolean or a number.
std::optional<std::string> as_string(const YAML::Node& node);
// For messages: "a string", "a list", "a boolean", "nothing".
std::string describe(const YAML::Node& node);

// The core schema's integers (`12`, `-3`, `0o17`, `0x1F`) and floats (`1.5`, `1e3`, `.inf`).
bool is_core_int(std::string_view text);
bool is_core_float(std::string_view text);
std::optional<std::int64_t> parse_core_int(std::string_view text);

}  // namespace clause::lang::yaml
