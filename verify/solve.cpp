#include "verify/solve.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_set>

namespace clause::verify {

namespace {

void constants(const z3::expr& e, std::unordered_set<unsigned>& seen, std::set<unsigned>& out) {
  if (!seen.insert(e.id()).second) return;
  if (e.is_const() && !e.is_numeral() && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) {
    out.insert(e.decl().id());
    return;
  }
  if (e.is_app()) {
    for (unsigned i = 0; i < e.num_args(); ++i)
      constants(e.arg(i), seen, out);
  } else if (e.is_quantifier()) {
    constants(e.body(), seen, out);
  }
}

std::set<unsigned> constants_of(const z3::expr& e) {
  std::unordered_set<unsigned> seen;
  std::set<unsigned> out;
  constants(e, seen, out);
  return out;
}

void fresh_constants(const z3::expr& e, std::unordered_set<unsigned>& seen,
                     std::set<unsigned>& out) {
  if (!seen.insert(e.id()).second) return;
  if (e.is_const() && !e.is_numeral() && e.decl().decl_kind() == Z3_OP_UNINTERPRETED) {
    if (e.decl().name().str().find('!') != std::string::npos) out.insert(e.decl().id());
    return;
  }
  if (e.is_app()) {
    for (unsigned i = 0; i < e.num_args(); ++i)
      fresh_constants(e.arg(i), seen, out);
  }
}

bool meets(const std::set<unsigned>& a, const std::set<unsigned>& b) {
  for (unsigned x : a)
    if (b.count(x)) return true;
  return false;
}

}  // namespace

void asker::limit(z3::solver& s, bool quick) const {
  z3::params p(vars_.ctx());
  if (rlimit_) {
    p.set("rlimit", quick ? std::max(1u, rlimit_ / 5) : rlimit_);
  } else {
    p.set("timeout", quick ? std::min(timeout_ms_, std::max(1000u, timeout_ms_ / 5)) : timeout_ms_);
  }
  s.set(p);
}

std::string asker::gave_up_reason(const std::string& reason) const {
  const bool ran_out = reason.find("timeout") != std::string::npos ||
                       reason.find("canceled") != std::string::npos ||
                       reason.find("resource") != std::string::npos;
  if (!ran_out) return reason;
  // Under a budget there is no timer: a cancel is the budget running out.
  if (rlimit_) return "the solver ran out of its budget (--rlimit " + std::to_string(rlimit_) + ")";
  return "the solver ran out of time (--timeout " + std::to_string(timeout_ms_ / 1000) + ")";
}

// The definitions of the fresh terms the goal reaches (through other definitions), the domain
// facts of the case variables it reaches, and the exactness conditions about either. Every
// definition holds of some value whatever the case (trim, lower… are total), so one nothing
// reaches cannot change an answer; leaving it out spares the solver.
asker::chosen asker::relevant(const z3::expr& goal) const {
  std::set<unsigned> reach = constants_of(goal);
  const auto& defs = side_.defs;
  auto names_reached = [&](const side_conditions::fact& f) {
    return std::any_of(f.terms.begin(), f.terms.end(),
                       [&](unsigned id) { return reach.count(id) > 0; });
  };
  std::vector<bool> taken(defs.size(), false);
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < defs.size(); ++i) {
      if (taken[i] || !names_reached(defs[i])) continue;
      taken[i] = true;
      grew = true;
      const std::set<unsigned> more = constants_of(defs[i].holds);
      reach.insert(more.begin(), more.end());
    }
  }
  chosen out;
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (taken[i]) out.facts.push_back(defs[i].holds);
  for (const z3::expr& d : vars_.domain())
    if (meets(constants_of(d), reach)) out.facts.push_back(d);
  for (const side_conditions::fact& e : side_.exact)
    if (names_reached(e)) out.assumptions.push_back(e.holds);
  for (const z3::expr& t : vars_.tame())
    if (meets(constants_of(t), reach)) out.assumptions.push_back(t);
  for (const side_conditions::fact& f : side_.simple)
    if (names_reached(f)) out.simple.push_back(f.holds);
  return out;
}

answer asker::ask_plain(const z3::expr& goal) const {
  const auto start = std::chrono::steady_clock::now();
  z3::context& c = vars_.ctx();
  const chosen picked = relevant(goal);
  z3::solver s(c);
  limit(s, true);
  for (const z3::expr& f : picked.facts)
    s.add(f);
  // No regular expressions here (they cost the most): the ends of each text are asked of one
  // character each, and the evaluator checks whatever the texts turn out to be.
  s.add(goal);
  answer a;
  // A text the model fills with characters a witness cannot show plainly, or with white space
  // at an end (where `trim` is not the identity), is asked again, made plain: a few rounds, each
  // for the texts that need it, rather than every text at once (those conditions cost the most).
  for (int round = 0; round < 4 && s.check() == z3::sat; ++round) {
    const z3::model m = s.get_model();
    bool fixed = false;
    for (std::size_t i = 0; i < vars_.texts().size(); ++i) {
      const auto& [text, printable] = vars_.texts()[i];
      const std::string value = m.eval(text, true).get_string();
      const bool plain = std::all_of(value.begin(), value.end(),
                                     [](char ch) { return ch > ' ' && ch <= '~' && ch != '\\'; });
      if (plain) continue;
      s.add(printable);
      s.add(vars_.plain()[i]);
      fixed = true;
    }
    if (!fixed) {
      a.is = answer::kind::found;
      a.model = m;
      break;
    }
  }
  a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return a;
}

answer asker::ask(const z3::expr& goal) const {
  const auto start = std::chrono::steady_clock::now();
  z3::context& c = vars_.ctx();
  const chosen picked = relevant(goal);
  const std::vector<z3::expr>& facts = picked.facts;
  const std::vector<z3::expr>& assumptions = picked.assumptions;

  z3::solver s(c);
  limit(s, false);
  for (const z3::expr& f : facts)
    s.add(f);
  s.add(goal);
  answer a;
  // Each assumption is named by a literal, so an unsat core says whether any was needed.
  auto named = [&](const std::vector<z3::expr>& conditions, const char* prefix) {
    z3::expr_vector names(c);
    for (std::size_t i = 0; i < conditions.size(); ++i) {
      const z3::expr name = c.bool_const((prefix + std::to_string(i)).c_str());
      s.add(z3::implies(name, conditions[i]));
      names.push_back(name);
    }
    return names;
  };
  z3::expr_vector exact = named(assumptions, "exact!");
  const z3::expr_vector simple = named(picked.simple, "simple!");
  z3::expr_vector both(c);
  for (const z3::expr& e : exact)
    both.push_back(e);
  for (const z3::expr& e : simple)
    both.push_back(e);
  std::string gave_up;
  // 1. Simple, exact cases; 2. exact cases; 3. any case. An unsat core without assumptions
  // answers for every case at once.
  for (z3::expr_vector* assumed : {&both, &exact}) {
    if (assumed == &exact && simple.empty()) continue;
    const z3::check_result r = s.check(*assumed);
    if (r == z3::sat) {
      a.is = answer::kind::found;
      a.model = s.get_model();
      break;
    }
    if (r == z3::unsat && s.unsat_core().empty()) {
      a.is = answer::kind::none;
      break;
    }
    if (r == z3::unknown) gave_up = s.reason_unknown();
  }
  if (!a.model && a.is != answer::kind::none) {
    const z3::check_result any = s.check();
    if (any == z3::unsat) {
      a.is = answer::kind::none;
    } else if (any == z3::sat) {
      a.is = answer::kind::unknown;
      a.reason = gave_up.empty()
                     ? "only cases outside the exactly encoded ones could answer (upper-case "
                       "text under `lower`/`equals_ignore_case`, a date with a fraction or a zone "
                       "offset)"
                     : "the solver gave up: " + gave_up;
    } else {
      a.is = answer::kind::unknown;
      a.reason = "the solver gave up: " + s.reason_unknown();
    }
  }
  if (a.is == answer::kind::unknown) a.reason = gave_up_reason(a.reason);
  a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return a;
}

bool asker::holds_in(const z3::model& m, const z3::expr& goal) const {
  z3::context& c = vars_.ctx();
  z3::solver s(c);
  limit(s, false);
  for (const z3::expr& v : vars_.variables())
    s.add(v == m.eval(v, true));
  // Exactly encoded only: a case outside the exact encoding is not confirmed here (its answer
  // comes from the looser passes, as `unknown`).
  const chosen picked = relevant(goal);
  for (const z3::expr& f : picked.facts)
    s.add(f);
  for (const z3::expr& f : picked.assumptions)
    s.add(f);
  s.add(goal);
  return s.check() == z3::sat;
}

}  // namespace clause::verify
