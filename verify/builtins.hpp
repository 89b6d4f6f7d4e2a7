// The builtins the theories of Z3 do not have, defined by constraints on fresh terms: `trim`
// exactly, `lower`/`upper`/`equals_ignore_case` exactly on text without the other case and loosely
// (lengths only) on the rest, `matches` by translating the RE2 pattern into a Z3 regular
// expression, `parse_date`/`parse_datetime` exactly on the forms a case most often has.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "verify/symbolic.hpp"

namespace clause::verify {

// What an encoding adds beside its terms.
struct side_conditions {
  explicit side_conditions(z3::context& c) : ctx(&c) {}
  z3::context* ctx;
  // A fact about the fresh terms it names (their definition, or where it is exact). A question
  // takes the facts of the fresh terms it reaches, and no other.
  struct fact {
    z3::expr holds;
    std::vector<unsigned> terms;  // the fresh terms' declaration ids
  };
  // Definitions of fresh terms: true of every case, and total (some value fits any case).
  std::vector<fact> defs;
  // Each holds where the encoding is exact; a witness is searched for with all of them assumed,
  // and a proof is made without them, so it covers every case.
  std::vector<fact> exact;
  // Conditions under which a case is quick to solve (texts with nothing to trim): a witness is
  // searched for among those first.
  // Conditions under which a case is quick to solve (nothing to trim): a witness is searched for
  // among those first.
  std::vector<fact> simple;
  void define(const std::vector<z3::expr>& terms, const z3::expr& definition);
  // Where the terms being encoded matter (the right of an `and` matters when its left holds, a
  // quantifier's condition for the elements in the list): a definition made under these is
  // asserted only where they hold, so the solver never works out a fresh term that cannot count.
  std::vector<z3::expr> guards;
  z3::expr guarded(const z3::expr& fact) const;
  // A builtin applied twice to the same term gives the same fresh term (the solver would
  // otherwise have to prove two cuts of one text equal); its facts are asserted again under the
  // guards of each place it is used.
  struct memo {
    std::vector<z3::expr> results;
    std::vector<std::pair<std::vector<z3::expr>, z3::expr>> defs, exact, simple;
  };
  std::map<std::string, memo> memos;
  void replay(const memo& m);
  void exact_where(const std::vector<z3::expr>& terms, const z3::expr& condition);
  unsigned next = 0;
  z3::expr fresh_string(std::string_view what);
  z3::expr fresh_int(std::string_view what);
  z3::expr fresh_bool(std::string_view what);
};

z3::expr encode_trim(side_conditions& s, const z3::expr& text);
// `to_lower` true for `lower`, false for `upper`.
z3::expr encode_case(side_conditions& s, const z3::expr& text, bool to_lower);
z3::expr encode_equals_ignore_case(side_conditions& s, const z3::expr& a, const z3::expr& b);
// RE2 syntax, unanchored unless `^`/`$`; throws not_encoded for what it does not translate.
z3::expr encode_matches(side_conditions& s, const z3::expr& text, std::string_view pattern,
                        lang::span at);

// `parse_date(text)` and `parse_datetime(text)`: a present flag and the value (days; ns).
struct parsed {
  z3::expr present;
  z3::expr value;
};
parsed encode_parse_date(side_conditions& s, const z3::expr& text);
parsed encode_parse_datetime(side_conditions& s, const z3::expr& text);
// For the quick search: the text is a date written from fresh digits, or the result is absent;
// no regular expression. Loose (a witness is confirmed by the evaluator), never used in a proof.
parsed encode_parse_plain(side_conditions& s, const z3::expr& text, bool datetime);

// Days since 1970-01-01 of a proleptic Gregorian y-m-d (y >= 1).
z3::expr days_from_civil(const z3::expr& y, const z3::expr& m, const z3::expr& d);

}  // namespace clause::verify
