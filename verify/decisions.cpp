// Decisions as the evaluator takes them (runtime/eval/evaluator.hpp, `fire`): the rules in order,
// each in its period and with its condition; `collect` keeps the most severe outcome (the first
// rule to reach it gives the payload) and every code, `first` stops at the first rule with an
// outcome, `unique` keeps the first and records a conflict when another matches.
#include <fmt/format.h>

#include "lang/calendar.hpp"
#include "verify/encoder.hpp"

namespace clause::verify {

namespace ast = lang::ast;

z3::expr encoder::day_of_now() {
  return (vars_.now().scalar / c_.int_val(ns_per_day));
}

const decision_model& encoder::decision(std::uint32_t d) {
  if (!decisions_.at(d)) {
    // Kept and read anywhere, as a let: its definitions hold whatever guards where it is asked.
    std::vector<z3::expr> outer;
    outer.swap(side_.guards);
    decision_model m(c_);
    try {
      encode_decision(d, m);
    } catch (...) {
      side_.guards.swap(outer);
      throw;
    }
    side_.guards.swap(outer);
    decisions_[d] = std::move(m);
  }
  return *decisions_[d];
}

void encoder::encode_decision(std::uint32_t d, decision_model& m) {
  const lang::decision_info& info = bundle_.decisions[d];
  const ast::decision_decl& decl = *info.decl;
  m.applies = decl.applies_when ? holds(*decl.applies_when) : c_.bool_val(true);
  const z3::expr today = day_of_now();
  for (std::uint32_t r : info.rules) {
    const ast::rule_decl& rule = *bundle_.rules[r].decl;
    z3::expr fires = rule.condition ? holds(*rule.condition) : c_.bool_val(true);
    if (rule.from) fires = fires && today >= c_.int_val(rule.from->days);
    if (rule.until) fires = fires && today <= c_.int_val(rule.until->days);
    m.fires.push_back(fires);
  }
  const std::size_t n = info.rules.size();
  auto outcome_of = [&](std::size_t i) { return bundle_.rules[info.rules[i]].outcome; };
  // Whether some rule with an outcome, before rule i, fired.
  std::vector<z3::expr> earlier;
  z3::expr any = c_.bool_val(false);
  for (std::size_t i = 0; i < n; ++i) {
    earlier.push_back(any);
    if (outcome_of(i)) any = any || m.fires[i];
  }
  m.defaulted = !any;
  const ast::combining combine = decl.combine;
  z3::expr outcome = c_.int_val(static_cast<int>(info.default_outcome));
  if (combine == ast::combining::collect) {
    // The most severe outcome of the rules that fired; its first rule gives the payload.
    for (std::size_t level = 0; level < info.outcomes.size(); ++level) {
      std::vector<z3::expr> at_level;
      for (std::size_t i = 0; i < n; ++i)
        if (outcome_of(i) == level) at_level.push_back(m.fires[i]);
      outcome = z3::ite(any_of(c_, at_level), c_.int_val(static_cast<int>(level)), outcome);
    }
    for (std::size_t i = 0; i < n; ++i) {
      m.decided.push_back(m.fires[i]);
      if (!outcome_of(i)) {
        m.decider.push_back(c_.bool_val(false));
        continue;
      }
      z3::expr first_at_level = m.fires[i] && outcome == static_cast<int>(*outcome_of(i));
      for (std::size_t j = 0; j < i; ++j)
        if (outcome_of(j) == outcome_of(i)) first_at_level = first_at_level && !m.fires[j];
      m.decider.push_back(first_at_level);
    }
  } else {
    // `first` and `unique`: the first rule with an outcome decides.
    for (std::size_t i = 0; i < n; ++i) {
      const bool has_outcome = outcome_of(i).has_value();
      const z3::expr reached = combine == ast::combining::first ? !earlier[i] : c_.bool_val(true);
      m.decided.push_back(has_outcome ? m.fires[i] && !earlier[i] : m.fires[i] && reached);
      m.decider.push_back(has_outcome ? m.fires[i] && !earlier[i] : c_.bool_val(false));
    }
    for (std::size_t i = n; i-- > 0;)
      if (outcome_of(i))
        outcome = z3::ite(m.decider[i], c_.int_val(static_cast<int>(*outcome_of(i))), outcome);
    if (combine == ast::combining::unique) {
      std::vector<z3::expr> pairs;
      for (std::size_t i = 0; i < n; ++i)
        if (outcome_of(i)) pairs.push_back(m.fires[i] && earlier[i]);
      m.conflict = any_of(c_, pairs);
    }
  }
  m.outcome = outcome;
  for (std::size_t i = 0; i < n; ++i) {
    const ast::rule_decl& rule = *bundle_.rules[info.rules[i]].decl;
    if (!rule.code) continue;
    auto& list = rule.is_warning ? m.warnings : m.codes;
    list.emplace_back(rule.code->text, m.applies && m.decided[i]);
  }
  if (combine == ast::combining::unique)
    m.warnings.emplace_back("RULE_CONFLICT", m.applies && m.conflict);
}

sym encoder::payload(std::uint32_t d, std::string_view field) {
  const decision_model& m = decision(d);
  const lang::decision_info& info = bundle_.decisions[d];
  // Each candidate's value of `field`, and when that candidate gives the payload.
  std::vector<std::pair<z3::expr, sym>> candidates;
  auto value_of = [&](std::uint32_t outcome,
                      const std::vector<const ast::expr*>& given) -> std::optional<sym> {
    const auto& fields = info.outcomes.at(outcome).payload;
    for (std::size_t f = 0; f < fields.size() && f < given.size(); ++f)
      if (fields[f].name == field && given[f]) return value(*given[f]);
    return std::nullopt;
  };
  for (std::size_t i = 0; i < info.rules.size(); ++i) {
    const lang::rule_info& r = bundle_.rules[info.rules[i]];
    if (!r.outcome) continue;
    if (auto v = value_of(*r.outcome, r.payload)) candidates.emplace_back(m.decider[i], *v);
  }
  if (auto v = value_of(info.default_outcome, info.default_payload))
    candidates.emplace_back(m.defaulted, *v);
  lang::type_id type = lang::type_table::error;
  for (const lang::outcome_info& o : info.outcomes)
    for (const lang::field_info& f : o.payload)
      if (f.name == field) type = f.type;
  sym out = absent(c_, bundle_.types, type);
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
    if (it == candidates.rbegin()) {
      out = it->second;
      out.present = it->first && it->second.present;
    } else {
      sym merged = merge(it->first, it->second, out);
      out = merged;
    }
  }
  out.present = m.applies && out.present;
  return out;
}

// `applies(d)`, `outcome(d)`, `codes(d)`, `warnings(d)`, `payload(d, field)` in a property.
sym encoder::query(const ast::expr& e) {
  const std::uint32_t d = bundle_.info(e).ref_index;
  if (observed_) return observed_query(e, observed_->at(d));
  const decision_model& m = decision(d);
  const lang::decision_info& info = bundle_.decisions[d];
  sym out(c_);
  out.type = bundle_.info(e).type;
  if (e.text == "applies") {
    out.scalar = m.applies;
  } else if (e.text == "outcome") {
    z3::expr name = c_.string_val("");
    for (std::size_t o = info.outcomes.size(); o-- > 0;)
      name = z3::ite(m.outcome == static_cast<int>(o), string_constant(c_, info.outcomes[o].name),
                     name);
    out.scalar = z3::ite(m.applies, name, c_.string_val(""));
  } else if (e.text == "codes" || e.text == "warnings") {
    const lang::type_id element = bundle_.types.info(out.type).element;
    for (const auto& [code, given] : e.text == "codes" ? m.codes : m.warnings) {
      sym s(c_);
      s.type = element;
      s.scalar = string_constant(c_, code);
      out.items.push_back({given, s});
    }
  } else {
    out = payload(d, e.children[1].text);
    out.type = bundle_.info(e).type;
  }
  return out;
}

// The same questions, answered by what the evaluator decided.
sym encoder::observed_query(const ast::expr& e, const observed_decision& seen) {
  sym out(c_);
  out.type = bundle_.info(e).type;
  if (e.text == "applies") {
    out.scalar = c_.bool_val(seen.applies);
  } else if (e.text == "outcome") {
    out.scalar = string_constant(c_, seen.applies ? seen.outcome : "");
  } else if (e.text == "codes" || e.text == "warnings") {
    const lang::type_id element = bundle_.types.info(out.type).element;
    for (const std::string& code : e.text == "codes" ? seen.codes : seen.warnings) {
      sym s(c_);
      s.type = element;
      s.scalar = string_constant(c_, code);
      out.items.push_back({c_.bool_val(true), s});
    }
  } else {
    const std::string& field = e.children[1].text;
    out = absent(c_, bundle_.types, out.type);
    for (const auto& [name, text] : seen.payload) {
      if (name != field) continue;
      const lang::type_info& t = bundle_.types.info(out.type);
      out.present = c_.bool_val(true);
      switch (t.kind) {
        case lang::type_kind::string:
          out.scalar = string_constant(c_, text);
          break;
        case lang::type_kind::boolean:
          out.scalar = c_.bool_val(text == "true");
          break;
        case lang::type_kind::integer:
          out.scalar = c_.int_val(static_cast<int64_t>(std::stoll(text)));
          break;
        case lang::type_kind::enumeration: {
          const auto v = bundle_.types.enums[t.index].find(text);
          out.scalar = c_.int_val(static_cast<int>(v.value_or(0)));
          break;
        }
        case lang::type_kind::date:
          out.scalar = c_.int_val(lang::parse_date(text).value_or(lang::date_value{}).days);
          break;
        case lang::type_kind::datetime: {
          const auto v = lang::parse_datetime(text).value_or(lang::datetime_value{});
          out.scalar = c_.int_val(static_cast<int64_t>(v.seconds)) * c_.int_val(ns_per_second) +
                       c_.int_val(v.nanos);
          break;
        }
        default:
          throw not_encoded("a payload field of this type", e.where);
      }
    }
  }
  return out;
}

}  // namespace clause::verify
