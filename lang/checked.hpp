// A checked bundle: the AST of every file, as parsed, plus what the checker resolved, in tables
// beside it (by declaration, and by expression id for expressions). This is what the runtime
// compiles; it is immutable once loading returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lang/ast.hpp"
#include "lang/constant.hpp"
#include "lang/diagnostic.hpp"
#include "lang/types.hpp"

namespace re2 {
class RE2;
}

namespace clause::lang {

// What kind of thing a name (or a call, or `Enum.Value`, `params.x`) resolved to.
enum class ref_kind : std::uint8_t {
  unresolved,
  input_field,
  param_root,
  param,
  now,
  let_value,
  local,
  enum_value,
  table,
  function,
  decision_query,  // `outcome(attest)` in a property: ref_index is the decision
};

// What the checker found out about one expression.
struct expr_info {
  type_id type = 0;             // in the bundle's type table
  std::uint32_t ref_index = 0;  // which let / enum value / table / local / field / builtin
  ref_kind ref = ref_kind::unresolved;
  bool optional = false;  // may be absent: read only under a presence guard
};

struct param_info {
  std::string name;
  type_id type = 0;
  bool optional = false;  // no default: reading it needs `has params.name`
  std::optional<constant> default_value;
  span where;
};

struct let_info {
  std::string name;
  type_id type = 0;
  bool optional = false;
  const ast::let_decl* decl = nullptr;
};

struct table_info {
  std::string name;
  type_id key = 0;
  type_id value = 0;
  std::vector<std::pair<constant, constant>> rows;
  std::vector<span> row_where;  // by row: its key, inline or in the data file (`clause diff`)
  span where;
};

struct outcome_info {
  std::string name;
  std::vector<field_info> payload;
  span where;
};

struct decision_info {
  std::string name;
  const ast::decision_decl* decl = nullptr;
  std::vector<outcome_info> outcomes;  // least to most severe
  std::uint32_t default_outcome = 0;
  std::vector<const ast::expr*> default_payload;  // by payload field of the default outcome
  std::vector<std::uint32_t> rules;               // indexes into checked_bundle::rules, in order
};

struct rule_info {
  const ast::rule_decl* decl = nullptr;
  std::uint32_t decision = 0;
  std::optional<std::uint32_t> outcome;   // absent for a `warn` rule
  std::vector<const ast::expr*> payload;  // by payload field of the outcome
};

// A property `clause verify` proves; nothing evaluates it.
struct property_info {
  const ast::property_decl* decl = nullptr;
};

// An import and the file it brought in.
struct import_link {
  const ast::import_decl* decl = nullptr;
  file_id target = 0;
};

struct checked_bundle {
  std::shared_ptr<const source_set> sources;                // every file the spans below point into
  std::vector<std::unique_ptr<const ast::module>> modules;  // owns every AST node referred to below
  ast::policy_header header;
  type_table types;
  type_id input = 0;  // the record type of a case
  std::vector<param_info> params;
  std::vector<let_info> lets;            // by declaration order (as expressions refer to them)
  std::vector<std::uint32_t> let_order;  // each let after the lets it uses
  std::vector<table_info> tables;
  std::vector<decision_info> decisions;
  std::vector<rule_info> rules;  // in file order, files in load order
  std::vector<property_info> properties;
  std::vector<expr_info> exprs;  // by `ast::expr::id`
  std::vector<import_link> imports;
  // The pattern of each `matches`, by the id of its string literal: compiled (and so validated)
  // by the checker, and matched with by the runtime, which does not compile it again.
  std::unordered_map<ast::expr_id, std::shared_ptr<const re2::RE2>> patterns;

  const expr_info& info(const ast::expr& e) const { return exprs[e.id]; }
  expr_info& info(const ast::expr& e) { return exprs[e.id]; }
};

// Everything a load produces. `bundle` is set only when there are no errors.
struct load_result {
  std::shared_ptr<source_set> sources = std::make_shared<source_set>();
  diagnostics diags;
  std::shared_ptr<const checked_bundle> bundle;
  // The bundle as far as parsing and checking got, errors or not (null when no file could be
  // read): an editor still answers hovers and definitions in a file that has an error. Nothing
  // compiles or evaluates it.
  std::shared_ptr<const checked_bundle> partial;
};

}  // namespace clause::lang
