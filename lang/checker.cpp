// The declaration pass of the checker: types, input, parameters, tables, lets, decisions, rules.
#include "lang/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "lang/checker_impl.hpp"
#include "lang/data.hpp"
#include "lang/suggest.hpp"

namespace clause::lang {

namespace detail {

namespace {

const std::vector<std::string> builtin_type_names = {
    "bool", "int", "string", "date", "datetime", "duration", "list", "set", "map"};

}  // namespace

checker::checker(checked_bundle& bundle, const data_reader& read_data, diagnostics& out)
    : bundle_(bundle), read_data_(read_data), out_(out), types_(bundle.types) {}

void checker::run() {
  // Sized once: the expression pass holds references into it across nested checks.
  ast::expr_id ids = 0;
  for (const auto& m : bundle_.modules)
    ids = std::max(ids, m->end_expr_id);
  bundle_.exprs.assign(ids, expr_info{});
  collect_types();
  resolve_types();
  check_params();
  check_tables();
  // Lets are checked on first use; index them before anything reads them.
  for (const auto& m : bundle_.modules) {
    for (const auto& l : m->lets) {
      const auto index = static_cast<std::uint32_t>(let_decls_.size());
      if (auto [it, fresh] = let_index_.emplace(l.id.text, index); !fresh) {
        out_.error(code::duplicate_name, l.id.where,
                   fmt::format("`{}` is defined twice", l.id.text),
                   "each `let` needs its own name");
        continue;
      }
      let_decls_.push_back(&l);
    }
  }
  let_states_.assign(let_decls_.size(), let_state::unchecked);
  let_infos_.resize(let_decls_.size());
  let_heights_.assign(let_decls_.size(), 0);
  check_unique_names();
  check_lets();
  check_decisions();
  check_rules();
  check_properties();
}

// A new enum or record name must not be a built-in type or a type declared before; reports it.
bool checker::type_name_free(const ast::name& n) {
  const bool builtin = std::find(builtin_type_names.begin(), builtin_type_names.end(), n.text) !=
                       builtin_type_names.end();
  if (!builtin && !enum_index_.count(n.text) && !record_index_.count(n.text)) return true;
  out_.error(code::duplicate_name, n.where,
             fmt::format("the type name `{}` is already taken", n.text));
  return false;
}

void checker::collect_types() {
  for (const auto& m : bundle_.modules) {
    for (const auto& e : m->enums) {
      if (!type_name_free(e.id)) continue;
      enum_info info{e.id.text, {}, e.id.where};
      for (const auto& v : e.values) {
        if (info.find(v.text)) {
          out_.error(code::duplicate_name, v.where,
                     fmt::format("enum `{}` lists `{}` twice", e.id.text, v.text));
          continue;
        }
        info.values.push_back(v.text);
      }
      enum_index_.emplace(e.id.text, static_cast<std::uint32_t>(types_.enums.size()));
      types_.enums.push_back(std::move(info));
    }
    for (const auto& r : m->records) {
      if (!type_name_free(r.id)) continue;
      record_index_.emplace(r.id.text, static_cast<std::uint32_t>(types_.records.size()));
      types_.records.push_back({r.id.text, {}, r.id.where});
    }
  }
}

void checker::resolve_types() {
  for (const auto& m : bundle_.modules) {
    for (const auto& r : m->records) {
      auto it = record_index_.find(r.id.text);
      if (it == record_index_.end() || types_.records[it->second].where.begin != r.id.where.begin ||
          types_.records[it->second].where.file != r.id.where.file) {
        continue;  // a duplicate, already reported
      }
      auto fields = resolve_fields(r.fields, r.id.text);
      types_.records[it->second].fields = std::move(fields);
    }
  }
  const ast::input_decl* input = nullptr;
  for (const auto& m : bundle_.modules) {
    for (const auto& in : m->inputs) {
      if (input) {
        out_.error(code::duplicate_name, in.where, "the input schema is declared twice",
                   "a bundle has one `input { … }`; put every field in it");
        continue;
      }
      input = &in;
    }
  }
  input_decl_ = input;
  const auto index = static_cast<std::uint32_t>(types_.records.size());
  types_.records.push_back({"the input", {}, input ? input->where : span{}});
  if (input) {
    auto fields = resolve_fields(input->fields, "");
    types_.records[index].fields = std::move(fields);
  }
  bundle_.input = types_.record_type(index);
  for (std::uint32_t i = 0; i < types_.records.size(); ++i)
    check_field_defaults(types_.records[i]);
}

std::vector<field_info> checker::resolve_fields(const std::vector<ast::field>& fields,
                                                const std::string& record_name) {
  std::vector<field_info> out;
  std::set<std::string> seen;
  for (const auto& f : fields) {
    if (!seen.insert(f.id.text).second) {
      out_.error(code::duplicate_name, f.id.where,
                 fmt::format("field `{}` is declared twice", f.id.text));
      continue;
    }
    const std::string path = record_name.empty() ? f.id.text : record_name + "." + f.id.text;
    field_info info;
    info.name = f.id.text;
    info.type = resolve_type(f.type, path);
    info.optional = f.optional && !f.default_value;
    info.default_value = f.default_value ? &*f.default_value : nullptr;
    info.where = f.id.where;
    out.push_back(std::move(info));
  }
  return out;
}

void checker::check_field_defaults(record_info& r) {
  for (auto& f : r.fields) {
    if (!f.default_value) continue;
    auto value = constant_of(*f.default_value, f.type);
    if (value) f.default_constant = std::make_shared<const constant>(std::move(*value));
  }
}

type_id checker::resolve_type(const ast::type_expr& t, const std::string& record_name) {
  if (t.form == ast::type_expr::kind::record) {
    const auto index = static_cast<std::uint32_t>(types_.records.size());
    types_.records.push_back({record_name, {}, t.where});
    auto fields = resolve_fields(t.fields, record_name);
    types_.records[index].fields = std::move(fields);
    return types_.record_type(index);
  }
  const std::string& head = t.head.text;
  auto arity = [&](std::size_t n) {
    if (t.arguments.size() == n) return true;
    out_.error(code::unknown_type, t.where,
               n == 0 ? fmt::format("`{}` takes no type arguments", head)
                      : fmt::format("`{}` takes {} type argument{}", head, n, n == 1 ? "" : "s"),
               head == "map" ? "write `map<KeyType, ValueType>`"
                             : (n == 1 ? fmt::format("write `{}<ElementType>`", head) : ""));
    return false;
  };
  static const std::pair<const char*, type_id> scalars[] = {
      {"bool", type_table::boolean},      {"int", type_table::integer},
      {"string", type_table::string},     {"date", type_table::date},
      {"datetime", type_table::datetime}, {"duration", type_table::duration}};
  for (const auto& [name, id] : scalars) {
    if (head == name) return arity(0) ? id : type_table::error;
  }
  if (head == "list" || head == "set") {
    if (!arity(1)) return type_table::error;
    const type_id element = resolve_type(t.arguments[0], record_name);
    return head == "list" ? types_.list_of(element) : types_.set_of(element);
  }
  if (head == "map") {
    if (!arity(2)) return type_table::error;
    return types_.map_of(resolve_type(t.arguments[0], record_name),
                         resolve_type(t.arguments[1], record_name));
  }
  if (auto it = enum_index_.find(head); it != enum_index_.end()) {
    return arity(0) ? types_.enum_type(it->second) : type_table::error;
  }
  if (auto it = record_index_.find(head); it != record_index_.end()) {
    return arity(0) ? types_.record_type(it->second) : type_table::error;
  }
  std::vector<std::string> names = builtin_type_names;
  for (const auto& [n, i] : enum_index_)
    names.push_back(n);
  for (const auto& [n, i] : record_index_)
    names.push_back(n);
  out_.error(code::unknown_type, t.head.where, fmt::format("unknown type `{}`", head),
             did_you_mean(head, names));
  return type_table::error;
}

void checker::check_params() {
  for (const auto& m : bundle_.modules) {
    for (const auto& p : m->params) {
      const ast::field& f = p.spec;
      if (param_index_.count(f.id.text)) {
        out_.error(code::duplicate_name, f.id.where,
                   fmt::format("parameter `{}` is declared twice", f.id.text));
        continue;
      }
      param_info info;
      info.name = f.id.text;
      info.type = resolve_type(f.type, "params." + f.id.text);
      info.where = f.id.where;
      info.optional = f.optional && !f.default_value;
      if (f.default_value) {
        info.default_value = constant_of(*f.default_value, info.type);
      } else if (!f.optional) {
        out_.error(code::bad_default, f.id.where,
                   fmt::format("parameter `{}` has no default", f.id.text),
                   fmt::format("give one, as in `param {}: {} = …`, or make it optional with "
                               "`param {}?: …`",
                               f.id.text, types_.name(info.type), f.id.text));
      }
      param_index_.emplace(f.id.text, static_cast<std::uint32_t>(bundle_.params.size()));
      bundle_.params.push_back(std::move(info));
    }
  }
}

void checker::check_tables() {
  for (const auto& m : bundle_.modules) {
    for (const auto& t : m->tables) {
      if (table_index_.count(t.id.text)) {
        out_.error(code::duplicate_name, t.id.where,
                   fmt::format("table `{}` is declared twice", t.id.text));
        continue;
      }
      table_info info;
      info.name = t.id.text;
      info.where = t.id.where;
      const type_id declared = resolve_type(t.type, t.id.text);
      const type_info& d = types_.info(declared);
      if (d.kind != type_kind::map) {
        if (declared != type_table::error) {
          out_.error(code::type_mismatch, t.type.where,
                     fmt::format("a table's type is `map<KeyType, ValueType>`, not `{}`",
                                 types_.name(declared)));
        }
        info.key = info.value = type_table::error;
      } else {
        info.key = d.key;
        info.value = d.element;
        const type_kind k = types_.kind(info.key);
        if (k != type_kind::string && k != type_kind::integer && k != type_kind::enumeration &&
            k != type_kind::date && k != type_kind::error) {
          out_.error(code::type_mismatch, t.type.arguments[0].where,
                     fmt::format("a table's keys are strings, ints, enum values or dates, not {}",
                                 types_.name(info.key)));
          info.key = type_table::error;
        }
      }
      if (info.key != type_table::error && info.value != type_table::error) {
        if (t.file) {
          load_table_data(info, t, m->file);
        } else {
          std::set<std::string> seen;
          for (const auto& [key_expr, value_expr] : t.entries) {
            auto key = constant_of(key_expr, info.key);
            auto value = constant_of(value_expr, info.value);
            if (!key || !value) continue;
            if (!seen.insert(constant_key(*key)).second) {
              out_.error(code::data_duplicate_key, key_expr.where,
                         fmt::format("table `{}` has the key `{}` twice", t.id.text,
                                     text_of(key_expr.where)));
              continue;
            }
            info.rows.emplace_back(std::move(*key), std::move(*value));
            info.row_where.push_back(key_expr.where);
          }
        }
      }
      table_index_.emplace(t.id.text, static_cast<std::uint32_t>(bundle_.tables.size()));
      bundle_.tables.push_back(std::move(info));
    }
  }
}

void checker::load_table_data(table_info& info, const ast::table_decl& decl, file_id declared_in) {
  auto file = read_data_(decl, declared_in, out_);
  if (!file) return;
  load_yaml_table(*bundle_.sources, *file, decl.at_key, decl.file_where, types_, info, out_);
}

// Value names must not hide each other: lets, tables, input fields, enum values, `now`, `params`.
void checker::check_unique_names() {
  const record_info& input = types_.records.at(types_.info(bundle_.input).index);
  auto enum_owner = [&](const std::string& name) -> const enum_info* {
    for (const auto& en : types_.enums) {
      if (en.find(name)) return &en;
    }
    return nullptr;
  };
  auto check_name = [&](const ast::name& n, std::string_view what) {
    if (n.text == "now" || n.text == "params") {
      out_.error(code::duplicate_name, n.where,
                 fmt::format("`{}` is reserved: it names {}", n.text,
                             n.text == "now" ? "the evaluation's clock" : "the parameters"),
                 fmt::format("choose another name for this {}", what));
    } else if (const enum_info* en = enum_owner(n.text)) {
      out_.error(code::duplicate_name, n.where,
                 fmt::format("`{}` is already a value of enum `{}`", n.text, en->name),
                 fmt::format("choose another name for this {}; a bare `{}` would be ambiguous",
                             what, n.text));
    }
  };
  if (const ast::input_decl* in = input_decl_) {
    for (const auto& f : in->fields)
      check_name(f.id, "input field");
  }
  for (const auto& m : bundle_.modules) {
    for (const auto& l : m->lets) {
      check_name(l.id, "definition");
      if (input.find(l.id.text) || table_index_.count(l.id.text)) {
        out_.error(code::duplicate_name, l.id.where,
                   fmt::format("`{}` is already the name of {}", l.id.text,
                               input.find(l.id.text) ? "an input field" : "a table"),
                   "choose another name for this definition");
      }
    }
    for (const auto& t : m->tables) {
      check_name(t.id, "table");
      if (input.find(t.id.text)) {
        out_.error(code::duplicate_name, t.id.where,
                   fmt::format("`{}` is already the name of an input field", t.id.text));
      }
    }
  }
}

std::string checker::location_of(span where) const {
  const source_file& file = bundle_.sources->file(where.file);
  const line_column at = file.locate(where.begin);
  return format_location(file.path(), at.line, at.column);
}

void checker::check_lets() {
  for (std::uint32_t i = 0; i < let_decls_.size(); ++i)
    check_let(i);
  // Expressions refer to lets by declaration index; `let_order` is an order to evaluate them in.
  bundle_.lets = let_infos_;
  bundle_.let_order = let_order_;
}

void checker::check_payload(const outcome_info& outcome,
                            const std::vector<ast::payload_value>& given, const scope& s, span at,
                            std::vector<const ast::expr*>& out) {
  out.assign(outcome.payload.size(), nullptr);
  for (const auto& p : given) {
    auto it = std::find_if(outcome.payload.begin(), outcome.payload.end(),
                           [&](const field_info& f) { return f.name == p.id.text; });
    if (it == outcome.payload.end()) {
      std::vector<std::string> names;
      for (const auto& f : outcome.payload)
        names.push_back(f.name);
      out_.error(
          code::bad_payload, p.id.where,
          outcome.payload.empty()
              ? fmt::format("outcome `{}` carries no payload", outcome.name)
              : fmt::format("outcome `{}` has no payload field `{}`", outcome.name, p.id.text),
          did_you_mean(p.id.text, names));
      continue;
    }
    const auto index = static_cast<std::size_t>(it - outcome.payload.begin());
    if (out[index]) {
      out_.error(code::bad_payload, p.id.where,
                 fmt::format("payload field `{}` is given twice", p.id.text));
      continue;
    }
    check(p.value, s, it->type);
    require_type(p.value, it->type, fmt::format("payload field `{}`", p.id.text));
    out[index] = &p.value;
  }
  for (std::size_t i = 0; i < outcome.payload.size(); ++i) {
    if (!out[i]) {
      out_.error(code::bad_payload, at,
                 fmt::format("outcome `{}` needs its payload field `{}`", outcome.name,
                             outcome.payload[i].name),
                 fmt::format("write `{}({} = …)`", outcome.name, outcome.payload[i].name));
    }
  }
}

void checker::check_decisions() {
  for (const auto& m : bundle_.modules) {
    for (auto& d : m->decisions) {
      if (decision_index_.count(d.id.text)) {
        out_.error(code::duplicate_name, d.id.where,
                   fmt::format("decision `{}` is declared twice", d.id.text));
        continue;
      }
      decision_info info;
      info.name = d.id.text;
      info.decl = &d;
      scope s;
      if (d.applies_when) {
        check_condition(*d.applies_when, s, "the `when` of a decision");
        facts(*d.applies_when, true, s);
      }
      for (const auto& o : d.outcomes) {
        if (std::any_of(info.outcomes.begin(), info.outcomes.end(),
                        [&](const outcome_info& x) { return x.name == o.id.text; })) {
          out_.error(code::duplicate_name, o.id.where,
                     fmt::format("outcome `{}` is listed twice", o.id.text));
          continue;
        }
        for (const auto& f : o.payload) {
          if (f.optional || f.default_value) {
            out_.error(
                code::bad_payload, f.id.where,
                fmt::format("payload field `{}` cannot be optional or have a default", f.id.text),
                "every rule with this outcome gives each payload field a value");
          }
        }
        info.outcomes.push_back(
            {o.id.text, resolve_fields(o.payload, d.id.text + "." + o.id.text), o.id.where});
      }
      const ast::outcome_value& def = *d.default_outcome;
      auto it = std::find_if(info.outcomes.begin(), info.outcomes.end(),
                             [&](const outcome_info& x) { return x.name == def.id.text; });
      if (it == info.outcomes.end()) {
        std::vector<std::string> names;
        for (const auto& o : info.outcomes)
          names.push_back(o.name);
        out_.error(code::unknown_outcome, def.id.where,
                   fmt::format("decision `{}` has no outcome `{}`", d.id.text, def.id.text),
                   did_you_mean(def.id.text, names));
      } else {
        info.default_outcome = static_cast<std::uint32_t>(it - info.outcomes.begin());
        check_payload(*it, def.payload, s, def.id.where, info.default_payload);
      }
      decision_index_.emplace(d.id.text, static_cast<std::uint32_t>(bundle_.decisions.size()));
      bundle_.decisions.push_back(std::move(info));
    }
  }
}

void checker::check_message(const ast::message& m, const scope& s) {
  for (auto& part : m.parts) {
    if (!part.placeholder) continue;
    const ast::expr& e = *part.placeholder;
    check(e, s);
    require_present(e);
    if (!is_showable_type(type_of(e))) {
      out_.error(code::bad_placeholder, e.where,
                 fmt::format("`{}` is {}, which a message cannot show", text_of(e.where),
                             types_.name(type_of(e))),
                 "show a single value: a string, a number, a date, an enum value");
    }
  }
}

bool checker::is_showable_type(type_id t) const {
  const type_kind k = types_.kind(t);
  return k != type_kind::list && k != type_kind::set && k != type_kind::map &&
         k != type_kind::record && k != type_kind::empty;
}

void checker::check_rules() {
  std::map<std::string, span> ids;
  for (const auto& m : bundle_.modules) {
    for (auto& r : m->rules) {
      if (auto [it, fresh] = ids.emplace(r.id.text, r.id.where); !fresh) {
        out_.error(code::duplicate_rule, r.id.where,
                   fmt::format("rule id `{}` is used twice; the first is at {}", r.id.text,
                               location_of(it->second)),
                   "rule ids name rules in explanations and tests; make each unique");
      }
      if (r.text && !r.code) {
        out_.error(code::bad_payload, r.text->where,
                   "this message has no code, so no decision can show it",
                   "give the rule a code before its message, as in `reject CODE \"message\"`");
      }
      for (std::size_t i = 0; i < r.translations.size(); ++i) {
        const ast::name& tag = r.translations[i].locale;
        auto same = [&](const ast::translation& t) {
          return edit_distance(t.locale.text, tag.text) == 0 &&
                 t.locale.text.size() == tag.text.size();
        };
        if (std::any_of(r.translations.begin(),
                        r.translations.begin() + static_cast<std::ptrdiff_t>(i), same)) {
          out_.error(code::duplicate_name, tag.where,
                     fmt::format("the `{}` translation is given twice", tag.text));
        } else if (tag.text.size() == 2 && edit_distance(tag.text, "en") == 0) {
          out_.error(
              code::duplicate_name, tag.where,
              "the untagged text is the English one; an `en` translation repeats it",
              "translate into other languages only, or give an English variant such as `en-GB`");
        }
      }
      if (r.from && r.until && *r.until < *r.from) {
        out_.error(code::bad_period, span{r.from_where.file, r.from_where.begin, r.until_where.end},
                   fmt::format("rule `{}` ends on {} before it starts on {}", r.id.text,
                               format_date(*r.until), format_date(*r.from)),
                   "`from` is the first day the rule holds, `until` the last");
      }
      // The decisions the rule feeds. With one, the rule may rely on that decision's `when`.
      std::vector<std::uint32_t> targets;
      for (const auto& target : r.decisions) {
        auto d = decision_index_.find(target.text);
        if (d == decision_index_.end()) {
          std::vector<std::string> names;
          for (const auto& [n, i] : decision_index_)
            names.push_back(n);
          out_.error(code::unknown_decision, target.where,
                     fmt::format("unknown decision `{}`", target.text),
                     did_you_mean(target.text, names));
        } else if (std::find(targets.begin(), targets.end(), d->second) != targets.end()) {
          out_.error(code::duplicate_name, target.where,
                     fmt::format("the rule feeds `{}` twice", target.text));
        } else {
          targets.push_back(d->second);
        }
      }
      scope s;
      if (targets.size() == 1 && bundle_.decisions[targets[0]].decl->applies_when) {
        facts(*bundle_.decisions[targets[0]].decl->applies_when, true, s);
      }
      if (r.condition) {
        check_condition(*r.condition, s, "a rule's condition");
        facts(*r.condition, true, s);
      }
      for (std::uint32_t target : targets) {
        decision_info& decision = bundle_.decisions[target];
        rule_info info;
        info.decl = &r;
        info.decision = target;
        if (!r.is_warning) {
          auto it =
              std::find_if(decision.outcomes.begin(), decision.outcomes.end(),
                           [&](const outcome_info& o) { return o.name == r.outcome.id.text; });
          if (it == decision.outcomes.end()) {
            std::vector<std::string> names;
            for (const auto& o : decision.outcomes)
              names.push_back(o.name);
            std::string help = did_you_mean(r.outcome.id.text, names);
            if (help.empty()) help = fmt::format("its outcomes are `{}`", fmt::join(names, "`, `"));
            out_.error(
                code::unknown_outcome, r.outcome.id.where,
                fmt::format("decision `{}` has no outcome `{}`", decision.name, r.outcome.id.text),
                help);
          } else {
            info.outcome = static_cast<std::uint32_t>(it - decision.outcomes.begin());
            check_payload(*it, r.outcome.payload, s, r.outcome.id.where, info.payload);
          }
        }
        decision.rules.push_back(static_cast<std::uint32_t>(bundle_.rules.size()));
        bundle_.rules.push_back(std::move(info));
      }
      if (r.text) check_message(*r.text, s);
      for (auto& t : r.translations)
        check_message(t.text, s);
    }
  }
}

}  // namespace detail

void check_bundle(checked_bundle& bundle, const data_reader& read_data, diagnostics& out) {
  detail::checker(bundle, read_data, out).run();
}

}  // namespace clause::lang
