// Internals of the checker, shared by its declaration pass (checker.cpp) and its expression pass
// (check_expressions.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lang/checker.hpp"

namespace clause::lang::detail {

struct local_variable {
  std::string name;
  type_id type = 0;
};

// What is in scope while checking one expression: quantifier variables, and the field paths known
// to be present (from `has` guards on the way to this expression).
struct scope {
  std::vector<local_variable> locals;
  std::vector<std::string> present;
  bool decision_queries = false;  // in a property: `outcome(d)`, `codes(d)`... are known
  bool knows(const std::string& key) const;
  void forget(const std::string& name);
  void add_present(const std::string& key);  // also every prefix: `a.b.c` makes `a.b` present
};

class checker {
 public:
  checker(checked_bundle& bundle, const data_reader& read_data, diagnostics& out);
  void run();

  // ---- expressions (check_expressions.cpp)
  // Types `e` in `s`; `expected` steers bare enum values and empty collections.
  void check(const ast::expr& e, const scope& s, type_id expected = type_table::error);
  // The type `check` gave `e`.
  type_id type_of(const ast::expr& e) const { return bundle_.info(e).type; }
  // Reports E0302 when `e` may be absent here.
  void require_present(const ast::expr& e);
  void require_type(const ast::expr& e, type_id wanted, std::string_view what);
  void check_condition(const ast::expr& e, const scope& s, std::string_view what);
  // Paths known present when `e` is true (or false).
  void facts(const ast::expr& e, bool when_true, scope& s) const;
  // A constant (defaults, inline table data) from a literal expression of type `t`.
  std::optional<constant> constant_of(const ast::expr& e, type_id t);

 private:
  // ---- declarations (checker.cpp)
  void collect_types();
  bool type_name_free(const ast::name& n);
  void resolve_types();
  type_id resolve_type(const ast::type_expr& t, const std::string& record_name);
  std::vector<field_info> resolve_fields(const std::vector<ast::field>& fields,
                                         const std::string& record_name);
  void check_field_defaults(record_info& r);
  void check_params();
  void check_tables();
  void load_table_data(table_info& info, const ast::table_decl& decl, file_id file);
  void check_lets();
  void check_decisions();
  void check_rules();
  void check_properties();
  void check_decision_query(const ast::expr& e, const scope& s);
  void check_query_literals(const ast::expr& e);
  void check_payload(const outcome_info& outcome, const std::vector<ast::payload_value>& given,
                     const scope& s, span at, std::vector<const ast::expr*>& out);
  void check_message(const ast::message& m, const scope& s);
  void check_unique_names();
  bool is_showable_type(type_id t) const;
  std::string location_of(span where) const;

  // ---- expression helpers (check_expressions.cpp)
  void check_node(const ast::expr& e, const scope& s, type_id expected);
  void too_deep(const ast::expr& e);
  void check_name(const ast::expr& e, const scope& s, type_id expected);
  void check_field(const ast::expr& e, const scope& s);
  void check_index(const ast::expr& e, const scope& s);
  void check_binary(const ast::expr& e, const scope& s);
  void check_chain(const ast::expr& e, const scope& s);
  void check_pair(const ast::expr& l, const ast::expr& r, const scope& s);
  bool needs_context(const ast::expr& e, const scope& s) const;
  void check_call(const ast::expr& e, const scope& s);
  void check_pattern(const ast::expr& pattern, std::string_view function);
  void check_quantifier(const ast::expr& e, const scope& s);
  void check_collection_literal(const ast::expr& e, const scope& s, type_id expected);
  void narrow(const ast::expr& e, const scope& s);
  std::vector<std::string> visible_names(const scope& s) const;
  std::string text_of(span where) const;
  void mismatch(const ast::expr& e, std::string_view what, type_id wanted);

 public:
  // Resolves `e` to let `index`, checking the let first if it is not yet.
  void use_let(const ast::expr& e, std::uint32_t index);
  // Checks let `index` unless it is already; false when it is being checked (a cycle).
  bool check_let(std::uint32_t index);

  checked_bundle& bundle_;
  const data_reader& read_data_;
  diagnostics& out_;
  type_table& types_;

  std::map<std::string, std::uint32_t, std::less<>> enum_index_;
  std::map<std::string, std::uint32_t, std::less<>> record_index_;
  std::map<std::string, std::uint32_t, std::less<>> let_index_;
  std::map<std::string, std::uint32_t, std::less<>> table_index_;
  std::map<std::string, std::uint32_t, std::less<>> param_index_;
  std::map<std::string, std::uint32_t, std::less<>> decision_index_;

  // Lets are checked on first use, so a let may use one declared after it; cycles are errors.
  enum class let_state { unchecked, checking, done };
  std::vector<const ast::let_decl*> let_decls_;
  std::vector<let_state> let_states_;
  std::vector<let_info> let_infos_;
  std::vector<std::uint32_t> let_order_;
  std::vector<std::string> let_stack_;
  // Lets count as deep as their values (evaluation goes through them): the depth of the
  // expression being checked, lets included, the deepest reached since the let being checked
  // began, and how deep each checked let is. Bounded by limits::max_expression_depth, which also
  // bounds the checker's own recursion.
  std::size_t depth_ = 0;
  bool in_constant_ = false;  // checking a default or a table entry (constant_of)
  std::size_t deepest_ = 0;
  std::vector<std::size_t> let_heights_;
  const ast::input_decl* input_decl_ = nullptr;
};

// `agreement.primaryContact.email`, `templates[agreement.templateId]`: the key a presence guard
// is recorded under, for expressions that are field paths.
std::optional<std::string> path_key(const ast::expr& e);

// `applies`, `outcome`, `codes`, `warnings`, `payload`: what a property may ask of a decision.
bool is_decision_query(std::string_view function);

}  // namespace clause::lang::detail
