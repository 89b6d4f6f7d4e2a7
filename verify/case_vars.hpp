// The free variables of one case: the input (lists bounded at K elements), `now`, and the
// parameters (free within their types, or fixed by `--param`). Two bundles compared with
// `--against` share one case, so the solver asks about the same case of both.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "verify/symbolic.hpp"

namespace clause::verify {

struct witness_node;

class case_vars {
 public:
  // `fixed` holds the parameters set with `--param`, already parsed against their types.
  case_vars(z3::context& c, const lang::checked_bundle& bundle, unsigned list_bound,
            const std::map<std::string, lang::constant>& fixed);

  z3::context& ctx() const { return *ctx_; }
  const lang::checked_bundle& bundle() const { return *bundle_; }
  const sym& input() const { return input_; }
  const sym& now() const { return now_; }
  const sym& param(std::size_t i) const { return params_[i]; }
  unsigned list_bound() const { return list_bound_; }

  // True of every case (types' ranges, a list's length): asserted in every query.
  const std::vector<z3::expr>& domain() const { return domain_; }
  // True of the cases a witness is printed from (strings of printable ASCII): where the encoding
  // is exact and the witness text is plain.
  const std::vector<z3::expr>& tame() const { return tame_; }
  // True of the cases searched first: printable texts without white space at their ends (so
  // `trim` changes none of them).
  const std::vector<z3::expr>& plain() const { return plain_; }
  // Each text variable with its `tame` condition.
  const std::vector<std::pair<z3::expr, z3::expr>>& texts() const { return texts_; }
  // Every variable of the case: fixing each to a model's value fixes the case.
  const std::vector<z3::expr>& variables() const { return variables_; }

  // The case a model describes, as a JSON object (`now` and `params` included).
  std::string witness_json(const z3::model& m, std::string_view id) const;
  // The same case as a YAML document.
  std::string witness_yaml(const z3::model& m, std::string_view id) const;

 private:
  sym variable(lang::type_id t, const std::string& path);
  witness_node read(const z3::model& m, const sym& s, lang::type_id t) const;
  witness_node read_case(const z3::model& m, std::string_view id) const;

  z3::context* ctx_;
  const lang::checked_bundle* bundle_;
  unsigned list_bound_;
  sym input_, now_;
  std::vector<sym> params_;
  std::vector<bool> params_fixed_;
  std::vector<z3::expr> domain_, tame_, plain_, variables_;
  std::vector<std::pair<z3::expr, z3::expr>> texts_;
};

// The range of the calendar a case can give: years 0001 to 9999.
inline constexpr std::int64_t first_day = -719162;  // 0001-01-01
inline constexpr std::int64_t last_day = 2932896;   // 9999-12-31

}  // namespace clause::verify
