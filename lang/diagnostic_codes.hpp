// Every diagnostic code, in one table: `E` codes are errors, `W` codes warnings. Codes are stable:
// a code is never reused for another meaning. Each is documented in lang/README.md and has at least
// one golden test in tests/golden/.
#pragma once

#include <string_view>

namespace clause::lang {

// clang-format off
#define CLAUSE_DIAGNOSTIC_CODES(X)                                                        \
  X(io,                   "E0001", "a file of the bundle cannot be read")                  \
  X(limit,                "E0002", "a limit of the language is exceeded")                  \
  X(syntax,               "E0101", "syntax error")                                         \
  X(bad_literal,          "E0102", "a literal is malformed")                               \
  X(bad_language_tag,     "E0103", "a language tag is malformed")                          \
  X(unknown_name,         "E0201", "unknown name")                                         \
  X(duplicate_name,       "E0202", "a name is declared twice")                             \
  X(unknown_field,        "E0203", "a record has no such field")                           \
  X(unknown_enum_value,   "E0204", "an enum has no such value")                            \
  X(ambiguous_name,       "E0205", "a name is ambiguous")                                  \
  X(unknown_decision,     "E0206", "a rule feeds an unknown decision")                     \
  X(unknown_outcome,      "E0207", "a decision has no such outcome")                       \
  X(duplicate_rule,       "E0208", "two rules have the same id")                           \
  X(cyclic_definition,    "E0209", "a definition refers to itself")                        \
  X(unknown_type,         "E0210", "unknown type")                                         \
  X(unknown_function,     "E0211", "unknown function")                                     \
  X(type_mismatch,        "E0301", "a value has the wrong type")                           \
  X(unguarded_optional,   "E0302", "an optional value is read without a presence guard")  \
  X(wrong_arguments,      "E0303", "a function is called with the wrong arguments")        \
  X(bad_regex,            "E0304", "a regular expression is invalid")                      \
  X(bad_payload,          "E0305", "an outcome's payload does not match its declaration") \
  X(bad_placeholder,      "E0306", "a message placeholder cannot be shown")                \
  X(bad_default,          "E0307", "a default value does not fit its type")                \
  X(no_policy_header,     "E0401", "the bundle has no policy header, or more than one")    \
  X(import_escapes,       "E0402", "an import leaves the bundle")                          \
  X(import_not_found,     "E0403", "an imported file does not exist")                      \
  X(bad_period,           "E0404", "an effective period ends before it starts")            \
  X(yaml_syntax,          "E0501", "a data file is not valid YAML")                        \
  X(data_mismatch,        "E0502", "data does not fit its declared type")                  \
  X(data_key_missing,     "E0503", "a data file has no such key")                          \
  X(data_duplicate_key,   "E0504", "a table has the same key twice")                      \
  X(unused_let,           "W0101", "a `let` is never used")                                \
  X(unused_param,         "W0102", "a parameter is never used")                            \
  X(unused_enum,          "W0103", "an enum is never used")                                \
  X(unused_enum_value,    "W0104", "an enum value can never occur")                        \
  X(unused_record,        "W0105", "a record type is never used")                          \
  X(unused_table,         "W0106", "a table is never read")                                \
  X(unused_import,        "W0107", "nothing reads from an imported file")                  \
  X(rule_never_fires,     "W0201", "a rule can never fire")                                \
  X(shadowed_rule,        "W0202", "an earlier rule of a `first` decision always wins")    \
  X(overlapping_rules,    "W0203", "two rules of a `unique` decision can match together")  \
  X(same_condition,       "W0204", "two rules have the same condition")                    \
  X(payload_clash,        "W0205", "two `collect` rules can give different payloads")      \
  X(missing_translation,  "W0301", "a message lacks a translation the policy has")         \
  X(translation_placeholders, "W0302", "a translation shows other values than its message")
// clang-format on

enum class code {
#define CLAUSE_X(name, id, title) name,
  CLAUSE_DIAGNOSTIC_CODES(CLAUSE_X)
#undef CLAUSE_X
};

struct code_info {
  code value;
  std::string_view id;
  std::string_view title;
};

inline constexpr code_info all_codes[] = {
#define CLAUSE_X(name, id, title) {code::name, id, title},
    CLAUSE_DIAGNOSTIC_CODES(CLAUSE_X)
#undef CLAUSE_X
};

constexpr bool is_warning(code c) {
  return all_codes[static_cast<int>(c)].id[0] == 'W';
}

constexpr std::string_view code_id(code c) {
  return all_codes[static_cast<int>(c)].id;
}

}  // namespace clause::lang
