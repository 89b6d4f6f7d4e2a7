// The binder over simdjson's DOM (see fast_json.hpp for why errors are not worded here).
#include "runtime/input/fast_json.hpp"

#include <simdjson.h>

#include <optional>

#include "runtime/input/json.hpp"
#include "runtime/input/schema_binder.hpp"

namespace clause::runtime {

namespace {

namespace dom = simdjson::dom;

struct simdjson_adapter {
  using node = dom::element;

  static node_kind kind(const node& n) {
    switch (n.type()) {
      case dom::element_type::NULL_VALUE:
        return node_kind::null;
      case dom::element_type::BOOL:
        return node_kind::boolean;
      case dom::element_type::INT64:
        return node_kind::integer;
      case dom::element_type::UINT64:  // past std::int64_t: a number, as on the reference path
      case dom::element_type::DOUBLE:
        return node_kind::number;
      case dom::element_type::STRING:
        return node_kind::string;
      case dom::element_type::ARRAY:
        return node_kind::list;
      case dom::element_type::OBJECT:
        return node_kind::map;
    }
    return node_kind::invalid;
  }
  // Each is asked only of a node whose kind() said so.
  static bool boolean(const node& n) { return n.get_bool().value_unsafe(); }
  static std::int64_t integer(const node& n) { return n.get_int64().value_unsafe(); }
  static std::string_view string(const node& n) { return n.get_string().value_unsafe(); }
  static std::size_t size(const node& n) {
    switch (n.type()) {
      case dom::element_type::ARRAY:
        return n.get_array().value_unsafe().size();
      case dom::element_type::OBJECT:
        return n.get_object().value_unsafe().size();
      default:
        return 0;
    }
  }
  template <typename F>
  static void elements(const node& n, F&& f) {
    std::size_t i = 0;
    const dom::array array = n.get_array().value_unsafe();  // held: the loop outlives a temporary
    for (const dom::element e : array) {
      if (!f(i++, e)) return;
    }
  }
  template <typename F>
  static void members(const node& n, F&& f) {
    const dom::object object = n.get_object().value_unsafe();  // held, as in elements()
    for (const dom::key_value_pair field : object) {
      if (!f(field.key, field.value)) return;
    }
  }
  // Keys are unique (the binder checks them first): the first equal key is the only one.
  static std::optional<node> member(const node& n, std::string_view key) {
    std::optional<node> found;
    members(n, [&](std::string_view k, const node& v) {
      if (k == key) found = v;
      return !found;
    });
    return found;
  }
  static constexpr bool one_pass = true;
  // In the parser's string buffer, which the next case's parse overwrites: after this case's
  // record is written (case_runner decides and writes a case before it reads the next).
  static constexpr bool stable_strings = true;
  template <typename F>
  static void keys(const node& n, F&& f) {
    members(n, [&](std::string_view key, const node&) {
      f(key);
      return true;
    });
  }
  static constexpr bool aliases = false;
  // The binder words its failure; the caller drops it and takes the reference path, which words
  // it again with the number's own text (simdjson keeps only its value).
  static std::string describe(const node&) { return {}; }
};

}  // namespace

struct fast_json::state {
  dom::parser parser;
  bind_error ignored;
  bool usable = false;
};

fast_json::fast_json() : state_(std::make_unique<state>()) {
  // The depth the reference parser allows; the capacity grows with the largest case seen.
  state_->usable = state_->parser.allocate(4096, json::max_depth) == simdjson::SUCCESS;
}

fast_json::~fast_json() = default;

bool fast_json::bind(const program& p, std::string_view text, bound_case& out) {
  if (!state_->usable) return false;
  dom::element root;
  if (state_->parser.parse(text.data(), text.size(), true).get(root) != simdjson::SUCCESS) {
    return false;
  }
  return detail::binder<simdjson_adapter>(p, out, state_->ignored).bind(root);
}

}  // namespace clause::runtime
