// Where every declared thing of a checked bundle is declared and used: the one table behind go to
// definition, find references, hover and renaming-free navigation. Built from the AST and the
// checker's side tables (what each name resolved to), never by reading the text again.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <vector>

#include "lang/checked.hpp"

namespace clause::lsp {

enum class symbol_kind : std::uint8_t {
  enum_type,    // a: enum index (lang::type_table::enums)
  enum_value,   // a: enum index, b: value index
  record_type,  // a: record index (lang::type_table::records)
  field,        // a: record index, b: field index (input fields are fields of the input record)
  let,          // a: let index (checked_bundle::lets)
  param,        // a: param index
  table,        // a: table index
  decision,     // a: decision index
  outcome,      // a: decision index, b: outcome index
  rule,         // a: rule index
  property,     // a: property index
  file,         // a: file id (an import's target)
  builtin,      // a: lang::builtin
};

struct symbol {
  symbol_kind kind = symbol_kind::let;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  auto operator<=>(const symbol&) const = default;
};

struct occurrence {
  lang::span where;
  symbol target;
  bool definition = false;
};

class symbol_index {
 public:
  explicit symbol_index(const lang::checked_bundle& bundle);
  // The narrowest occurrence around `offset` (its end included: the cursor just after a name).
  const occurrence* at(lang::file_id file, std::uint32_t offset) const;
  // Every occurrence of `s`, its definition included, in file order.
  std::vector<occurrence> occurrences_of(const symbol& s) const;
  std::optional<lang::span> definition(const symbol& s) const;
  const std::vector<occurrence>& all() const { return items_; }

 private:
  std::vector<occurrence> items_;  // by file, then by place
};

}  // namespace clause::lsp
