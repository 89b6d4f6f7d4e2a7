// A compiled policy: expressions as a flat array of typed nodes over slots, enums as small
// integers and bit sets, tables as hash maps, rules indexed by decision, constants folded.
// Immutable once built; evaluation only reads it, from any number of threads.
#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lang/checked.hpp"
#include "runtime/compile/jump_code.hpp"
#include "runtime/program/arena.hpp"
#include "runtime/program/lookup_table.hpp"
#include "runtime/program/value.hpp"

namespace clause::runtime {

class pattern;

enum class op : std::uint8_t {
  constant,  // a: constant index
  param,     // a: parameter index
  now,
  let_value,    // a: let index
  field,        // a: record node; b: field index
  read_path,    // fields `operands[a .. a+b)` down from the case's root (c = 0) or from
                // quantifier variable c - 1 (b = 0: the variable itself). From the root,
                // `operands[a+b]` is the path's slot in the root's flat block (schema_type), or
                // `schema_field::no_block` when a record on the way is not laid out flat
  path,         // a: record node; fields `operands[b .. b+c)`
  table_get,    // a: table index; b: key node
  list_get,     // a: list node; b: index node
  in_table,     // a: key node; b: table index
  in_enum_set,  // a: enum node; b: set node
  in_list,      // a: element node; b: list node
  overlaps,     // a, b: collections
  subset,       // a, b: collections
  not_op,
  all_of,            // `and`: conditions `operands[a .. a+b)`, all true
  any_of,            // `or`: any of them true
  compare,           // sub: comparison; a, b
  compare_constant,  // sub: comparison; a; b: constant index
  coalesce,
  add,
  subtract,
  has,
  if_then_else,  // a: condition; b: then; c: else
  quantifier,    // sub: any/all/none/count; a: collection; b: condition; c: variable slot
  make_list,     // a: first operand in `operands`; b: count; sub: list_form
  call,          // sub: builtin; a, b: arguments
  // Fused by `fold_constants` (the `read_path` node stays, for explanations):
  path_is_enum,  // a: a read_path node; c: an enum value: the path holds that value
  path_true,     // a: a read_path node of a bool: it holds true
  path_present,  // a: a read_path node: `has` it
  path_or,       // a: a read_path node; b: a constant index: `path ?? constant`
  today,         // `utc_date(now)`: computed once per case
  // Made by `share_repeated`, in the specialised program only:
  let_present,  // a: let index: the let has a value (`has let`, or `k in t` sharing `t[k]`)
};

enum class comparison : std::uint8_t { eq, ne, lt, le, gt, ge };

// What a `make_list` makes: a list, an enum set (a bit set), or another set (a list made
// canonical: set_order.hpp).
enum class list_form : std::uint8_t { list, enum_set, set };

struct node {
  op code = op::constant;
  std::uint8_t sub = 0;
  bool negate = false;  // boolean operators: the result is negated (a `not` folded in)
  std::uint32_t a = 0, b = 0, c = 0;

  bool operator==(const node&) const = default;
};

// A message with its placeholders compiled: literal text and node ids, in order.
struct message_template {
  struct part {
    std::string text;
    std::optional<std::uint32_t> expression;
    const std::vector<std::string>* enum_names = nullptr;  // to show an enum value by name
  };
  std::vector<part> parts;
  // A message without placeholders is the same for every case: its text, and its entry in a JSON
  // record's `messages` (`{"code":...,"text":...}`, escaped), are made once when compiling.
  bool constant = false;
  std::string constant_text, json_entry;
};

struct compiled_rule {
  std::string id;
  std::string location;  // `file:line:column` of its id
  std::uint32_t decision = 0;
  std::optional<std::uint32_t> condition;
  std::optional<std::int32_t> from_day, until_day;  // effective period, UTC days
  bool is_warning = false;
  std::uint32_t outcome = 0;
  std::string code;
  std::vector<std::uint32_t> payload;  // one node per payload field of the outcome
  std::optional<message_template> text;
  std::vector<std::pair<std::string, message_template>> translations;  // lower-case locale tag
};

struct compiled_outcome {
  std::string name;
  std::vector<std::string> payload_fields;
  // The constant parts of a JSON record, written once here and copied for every case:
  // `"DECISION":{"outcome":"NAME"` and, by payload field, `,"FIELD":`.
  std::string json_head;
  std::vector<std::string> json_payload_keys;
  // By payload field: the names of its enum's values (an enum, or a list or set of one), to show
  // them by name; null for other types.
  std::vector<const std::vector<std::string>*> payload_enum_names;
};

// What deciding needs of a rule, packed: a decision walks these, not `compiled_rule`s.
struct rule_step {
  static constexpr std::uint32_t always = UINT32_MAX;
  std::uint32_t condition = always;                          // node, or `always`
  std::uint32_t rule = 0;                                    // index into program::rules
  std::int32_t from_day = INT32_MIN, until_day = INT32_MAX;  // effective period, UTC days
  std::uint32_t outcome = 0;
  bool is_warning = false;
  bool has_period = false;
  bool has_code = false;  // firing it gives a code or a warning (and its message)
};

struct compiled_decision {
  std::string name;
  std::optional<std::uint32_t> applies;
  std::vector<compiled_outcome> outcomes;
  lang::ast::combining combine = lang::ast::combining::collect;
  std::uint32_t default_outcome = 0;
  std::vector<std::uint32_t> default_payload;
  std::vector<rule_step> steps;  // its rules, in order
};

// How a case is read: the shape of the input, for the binder.
struct schema_field;
struct schema_type {
  lang::type_kind kind = lang::type_kind::error;
  const std::vector<std::string>* enum_values = nullptr;  // enumeration (and enum-set element)
  std::vector<schema_field> fields;                       // record
  const schema_type* element = nullptr;                   // list, set
  bool enum_set = false;                                  // a set of an enum of <= 64 values
  std::string name;                                       // for messages
  // A record is bound into one flat block of values: its fields first, then, in field order, the
  // blocks of the record fields that are laid out inside it (`schema_field::block`). So a path of
  // the case's root reads one slot (`program::nodes`, `read_path`), absent when any record on the
  // way is absent (the block starts zeroed). `flat_size` is the block's length.
  std::uint32_t flat_size = 0;
  bool laid_out = false;  // `flat_size` is known (a record refers to itself: the inner one is not)

  // A record's fields, or an enumeration's values, by their name's key_slot() (index_names()).
  // `field`: 0 none, `shared_slot` several (then compare each), otherwise the name's index + 1, its
  // length and words beside it: binding finds a member's field, or a string's enum value, and
  // checks its name in one look, without reading the name.
  static constexpr std::size_t key_slots = 64;
  static constexpr std::uint8_t shared_slot = 0xFF;
  static constexpr std::size_t short_name = 16;  // longer names are compared with the field's
  struct key_entry {
    short_text_words words;  // of a name of up to `short_name` bytes
    std::uint32_t length = 0;
    std::uint8_t field = 0;
    // A record's field alone in its slot whose value is a scalar: its kind and type, and whether
    // its text is interned (`schema_field::intern`), so that binding one of a case's members
    // reads the slot and not the field (filled by the interning pass, compile/intern.cpp).
    // `error` otherwise.
    lang::type_kind scalar = lang::type_kind::error;
    bool intern = false;
    const schema_type* type = nullptr;
  };
  std::array<key_entry, key_slots> by_key{};
  // Of the first 64 fields, those with a default or required (a bit each, by index): binding in
  // one pass looks at those of them not given, and only those.
  std::uint64_t filled_when_absent = 0;
  // Fills `by_key` with `names`, in their order.
  void index_names(const std::vector<std::string_view>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      key_entry& slot = by_key[key_slot(names[i])];
      const bool fits = i + 1 < shared_slot;  // more names: compared in turn
      if (slot.field == 0 && fits) {
        slot.field = static_cast<std::uint8_t>(i + 1);
        slot.length = static_cast<std::uint32_t>(names[i].size());
        if (names[i].size() <= short_name) slot.words = words_of_short_text(names[i]);
      } else {
        slot.field = shared_slot;
      }
    }
  }
  // Whether a value of `kind` is a scalar a case may give (what the binder's scalar() reads).
  static constexpr bool scalar_kind(lang::type_kind kind) {
    switch (kind) {
      case lang::type_kind::boolean:
      case lang::type_kind::integer:
      case lang::type_kind::string:
      case lang::type_kind::date:
      case lang::type_kind::datetime:
      case lang::type_kind::duration:
      case lang::type_kind::enumeration:
        return true;
      default:
        return false;
    }
  }
  static std::size_t key_slot(std::string_view key) {
    if (key.empty()) return 0;
    const auto first = static_cast<unsigned char>(key.front());
    const auto last = static_cast<unsigned char>(key.back());
    return (key.size() * 31 + first * 7 + last) % key_slots;
  }
};

struct schema_field {
  std::string name;
  const schema_type* type = nullptr;  // owned by the program (`schema_types`)
  bool required = false;
  std::optional<value> default_value;
  bool intern = false;  // compared with string literals: the binder looks its text up
  // A record field laid out inside its parent's block: where its own block starts there.
  static constexpr std::uint32_t no_block = UINT32_MAX;
  std::uint32_t block = no_block;
};

struct compiled_param {
  std::string name;
  const schema_type* type = nullptr;
  value default_value;  // absent for an optional parameter without default
};

struct program {
  std::shared_ptr<const lang::checked_bundle> source;
  std::vector<node> nodes;          // constants folded; parameters read at evaluation
  std::vector<node> default_nodes;  // the same with every parameter at its default, folded again
  jump_code jumps, default_jumps;   // their conditions as jumping code (jump_code.hpp)
  std::vector<lang::span> spans;    // where each node's expression is written (for explanations)
  std::vector<const std::vector<std::string>*> enum_names;  // a node's enum, to show its values
  // A list or set of records with a text field `id`: that field's index, to name an element in
  // an explanation ("held for agreements[1] (id `a2`)"); -1 for other nodes.
  std::vector<std::int32_t> element_id_field;
  std::vector<std::uint32_t> operands;  // children of make_list nodes
  std::vector<value> constants;
  arena constant_arena;              // strings and lists of constants and tables
  std::vector<lookup_table> tables;  // keys and rows in constant_arena
  lookup_table literals;  // string literals compared with interned fields -> their number
  std::vector<std::unique_ptr<pattern>> patterns;  // by constant index of their text
  std::vector<std::optional<std::uint32_t>> pattern_of_constant;
  std::vector<std::uint32_t> lets;  // node of each let's value
  std::vector<compiled_param> params;
  schema_type input;
  // Every type the input and the parameters are made of, pointed to by fields and elements (a
  // record may refer to itself, so they do not own each other).
  std::vector<std::unique_ptr<schema_type>> schema_types;
  std::vector<value> absent_block;  // `input.flat_size` absent values: the block of no case
  std::vector<compiled_decision> decisions;
  std::vector<compiled_rule> rules;
  std::uint32_t max_locals = 0;

  program() = default;
  program(const program&) = delete;
  program& operator=(const program&) = delete;
  ~program();
};

// Compiles a checked bundle. Never fails for a bundle that checked clean.
std::shared_ptr<const program> compile(std::shared_ptr<const lang::checked_bundle> bundle);

}  // namespace clause::runtime
