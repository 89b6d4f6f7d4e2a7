// A checked bundle as constraints over one case (case_vars): each expression a term, each decision
// its outcome, codes, warnings and payload as functions of the case. Reads the checked AST (the
// checker's tables say what each name is and each expression's type), never the source text.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "verify/builtins.hpp"
#include "verify/case_vars.hpp"

namespace clause::verify {

// A decision as functions of the case.
struct decision_model {
  explicit decision_model(z3::context& c)
      : applies(c.bool_val(false)),
        outcome(c.int_val(0)),
        defaulted(c.bool_val(false)),
        conflict(c.bool_val(false)) {}
  z3::expr applies;               // its `when` holds: the record has it
  std::vector<z3::expr> fires;    // by place in decision_info::rules: in period, condition holds
  std::vector<z3::expr> decided;  // ... and it is among the rules that decided (`first`: reached)
  std::vector<z3::expr> decider;  // ... and its payload is the decision's
  z3::expr outcome;               // the outcome's place in `outcomes`
  z3::expr defaulted;             // no rule gave an outcome
  z3::expr conflict;              // `unique`: two rules or more matched
  std::vector<std::pair<std::string, z3::expr>> codes, warnings;  // a code and when it is given
};

// A decision as the evaluator took it for one case: what a witness is checked against.
struct observed_decision {
  bool applies = false;
  std::string outcome;
  std::vector<std::string> codes, warnings;
  std::vector<std::pair<std::string, std::string>> payload;  // as text
};

class encoder {
 public:
  // `vars` may belong to another bundle with the same input (`--against`).
  // `plain_text`: `trim`, `lower` and `upper` are taken as the identity, `equals_ignore_case`
  // as `==` and a parsed date as one written `YYYY-MM-DD`, as they are on texts without white space
  // at their ends and in one case (case_vars::plain): the quick first search for a witness, which
  // the evaluator confirms.
  encoder(const lang::checked_bundle& bundle, const case_vars& vars, side_conditions& side,
          bool plain_text = false);

  sym value(const lang::ast::expr& e);
  z3::expr holds(const lang::ast::expr& e);  // a condition: absent counts as false
  const decision_model& decision(std::uint32_t d);
  // `payload(d, field)`: present when the decision applies and its outcome has the field.
  sym payload(std::uint32_t d, std::string_view field);
  const lang::checked_bundle& bundle() const { return bundle_; }
  // While set (by decision), properties read decisions from here rather than encoding them.
  void observe(const std::vector<observed_decision>* seen) { observed_ = seen; }

 private:
  sym name(const lang::ast::expr& e);
  sym field(const lang::ast::expr& e);
  sym index(const lang::ast::expr& e);
  sym binary(const lang::ast::expr& e);
  sym call(const lang::ast::expr& e);
  sym query(const lang::ast::expr& e);
  sym observed_query(const lang::ast::expr& e, const observed_decision& seen);
  sym quantifier(const lang::ast::expr& e);
  sym literal(const lang::ast::expr& e);
  sym let(std::uint32_t index);
  const std::vector<std::pair<sym, sym>>& table(std::uint32_t index);
  sym lookup(std::uint32_t table, const sym& key);
  z3::expr compare(const lang::ast::expr& e, const sym& a, const sym& b);
  z3::expr day_of_now();
  sym with_type(sym s, const lang::ast::expr& e) const;
  void encode_decision(std::uint32_t d, decision_model& m);
  // Encodes `e` where `guard` holds (see side_conditions::guards).
  z3::expr holds_under(const z3::expr& guard, const lang::ast::expr& e);
  sym value_under(const z3::expr& guard, const lang::ast::expr& e);

  z3::context& c_;
  const lang::checked_bundle& bundle_;
  const lang::type_table& types_;
  const case_vars& vars_;
  side_conditions& side_;
  sym input_;
  std::vector<sym> params_;
  std::vector<sym> locals_;
  std::unordered_map<std::uint32_t, sym> lets_;
  std::unordered_map<std::uint32_t, std::vector<std::pair<sym, sym>>> tables_;
  std::vector<std::optional<decision_model>> decisions_;
  const std::vector<observed_decision>* observed_ = nullptr;
  bool plain_text_ = false;
};

}  // namespace clause::verify
