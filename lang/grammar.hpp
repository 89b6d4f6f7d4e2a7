// The grammar of the clause language, as a table of one-line PEGTL rules.
// Every commit point (`must<>`, via `pad_must<>`) has a human message in grammar_errors.hpp; the
// must_if control refuses to compile a commit point without one.
#pragma once

#include <tao/pegtl.hpp>

namespace clause::lang::grammar {

using namespace tao::pegtl;

// clang-format off

// ---- Layout: whitespace, `#` comments; newlines are not significant.
struct comment : seq<one<'#'>, until<eolf>> {};
struct blank : sor<plus<space>, comment> {};
struct sep : star<blank> {};
template<typename Rule> struct pad_must : seq<sep, must<Rule>> {};
template<typename Rule> struct pad : seq<sep, Rule> {};

// ---- Words.
struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct ident_word : seq<ident_first, star<ident_other>> {};
template<typename Word> struct kw : seq<Word, not_at<ident_other>> {};
#define CLAUSE_KEYWORD(name) struct kw_##name : kw<TAO_PEGTL_STRING(#name)> {}
CLAUSE_KEYWORD(policy); CLAUSE_KEYWORD(version); CLAUSE_KEYWORD(import); CLAUSE_KEYWORD(enum);
CLAUSE_KEYWORD(record); CLAUSE_KEYWORD(input); CLAUSE_KEYWORD(param); CLAUSE_KEYWORD(let);
CLAUSE_KEYWORD(table); CLAUSE_KEYWORD(decision); CLAUSE_KEYWORD(rule); CLAUSE_KEYWORD(when);
CLAUSE_KEYWORD(outcomes); CLAUSE_KEYWORD(combine); CLAUSE_KEYWORD(default); CLAUSE_KEYWORD(from);
CLAUSE_KEYWORD(until); CLAUSE_KEYWORD(at); CLAUSE_KEYWORD(warn); CLAUSE_KEYWORD(if);
CLAUSE_KEYWORD(then); CLAUSE_KEYWORD(else); CLAUSE_KEYWORD(and); CLAUSE_KEYWORD(or);
CLAUSE_KEYWORD(not); CLAUSE_KEYWORD(in); CLAUSE_KEYWORD(has); CLAUSE_KEYWORD(true);
CLAUSE_KEYWORD(false); CLAUSE_KEYWORD(any); CLAUSE_KEYWORD(all); CLAUSE_KEYWORD(none);
CLAUSE_KEYWORD(count); CLAUSE_KEYWORD(where); CLAUSE_KEYWORD(overlaps); CLAUSE_KEYWORD(subset);
CLAUSE_KEYWORD(of); CLAUSE_KEYWORD(property); CLAUSE_KEYWORD(holds);
#undef CLAUSE_KEYWORD
struct declaration_keyword : sor<kw_policy, kw_import, kw_enum, kw_record, kw_input, kw_param, kw_let, kw_table, kw_decision, kw_rule, kw_property> {};
struct expression_keyword : sor<kw_if, kw_then, kw_else, kw_and, kw_or, kw_not, kw_in, kw_has, kw_true, kw_false, kw_any, kw_all, kw_none, kw_count, kw_where, kw_overlaps, kw_subset, kw_of> {};
struct clause_keyword : sor<kw_version, kw_when, kw_outcomes, kw_combine, kw_default, kw_from, kw_until, kw_at, kw_warn, kw_holds> {};
struct keyword : sor<declaration_keyword, expression_keyword, clause_keyword> {};
struct identifier : seq<not_at<keyword>, ident_word> {};
struct rule_id : seq<ident_first, star<sor<ident_other, one<'-'>>>> {};
struct code : seq<not_at<keyword>, plus<ident_other>> {};
// Read loosely (`de_DE`), so that the parser can say how to write it (lang/language_tag.hpp).
struct locale_tag : seq<plus<alpha>, star<one<'-', '_'>, plus<alnum>>> {};

// ---- Literals. Dates are tried before integers: `2020-02-01` is one date, not a subtraction.
struct digits : plus<digit> {};
struct date_literal : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<ident_other>> {};
struct time_zone : sor<one<'Z'>, seq<one<'+', '-'>, rep<2, digit>, one<':'>, rep<2, digit>>> {};
struct time_part : seq<one<'T'>, rep<2, digit>, one<':'>, rep<2, digit>, one<':'>, rep<2, digit>, opt<one<'.'>, plus<digit>>, opt<time_zone>> {};
struct datetime_literal : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, time_part, not_at<ident_other>> {};
struct duration_unit : kw<sor<TAO_PEGTL_STRING("days"), TAO_PEGTL_STRING("day"), TAO_PEGTL_STRING("weeks"), TAO_PEGTL_STRING("week"), TAO_PEGTL_STRING("months"), TAO_PEGTL_STRING("month"), TAO_PEGTL_STRING("years"), TAO_PEGTL_STRING("year")>> {};
struct duration_literal : seq<digits, plus<blank>, duration_unit> {};
struct integer_literal : seq<digits, not_at<ident_other>> {};
struct escape : seq<one<'\\'>, any> {};
struct string_char : sor<escape, seq<not_at<one<'"'>>, not_at<eolf>, any>> {};
struct string_literal : seq<one<'"'>, star<string_char>, must<one<'"'>>> {};
struct bool_literal : sor<kw_true, kw_false> {};
struct literal : sor<datetime_literal, date_literal, duration_literal, integer_literal, string_literal, bool_literal> {};

// ---- Expressions, loosest first.
struct expression;
struct postfix;
struct comma : pad<one<','>> {};
// `item, item, item` with an optional trailing comma before `Close`.
template<typename Item, typename Close> struct comma_list : seq<Item, star<comma, sep, sor<at<Close>, must<Item>>>> {};
struct paren_expression : seq<one<'('>, pad_must<expression>, pad_must<one<')'>>> {};
template<typename Close> struct element_list : opt<comma_list<expression, Close>> {};
struct set_literal : seq<one<'{'>, sep, element_list<one<'}'>>, pad_must<one<'}'>>> {};
struct list_literal : seq<one<'['>, sep, element_list<one<']'>>, pad_must<one<']'>>> {};
struct record_field : seq<identifier, sep, one<':'>, pad_must<expression>> {};
struct record_literal : seq<one<'{'>, sep, comma_list<record_field, one<'}'>>, pad_must<one<'}'>>> {};
struct call_arguments : seq<one<'('>, sep, element_list<one<')'>>, pad_must<one<')'>>> {};
struct call : seq<identifier, sep, at<one<'('>>, call_arguments> {};
struct name : identifier {};
struct has_expression : seq<kw_has, pad_must<postfix>> {};
struct quantifier_word : sor<kw_any, kw_all, kw_none, kw_count> {};
struct bound_variable : identifier {};
struct quantifier : seq<quantifier_word, pad_must<bound_variable>, pad_must<kw_in>, pad_must<postfix>, pad_must<kw_where>, pad_must<expression>> {};
struct if_expression : seq<kw_if, pad_must<expression>, pad_must<kw_then>, pad_must<expression>, pad_must<kw_else>, pad_must<expression>> {};
// Unary minus: `-5`, `-30 days`, `-x` (not the `->` of a rule).
struct minus_sign : seq<one<'-'>, not_at<one<'>'>>> {};
struct negative : seq<minus_sign, pad_must<postfix>> {};
struct primary : sor<paren_expression, if_expression, has_expression, quantifier, negative, literal, record_literal, set_literal, list_literal, call, name> {};
struct field_access : seq<one<'.'>, pad_must<identifier>> {};
struct index_access : seq<one<'['>, pad_must<expression>, pad_must<one<']'>>> {};
struct postfix : seq<primary, star<sep, sor<field_access, index_access>>> {};
struct additive_operator : sor<one<'+'>, seq<one<'-'>, not_at<one<'>'>>>> {};
struct additive : seq<postfix, star<sep, additive_operator, pad_must<postfix>>> {};
struct coalesce_operator : TAO_PEGTL_STRING("??") {};
struct coalesce : seq<additive, star<sep, coalesce_operator, pad_must<additive>>> {};
struct not_in_operator : seq<kw_not, sep, kw_in> {};
struct subset_operator : seq<kw_subset, sep, kw_of> {};
struct comparison_operator : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="), one<'<'>, one<'>'>, not_in_operator, kw_in, kw_overlaps, subset_operator> {};
struct single_equals : seq<one<'='>, not_at<one<'='>>> {};
struct no_single_equals : not_at<single_equals> {};
struct no_chained_comparison : not_at<comparison_operator> {};
struct no_unknown_operator : not_at<one<'*', '/', '%', '&', '|', '!'>, not_at<one<'='>>> {};
// Common mistakes after a comparison get a message of their own, at the offending operator.
struct operator_mistakes : seq<sep, must<no_single_equals>, must<no_unknown_operator>> {};
struct comparison : seq<coalesce, opt<sep, comparison_operator, pad_must<coalesce>, sep, must<no_chained_comparison>>, operator_mistakes> {};
struct not_operator : kw_not {};
struct negation;
struct not_expression : seq<not_operator, pad_must<negation>> {};
struct negation : sor<not_expression, comparison> {};
struct and_operator : kw_and {};
struct conjunction : seq<negation, star<sep, and_operator, pad_must<negation>>> {};
struct or_operator : kw_or {};
struct disjunction : seq<conjunction, star<sep, or_operator, pad_must<conjunction>>> {};
struct expression : seq<disjunction> {};

// ---- Types.
struct type;
struct type_arguments : seq<one<'<'>, sep, must<comma_list<type, one<'>'>>>, pad_must<one<'>'>>> {};
struct field_block;
struct named_type : seq<identifier, opt<sep, type_arguments>> {};
struct type : sor<field_block, named_type> {};

// ---- Fields of records, the input schema and outcome payloads: `name?: type = default`.
struct optional_mark : one<'?'> {};
struct field_default : seq<one<'='>, pad_must<expression>> {};
struct field : seq<identifier, opt<optional_mark>, pad_must<one<':'>>, pad_must<type>, opt<sep, field_default>> {};
struct field_block : seq<one<'{'>, sep, star<field, sep, opt<one<','>, sep>>, must<one<'}'>>> {};

// ---- Declarations.
struct policy_name : identifier {};
struct policy_declaration : seq<kw_policy, pad_must<policy_name>, opt<sep, string_literal>, pad_must<kw_version>, pad_must<string_literal>> {};
struct import_declaration : seq<kw_import, pad_must<string_literal>> {};
struct enum_value : identifier {};
struct enum_values : comma_list<enum_value, one<'}'>> {};
struct enum_declaration : seq<kw_enum, pad_must<identifier>, pad_must<one<'{'>>, pad_must<enum_values>, pad_must<one<'}'>>> {};
struct record_declaration : seq<kw_record, pad_must<identifier>, pad_must<field_block>> {};
struct input_declaration : seq<kw_input, pad_must<field_block>> {};
struct param_declaration : seq<kw_param, pad_must<field>> {};
struct let_type : seq<one<':'>, pad_must<type>> {};
struct let_declaration : seq<kw_let, pad_must<identifier>, opt<sep, let_type>, pad_must<one<'='>>, pad_must<expression>> {};
struct table_source : seq<kw_from, pad_must<string_literal>, opt<sep, kw_at, pad_must<string_literal>>> {};
struct table_entry : seq<expression, pad_must<one<':'>>, pad_must<expression>> {};
struct table_entries : seq<one<'{'>, sep, opt<comma_list<table_entry, one<'}'>>>, pad_must<one<'}'>>> {};
struct table_body : sor<table_source, seq<one<'='>, pad_must<table_entries>>> {};
struct table_declaration : seq<kw_table, pad_must<identifier>, pad_must<one<':'>>, pad_must<type>, pad_must<table_body>> {};

struct payload_fields : seq<one<'('>, sep, comma_list<field, one<')'>>, pad_must<one<')'>>> {};
struct outcome_declaration : seq<identifier, opt<sep, payload_fields>> {};
struct outcome_list : seq<outcome_declaration, star<sep, one<'|'>, pad_must<outcome_declaration>>> {};
struct applies_when : seq<kw_when, pad_must<expression>> {};
struct combining : identifier {};
struct payload_value : seq<identifier, sep, one<'='>, pad_must<expression>> {};
struct payload_values : seq<one<'('>, sep, comma_list<payload_value, one<')'>>, pad_must<one<')'>>> {};
struct outcome_value : seq<identifier, opt<sep, payload_values>> {};
struct decision_default : seq<kw_default, pad_must<outcome_value>> {};
struct decision_declaration : seq<kw_decision, pad_must<identifier>, opt<sep, applies_when>, pad_must<kw_outcomes>, pad_must<outcome_list>, pad_must<kw_combine>, pad_must<combining>, pad_must<decision_default>> {};

struct decision_target : identifier {};
struct decision_targets : seq<decision_target, star<comma, pad_must<decision_target>>> {};
struct effective_from : seq<kw_from, pad_must<date_literal>> {};
struct effective_until : seq<kw_until, pad_must<date_literal>> {};
struct rule_condition : seq<kw_when, pad_must<expression>> {};
struct translation : seq<locale_tag, sep, string_literal> {};
struct message : seq<string_literal, star<sep, translation>> {};
struct warning_action : seq<kw_warn, pad_must<code>, opt<sep, message>> {};
struct outcome_action : seq<outcome_value, opt<sep, code>, opt<sep, message>> {};
struct rule_action : sor<warning_action, outcome_action> {};
struct arrow : TAO_PEGTL_STRING("->") {};
struct rule_declaration : seq<kw_rule, pad_must<rule_id>, pad_must<arrow>, pad_must<decision_targets>, opt<sep, effective_from>, opt<sep, effective_until>, opt<sep, rule_condition>, pad_must<rule_action>> {};

// A property `clause verify` proves: when the condition holds, so does the claim.
struct property_id : seq<ident_first, star<sor<ident_other, one<'-'>>>> {};
struct property_condition : seq<kw_when, pad_must<expression>> {};
struct property_claim : seq<kw_holds, pad_must<expression>> {};
struct property_declaration : seq<kw_property, pad_must<property_id>, opt<sep, string_literal>, opt<sep, property_condition>, pad_must<property_claim>> {};

struct declaration : sor<policy_declaration, import_declaration, enum_declaration, record_declaration, input_declaration, param_declaration, let_declaration, table_declaration, decision_declaration, rule_declaration, property_declaration> {};
// One declaration at a time: the parser recovers from an error at the next declaration.
struct next_declaration : seq<must<declaration>, sep> {};
struct leading_space : seq<opt<utf8::bom>, sep> {};

// A message text's placeholders, `{expression}`, parsed from the unescaped text.
struct placeholder_end : eof {};
struct placeholder_expression : seq<sep, must<expression>, sep, must<placeholder_end>> {};

// clang-format on

}  // namespace clause::lang::grammar
