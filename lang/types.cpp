#include "lang/types.hpp"

#include <algorithm>

namespace clause::lang {

std::optional<std::uint32_t> enum_info::find(std::string_view value) const {
  auto it = std::find(values.begin(), values.end(), value);
  if (it == values.end()) return std::nullopt;
  return static_cast<std::uint32_t>(it - values.begin());
}

std::optional<std::uint32_t> record_info::find(std::string_view field) const {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const field_info& f) { return f.name == field; });
  if (it == fields.end()) return std::nullopt;
  return static_cast<std::uint32_t>(it - fields.begin());
}

type_table::type_table() {
  for (type_kind k :
       {type_kind::error, type_kind::boolean, type_kind::integer, type_kind::string,
        type_kind::date, type_kind::datetime, type_kind::duration, type_kind::empty}) {
    types_.push_back({k, 0, 0, 0});
  }
}

type_id type_table::intern(type_info info) {
  // Few distinct types exist in a policy; a linear scan is simpler than a hash and fast enough.
  for (std::size_t i = 0; i < types_.size(); ++i) {
    if (types_[i] == info) return static_cast<type_id>(i);
  }
  types_.push_back(info);
  return static_cast<type_id>(types_.size() - 1);
}

std::string type_table::name(type_id t) const {
  const type_info& i = info(t);
  switch (i.kind) {
    case type_kind::error:
      return "an invalid type";
    case type_kind::boolean:
      return "bool";
    case type_kind::integer:
      return "int";
    case type_kind::string:
      return "string";
    case type_kind::date:
      return "date";
    case type_kind::datetime:
      return "datetime";
    case type_kind::duration:
      return "duration";
    case type_kind::empty:
      return "nothing";
    case type_kind::enumeration:
      return enums.at(i.index).name;
    case type_kind::record:
      return records.at(i.index).name;
    case type_kind::list:
      return "list<" + name(i.element) + ">";
    case type_kind::set:
      return "set<" + name(i.element) + ">";
    case type_kind::map:
      return "map<" + name(i.key) + ", " + name(i.element) + ">";
  }
  return "?";
}

bool type_table::fits(type_id from, type_id to) const {
  if (from == to || from == error || to == error) return true;
  const type_info& f = info(from);
  const type_info& t = info(to);
  if (f.kind != t.kind) return false;
  if (f.kind == type_kind::list || f.kind == type_kind::set) {
    return f.element == empty || fits(f.element, t.element);
  }
  return false;
}

std::optional<type_id> type_table::unify(type_id a, type_id b) const {
  if (fits(a, b)) return b == error ? a : b;
  if (fits(b, a)) return a;
  return std::nullopt;
}

}  // namespace clause::lang
