// The questions `clause verify` asks of a bundle: can each rule fire, is each default reachable,
// can a `unique` decision conflict, does each property hold; and of two versions, can a case be
// decided differently. Each answer with a case is confirmed by the evaluator before it is told.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>

#include "clause/clause.hpp"
#include "lang/bundle.hpp"
#include "lang/calendar.hpp"
#include "lang/location.hpp"
#include "lang/suggest.hpp"
#include "verify/encoder.hpp"
#include "verify/findings.hpp"
#include "verify/solve.hpp"
#include "verify/verify.hpp"

namespace clause::verify {

namespace ast = lang::ast;
using status = finding::status;

namespace {

struct loaded {
  std::shared_ptr<const lang::checked_bundle> bundle;
  std::shared_ptr<const clause::policy> policy;
  std::string errors;
};

loaded load(const std::string& path) {
  loaded out;
  const load_result api = clause::policy::load(path);
  if (!api) {
    out.errors = api.render();
    return out;
  }
  const lang::load_result checked = lang::load_bundle_path(path);
  out.bundle = checked.bundle;
  out.policy = api.policy;
  return out;
}

std::string where(const lang::checked_bundle& b, lang::span at) {
  if (at.end == 0 && at.begin == 0) return "";
  const lang::source_file& f = b.sources->file(at.file);
  const lang::line_column lc = lang::locate(f.text(), at.begin);
  return lang::format_location(f.path(), lc.line, lc.column);
}

// `--param NAME=VALUE`, as a constant of the parameter's type.
std::map<std::string, lang::constant> fixed_params(const lang::checked_bundle& b,
                                                   const std::shared_ptr<const policy>& p,
                                                   const options& o) {
  std::vector<parameter_value> given;
  for (const auto& [name, value] : o.params)
    given.push_back({name, value});
  try {
    clause::session check(p, {.params = given});
  } catch (const options_error& e) {
    throw usage_problem{e.what(), e.help()};
  }
  std::map<std::string, lang::constant> out;
  for (const auto& [name, text] : o.params) {
    const auto it = std::find_if(b.params.begin(), b.params.end(),
                                 [&](const lang::param_info& q) { return q.name == name; });
    lang::constant k;
    k.type = it->type;
    const lang::type_info& t = b.types.info(it->type);
    switch (t.kind) {
      case lang::type_kind::boolean:
        k.truth = text == "true";
        break;
      case lang::type_kind::integer:
        k.number = std::stoll(text);
        break;
      case lang::type_kind::string:
        k.text = text;
        break;
      case lang::type_kind::date:
        k.number = lang::parse_date(text).value_or(lang::date_value{}).days;
        break;
      case lang::type_kind::datetime:
        k.instant = lang::parse_datetime(text).value_or(lang::datetime_value{});
        break;
      case lang::type_kind::enumeration:
        k.number = b.types.enums[t.index].find(text).value_or(0);
        break;
      default:
        throw usage_problem{fmt::format("`clause verify` cannot fix parameter `{}` of type `{}`",
                                        name, b.types.name(it->type)),
                            "leave it free: every value is then considered"};
    }
    out.emplace(name, k);
  }
  return out;
}

// `--property NAME`: each name is a property of the bundle.
void check_property_names(const lang::checked_bundle& b, const options& o) {
  std::vector<std::string> declared;
  for (const lang::property_info& p : b.properties)
    declared.push_back(std::string(p.decl->id.text));
  for (const std::string& name : o.property_names) {
    if (std::find(declared.begin(), declared.end(), name) != declared.end()) continue;
    std::string help = lang::did_you_mean(name, declared);
    if (help.empty())
      help = declared.empty() ? "the bundle declares no property"
                              : fmt::format("its properties: {}", fmt::join(declared, ", "));
    throw usage_problem{fmt::format("the bundle has no property `{}`", name), help};
  }
}

std::vector<observed_decision> observe(const lang::checked_bundle& b, const result& r) {
  std::vector<observed_decision> out(b.decisions.size());
  for (std::size_t d = 0; d < b.decisions.size(); ++d) {
    const decision* seen = r.find(b.decisions[d].name);
    if (!seen) continue;
    observed_decision& o = out[d];
    o.applies = true;
    o.outcome = std::string(seen->outcome());
    for (std::string_view c : seen->codes())
      o.codes.emplace_back(c);
    for (std::string_view w : seen->warnings())
      o.warnings.emplace_back(w);
    for (const auto& [name, value] : seen->payload())
      o.payload.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

// The bundle, its case and its encoding, and the solver: what every question shares.
class verifier {
 public:
  verifier(const loaded& l, const options& o, const std::map<std::string, lang::constant>& fixed)
      : l_(l),
        o_(o),
        vars_(ctx_, *l.bundle, o.list_bound, fixed),
        side_(ctx_),
        enc_(*l.bundle, vars_, side_),
        plain_(*l.bundle, vars_, side_, true),
        ask_(vars_, side_, o.timeout_ms, o.rlimit),
        session_(l.policy) {
    // Only rules and gaps use them: `--properties` has no use for reading them.
    if (!o.params.empty() || o.properties_only) return;
    clause::case_reader reader(o.known_case_files);
    for (case_input input; reader.next(input);)
      if (input.readable()) known_.push_back(std::move(input));
  }

  const lang::checked_bundle& bundle() const { return *l_.bundle; }

  section rules() {
    section s{"rules: can each fire?", {}};
    const auto& b = bundle();
    for (std::uint32_t d = 0; d < b.decisions.size(); ++d) {
      const lang::decision_info& info = b.decisions[d];
      for (std::size_t i = 0; i < info.rules.size(); ++i) {
        const ast::rule_decl& rule = *b.rules[info.rules[i]].decl;
        const bool unique = info.decl->combine == ast::combining::unique;
        finding f;
        f.subject = fmt::format("rule `{}` -> {}", rule.id.text, info.name);
        auto fires = [&](const result& r, std::string& why) {
          const decision* seen = r.find(info.name);
          if (!seen) return (why = "the decision does not apply", false);
          for (const auto& [id, at] : seen->rules())
            if (id == rule.id.text) return true;
          for (std::string_view id : seen->conflicts())
            if (id == rule.id.text) return true;
          why = "the rule did not decide";
          return false;
        };
        if (shown_by_tests(f, fires, "can fire")) {
          s.findings.push_back(std::move(f));
          continue;
        }
        attempt(f, rule.where, [&] {
          const answer a = ask(
              f,
              [&](encoder& e) {
                // In a `unique` decision a rule that matches after another is a conflict
                // (reported under gaps), not a rule that cannot fire.
                const decision_model& m = e.decision(d);
                return m.applies && (unique ? m.fires[i] : m.decided[i]);
              },
              "can fire",
              [&](const result& r, const z3::model&, std::string& why) { return fires(r, why); });
          if (a.is == answer::kind::found) {
            if (f.is == status::proved) f.witness.clear();  // a rule that can fire needs no case
          } else if (a.is == answer::kind::none) {
            f.is = status::fails;
            f.text = "can never fire: " + unreachable_reason(d, i);
            f.where = where(b, rule.id.where);
          } else {
            unknown(f, a.reason);
          }
        });
        s.findings.push_back(std::move(f));
      }
    }
    return s;
  }

  section gaps() {
    section s{"gaps: defaults and conflicts", {}};
    const auto& b = bundle();
    for (std::uint32_t d = 0; d < b.decisions.size(); ++d) {
      const lang::decision_info& info = b.decisions[d];
      [&] {
        finding f;
        f.subject = fmt::format("decision `{}`", info.name);
        const std::string outcome = info.outcomes[info.default_outcome].name;
        const std::string reachable = fmt::format("the default `{}` is reachable", outcome);
        auto defaulted = [&](const result& r, std::string& why) {
          const decision* seen = r.find(info.name);
          if (!seen) return (why = "the decision does not apply", false);
          for (const auto& [id, at] : seen->rules()) {
            for (std::uint32_t ri : info.rules) {
              const ast::rule_decl& rule = *b.rules[ri].decl;
              if (!rule.is_warning && rule.id.text == id)
                return (why = fmt::format("rule `{}` decided", id), false);
            }
          }
          return true;
        };
        if (shown_by_tests(f, defaulted, reachable)) {
          f.is = status::note;
          s.findings.push_back(std::move(f));
          return;
        }
        attempt(f, info.decl->id.where, [&] {
          const answer a = ask(
              f,
              [&](encoder& e) {
                const decision_model& m = e.decision(d);
                return m.applies && m.defaulted;
              },
              reachable,
              [&](const result& r, const z3::model&, std::string& why) {
                return defaulted(r, why);
              });
          if (a.is == answer::kind::found) {
            if (f.is == status::proved) f.is = status::note;
          } else if (a.is == answer::kind::none) {
            f.is = status::proved;
            f.text = fmt::format(
                "every case gets a rule's outcome (the default `{}` is never used)", outcome);
          } else {
            unknown(f, a.reason);
          }
        });
        s.findings.push_back(std::move(f));
      }();
      if (info.decl->combine != ast::combining::unique) continue;
      finding f;
      f.subject = fmt::format("decision `{}` (unique)", info.name);
      auto conflicts = [&](const result& r, std::string& why) {
        const decision* seen = r.find(info.name);
        if (seen && !seen->conflicts().empty()) return true;
        why = "no conflict";
        return false;
      };
      const std::string claim = "two rules can match the same case";
      if (shown_by_tests(f, conflicts, claim)) {
        f.is = status::fails;
        s.findings.push_back(std::move(f));
        continue;
      }
      attempt(f, info.decl->id.where, [&] {
        const answer a = ask(
            f,
            [&](encoder& e) {
              const decision_model& m = e.decision(d);
              return m.applies && m.conflict;
            },
            claim,
            [&](const result& r, const z3::model&, std::string& why) { return conflicts(r, why); });
        if (a.is == answer::kind::found) {
          if (f.is == status::proved) f.is = status::fails;
        } else if (a.is == answer::kind::none) {
          f.is = status::proved;
          f.text = "no two rules can match the same case";
        } else {
          unknown(f, a.reason);
        }
      });
      s.findings.push_back(std::move(f));
    }
    return s;
  }

  section properties() {
    section s{"properties", {}};
    const auto& b = bundle();
    for (const lang::property_info& p : b.properties) {
      const ast::property_decl& decl = *p.decl;
      if (!o_.property_names.empty() &&
          std::find(o_.property_names.begin(), o_.property_names.end(), decl.id.text) ==
              o_.property_names.end())
        continue;
      finding f;
      f.subject = fmt::format("property `{}`", decl.id.text);
      attempt(f, decl.where, [&] {
        auto violated = [&](encoder& e) {
          const z3::expr when = decl.condition ? e.holds(*decl.condition) : ctx_.bool_val(true);
          return when && !e.holds(decl.claim);
        };
        const answer a = ask(f, violated, "counterexample",
                             [&](const result& r, const z3::model& model, std::string& why) {
                               const std::vector<observed_decision> seen = observe(b, r);
                               enc_.observe(&seen);
                               bool broken = false;
                               try {
                                 broken = ask_.holds_in(model, violated(enc_));
                               } catch (...) {
                                 enc_.observe(nullptr);
                                 throw;
                               }
                               enc_.observe(nullptr);
                               if (!broken)
                                 why = "with the evaluator's decisions the property holds";
                               return broken;
                             });
        if (a.is == answer::kind::none) {
          f.is = status::proved;
          f.text = fmt::format("proved{}", lists_note());
        } else if (a.is == answer::kind::found) {
          if (f.is == status::proved) {
            f.is = status::fails;
            f.where = where(b, decl.id.where);
          }
        } else {
          unknown(f, a.reason);
        }
      });
      if (!decl.description.empty() && f.is != status::unknown)
        f.subject += fmt::format(" \"{}\"", decl.description);
      s.findings.push_back(std::move(f));
    }
    return s;
  }

  std::string lists_note() const {
    return fmt::format(" for lists up to {} element{}", o_.list_bound,
                       o_.list_bound == 1 ? "" : "s");
  }

  z3::context& ctx() { return ctx_; }
  case_vars& vars() { return vars_; }
  side_conditions& side() { return side_; }
  encoder& enc() { return enc_; }
  const asker& solver() const { return ask_; }

  // Asks the question `goal` builds: first of the quick encoding (`trim` as the identity), then,
  // when that finds nothing the evaluator confirms, of the whole one. A case found is confirmed
  // into `f` (see `confirm`).
  template <typename Goal, typename Check>
  answer ask(finding& f, Goal&& goal, const std::string& claim, Check&& check) {
    answer quick = ask_.ask_plain(goal(plain_));
    if (quick.is == answer::kind::found) {
      confirm(f, *quick.model, claim, check);
      f.seconds = quick.seconds;
      if (f.is == status::proved) return quick;
      f.witness.clear();
      f.witness_label = "case";
    }
    answer a = ask_.ask(goal(enc_));
    a.seconds += quick.seconds;
    f.seconds = a.seconds;
    if (a.is == answer::kind::found) confirm(f, *a.model, claim, check);
    return a;
  }

  // True when one of the known cases (the bundle's tests) shows what `seen` looks for: the
  // finding is then that case, named by its id and place, and the solver is not asked.
  template <typename Seen>
  bool shown_by_tests(finding& f, Seen&& seen, const std::string& claim) {
    const auto start = std::chrono::steady_clock::now();
    for (const case_input& input : known_) {
      const result& r = session_.evaluate(input);
      std::string why;
      if (!r.ok() || !seen(r, why)) continue;
      f.is = status::proved;
      f.text = fmt::format("{} (test case `{}`, {})", claim, r.id(),
                           lang::format_location(input.file(), input.line()));
      f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return true;
    }
    return false;
  }

  // Runs `question`; a construct the encoding lacks makes the finding `unknown`.
  template <typename F>
  void attempt(finding& f, lang::span at, F&& question) {
    try {
      question();
    } catch (const not_encoded& e) {
      f.is = status::unknown;
      f.text = fmt::format("not encoded: {}", e.what());
      f.where = where(bundle(), e.where.end ? e.where : at);
    } catch (const z3::exception& e) {
      f.is = status::unknown;
      f.text = fmt::format("the solver failed: {}", e.msg());
    }
  }

  void unknown(finding& f, const std::string& reason) {
    f.is = status::unknown;
    f.text = reason;
  }

  std::string witness(const z3::model& m, std::string_view id) const {
    return o_.json ? vars_.witness_json(m, id) : vars_.witness_yaml(m, id);
  }

  // Evaluates the model's case; `check` says whether the evaluator's record shows what the
  // solver claimed. Not confirmed: `unknown`, an encoding mismatch, never a claim.
  template <typename Check>
  void confirm(finding& f, const z3::model& m, const std::string& claim, Check&& check) {
    const std::string id = "witness";
    const std::string json = vars_.witness_json(m, id);
    const result& r = session_.evaluate_json(json);
    f.witness = witness(m, id);
    std::string why;
    if (!r.ok()) {
      why = fmt::format("the case does not fit the input at `{}`: {}", r.error_path(), r.error());
    } else if (check(r, m, why)) {
      f.is = status::proved;
      f.text = claim;
      return;
    }
    f.is = status::unknown;
    f.text = fmt::format(
        "unconfirmed: the evaluator disagrees with the solver ({}); an encoding "
        "mismatch, please report it",
        why);
    f.witness_label = "unconfirmed case";
  }

 private:
  // Why rule i of decision d never fires: its own condition, or the rules before it.
  std::string unreachable_reason(std::uint32_t d, std::size_t i) {
    const auto& b = bundle();
    const lang::decision_info& info = b.decisions[d];
    const decision_model& m = enc_.decision(d);
    if (ask_.ask(m.applies && m.fires[i]).is == answer::kind::none)
      return info.decl->applies_when
                 ? fmt::format("its condition cannot hold when `{}` applies", info.name)
                 : "its condition cannot hold";
    std::vector<std::string> before;
    for (std::size_t j = 0; j < i; ++j) {
      const lang::rule_info& r = b.rules[info.rules[j]];
      if (!r.outcome) continue;
      before.push_back(r.decl->id.text);
      if (ask_.ask(m.applies && m.fires[i] && !m.fires[j]).is == answer::kind::none)
        return fmt::format(
            "shadowed by rule `{}` ({}), which comes first and matches every case "
            "it does",
            r.decl->id.text, where(b, r.decl->id.where));
    }
    return fmt::format("shadowed by the rules before it together: `{}`", fmt::join(before, "`, `"));
  }

  const loaded& l_;
  const options& o_;
  z3::context ctx_;
  case_vars vars_;
  side_conditions side_;
  encoder enc_;
  encoder plain_;  // `trim` as the identity: the quick first search for a witness
  asker ask_;
  clause::session session_;
  std::vector<case_input> known_;  // options::known_case_files, those that could be read
};

std::string heading(const std::string& path, const lang::checked_bundle& b, const options& o) {
  std::string params = "parameters free";
  if (!o.params.empty()) {
    std::vector<std::string> set;
    for (const auto& [n, v] : o.params)
      set.push_back(n + "=" + v);
    params = fmt::format("parameters free but {}", fmt::join(set, ", "));
  }
  return fmt::format("verify {}: policy `{}` version {}; lists up to {} element{}; {}", path,
                     b.header.id.text, b.header.version, o.list_bound, o.list_bound == 1 ? "" : "s",
                     params);
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A type as a text that two bundles' tables agree on when the types are the same.
std::string shape(const lang::type_table& types, lang::type_id t) {
  const lang::type_info& info = types.info(t);
  switch (info.kind) {
    case lang::type_kind::record: {
      std::string out = "{";
      for (const lang::field_info& f : types.records[info.index].fields)
        out += f.name + (f.optional ? "?:" : ":") + shape(types, f.type) + ",";
      return out + "}";
    }
    case lang::type_kind::enumeration:
      return fmt::format("enum({})", fmt::join(types.enums[info.index].values, ","));
    case lang::type_kind::list:
    case lang::type_kind::set:
      return types.name(t).substr(0, 4) + "<" + shape(types, info.element) + ">";
    default:
      return types.name(t);
  }
}

// Two versions over one case: for each decision both have, a case they decide differently.
class comparison {
 public:
  comparison(const loaded& before, const loaded& after, const options& o)
      : before_(before),
        after_(after),
        o_(o),
        vars_(ctx_, *before.bundle, o.list_bound, {}),
        side_(ctx_),
        old_(*before.bundle, vars_, side_),
        new_(*after.bundle, vars_, side_),
        old_plain_(*before.bundle, vars_, side_, true),
        new_plain_(*after.bundle, vars_, side_, true),
        ask_(vars_, side_, o.timeout_ms, o.rlimit),
        old_session_(before.policy),
        new_session_(after.policy) {}

  section decisions() {
    section s{"decisions: can a case be decided differently?", {}};
    const auto& a = *before_.bundle;
    const auto& b = *after_.bundle;
    for (std::uint32_t d = 0; d < a.decisions.size(); ++d) {
      const std::string& name = a.decisions[d].name;
      finding f;
      f.subject = fmt::format("decision `{}`", name);
      auto other = std::find_if(b.decisions.begin(), b.decisions.end(),
                                [&](const lang::decision_info& x) { return x.name == name; });
      if (other == b.decisions.end()) {
        f.is = status::fails;
        f.text = "only in OLD";
        s.findings.push_back(std::move(f));
        continue;
      }
      const auto e = static_cast<std::uint32_t>(other - b.decisions.begin());
      try {
        answer quick = ask_.ask_plain(differs(old_plain_, new_plain_, d, e));
        std::string why;
        if (quick.is == answer::kind::found && confirmed(*quick.model, name, why)) {
          found(f, *quick.model);
        } else {
          const answer full = ask_.ask(differs(old_, new_, d, e));
          f.seconds = full.seconds;
          if (full.is == answer::kind::none) {
            f.is = status::proved;
            f.text = fmt::format("no case can be decided differently{}",
                                 fmt::format(" (for lists up to {} elements)", o_.list_bound));
          } else if (full.is == answer::kind::found && confirmed(*full.model, name, why)) {
            found(f, *full.model);
          } else if (full.is == answer::kind::found) {
            f.is = status::unknown;
            f.text = fmt::format(
                "unconfirmed: the evaluator disagrees with the solver ({}); an "
                "encoding mismatch, please report it",
                why);
            f.witness = witness(*full.model);
            f.witness_label = "unconfirmed case";
          } else {
            f.is = status::unknown;
            f.text = full.reason;
          }
          f.seconds += quick.seconds;
        }
      } catch (const not_encoded& x) {
        f.is = status::unknown;
        f.text = fmt::format("not encoded: {}", x.what());
      } catch (const z3::exception& x) {
        f.is = status::unknown;
        f.text = fmt::format("the solver failed: {}", x.msg());
      }
      s.findings.push_back(std::move(f));
    }
    for (const lang::decision_info& x : b.decisions) {
      if (std::none_of(a.decisions.begin(), a.decisions.end(),
                       [&](const lang::decision_info& y) { return y.name == x.name; })) {
        finding f;
        f.subject = fmt::format("decision `{}`", x.name);
        f.is = status::fails;
        f.text = "only in NEW";
        s.findings.push_back(std::move(f));
      }
    }
    return s;
  }

 private:
  std::string witness(const z3::model& m) const {
    return o_.json ? vars_.witness_json(m, "witness") : vars_.witness_yaml(m, "witness");
  }

  void found(finding& f, const z3::model& m) {
    f.is = status::fails;
    f.text = "decided differently";
    f.witness = witness(m);
  }

  // The decision's record under each version: whether it applies, its outcome, codes, warnings
  // and payload.
  static std::string record_of(const result& r, const std::string& name) {
    if (!r.ok()) return fmt::format("error at `{}`", r.error_path());
    const decision* d = r.find(name);
    if (!d) return "absent";
    std::vector<std::string> codes(d->codes().begin(), d->codes().end());
    std::vector<std::string> warnings(d->warnings().begin(), d->warnings().end());
    std::sort(codes.begin(), codes.end());
    std::sort(warnings.begin(), warnings.end());
    std::string payload;
    for (const auto& [k, v] : d->payload())
      payload += fmt::format("{}={};", k, v);
    return fmt::format("{} [{}] [{}] {}", d->outcome(), fmt::join(codes, ","),
                       fmt::join(warnings, ","), payload);
  }

  bool confirmed(const z3::model& m, const std::string& name, std::string& why) {
    const std::string json = vars_.witness_json(m, "witness");
    const std::string before = record_of(old_session_.evaluate_json(json), name);
    const std::string after = record_of(new_session_.evaluate_json(json), name);
    if (before != after) return true;
    why = "both versions decide the case alike: " + before;
    return false;
  }

  // Whether decision d of OLD and e of NEW differ on the case.
  z3::expr differs(encoder& a, encoder& b, std::uint32_t d, std::uint32_t e) {
    const decision_model& x = a.decision(d);
    const decision_model& y = b.decision(e);
    const auto& dx = a.bundle().decisions[d];
    const auto& dy = b.bundle().decisions[e];
    auto outcome_name = [&](const decision_model& m, const lang::decision_info& info) {
      z3::expr name = ctx_.string_val("");
      for (std::size_t o = info.outcomes.size(); o-- > 0;)
        name = z3::ite(m.outcome == static_cast<int>(o),
                       string_constant(ctx_, info.outcomes[o].name), name);
      return name;
    };
    std::vector<z3::expr> unlike;
    unlike.push_back(outcome_name(x, dx) != outcome_name(y, dy));
    auto given = [&](const std::vector<std::pair<std::string, z3::expr>>& list,
                     const std::string& code) {
      std::vector<z3::expr> when;
      for (const auto& [c, g] : list)
        if (c == code) when.push_back(g);
      return any_of(ctx_, when);
    };
    for (const auto* lists : {&x.codes, &x.warnings, &y.codes, &y.warnings}) {
      const bool codes = lists == &x.codes || lists == &y.codes;
      for (const auto& [code, g] : *lists) {
        (void)g;
        unlike.push_back(given(codes ? x.codes : x.warnings, code) !=
                         given(codes ? y.codes : y.warnings, code));
      }
    }
    std::set<std::string> fields;
    for (const auto* info : {&dx, &dy})
      for (const lang::outcome_info& o : info->outcomes)
        for (const lang::field_info& p : o.payload)
          fields.insert(p.name);
    for (const std::string& field : fields) {
      const sym p = a.payload(d, field);
      const sym q = b.payload(e, field);
      z3::expr values = ctx_.bool_val(false);
      if (p.scalar.get_sort().id() == q.scalar.get_sort().id()) values = p.scalar != q.scalar;
      unlike.push_back(p.present != q.present || (p.present && q.present && values));
    }
    return (x.applies != y.applies) || (x.applies && y.applies && any_of(ctx_, unlike));
  }

  const loaded& before_;
  const loaded& after_;
  const options& o_;
  z3::context ctx_;
  case_vars vars_;
  side_conditions side_;
  encoder old_, new_, old_plain_, new_plain_;
  asker ask_;
  clause::session old_session_, new_session_;
};

}  // namespace

report verify_against(const std::string& old_path, const std::string& new_path, const options& o) {
  const auto start = std::chrono::steady_clock::now();
  if (!o.params.empty())
    throw usage_problem{"`--param` is not taken with `--against`",
                        "the two versions are compared for every value of every parameter"};
  const loaded before = load(old_path);
  const loaded after = load(new_path);
  if (!before.bundle || !after.bundle) return {"", before.errors + after.errors, exit_usage};
  const std::string heading = fmt::format(
      "verify --against {} {}: policy `{}` version {} against version {}; lists up "
      "to {} elements; parameters free",
      old_path, new_path, after.bundle->header.id.text, before.bundle->header.version,
      after.bundle->header.version, o.list_bound);
  std::vector<section> sections;
  const auto& a = *before.bundle;
  const auto& b = *after.bundle;
  std::string mismatch;
  if (shape(a.types, a.input) != shape(b.types, b.input)) mismatch = "their inputs differ";
  for (const lang::param_info& p : a.params) {
    auto q = std::find_if(b.params.begin(), b.params.end(),
                          [&](const lang::param_info& x) { return x.name == p.name; });
    if (q == b.params.end() || shape(a.types, p.type) != shape(b.types, q->type) ||
        p.optional != q->optional)
      mismatch = fmt::format("parameter `{}` differs", p.name);
  }
  if (a.params.size() != b.params.size()) mismatch = "their parameters differ";
  if (!mismatch.empty()) {
    section s{"decisions: can a case be decided differently?", {}};
    finding f;
    f.subject = "the two versions";
    f.text = "not compared: " + mismatch +
             " (the comparison needs one input and one set of "
             "parameters)";
    s.findings.push_back(std::move(f));
    sections.push_back(std::move(s));
  } else {
    comparison c(before, after, o);
    sections.push_back(c.decisions());
  }
  return render(heading, sections, o.timing, since(start));
}

report verify_bundle(const std::string& path, const options& o) {
  const auto start = std::chrono::steady_clock::now();
  const loaded l = load(path);
  if (!l.bundle) return {"", l.errors, exit_usage};
  check_property_names(*l.bundle, o);
  const auto fixed = fixed_params(*l.bundle, l.policy, o);
  verifier v(l, o, fixed);
  std::vector<section> sections;
  if (!o.properties_only) {
    sections.push_back(v.rules());
    sections.push_back(v.gaps());
  }
  sections.push_back(v.properties());
  return render(heading(path, *l.bundle, o), sections, o.timing, since(start));
}

}  // namespace clause::verify
