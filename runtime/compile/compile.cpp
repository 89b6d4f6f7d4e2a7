// Checked AST to program: slots, small integers, bit sets, hash maps and folded constants.
#include <fmt/format.h>

#include <algorithm>

#include "lang/builtins.hpp"
#include "lang/json_string.hpp"
#include "lang/location.hpp"
#include "runtime/compile/jump_code.hpp"
#include "runtime/compile/passes.hpp"
#include "runtime/pattern/pattern.hpp"
#include "runtime/program/program.hpp"
#include "runtime/program/set_order.hpp"

namespace clause::runtime {

program::~program() = default;

namespace {

using lang::ref_kind;
using lang::type_id;
using lang::type_kind;
namespace ast = lang::ast;

class compiler {
 public:
  explicit compiler(program& p) : p_(p), bundle_(*p.source), types_(p.source->types) {}

  void run() {
    const lang::checked_bundle& b = bundle_;
    p_.input = *schema(b.input);
    p_.absent_block.assign(p_.input.flat_size, value{});
    for (const auto& param : b.params) {
      compiled_param c;
      c.name = param.name;
      c.type = schema(param.type);
      if (param.default_value) c.default_value = constant_value(*param.default_value);
      p_.params.push_back(std::move(c));
    }
    for (const auto& t : b.tables)
      table(t);
    p_.lets.resize(b.lets.size());
    for (std::uint32_t i = 0; i < b.lets.size(); ++i) {
      depth_ = 0;
      p_.lets[i] = emit(b.lets[i].decl->value);
    }
    for (const auto& d : b.decisions)
      decision(d);
    for (const auto& r : b.rules)
      rule(r);
    for (std::size_t d = 0; d < b.decisions.size(); ++d) {
      for (std::uint32_t index : b.decisions[d].rules) {
        const compiled_rule& r = p_.rules[index];
        rule_step s;
        s.condition = r.condition.value_or(rule_step::always);
        s.rule = index;
        s.from_day = r.from_day.value_or(INT32_MIN);
        s.until_day = r.until_day.value_or(INT32_MAX);
        s.has_period = r.from_day || r.until_day;
        s.outcome = r.outcome;
        s.is_warning = r.is_warning;
        s.has_code = !r.code.empty();
        p_.decisions[d].steps.push_back(s);
      }
    }
  }

 private:
  // ---- schema and constants
  bool is_enum_set(type_id t) const {
    const auto& info = types_.info(t);
    if (info.kind != type_kind::set) return false;
    const auto& element = types_.info(info.element);
    return element.kind == type_kind::enumeration &&
           types_.enums[element.index].values.size() <= 64;
  }

  const schema_type* schema(type_id t) {
    if (auto it = schemas_.find(t); it != schemas_.end()) return it->second;
    p_.schema_types.push_back(std::make_unique<schema_type>());
    schema_type* s = p_.schema_types.back().get();
    schemas_[t] = s;  // before the fields: a record may refer to itself
    const auto& info = types_.info(t);
    s->kind = info.kind;
    s->name = types_.name(t);
    switch (info.kind) {
      case type_kind::enumeration:
        s->enum_values = &types_.enums[info.index].values;
        s->index_names({s->enum_values->begin(), s->enum_values->end()});
        break;
      case type_kind::list:
      case type_kind::set:
        s->element = schema(info.element);
        s->enum_set = is_enum_set(t);
        break;
      case type_kind::record:
        for (const auto& f : types_.records[info.index].fields) {
          schema_field field;
          field.name = f.name;
          field.type = schema(f.type);
          field.required = !f.optional && !f.default_constant;
          if (f.default_constant) field.default_value = constant_value(*f.default_constant);
          s->fields.push_back(std::move(field));
        }
        lay_out(*s);
        break;
      default:
        break;
    }
    return s;
  }

  // The record's flat block: its fields, then the blocks of its record fields whose layout is
  // known (one that is still being built refers back to a record in progress: it gets a block of
  // its own when bound).
  static void lay_out(schema_type& s) {
    auto size = static_cast<std::uint32_t>(s.fields.size());
    for (schema_field& f : s.fields) {
      if (f.type->kind != type_kind::record || !f.type->laid_out) continue;
      f.block = size;
      size += f.type->flat_size;
    }
    s.flat_size = size;
    s.laid_out = true;
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
      const schema_field& f = s.fields[i];
      names.push_back(f.name);
      if (i < 64 && (f.default_value || f.required)) s.filled_when_absent |= std::uint64_t{1} << i;
    }
    s.index_names(names);
  }

  // The slot of a path of field indexes from the root in the root's flat block.
  std::uint32_t flat_slot(const std::vector<std::uint32_t>& steps) const {
    const schema_type* type = &p_.input;
    std::uint32_t base = 0;
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
      const schema_field& f = type->fields[steps[i]];
      if (f.block == schema_field::no_block) return schema_field::no_block;
      base += f.block;
      type = f.type;
    }
    return base + steps.back();
  }

  value constant_value(const lang::constant& c) {
    if (!c.present) return {};
    const auto& info = types_.info(c.type);
    switch (info.kind) {
      case type_kind::boolean:
        return value::boolean(c.truth);
      case type_kind::integer:
        return value::integer(c.number);
      case type_kind::string:
        return value::string(p_.constant_arena.copy(c.text));
      case type_kind::date:
        return value::date(static_cast<std::int32_t>(c.number));
      case type_kind::datetime:
        return value::datetime(c.instant.seconds, c.instant.nanos);
      case type_kind::duration: {
        value v;
        v.kind = value_kind::duration;
        v.number = c.number;
        v.flag = c.months;
        return v;
      }
      case type_kind::enumeration:
        return value::enumeration(static_cast<std::uint32_t>(c.number));
      case type_kind::set:
        if (is_enum_set(c.type)) {
          value v;
          v.kind = value_kind::enum_set;
          for (const auto& item : c.items)
            v.number |= std::int64_t{1} << item.number;
          return v;
        }
        [[fallthrough]];
      case type_kind::list:
      case type_kind::record: {
        auto* items = p_.constant_arena.make_array<value>(c.items.size());
        for (std::size_t i = 0; i < c.items.size(); ++i)
          items[i] = constant_value(c.items[i]);
        auto count = static_cast<std::uint32_t>(c.items.size());
        if (info.kind == type_kind::set) count = canonical_set(items, count);
        return value::list(items, count,
                           info.kind == type_kind::record ? value_kind::record : value_kind::list);
      }
      default:
        return {};
    }
  }

  void table(const lang::table_info& t) {
    std::vector<std::pair<value, value>> rows;
    for (const auto& [key, row] : t.rows)
      rows.emplace_back(constant_value(key), constant_value(row));
    p_.tables.emplace_back(rows, types_.kind(t.key) == type_kind::string);
  }

  // ---- expressions
  std::uint32_t add(node n) {
    p_.nodes.push_back(n);
    return static_cast<std::uint32_t>(p_.nodes.size() - 1);
  }

  std::uint32_t constant(value v) {
    p_.constants.push_back(v);
    p_.pattern_of_constant.emplace_back();
    return add({op::constant, 0, false, static_cast<std::uint32_t>(p_.constants.size() - 1), 0, 0});
  }

  std::uint32_t literal(const ast::expr& e) {
    switch (e.kind) {
      case ast::expr_kind::bool_literal:
        return constant(value::boolean(e.truth));
      case ast::expr_kind::int_literal:
        return constant(value::integer(e.number));
      case ast::expr_kind::string_literal:
        return constant(value::string(p_.constant_arena.copy(e.text)));
      case ast::expr_kind::date_literal:
        return constant(value::date(static_cast<std::int32_t>(e.number)));
      case ast::expr_kind::datetime_literal:
        return constant(value::datetime(e.instant.seconds, e.instant.nanos));
      default: {
        value v;
        v.kind = value_kind::duration;
        v.number = e.number;
        v.flag = e.months;
        return constant(v);
      }
    }
  }

  bool is_constant(std::uint32_t n) const { return p_.nodes[n].code == op::constant; }

  std::uint32_t collection(const ast::expr& e) {
    std::vector<std::uint32_t> items;
    for (const auto& c : e.children)
      items.push_back(emit(c));
    const bool set = e.kind == ast::expr_kind::set_literal;
    const list_form form = !set                                ? list_form::list
                           : is_enum_set(bundle_.info(e).type) ? list_form::enum_set
                                                               : list_form::set;
    const auto first = static_cast<std::uint32_t>(p_.operands.size());
    p_.operands.insert(p_.operands.end(), items.begin(), items.end());
    return add({op::make_list, static_cast<std::uint8_t>(form), false, first,
                static_cast<std::uint32_t>(items.size()), 0});
  }

  std::uint32_t emit(const ast::expr& e) {
    const std::uint32_t n = emit_node(e);
    if (p_.spans.size() < p_.nodes.size()) {
      p_.spans.resize(p_.nodes.size());
      p_.enum_names.resize(p_.nodes.size());
      p_.element_id_field.resize(p_.nodes.size(), -1);
    }
    p_.spans[n] = e.where;
    // An enum, or a list or set of one: its value names, to show values by name.
    const auto* info = &types_.info(bundle_.info(e).type);
    if (info->kind == type_kind::list || info->kind == type_kind::set)
      info = &types_.info(info->element);
    if (info->kind == type_kind::record) {
      const lang::record_info& r = types_.records[info->index];
      const auto id = r.find("id");
      if (id && types_.info(r.fields[*id].type).kind == type_kind::string)
        p_.element_id_field[n] = static_cast<std::int32_t>(*id);
    }
    if (info->kind == type_kind::enumeration) p_.enum_names[n] = &types_.enums[info->index].values;
    return n;
  }

  std::uint32_t emit_node(const ast::expr& e) {
    const lang::expr_info& checked = bundle_.info(e);
    switch (e.kind) {
      case ast::expr_kind::bool_literal:
      case ast::expr_kind::int_literal:
      case ast::expr_kind::string_literal:
      case ast::expr_kind::date_literal:
      case ast::expr_kind::datetime_literal:
      case ast::expr_kind::duration_literal:
        return literal(e);
      case ast::expr_kind::name:
        switch (checked.ref) {
          case ref_kind::input_field:
            return field_path(e);
          case ref_kind::now:
            return add({op::now, 0, false, 0, 0, 0});
          case ref_kind::let_value:
            return add({op::let_value, 0, false, checked.ref_index, 0, 0});
          case ref_kind::local:
            return field_path(e);
          case ref_kind::enum_value:
            return constant(value::enumeration(checked.ref_index));
          default:
            return constant({});  // not reachable in a checked bundle
        }
      case ast::expr_kind::field:
        if (checked.ref == ref_kind::enum_value)
          return constant(value::enumeration(checked.ref_index));
        if (checked.ref == ref_kind::param)
          return add({op::param, 0, false, checked.ref_index, 0, 0});
        return field_path(e);
      case ast::expr_kind::index: {
        const ast::expr& base = e.children[0];
        if (bundle_.info(base).ref == ref_kind::table) {
          return add(
              {op::table_get, 0, false, bundle_.info(base).ref_index, emit(e.children[1]), 0});
        }
        const std::uint32_t list = emit(base);
        return add({op::list_get, 0, false, list, emit(e.children[1]), 0});
      }
      case ast::expr_kind::call: {
        node n{op::call, static_cast<std::uint8_t>(checked.ref_index), false, 0, 0, 0};
        n.a = e.children.size() > 0 ? emit(e.children[0]) : 0;
        n.b = e.children.size() > 1 ? emit(e.children[1]) : 0;
        if (static_cast<lang::builtin>(checked.ref_index) == lang::builtin::matches) {
          const std::uint32_t text = p_.nodes[n.b].a;
          const ast::expr& regex = e.children[1];
          p_.patterns.push_back(
              std::make_unique<pattern>(regex.text, bundle_.patterns.at(regex.id)));
          p_.pattern_of_constant[text] = static_cast<std::uint32_t>(p_.patterns.size() - 1);
        }
        return add(n);
      }
      case ast::expr_kind::not_op:
        return add({op::not_op, 0, false, emit(e.children[0]), 0, 0});
      case ast::expr_kind::has:
        return add({op::has, 0, false, emit(e.children[0]), 0, 0});
      case ast::expr_kind::if_then_else: {
        const std::uint32_t c = emit(e.children[0]);
        const std::uint32_t t = emit(e.children[1]);
        return add({op::if_then_else, 0, false, c, t, emit(e.children[2])});
      }
      case ast::expr_kind::quantifier: {
        const std::uint32_t list = emit(e.children[0]);
        const std::uint32_t slot = depth_++;
        p_.max_locals = std::max(p_.max_locals, depth_);
        const std::uint32_t body = emit(e.children[1]);
        --depth_;
        return add(
            {op::quantifier, static_cast<std::uint8_t>(e.quantifier), false, list, body, slot});
      }
      case ast::expr_kind::set_literal:
      case ast::expr_kind::list_literal:
        return collection(e);
      case ast::expr_kind::record_literal:
        return constant({});  // only in constants
      case ast::expr_kind::binary:
        return binary(e);
    }
    return constant({});
  }

  // `a.b.c` is one node reading a chain of field indexes, from the case's root when `a` is an
  // input field, or from a quantifier variable: one dispatch instead of one per step.
  std::uint32_t field_path(const ast::expr& e) {
    std::vector<std::uint32_t> steps;
    const ast::expr* base = &e;
    while (base->kind == ast::expr_kind::field && bundle_.info(*base).ref != ref_kind::enum_value &&
           bundle_.info(*base).ref != ref_kind::param) {
      steps.push_back(bundle_.info(*base).ref_index);
      base = &base->children[0];
    }
    const lang::expr_info& start = bundle_.info(*base);
    const bool from_root = base->kind == ast::expr_kind::name && start.ref == ref_kind::input_field;
    const bool from_local = base->kind == ast::expr_kind::name && start.ref == ref_kind::local;
    if (from_root) steps.push_back(start.ref_index);
    std::reverse(steps.begin(), steps.end());
    const auto first = static_cast<std::uint32_t>(p_.operands.size());
    p_.operands.insert(p_.operands.end(), steps.begin(), steps.end());
    const auto count = static_cast<std::uint32_t>(steps.size());
    if (from_root) {
      p_.operands.push_back(flat_slot(steps));
      return add({op::read_path, 0, false, first, count, 0});
    }
    if (from_local) return add({op::read_path, 0, false, first, count, start.ref_index + 1});
    return add({op::path, 0, false, emit(*base), first, count});
  }

  std::uint32_t binary(const ast::expr& e) {
    using bop = ast::binary_op;
    const ast::expr& l = e.children[0];
    const ast::expr& r = e.children[1];
    // A comparison with a constant keeps the constant in the node (`partner.cloud == Public`).
    auto compare = [&](comparison c) {
      const std::uint32_t a = emit(l);
      const std::uint32_t b = emit(r);
      if (is_constant(b)) {
        return add(
            {op::compare_constant, static_cast<std::uint8_t>(c), false, a, p_.nodes[b].a, 0});
      }
      return add({op::compare, static_cast<std::uint8_t>(c), false, a, b, 0});
    };
    switch (e.op) {
      case bop::and_op:
      case bop::or_op: {
        // A list of two conditions; folding drops constant parts, fusing flattens chains.
        const std::uint32_t a = emit(l);
        const std::uint32_t b = emit(r);
        const auto first = static_cast<std::uint32_t>(p_.operands.size());
        p_.operands.insert(p_.operands.end(), {a, b});
        return add({e.op == bop::and_op ? op::all_of : op::any_of, 0, false, first, 2, 0});
      }
      case bop::coalesce:
      case bop::add:
      case bop::sub: {
        const op code = e.op == bop::coalesce ? op::coalesce
                        : e.op == bop::add    ? op::add
                                              : op::subtract;
        const std::uint32_t a = emit(l);
        return add({code, 0, false, a, emit(r), 0});
      }
      case bop::eq:
        return compare(comparison::eq);
      case bop::ne:
        return compare(comparison::ne);
      case bop::lt:
        return compare(comparison::lt);
      case bop::le:
        return compare(comparison::le);
      case bop::gt:
        return compare(comparison::gt);
      case bop::ge:
        return compare(comparison::ge);
      case bop::in:
      case bop::not_in: {
        std::uint32_t n;
        const std::uint32_t a = emit(l);
        const lang::expr_info& right = bundle_.info(r);
        if (right.ref == ref_kind::table && r.kind == ast::expr_kind::name) {
          n = add({op::in_table, 0, false, a, right.ref_index, 0});
        } else if (is_enum_set(right.type)) {
          n = add({op::in_enum_set, 0, false, a, emit(r), 0});
        } else {
          n = add({op::in_list, 0, false, a, emit(r), 0});
        }
        return e.op == bop::in ? n : add({op::not_op, 0, false, n, 0, 0});
      }
      case bop::overlaps:
      case bop::subset: {
        const std::uint32_t a = emit(l);
        return add({e.op == bop::overlaps ? op::overlaps : op::subset, 0, false, a, emit(r), 0});
      }
    }
    return constant({});
  }

  // ---- decisions and rules
  message_template message(const ast::message& m) {
    message_template t;
    for (const auto& part : m.parts) {
      if (part.placeholder) {
        const auto& info = types_.info(bundle_.info(*part.placeholder).type);
        t.parts.push_back(
            {{},
             emit(*part.placeholder),
             info.kind == type_kind::enumeration ? &types_.enums[info.index].values : nullptr});
      } else {
        t.parts.push_back({part.text, std::nullopt});
      }
    }
    return t;
  }

  // A message without placeholders, of a rule with the code `code`: its text and JSON entry.
  static void prepare_constant(message_template& t, std::string_view code) {
    t.constant = std::none_of(t.parts.begin(), t.parts.end(),
                              [](const message_template::part& p) { return p.expression; });
    if (!t.constant) return;
    t.constant_text.clear();
    for (const auto& part : t.parts)
      t.constant_text += part.text;
    t.json_entry = "{\"code\":" + lang::json_string(code) +
                   ",\"text\":" + lang::json_string(t.constant_text) + "}";
  }

  void decision(const lang::decision_info& d) {
    compiled_decision c;
    c.name = d.name;
    depth_ = 0;
    if (d.decl->applies_when) c.applies = emit(*d.decl->applies_when);
    for (const auto& o : d.outcomes) {
      compiled_outcome out{o.name, {}, {}, {}, {}};
      out.json_head = lang::json_string(d.name) + ":{\"outcome\":" + lang::json_string(o.name);
      for (const auto& f : o.payload) {
        out.payload_fields.push_back(f.name);
        out.json_payload_keys.push_back("," + lang::json_string(f.name) + ":");
        const auto* info = &types_.info(f.type);
        if (info->kind == type_kind::list || info->kind == type_kind::set)
          info = &types_.info(info->element);
        out.payload_enum_names.push_back(
            info->kind == type_kind::enumeration ? &types_.enums[info->index].values : nullptr);
      }
      c.outcomes.push_back(std::move(out));
    }
    c.combine = d.decl->combine;
    c.default_outcome = d.default_outcome;
    for (const ast::expr* e : d.default_payload)
      c.default_payload.push_back(emit(*e));
    p_.decisions.push_back(std::move(c));
  }

  void rule(const lang::rule_info& r) {
    const ast::rule_decl& decl = *r.decl;
    compiled_rule c;
    c.id = decl.id.text;
    const auto& file = p_.source->sources->file(decl.id.where.file);
    const auto at = file.locate(decl.where.begin);
    c.location = lang::format_location(file.path(), at.line, at.column);
    c.decision = r.decision;
    depth_ = 0;
    // A rule feeding several decisions is compiled once per decision; its nodes are shared.
    auto shared = compiled_by_decl_.find(&decl);
    if (shared != compiled_by_decl_.end()) {
      const compiled_rule& first = p_.rules[shared->second];
      c.condition = first.condition;
      c.text = first.text;
      c.translations = first.translations;
    } else {
      if (decl.condition) c.condition = emit(*decl.condition);
      if (decl.text) c.text = message(*decl.text);
      for (const auto& t : decl.translations) {
        std::string tag = t.locale.text;
        for (char& ch : tag)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        c.translations.emplace_back(std::move(tag), message(t.text));
      }
      compiled_by_decl_[&decl] = static_cast<std::uint32_t>(p_.rules.size());
    }
    if (decl.from) c.from_day = decl.from->days;
    if (decl.until) c.until_day = decl.until->days;
    c.is_warning = decl.is_warning;
    c.outcome = r.outcome.value_or(0);
    if (decl.code) c.code = decl.code->text;
    if (c.text) prepare_constant(*c.text, c.code);
    for (auto& [locale, text] : c.translations)
      prepare_constant(text, c.code);
    for (const ast::expr* e : r.payload)
      c.payload.push_back(e ? emit(*e) : constant({}));
    p_.rules.push_back(std::move(c));
  }

  program& p_;
  const lang::checked_bundle& bundle_;
  const lang::type_table& types_;
  std::unordered_map<type_id, schema_type*> schemas_;
  std::unordered_map<const ast::rule_decl*, std::uint32_t> compiled_by_decl_;
  std::uint32_t depth_ = 0;
};

}  // namespace

std::shared_ptr<const program> compile(std::shared_ptr<const lang::checked_bundle> bundle) {
  auto p = std::make_shared<program>();
  p->source = std::move(bundle);
  compiler(*p).run();
  std::vector<value> defaults;
  for (const compiled_param& param : p->params)
    defaults.push_back(param.default_value);
  p->default_nodes = p->nodes;
  fold_constants(*p, p->nodes, nullptr);
  fold_constants(*p, p->default_nodes, &defaults);
  share_repeated(*p, p->default_nodes);
  intern_literals(*p);
  p->jumps = compile_jumps(*p, p->nodes);
  p->default_jumps = compile_jumps(*p, p->default_nodes);
  thread_handlers(*p, p->jumps);
  thread_handlers(*p, p->default_jumps);
  return p;
}

}  // namespace clause::runtime
