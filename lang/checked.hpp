// A checked bundle: the AST of every file, plus what the checker resolved. This is what the
// runtime compiles; it is immutable once loading returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "lang/constant.hpp"
#include "lang/diagnostic.hpp"
#include "lang/types.hpp"

namespace clause::lang {

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

struct checked_bundle {
  std::shared_ptr<const source_set> sources;          // every file the spans below point into
  std::vector<std::unique_ptr<ast::module>> modules;  // owns every AST node referred to below
  ast::policy_header header;
  type_table types;
  type_id input = 0;  // the record type of a case
  std::vector<param_info> params;
  std::vector<let_info> lets;            // by declaration order (as expressions refer to them)
  std::vector<std::uint32_t> let_order;  // each let after the lets it uses
  std::vector<table_info> tables;
  std::vector<decision_info> decisions;
  std::vector<rule_info> rules;  // in file order, files in load order
};

// Everything a load produces. `bundle` is set only when there are no errors.
struct load_result {
  std::shared_ptr<source_set> sources = std::make_shared<source_set>();
  diagnostics diags;
  std::shared_ptr<const checked_bundle> bundle;
};

}  // namespace clause::lang
