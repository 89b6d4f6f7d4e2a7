// One YAML case read from its text, for the case reader and for `session::evaluate_yaml` alike:
// invalid UTF-8 is refused as the JSON parser refuses it, and a document that holds more than one
// node (`{a: 1} {b: 2}`, a scalar then a mapping) is an error rather than its first node.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "lang/location.hpp"

namespace clause::runtime {

struct yaml_case_error {
  lang::line_column at;  // in the file: the text's first line is `first_line`
  std::string message;
};

// `text` is a YAML document, or with `list_item` one item of a top-level block list (`- ...`,
// whose element is the case). An empty document gives a null node. Never throws: a syntax error,
// invalid UTF-8, trailing content or running out of memory is `error`, and false.
bool load_yaml_case(std::string_view text, bool list_item, std::size_t first_line, YAML::Node& out,
                    yaml_case_error& error);

}  // namespace clause::runtime
