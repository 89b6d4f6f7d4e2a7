// The declarations of a checked bundle, listed one by one with what each means, so that two
// versions of a policy can be compared declaration by declaration (`clause diff`'s static summary).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/checked.hpp"

namespace clause::lang {

struct declaration {
  // `input field`, `record field`, `enum value`, `param`, `table row`, `let`, `decision`, `rule`,
  // `message`: the order in which they are listed.
  std::string_view kind;
  // Unique within its kind: `partner.type`, `Role.GlobalAdmin`, `countries["SE"]`, a rule's id,
  // `partner-must-attest [ja]` for a translation.
  std::string name;
  span where;
  // Equal for two declarations that mean the same, whatever their layout and comments: built
  // from the AST (or a table row's values), so that reformatting a file changes nothing. Not for
  // people to read.
  std::string meaning;
  // What people read beside a change, on one line: a param's type and default, a table row's
  // value, a message's text; empty for the kinds whose text is long (rules, lets, decisions).
  std::string shown;
};

// In kind order, then in file order. A rule's message is a declaration of its own (`message`),
// not part of the rule's meaning: a reworded message is not a modified rule.
std::vector<declaration> list_declarations(const checked_bundle& bundle);

// A table key or value as an author writes it: `"SE"`, `42`, `{name: "Sweden", languages:
// [sv-SE]}`.
std::string constant_text(const constant& c, const type_table& types);

}  // namespace clause::lang
