// A value known at load time: table data (inline or from YAML), defaults and literals.
// The runtime compiles constants into its own representation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lang/calendar.hpp"
#include "lang/types.hpp"

namespace clause::lang {

struct constant {
  type_id type = type_table::error;
  bool present = true;          // false for an optional record field left out
  bool truth = false;           // bool
  std::int64_t number = 0;      // int; enum value index; date (day number); duration amount
  bool months = false;          // duration in calendar months (else days)
  datetime_value instant{};     // datetime
  std::string text;             // string
  std::vector<constant> items;  // list and set elements; record fields in declaration order
};

// A text that is equal for equal constants of one type (duplicate keys, set elements).
std::string constant_key(const constant& c);

}  // namespace clause::lang
