// The message of every commit point of the grammar, in words: what was expected there.
// A PEGTL or C++ type name in a message is a bug; must_if refuses to compile a commit point
// without a message here.
#pragma once

#include "lang/grammar.hpp"

namespace clause::lang::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template<> inline constexpr auto error_message<expression> = "expected an expression";
template<> inline constexpr auto error_message<placeholder_end> = "expected the end of the placeholder after its expression";
template<> inline constexpr auto error_message<postfix> = "expected a value, a name or a field path";
template<> inline constexpr auto error_message<additive> = "expected a value after the operator";
template<> inline constexpr auto error_message<coalesce> = "expected a value after the operator";
template<> inline constexpr auto error_message<negation> = "expected a condition";
template<> inline constexpr auto error_message<no_single_equals> = "`=` is not a comparison: write `==`";
template<> inline constexpr auto error_message<no_chained_comparison> = "comparisons do not chain: write `a < b and b < c`";
template<> inline constexpr auto error_message<no_unknown_operator> = "this is not an operator of the language: it has `and`, `or`, `not`, comparisons, `+`, `-` and `??`";
template<> inline constexpr auto error_message<conjunction> = "expected a condition after `or`";
template<> inline constexpr auto error_message<one<')'>> = "expected `)`";
template<> inline constexpr auto error_message<one<'}'>> = "expected `}`";
template<> inline constexpr auto error_message<one<']'>> = "expected `]`";
template<> inline constexpr auto error_message<one<'>'>> = "expected `>` to close the type arguments";
template<> inline constexpr auto error_message<one<':'>> = "expected `:`";
template<> inline constexpr auto error_message<one<'='>> = "expected `=`";
template<> inline constexpr auto error_message<one<'{'>> = "expected `{`";
template<> inline constexpr auto error_message<one<'"'>> = "unterminated string: expected `\"` before the end of the line";
template<> inline constexpr auto error_message<record_field> = "expected a field as `name: value`";
template<> inline constexpr auto error_message<bound_variable> = "expected a variable name, as in `any r in actor.roles where …`";
template<> inline constexpr auto error_message<kw_in> = "expected `in`, as in `any r in actor.roles where …`";
template<> inline constexpr auto error_message<kw_where> = "expected `where` and a condition";
template<> inline constexpr auto error_message<kw_then> = "expected `then`";
template<> inline constexpr auto error_message<kw_else> = "expected `else`: every `if` has both branches";
template<> inline constexpr auto error_message<identifier> = "expected a name (letters, digits and `_`, not a keyword)";
template<> inline constexpr auto error_message<type> = "expected a type, such as `string`, `Role` or `list<Role>`";
template<> inline constexpr auto error_message<field> = "expected a field as `name: type`";
template<> inline constexpr auto error_message<field_block> = "expected `{` and the fields of the record";
template<> inline constexpr auto error_message<policy_name> = "expected the policy's name, as in `policy mca \"title\" version \"1.0\"`";
template<> inline constexpr auto error_message<kw_version> = "expected `version` and the policy's version in quotes";
template<> inline constexpr auto error_message<string_literal> = "expected a string in double quotes";
template<> inline constexpr auto error_message<enum_value> = "expected an enum value name";
template<> inline constexpr auto error_message<enum_values> = "expected the enum's values, as in `{ Public, Sovereign }`";
template<> inline constexpr auto error_message<comma_list<type, one<'>'>>> = "expected a type, such as `string`, `Role` or `list<Role>`";
template<> inline constexpr auto error_message<table_entry> = "expected a table entry as `key: value`";
template<> inline constexpr auto error_message<table_entries> = "expected `{` and the table's entries";
template<> inline constexpr auto error_message<table_body> = "expected `from \"file.yaml\"` or `=` and the table's entries";
template<> inline constexpr auto error_message<outcome_declaration> = "expected an outcome name";
template<> inline constexpr auto error_message<outcome_list> = "expected the decision's outcomes, as in `outcomes accept | reject`";
template<> inline constexpr auto error_message<payload_value> = "expected a payload value as `name = expression`";
template<> inline constexpr auto error_message<outcome_value> = "expected an outcome name";
template<> inline constexpr auto error_message<kw_outcomes> = "expected `outcomes` and the decision's outcomes";
template<> inline constexpr auto error_message<kw_combine> = "expected `combine` and `collect`, `first` or `unique`";
template<> inline constexpr auto error_message<combining> = "expected `collect`, `first` or `unique`";
template<> inline constexpr auto error_message<decision_default> = "expected `default` and the outcome when no rule decides";
template<> inline constexpr auto error_message<date_literal> = "expected a date as `YYYY-MM-DD`";
template<> inline constexpr auto error_message<rule_id> = "expected the rule's id, as in `rule my-rule -> decision`";
template<> inline constexpr auto error_message<arrow> = "expected `->` and the decision the rule feeds";
template<> inline constexpr auto error_message<decision_target> = "expected the name of the decision the rule feeds";
template<> inline constexpr auto error_message<decision_targets> = "expected the name of the decision the rule feeds";
template<> inline constexpr auto error_message<rule_action> = "expected an operator, `when`, or the rule's outcome (as in `reject CODE \"message\"`)";
template<> inline constexpr auto error_message<code> = "expected a code, as in `warn PREDATES_MCA \"message\"`";
template<> inline constexpr auto error_message<property_id> = "expected the property's id, as in `property my-property \"what it says\"`";
template<> inline constexpr auto error_message<property_claim> = "expected an operator, `when`, or `holds` and what the property claims";
template<> inline constexpr auto error_message<declaration> = "expected a declaration: `policy`, `import`, `enum`, `record`, `input`, `param`, `let`, `table`, `decision`, `rule` or `property`";
// clang-format on

// Only explicit commit points raise: a rule with a message may still fail quietly elsewhere.
struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

}  // namespace clause::lang::grammar
