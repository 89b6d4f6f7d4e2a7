#include "verify/case_vars.hpp"

#include <fmt/format.h>

#include "lang/calendar.hpp"
#include "lang/json_string.hpp"

namespace clause::verify {

// A case as a tree, to print as JSON or YAML.
struct witness_node {
  enum class kind { scalar, text, list, object } form = kind::scalar;
  std::string value;  // a scalar as written (`true`, `12`), or a string's text
  std::vector<witness_node> elements;
  std::vector<std::pair<std::string, witness_node>> members;
};

namespace {

z3::expr printable(z3::context& c) {
  // Printable ASCII without the backslash: Z3 would read `\u{…}` in a witness's text as escapes.
  const z3::expr low = z3::range(c.string_val(" "), c.string_val("["));
  const z3::expr high = z3::range(c.string_val("]"), c.string_val("~"));
  const Z3_ast parts[] = {low, high};
  return z3::star(z3::expr(c, Z3_mk_re_union(c, 2, parts)));
}

std::int64_t model_int(const z3::model& m, const z3::expr& e) {
  const z3::expr v = m.eval(e, true);
  int64_t out = 0;
  if (!v.is_numeral_i64(out)) return 0;
  return out;
}

bool model_bool(const z3::model& m, const z3::expr& e) {
  return m.eval(e, true).is_true();
}

// Not starting or ending with white space, asked of one character each (no regular expression:
// those cost the solver the most).
z3::expr no_white_ends(z3::context& c, const z3::expr& text) {
  auto white = [&](const z3::expr& ch) {
    z3::expr any = c.bool_val(false);
    for (const char* w : {" ", "\\u{9}", "\\u{a}", "\\u{b}", "\\u{c}", "\\u{d}"})
      any = any || ch == c.string_val(w);
    return any;
  };
  return text == c.string_val("") ||
         (!white(text.at(c.int_val(0))) && !white(text.at(text.length() - 1)));
}

}  // namespace

case_vars::case_vars(z3::context& c, const lang::checked_bundle& bundle, unsigned list_bound,
                     const std::map<std::string, lang::constant>& fixed)
    : ctx_(&c), bundle_(&bundle), list_bound_(list_bound), input_(c), now_(c) {
  input_ = variable(bundle.input, "");
  now_ = variable(lang::type_table::datetime, "now");
  for (const lang::param_info& p : bundle.params) {
    auto it = fixed.find(p.name);
    if (it != fixed.end()) {
      params_.push_back(constant_sym(c, bundle.types, it->second));
      params_fixed_.push_back(true);
      continue;
    }
    sym s = variable(p.type, "params." + p.name);
    s.present = p.optional ? c.bool_const(("params." + p.name + "?").c_str()) : c.bool_val(true);
    if (p.optional) variables_.push_back(s.present);
    params_.push_back(s);
    params_fixed_.push_back(false);
  }
}

sym case_vars::variable(lang::type_id t, const std::string& path) {
  z3::context& c = *ctx_;
  const lang::type_table& types = bundle_->types;
  const lang::type_info& info = types.info(t);
  sym s(c);
  s.type = t;
  const std::string name = path.empty() ? "case" : path;
  switch (info.kind) {
    case lang::type_kind::boolean:
      s.scalar = c.bool_const(name.c_str());
      break;
    case lang::type_kind::integer:
      s.scalar = c.int_const(name.c_str());
      domain_.push_back(s.scalar >= c.int_val(INT64_MIN) && s.scalar <= c.int_val(INT64_MAX));
      break;
    case lang::type_kind::string:
      s.scalar = c.string_const(name.c_str());
      tame_.push_back(z3::in_re(s.scalar, printable(c)));
      texts_.emplace_back(s.scalar, tame_.back());
      plain_.push_back(no_white_ends(c, s.scalar));
      break;
    case lang::type_kind::date:
      s.scalar = c.int_const(name.c_str());
      domain_.push_back(s.scalar >= c.int_val(first_day) && s.scalar <= c.int_val(last_day));
      break;
    case lang::type_kind::datetime: {
      s.scalar = c.int_const(name.c_str());
      // A parsed instant lies in 0001-9999, give or take the 14 hours of a zone offset.
      const std::int64_t slack = 14 * 3600 * ns_per_second;
      const z3::expr day = c.int_val(ns_per_day);
      domain_.push_back(s.scalar >= c.int_val(first_day) * day - c.int_val(slack) &&
                        s.scalar < c.int_val(last_day + 1) * day + c.int_val(slack));
      // Whole seconds read better; an instant's fraction never matters to the MCA's rules, and
      // a proof still covers every fraction.
      tame_.push_back(z3::mod(s.scalar, c.int_val(ns_per_second)) == 0);
      break;
    }
    case lang::type_kind::enumeration: {
      s.scalar = c.int_const(name.c_str());
      const auto n = static_cast<int>(types.enums[info.index].values.size());
      domain_.push_back(s.scalar >= 0 && s.scalar < n);
      break;
    }
    case lang::type_kind::record: {
      const lang::record_info& r = types.records[info.index];
      for (const lang::field_info& f : r.fields) {
        const std::string sub = path.empty() ? f.name : path + "." + f.name;
        sym field = variable(f.type, sub);
        field.present = f.optional ? c.bool_const((sub + "?").c_str()) : c.bool_val(true);
        if (f.optional) variables_.push_back(field.present);
        s.fields.push_back(std::move(field));
      }
      break;
    }
    case lang::type_kind::list:
    case lang::type_kind::set: {
      const lang::type_info& element = types.info(info.element);
      if (info.kind == lang::type_kind::set && element.kind == lang::type_kind::enumeration) {
        // A set of enum values is one bit per value: no bound needed.
        const auto& values = types.enums[element.index].values;
        for (std::size_t v = 0; v < values.size(); ++v) {
          sym e(c);
          e.type = info.element;
          e.scalar = c.int_val(static_cast<int>(v));
          s.items.push_back({c.bool_const(fmt::format("{}{{{}}}", name, values[v]).c_str()), e});
          variables_.push_back(s.items.back().guard);
        }
        break;
      }
      const z3::expr length = c.int_const((name + ".length").c_str());
      domain_.push_back(length >= 0 && length <= static_cast<int>(list_bound_));
      variables_.push_back(length);
      for (unsigned i = 0; i < list_bound_; ++i) {
        sym e = variable(info.element, fmt::format("{}[{}]", name, i));
        s.items.push_back({length > static_cast<int>(i), e});
      }
      if (info.kind == lang::type_kind::set) {
        for (unsigned i = 0; i < list_bound_; ++i)
          for (unsigned j = 0; j < i; ++j)
            domain_.push_back(
                z3::implies(s.items[i].guard, !equal(types, s.items[i].value, s.items[j].value)));
      }
      break;
    }
    default:
      throw not_encoded(fmt::format("a case value of type `{}`", types.name(t)), {});
  }
  if (info.kind != lang::type_kind::record && info.kind != lang::type_kind::list &&
      info.kind != lang::type_kind::set)
    variables_.push_back(s.scalar);
  return s;
}

witness_node case_vars::read(const z3::model& m, const sym& s, lang::type_id t) const {
  const lang::type_table& types = bundle_->types;
  const lang::type_info& info = types.info(t);
  witness_node n;
  switch (info.kind) {
    case lang::type_kind::boolean:
      n.value = model_bool(m, s.scalar) ? "true" : "false";
      break;
    case lang::type_kind::integer:
      n.value = std::to_string(model_int(m, s.scalar));
      break;
    case lang::type_kind::string:
      n.form = witness_node::kind::text;
      n.value = model_string(m.eval(s.scalar, true));
      break;
    case lang::type_kind::date:
      n.form = witness_node::kind::text;
      n.value = lang::format_date({static_cast<std::int32_t>(model_int(m, s.scalar))});
      break;
    case lang::type_kind::datetime: {
      // Instants of 0001-9999 in nanoseconds exceed 64 bits: split them in the solver.
      const z3::expr second = ctx_->int_val(ns_per_second);
      const std::int64_t seconds = model_int(m, (s.scalar / second));
      const std::int64_t nanos = model_int(m, z3::mod(s.scalar, second));
      n.form = witness_node::kind::text;
      n.value = lang::format_datetime({seconds, static_cast<std::int32_t>(nanos)});
      break;
    }
    case lang::type_kind::enumeration: {
      const auto& values = types.enums[info.index].values;
      const auto v = static_cast<std::size_t>(model_int(m, s.scalar));
      n.form = witness_node::kind::text;
      n.value = v < values.size() ? values[v] : values.front();
      break;
    }
    case lang::type_kind::record: {
      n.form = witness_node::kind::object;
      const lang::record_info& r = types.records[info.index];
      for (std::size_t i = 0; i < r.fields.size() && i < s.fields.size(); ++i) {
        if (!model_bool(m, s.fields[i].present)) continue;
        n.members.emplace_back(r.fields[i].name, read(m, s.fields[i], r.fields[i].type));
      }
      break;
    }
    case lang::type_kind::list:
    case lang::type_kind::set:
      n.form = witness_node::kind::list;
      for (const item& e : s.items) {
        if (model_bool(m, e.guard)) n.elements.push_back(read(m, e.value, info.element));
      }
      break;
    default:
      break;
  }
  return n;
}

witness_node case_vars::read_case(const z3::model& m, std::string_view id) const {
  witness_node out = read(m, input_, bundle_->input);
  witness_node params;
  params.form = witness_node::kind::object;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (!model_bool(m, params_[i].present)) continue;
    params.members.emplace_back(bundle_->params[i].name,
                                read(m, params_[i], bundle_->params[i].type));
  }
  std::vector<std::pair<std::string, witness_node>> head;
  head.emplace_back("id", witness_node{witness_node::kind::text, std::string(id), {}, {}});
  head.emplace_back("now", read(m, now_, lang::type_table::datetime));
  if (!params.members.empty()) head.emplace_back("params", std::move(params));
  out.members.insert(out.members.begin(), head.begin(), head.end());
  return out;
}

namespace {

void write_json(std::string& out, const witness_node& n) {
  switch (n.form) {
    case witness_node::kind::scalar:
      out += n.value;
      break;
    case witness_node::kind::text:
      lang::append_json_string(out, n.value);
      break;
    case witness_node::kind::list:
      out += '[';
      for (std::size_t i = 0; i < n.elements.size(); ++i) {
        if (i) out += ',';
        write_json(out, n.elements[i]);
      }
      out += ']';
      break;
    case witness_node::kind::object:
      out += '{';
      for (std::size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ',';
        lang::append_json_string(out, n.members[i].first);
        out += ':';
        write_json(out, n.members[i].second);
      }
      out += '}';
      break;
  }
}

bool inline_node(const witness_node& n) {
  return n.form == witness_node::kind::scalar || n.form == witness_node::kind::text ||
         (n.form == witness_node::kind::list && n.elements.empty()) ||
         (n.form == witness_node::kind::object && n.members.empty());
}

// Block YAML; strings double-quoted (JSON's escapes are YAML's), so none is read as another type.
void write_yaml(std::string& out, const witness_node& n, std::size_t indent) {
  const std::string pad(indent, ' ');
  if (n.form == witness_node::kind::object) {
    for (const auto& [key, value] : n.members) {
      out += pad + key + ":";
      if (inline_node(value)) {
        out += ' ';
        write_json(out, value);
        out += '\n';
      } else {
        out += '\n';
        write_yaml(out, value, indent + 2);
      }
    }
  } else if (n.form == witness_node::kind::list) {
    for (const witness_node& e : n.elements) {
      if (inline_node(e)) {
        out += pad + "- ";
        write_json(out, e);
        out += '\n';
      } else {
        std::string inner;
        write_yaml(inner, e, indent + 2);
        // The first line of the element follows its dash.
        out += pad + "- " + inner.substr(indent + 2);
      }
    }
  }
}

}  // namespace

std::string case_vars::witness_json(const z3::model& m, std::string_view id) const {
  std::string out;
  write_json(out, read_case(m, id));
  return out;
}

std::string case_vars::witness_yaml(const z3::model& m, std::string_view id) const {
  std::string out;
  write_yaml(out, read_case(m, id), 0);
  return out;
}

}  // namespace clause::verify
