// The binder over the JSON DOM of runtime/input/json.hpp.
#include "runtime/input/schema_binder.hpp"

namespace clause::runtime {

namespace {

struct json_adapter {
  using node = json::value;

  static node_kind kind(const node& n) {
    switch (n.kind()) {
      case json::kind::null:
        return node_kind::null;
      case json::kind::boolean:
        return node_kind::boolean;
      case json::kind::number:
        return n.is_integer() ? node_kind::integer : node_kind::number;
      case json::kind::string:
        return node_kind::string;
      case json::kind::array:
        return node_kind::list;
      case json::kind::object:
        return node_kind::map;
    }
    return node_kind::null;
  }
  static bool boolean(const node& n) { return n.as_bool(); }
  static std::int64_t integer(const node& n) { return n.as_int(); }
  static std::string_view string(const node& n) { return n.text(); }
  static std::size_t size(const node& n) { return n.size(); }
  template <typename F>
  static void elements(const node& n, F&& f) {
    std::size_t i = 0;
    for (const json::value& e : n.elements()) {
      if (!f(i++, e)) return;
    }
  }
  static const node* member(const node& n, std::string_view key) { return n.find(key); }
  template <typename F>
  static void keys(const node& n, F&& f) {
    for (const json::member& m : n.members())
      f(m.key);
  }
  static constexpr bool aliases = false;
  static std::string describe(const node& n) {
    return found_value(
        kind(n), n.kind() == json::kind::boolean ? (n.as_bool() ? "true" : "false") : n.text());
  }
};

}  // namespace

bool bind_json(const program& p, const json::value& root, bound_case& out, bind_error& error) {
  return detail::binder<json_adapter>(p, out, error).bind(root);
}

}  // namespace clause::runtime
