#include "cli/diff_static.hpp"

#include <algorithm>
#include <map>

namespace clause::cli {

namespace {

// The kinds in the order `declaration_info::kind` lists them.
int rank(const std::string& kind) {
  static const std::vector<std::string> order = {"input field", "record field", "enum value",
                                                 "param",       "table row",    "let",
                                                 "decision",    "rule",         "message"};
  const auto at = std::find(order.begin(), order.end(), kind);
  return static_cast<int>(at - order.begin());
}

using key = std::pair<int, std::string>;  // (rank of the kind, name)

std::map<key, const declaration_info*> by_key(const std::vector<declaration_info>& list) {
  std::map<key, const declaration_info*> out;
  for (const declaration_info& d : list)
    out.emplace(key{rank(d.kind), d.name}, &d);
  return out;
}

}  // namespace

std::vector<static_change> compare_declarations(const std::vector<declaration_info>& before,
                                                const std::vector<declaration_info>& after) {
  const auto old_map = by_key(before), new_map = by_key(after);
  std::vector<static_change> out;
  auto o = old_map.begin();
  auto n = new_map.begin();
  // Both maps are ordered by the same key: one walk through both.
  while (o != old_map.end() || n != new_map.end()) {
    if (n == new_map.end() || (o != old_map.end() && o->first < n->first)) {
      const declaration_info& d = *o->second;
      out.push_back({d.kind, d.name, "removed", d.location, d.shown, ""});
      ++o;
    } else if (o == old_map.end() || n->first < o->first) {
      const declaration_info& d = *n->second;
      out.push_back({d.kind, d.name, "added", d.location, "", d.shown});
      ++n;
    } else {
      const declaration_info &a = *o->second, &b = *n->second;
      if (a.meaning != b.meaning)
        out.push_back({b.kind, b.name, "modified", b.location, a.shown, b.shown});
      ++o;
      ++n;
    }
  }
  return out;
}

}  // namespace clause::cli
