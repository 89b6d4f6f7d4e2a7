// The binder over yaml-cpp nodes, read with the YAML 1.2 core schema (lang/yaml_scalar.hpp). An
// explicit tag is honoured, and must fit its value: `!!str 12` is a string, `!!int 12` an integer
// (so never a string), `!!int abc` and tags outside the core schema fit no type.
#include <deque>

#include "lang/yaml_scalar.hpp"
#include "runtime/input/schema_binder.hpp"

namespace clause::runtime {

namespace {

constexpr std::string_view core_tag = "tag:yaml.org,2002:";

// yaml-cpp hands out nodes by value; the adapter keeps the ones it returns pointers to alive.
struct yaml_adapter {
  using node = YAML::Node;

  static node_kind kind(const node& n) {
    if (!n.IsDefined()) return node_kind::null;
    const std::string& tag = n.Tag();
    if (!tag.empty() && tag != "?" && tag != "!") return tagged(n, tag);
    if (n.IsNull()) return node_kind::null;
    if (n.IsSequence()) return node_kind::list;
    if (n.IsMap()) return node_kind::map;
    switch (lang::yaml::classify(n)) {
      case lang::yaml::scalar_kind::null:
        return node_kind::null;
      case lang::yaml::scalar_kind::boolean:
        return node_kind::boolean;
      case lang::yaml::scalar_kind::integer:
        return lang::yaml::as_int(n) ? node_kind::integer : node_kind::number;
      case lang::yaml::scalar_kind::floating:
        return node_kind::number;
      default:
        return node_kind::string;
    }
  }

  // A node under an explicit tag (`!!int 12`, `!custom x`).
  static node_kind tagged(const node& n, std::string_view tag) {
    if (!tag.starts_with(core_tag)) return node_kind::invalid;
    const std::string_view name = tag.substr(core_tag.size());
    if (n.IsSequence()) return name == "seq" ? node_kind::list : node_kind::invalid;
    if (n.IsMap()) return name == "map" ? node_kind::map : node_kind::invalid;
    const std::string_view text = n.IsNull() ? std::string_view() : n.Scalar();
    if (name == "str") return node_kind::string;
    if (name == "null") {
      const bool null =
          text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
      return null ? node_kind::null : node_kind::invalid;
    }
    if (name == "bool") {
      const bool boolean = text == "true" || text == "True" || text == "TRUE" || text == "false" ||
                           text == "False" || text == "FALSE";
      return boolean ? node_kind::boolean : node_kind::invalid;
    }
    if (name == "int") {
      if (!lang::yaml::is_core_int(text)) return node_kind::invalid;
      return lang::yaml::parse_core_int(text) ? node_kind::integer : node_kind::number;
    }
    if (name == "float") {
      const bool number = lang::yaml::is_core_int(text) || lang::yaml::is_core_float(text);
      return number ? node_kind::number : node_kind::invalid;
    }
    return node_kind::invalid;
  }

  // kind() said boolean or integer: the text is the core schema's, whether plain or tagged.
  static bool boolean(const node& n) {
    return !n.Scalar().empty() && (n.Scalar()[0] == 't' || n.Scalar()[0] == 'T');
  }
  static std::int64_t integer(const node& n) {
    return lang::yaml::parse_core_int(n.Scalar()).value_or(0);
  }
  static std::string_view string(const node& n) {
    return n.IsNull() ? std::string_view() : std::string_view(n.Scalar());
  }
  static std::size_t size(const node& n) { return n.size(); }
  template <typename F>
  static void elements(const node& n, F&& f) {
    std::size_t i = 0;
    for (const auto& e : n) {
      if (!f(i++, e)) return;
    }
  }
  // Keys are unique (the binder checks them first): the first equal key is the only one.
  static const node* member(const node& n, std::string_view key) {
    for (const auto& kv : n) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        keep().push_back(kv.second);
        return &keep().back();
      }
    }
    return nullptr;
  }
  template <typename F>
  static void keys(const node& n, F&& f) {
    for (const auto& kv : n) {
      if (kv.first.IsScalar()) f(std::string_view(kv.first.Scalar()));
    }
  }
  static constexpr bool aliases = true;

  static std::string describe(const node& n) {
    const node_kind k = kind(n);
    if (k == node_kind::string) return found_value(k, string(n));
    if (k != node_kind::invalid) return found_value(k, n.IsScalar() ? n.Scalar() : std::string());
    const std::string& tag = n.Tag();
    const std::string what = n.IsSequence() ? "a list"
                             : n.IsMap()    ? "a mapping"
                                            : "`" + std::string(string(n)) + "`";
    if (!tag.starts_with(core_tag)) {
      return what + " tagged `" + tag + "`, a tag outside YAML's core schema";
    }
    return what + " tagged `!!" + tag.substr(core_tag.size()) + "`, which it is not";
  }

  // Nodes returned by `member`, alive until the next case (a deque keeps their addresses).
  static std::deque<node>& keep() {
    thread_local std::deque<node> nodes;
    return nodes;
  }
};

}  // namespace

bool bind_yaml(const program& p, const YAML::Node& root, bound_case& out, bind_error& error) {
  yaml_adapter::keep().clear();
  return detail::binder<yaml_adapter>(p, out, error).bind(root);
}

}  // namespace clause::runtime
