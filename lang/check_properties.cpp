// The properties of a bundle (`property ID "…" when … holds …`): their conditions and claims are
// checked like a rule's, and may also ask about decisions, which nothing else in the language can.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "lang/checker_impl.hpp"
#include "lang/suggest.hpp"

namespace clause::lang::detail {

namespace {

constexpr std::array<std::string_view, 5> decision_queries = {"applies", "outcome", "codes",
                                                              "warnings", "payload"};

}  // namespace

bool is_decision_query(std::string_view function) {
  return std::find(decision_queries.begin(), decision_queries.end(), function) !=
         decision_queries.end();
}

void checker::check_properties() {
  std::map<std::string, span> ids;
  for (const auto& m : bundle_.modules) {
    for (const ast::property_decl& p : m->properties) {
      if (auto [it, fresh] = ids.emplace(p.id.text, p.id.where); !fresh) {
        out_.error(code::duplicate_rule, p.id.where,
                   fmt::format("property id `{}` is used twice; the first is at {}", p.id.text,
                               location_of(it->second)),
                   "property ids name properties in `clause verify`'s report; make each unique");
      }
      scope s;
      s.decision_queries = true;
      if (p.condition) {
        check_condition(*p.condition, s, "a property's condition");
        facts(*p.condition, true, s);
        check_query_literals(*p.condition);
      }
      check_condition(p.claim, s, "a property's claim");
      check_query_literals(p.claim);
      bundle_.properties.push_back({&p});
    }
  }
}

// `applies(d)` bool; `outcome(d)` string (`""` when `d` does not apply); `codes(d)` and
// `warnings(d)` set<string>; `payload(d, field)` the field's type, absent unless the outcome has
// it.
void checker::check_decision_query(const ast::expr& e, const scope& s) {
  expr_info& info = bundle_.info(e);
  const std::size_t arity = e.text == "payload" ? 2 : 1;
  if (e.children.size() != arity) {
    out_.error(
        code::wrong_arguments, e.where,
        fmt::format("`{}` takes {} argument{}, not {}", e.text, arity, arity == 1 ? "" : "s",
                    e.children.size()),
        arity == 1 ? fmt::format("{}(DECISION)", e.text) : std::string("payload(DECISION, FIELD)"));
    return;
  }
  const ast::expr& target = e.children[0];
  auto d = target.kind == ast::expr_kind::name ? decision_index_.find(target.text)
                                               : decision_index_.end();
  if (d == decision_index_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, i] : decision_index_)
      names.push_back(n);
    out_.error(code::unknown_decision, target.where,
               target.kind == ast::expr_kind::name
                   ? fmt::format("unknown decision `{}`", target.text)
                   : fmt::format("`{}` takes the name of a decision", e.text),
               did_you_mean(target.text, names));
    return;
  }
  info.ref = ref_kind::decision_query;
  info.ref_index = d->second;
  if (e.text == "applies") {
    info.type = type_table::boolean;
  } else if (e.text == "outcome") {
    info.type = type_table::string;
  } else if (e.text == "codes" || e.text == "warnings") {
    info.type = types_.set_of(type_table::string);
  } else {
    const ast::expr& field = e.children[1];
    const decision_info& decision = bundle_.decisions[d->second];
    std::vector<std::string> names;
    for (const outcome_info& o : decision.outcomes) {
      for (const field_info& f : o.payload) {
        names.push_back(f.name);
        if (field.kind == ast::expr_kind::name && f.name == field.text) {
          info.type = f.type;
          info.optional = true;
          return;
        }
      }
    }
    out_.error(code::bad_payload, field.where,
               fmt::format("no outcome of decision `{}` has a payload field `{}`", decision.name,
                           field.text),
               names.empty() ? std::string("its outcomes carry no payload")
                             : did_you_mean(field.text, names));
  }
  (void)s;
}

// `outcome(d) == "acept"` or `"CODE" in codes(d)` with a word the decision never gives is a typo
// that would make the property hold, or fail, for the wrong reason.
void checker::check_query_literals(const ast::expr& e) {
  for (const ast::expr& c : e.children)
    check_query_literals(c);
  if (e.kind != ast::expr_kind::binary || e.children.size() != 2) return;
  const bool compares = e.op == ast::binary_op::eq || e.op == ast::binary_op::ne;
  const bool member = e.op == ast::binary_op::in || e.op == ast::binary_op::not_in;
  if (!compares && !member) return;
  const ast::expr* query = &e.children[member ? 1 : 0];
  const ast::expr* literal = &e.children[member ? 0 : 1];
  if (compares && query->kind != ast::expr_kind::call) std::swap(query, literal);
  if (query->kind != ast::expr_kind::call || literal->kind != ast::expr_kind::string_literal)
    return;
  const expr_info& info = bundle_.info(*query);
  if (info.ref != ref_kind::decision_query) return;
  const decision_info& decision = bundle_.decisions[info.ref_index];
  std::vector<std::string> words;
  if (compares && query->text == "outcome") {
    for (const outcome_info& o : decision.outcomes)
      words.push_back(o.name);
    words.emplace_back("");
  } else if (member && (query->text == "codes" || query->text == "warnings")) {
    const bool warnings = query->text == "warnings";
    for (std::uint32_t r : decision.rules) {
      const ast::rule_decl& rule = *bundle_.rules[r].decl;
      if (rule.code && rule.is_warning == warnings) words.push_back(rule.code->text);
    }
    if (warnings && decision.decl->combine == ast::combining::unique)
      words.emplace_back("RULE_CONFLICT");
  } else {
    return;
  }
  if (std::find(words.begin(), words.end(), literal->text) != words.end()) return;
  if (query->text == "outcome") {
    out_.error(code::unknown_outcome, literal->where,
               fmt::format("decision `{}` has no outcome `{}`", decision.name, literal->text),
               did_you_mean(literal->text, words));
  } else {
    out_.error(code::unknown_outcome, literal->where,
               fmt::format("no rule of decision `{}` gives the {} `{}`", decision.name,
                           query->text == "codes" ? "code" : "warning", literal->text),
               did_you_mean(literal->text, words));
  }
}

}  // namespace clause::lang::detail
