// Rules that can never fire or never matter, and rules that overlap where the decision says they
// must not (W0201-W0205). Conditions are compared as sets of conjuncts in normal form: a rule
// whose conjuncts include all of another's matches whenever that one does.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "lang/lint/lint.hpp"
#include "lang/lint/normal_form.hpp"
#include "lang/location.hpp"

namespace clause::lang::lint {

namespace {

struct rule_view {
  const rule_info* info = nullptr;
  std::vector<conjunct> parts;
  bool never = false;  // already reported as never firing
};

bool warns(const rule_view& r) {
  return !r.info->outcome.has_value();
}

std::string location(const checked_bundle& b, span where) {
  const source_file& f = b.sources->file(where.file);
  const line_column at = f.locate(where.begin);
  return format_location(f.path(), at.line, at.column);
}

// `a`'s effective period includes all of `c`'s.
bool covers(const ast::rule_decl& a, const ast::rule_decl& c) {
  const bool from = !a.from || (c.from && *a.from <= *c.from);
  const bool until = !a.until || (c.until && *a.until >= *c.until);
  return from && until;
}

// Some day is in both periods.
bool periods_meet(const ast::rule_decl& a, const ast::rule_decl& c) {
  const date_value start = std::max(a.from.value_or(min_date), c.from.value_or(min_date));
  const date_value end = std::min(a.until.value_or(max_date), c.until.value_or(max_date));
  return start <= end;
}

bool same_parts(const std::vector<conjunct>& a, const std::vector<conjunct>& c) {
  return std::equal(a.begin(), a.end(), c.begin(), c.end(),
                    [](const conjunct& x, const conjunct& y) { return x.key == y.key; });
}

std::vector<conjunct> merged(std::vector<conjunct> a, const std::vector<conjunct>& c) {
  a.insert(a.end(), c.begin(), c.end());
  std::stable_sort(a.begin(), a.end(),
                   [](const conjunct& x, const conjunct& y) { return x.key < y.key; });
  a.erase(std::unique(a.begin(), a.end(),
                      [](const conjunct& x, const conjunct& y) { return x.key == y.key; }),
          a.end());
  return a;
}

// Every case `narrow` matches, `wide` matches too (given the decision's `when`).
bool implies(const rule_view& narrow, const rule_view& wide, const std::vector<conjunct>& when) {
  return includes_all(merged(narrow.parts, when), wide.parts);
}

std::string payload_key(const checked_bundle& b, const rule_view& r) {
  std::string key;
  for (const ast::expr* e : r.info->payload)
    key += (e ? normal_form(b, *e) : std::string("-")) + ";";
  return key;
}

class rule_linter {
 public:
  rule_linter(const checked_bundle& b, diagnostics& out) : b_(b), out_(out) {}

  void decision(const decision_info& d) {
    const std::vector<conjunct> when =
        conjuncts_of(b_, d.decl && d.decl->applies_when ? &*d.decl->applies_when : nullptr);
    std::vector<rule_view> rules;
    for (std::uint32_t index : d.rules) {
      const rule_info& r = b_.rules[index];
      rules.push_back({&r, conjuncts_of(b_, r.decl->condition ? &*r.decl->condition : nullptr)});
    }
    for (rule_view& r : rules)
      never_fires(d, when, r);
    for (std::size_t j = 0; j < rules.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        if (rules[i].never || rules[j].never) continue;
        if (pair(d, when, rules[i], rules[j])) break;
      }
    }
  }

 private:
  void never_fires(const decision_info& d, const std::vector<conjunct>& when, rule_view& r) {
    const ast::rule_decl& decl = *r.info->decl;
    if (auto why = contradiction(b_, r.parts)) {
      r.never = true;
      if (reported_never_.insert(&decl).second) {
        out_.warning(code::rule_never_fires, decl.id.where,
                     fmt::format("rule `{}` can never fire: {}", decl.id.text, *why),
                     "its condition is false for every case");
      }
      return;
    }
    if (when.empty()) return;
    if (auto why = contradiction(b_, merged(r.parts, when))) {
      r.never = true;
      out_.warning(
          code::rule_never_fires, decl.id.where,
          fmt::format("rule `{}` can never fire for decision `{}`: {}", decl.id.text, d.name, *why),
          fmt::format("the decision is taken only `when {}` ({})",
                      quoted(b_, d.decl->applies_when->where),
                      location(b_, d.decl->applies_when->where)));
    }
  }

  // Warns about `later` against `earlier` where one of the checks applies; true when it did.
  bool pair(const decision_info& d, const std::vector<conjunct>& when, const rule_view& earlier,
            const rule_view& later) {
    const ast::rule_decl& a = *earlier.info->decl;
    const ast::rule_decl& c = *later.info->decl;
    if (reported_pairs_.count({&a, &c})) return true;
    const bool warned = pair_warning(d, when, earlier, later);
    if (warned) reported_pairs_.insert({&a, &c});
    return warned;
  }

  bool pair_warning(const decision_info& d, const std::vector<conjunct>& when,
                    const rule_view& earlier, const rule_view& later) {
    const ast::rule_decl& a = *earlier.info->decl;
    const ast::rule_decl& c = *later.info->decl;
    const std::string at = fmt::format("`{}` ({})", a.id.text, location(b_, a.id.where));
    if (same_parts(earlier.parts, later.parts) && a.from == c.from && a.until == c.until &&
        warns(earlier) == warns(later)) {
      const bool differ = earlier.info->outcome != later.info->outcome;
      out_.warning(code::same_condition, c.id.where,
                   fmt::format("rule `{}` has the same condition as rule {}{}", c.id.text, at,
                               differ ? ", with another outcome" : ""),
                   differ ? "a case cannot get both outcomes: change one condition, or remove a "
                            "rule"
                          : "a copied rule keeps its condition: change it, or remove one rule");
      return true;
    }
    if (warns(earlier) || !periods_meet(a, c)) return false;
    switch (d.decl->combine) {
      case ast::combining::first:
        if (implies(later, earlier, when) && covers(a, c)) {
          out_.warning(code::shadowed_rule, c.id.where,
                       fmt::format("rule `{}` can never fire: rule {} comes first and matches "
                                   "every case it does",
                                   c.id.text, at),
                       fmt::format("in a `first` decision the first rule that matches decides: "
                                   "move `{}` before `{}`, or narrow `{}`",
                                   c.id.text, a.id.text, a.id.text));
          return true;
        }
        return false;
      case ast::combining::unique:
        if (warns(later) || !overlap(when, earlier, later)) return false;
        out_.warning(code::overlapping_rules, c.id.where,
                     fmt::format("rules {} and `{}` can match the same case", at, c.id.text),
                     "a case both match is a conflict (`RULE_CONFLICT`): make their conditions "
                     "exclusive");
        return true;
      case ast::combining::collect:
        if (warns(later) || earlier.info->outcome != later.info->outcome) return false;
        if (d.outcomes[*later.info->outcome].payload.empty()) return false;
        if (payload_key(b_, earlier) == payload_key(b_, later)) return false;
        if (!overlap(when, earlier, later)) return false;
        out_.warning(code::payload_clash, c.id.where,
                     fmt::format("rules {} and `{}` can both give `{}`, with different payloads",
                                 at, c.id.text, d.outcomes[*later.info->outcome].name),
                     fmt::format("when both match, the first (`{}`) gives the payload: make their "
                                 "conditions exclusive, or their payloads equal",
                                 a.id.text));
        return true;
    }
    return false;
  }

  // One rule's condition implies the other's, and together they can hold.
  bool overlap(const std::vector<conjunct>& when, const rule_view& a, const rule_view& c) {
    if (!implies(a, c, when) && !implies(c, a, when)) return false;
    return !contradiction(b_, merged(merged(a.parts, c.parts), when));
  }

  const checked_bundle& b_;
  diagnostics& out_;
  std::set<const ast::rule_decl*> reported_never_;
  std::set<std::pair<const ast::rule_decl*, const ast::rule_decl*>> reported_pairs_;
};

}  // namespace

void warn_rules(const checked_bundle& b, diagnostics& out) {
  rule_linter linter(b, out);
  for (const decision_info& d : b.decisions)
    linter.decision(d);
}

}  // namespace clause::lang::lint
