// A data file as a tree, whatever read it: the fast reader for the plain YAML that data files
// use (block mappings and sequences, one-line flow collections, plain and quoted scalars), or
// yaml-cpp for everything else. Every node knows where it is in the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clause::lang {

struct data_node {
  enum class kind : std::uint8_t { null, scalar, sequence, mapping };
  kind form = kind::null;
  bool quoted = false;           // a quoted scalar is always a string (YAML 1.2 core schema)
  std::string text;              // a scalar's value
  std::uint32_t offset = 0;      // where the node starts in the file
  std::uint32_t length = 1;      // how much of the file it covers (for the underline)
  std::vector<data_node> items;  // sequence: elements; mapping: key, value, key, value, …

  std::size_t size() const { return form == kind::mapping ? items.size() / 2 : items.size(); }
  // A mapping's value for a scalar key (the last when repeated), or nullptr.
  const data_node* find(std::string_view key) const;
};

struct data_error {
  std::uint32_t offset = 0;
  std::string message;
  bool limit = false;  // refused by a limit of limits.hpp (or an alias), not a syntax error
};

// Both readers refuse, as a limit, collections nested deeper than a data value may be (so that
// nothing recurses deeper than that) and aliases (`*name`: a few bytes of aliases expand to
// gigabytes).

// Reads `text` with the fast reader; nullopt when it uses YAML the fast reader leaves to yaml-cpp
// (`error` untouched), or when it nests too deep (`error` says where).
std::optional<data_node> read_plain_yaml(std::string_view text, data_error& error);

// Reads `text` with yaml-cpp only (the fast reader is tested against it).
std::optional<data_node> read_yaml_cpp(std::string_view text, data_error& error);

// Reads `text` as YAML: the fast reader, else yaml-cpp. A syntax error fills `error`.
std::optional<data_node> read_yaml(std::string_view text, data_error& error);

// YAML 1.2 core schema, for scalars: what a plain scalar is.
enum class plain_kind { string, null, boolean, integer, floating };
plain_kind classify_plain(std::string_view text);

}  // namespace clause::lang
