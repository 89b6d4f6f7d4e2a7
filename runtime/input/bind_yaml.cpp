// The binder over yaml-cpp nodes, read with the YAML 1.2 core schema (lang/yaml_scalar.hpp).
#include <deque>

#include "lang/yaml_scalar.hpp"
#include "runtime/input/schema_binder.hpp"

namespace clause::runtime {

namespace {

// yaml-cpp hands out nodes by value; the adapter keeps the ones it returns pointers to alive.
struct yaml_adapter {
  using node = YAML::Node;

  static node_kind kind(const node& n) {
    if (!n.IsDefined() || n.IsNull()) return node_kind::null;
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
  static bool boolean(const node& n) { return lang::yaml::as_bool(n).value_or(false); }
  static std::int64_t integer(const node& n) { return lang::yaml::as_int(n).value_or(0); }
  static std::string_view string(const node& n) { return n.Scalar(); }
  static std::size_t size(const node& n) { return n.size(); }
  template <typename F>
  static void elements(const node& n, F&& f) {
    std::size_t i = 0;
    for (const auto& e : n) {
      if (!f(i++, e)) return;
    }
  }
  // The last of equal keys wins, as in JSON.
  static const node* member(const node& n, std::string_view key) {
    const node* found = nullptr;
    for (const auto& kv : n) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        keep().push_back(kv.second);
        found = &keep().back();
      }
    }
    return found;
  }
  static std::string describe(const node& n) { return lang::yaml::describe(n); }

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
