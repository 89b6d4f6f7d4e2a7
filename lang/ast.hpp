// The AST of a policy bundle, as the parser produced it. Every node carries its source span, and
// every expression an id, unique in its bundle, by which the checker's side tables
// (`checked_bundle::exprs`, lang/checked.hpp) hold what it found out: the AST is never written
// after parsing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/calendar.hpp"
#include "lang/source.hpp"

namespace clause::lang::ast {

// A name as written, with where it was written.
struct name {
  std::string text;
  span where;
};

struct field;

// ---- Types as written.
struct type_expr {
  enum class kind { named, record };
  kind form = kind::named;
  name head;                         // `string`, `Role`, `list` (for `list<Role>`)
  std::vector<type_expr> arguments;  // `<Role>`, `<string, Country>`
  std::vector<field> fields;         // an inline record `{ … }`
  span where;
};

// ---- Expressions.
enum class expr_kind : std::uint8_t {
  bool_literal,
  int_literal,
  string_literal,
  date_literal,
  datetime_literal,
  duration_literal,
  name,            // text: the name
  field,           // children[0] . text
  index,           // children[0] [ children[1] ]
  call,            // text: function; children: arguments
  not_op,          // not children[0]
  binary,          // children[0] op children[1]
  has,             // has children[0]
  if_then_else,    // children: condition, then, else
  quantifier,      // text: variable; children: collection, condition
  set_literal,     // children: elements
  list_literal,    // children: elements
  record_literal,  // field_names[i] = children[i]
};

enum class binary_op : std::uint8_t {
  or_op,
  and_op,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  in,
  not_in,
  overlaps,
  subset,
  coalesce,
  add,
  sub,
};

enum class quantifier_op : std::uint8_t { any, all, none, count };

// Numbers the expressions of a bundle: the parser gives each its own, from 0 up, across files.
using expr_id = std::uint32_t;

struct expr {
  expr_id id = 0;
  expr_kind kind = expr_kind::name;
  binary_op op = binary_op::eq;
  quantifier_op quantifier = quantifier_op::any;
  span where;
  std::string text;          // names, fields, functions, string literal values (unescaped)
  std::int64_t number = 0;   // int literal; duration amount; date literal (day number)
  bool months = false;       // duration unit is months (else days)
  datetime_value instant{};  // datetime literal
  bool truth = false;        // bool literal
  std::vector<expr> children;
  std::vector<name> field_names;  // record literal
};

// ---- Declarations.
struct field {
  name id;
  bool optional = false;
  type_expr type;
  std::optional<expr> default_value;
};

struct policy_header {
  name id;
  std::string title;
  std::string version;
  span where;
};

struct import_decl {
  std::string path;
  span where;
};

struct enum_decl {
  name id;
  std::vector<name> values;
};

struct record_decl {
  name id;
  std::vector<field> fields;
};

struct input_decl {
  std::vector<field> fields;
  span where;
};

struct param_decl {
  field spec;
};

struct let_decl {
  name id;
  std::optional<type_expr> declared_type;
  expr value;
};

struct table_decl {
  name id;
  type_expr type;                   // map<K, V>
  std::optional<std::string> file;  // `from "file.yaml"`
  span file_where;
  std::optional<std::string> at_key;           // `at "countries"`
  std::vector<std::pair<expr, expr>> entries;  // inline entries
};

// A message: literal text and `{expression}` placeholders, in order.
struct message_part {
  std::string text;  // literal text, when `placeholder` is empty
  std::optional<expr> placeholder;
};

struct message {
  std::vector<message_part> parts;
  span where;
};

struct translation {
  name locale;
  message text;
};

struct payload_value {
  name id;
  expr value;
};

struct outcome_value {
  name id;
  std::vector<payload_value> payload;
};

struct outcome_decl {
  name id;
  std::vector<field> payload;
};

enum class combining { collect, first, unique };

struct decision_decl {
  name id;
  std::optional<expr> applies_when;
  std::vector<outcome_decl> outcomes;  // least to most severe
  combining combine = combining::collect;
  span combine_where;
  std::optional<outcome_value> default_outcome;
};

struct rule_decl {
  name id;
  std::vector<name> decisions;  // the decisions it feeds: usually one
  std::optional<date_value> from;
  span from_where;
  std::optional<date_value> until;
  span until_where;
  std::optional<expr> condition;
  bool is_warning = false;  // `warn CODE`: adds a warning, leaves the outcome alone
  outcome_value outcome;    // empty id for a warning
  std::optional<name> code;
  std::optional<message> text;
  std::vector<translation> translations;
  span where;  // the `rule` keyword to the end of its action
};

// `property ID "description" [when CONDITION] holds CLAIM`: what `clause verify` proves of every
// case. Nothing evaluates it; the claim may ask about decisions (`outcome(attest)`).
struct property_decl {
  name id;
  std::string description;
  std::optional<expr> condition;
  expr claim;
  span where;
};

// One parsed .clause file.
struct module {
  file_id file = 0;
  expr_id end_expr_id = 0;  // one past its expressions' ids: where the next file's ids start
  std::optional<policy_header> header;
  std::vector<import_decl> imports;
  std::vector<enum_decl> enums;
  std::vector<record_decl> records;
  std::vector<input_decl> inputs;
  std::vector<param_decl> params;
  std::vector<let_decl> lets;
  std::vector<table_decl> tables;
  std::vector<decision_decl> decisions;
  std::vector<rule_decl> rules;
  std::vector<property_decl> properties;
};

}  // namespace clause::lang::ast
