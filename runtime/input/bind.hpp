// Binding: a case document (YAML or JSON) read against the program's input schema, as the MCA
// contract section 1 says. A mismatch is a per-case error naming the field path and what was
// expected; the first one in schema order is reported. Binding never throws.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "runtime/eval/evaluate.hpp"
#include "runtime/input/json.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

struct bind_error {
  std::string path;  // `customer.agreements[0].dateAgreed`; empty for the whole case
  std::string message;
};

// Both reuse `out`'s storage: binding case after case allocates nothing once it has grown.
bool bind_json(const program& p, const json::value& root, bound_case& out, bind_error& error);
bool bind_yaml(const program& p, const YAML::Node& root, bound_case& out, bind_error& error);

}  // namespace clause::runtime
