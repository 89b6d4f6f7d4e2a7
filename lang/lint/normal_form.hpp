// Conditions in a normal form, so that the warnings can compare rules by what they test rather
// than by how they are written: `a == b` and `b == a`, `x > 1` and `1 < x`, `not (a == b)` and
// `a != b`, `Tier.Gold` and `Gold`, `f == true` and `f` each have one form. The form is a key for
// comparing, never shown to an author (diagnostics quote the source text).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/checked.hpp"

namespace clause::lang::lint {

// The key of `e`; equal keys mean the same test on every case.
std::string normal_form(const checked_bundle& b, const ast::expr& e);

// The key of `not e`, from the key of `e` (`not not e` is `e`).
std::string negated(const std::string& key);

// The value of `e` when it is the same on every case (literals and operators on them only).
std::optional<bool> constant_truth(const ast::expr& e);

// One part of a conjunction, `and`s flattened: `a and (b and c)` has three.
struct conjunct {
  std::string key;
  const ast::expr* part = nullptr;
  // `path == constant` (either side): what the part pins a path to, for spotting one path
  // tested for two different constants.
  std::string pinned_path;
  std::string pinned_value;
};

// The conjuncts of a condition (none for a rule without `when`), sorted by key, without repeats.
std::vector<conjunct> conjuncts_of(const checked_bundle& b, const ast::expr* condition);

// Why `parts` can never all hold, in words (quoting the source), or nothing when they may.
std::optional<std::string> contradiction(const checked_bundle& b,
                                         const std::vector<conjunct>& parts);

// Every key of `small` is in `large` (both sorted).
bool includes_all(const std::vector<conjunct>& large, const std::vector<conjunct>& small);

// The source text of a span, on one line (newlines and runs of spaces as one space).
std::string quoted(const checked_bundle& b, span where);

}  // namespace clause::lang::lint
