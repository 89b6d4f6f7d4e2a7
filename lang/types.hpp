// Static types of the language, interned in a table so a type is a small integer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/source.hpp"

namespace clause::lang {

namespace ast {
struct expr;
}
struct constant;

using type_id = std::uint32_t;

enum class type_kind : std::uint8_t {
  error,  // the type of an expression that already has a diagnostic: never reported again
  boolean,
  integer,
  string,
  date,
  datetime,
  duration,
  empty,  // the element type of `{}` and `[]`, which fit any set or list
  enumeration,
  record,
  list,
  set,
  map,
};

struct type_info {
  type_kind kind = type_kind::error;
  std::uint32_t index = 0;  // enumeration or record: its index in the table's enums or records
  type_id element = 0;      // list, set: the element; map: the value
  type_id key = 0;          // map: the key
  bool operator==(const type_info&) const = default;
};

struct enum_info {
  std::string name;
  std::vector<std::string> values;
  span where;
  std::optional<std::uint32_t> find(std::string_view value) const;
};

struct field_info {
  std::string name;
  type_id type = 0;
  bool optional = false;                             // declared `name?:` with no default
  const ast::expr* default_value = nullptr;          // `= value`: the field is always present
  std::shared_ptr<const constant> default_constant;  // the default, evaluated when it loads
  span where;
};

struct record_info {
  std::string name;  // declared name, or the field path of an inline record (`partner`)
  std::vector<field_info> fields;
  span where;
  std::optional<std::uint32_t> find(std::string_view field) const;
};

class type_table {
 public:
  static constexpr type_id error = 0, boolean = 1, integer = 2, string = 3, date = 4, datetime = 5,
                           duration = 6, empty = 7;

  type_table();
  type_id intern(type_info info);
  type_id list_of(type_id element) { return intern({type_kind::list, 0, element, 0}); }
  type_id set_of(type_id element) { return intern({type_kind::set, 0, element, 0}); }
  type_id map_of(type_id key, type_id value) { return intern({type_kind::map, 0, value, key}); }
  type_id enum_type(std::uint32_t index) { return intern({type_kind::enumeration, index, 0, 0}); }
  type_id record_type(std::uint32_t index) { return intern({type_kind::record, index, 0, 0}); }

  const type_info& info(type_id t) const { return types_.at(t); }
  type_kind kind(type_id t) const { return types_.at(t).kind; }
  std::size_t size() const { return types_.size(); }
  // As an author writes it: `list<Role>`, `string`, `Country`.
  std::string name(type_id t) const;
  // `from` fits where `to` is expected: equal, or an empty collection where a collection is.
  bool fits(type_id from, type_id to) const;
  // The common type of two branches or elements, if any.
  std::optional<type_id> unify(type_id a, type_id b) const;

  std::vector<enum_info> enums;
  std::vector<record_info> records;

 private:
  std::vector<type_info> types_;
};

}  // namespace clause::lang
