// A request target's query string as name/value pairs, percent-decoded (`+` is a space), in order.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause::serve {

struct query_parameter {
  std::string name, value;
  bool has_value = false;  // `?explain` has none; `?explain=` has an empty one
};

// Throws request_error (400) for a `%` not followed by two hexadecimal digits.
std::vector<query_parameter> parse_query(std::string_view query);

// The target cut at `?`: the path, and the query without its `?`.
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace clause::serve
