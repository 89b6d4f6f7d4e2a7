// Typing of expressions: name resolution, operators, built-in calls and presence guards.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "lang/builtins.hpp"
#include "lang/checker_impl.hpp"
#include "lang/limits.hpp"
#include "lang/regex.hpp"
#include "lang/suggest.hpp"

namespace clause::lang::detail {

namespace {

bool is_path(const ast::expr& e) {
  return e.kind == ast::expr_kind::name || e.kind == ast::expr_kind::field ||
         e.kind == ast::expr_kind::index;
}

bool is_collection(const type_table& t, type_id id) {
  const type_kind k = t.kind(id);
  return k == type_kind::list || k == type_kind::set;
}

bool is_ordered(type_kind k) {
  return k == type_kind::integer || k == type_kind::string || k == type_kind::date ||
         k == type_kind::datetime;
}

}  // namespace

// A lookup's key as it appears in a path: a literal (string, int, date) by its value, else a path.
static std::optional<std::string> key_text(const ast::expr& k) {
  switch (k.kind) {
    case ast::expr_kind::string_literal:
      return "\"" + k.text + "\"";
    case ast::expr_kind::int_literal:
      return std::to_string(k.number);
    case ast::expr_kind::date_literal:  // (marked, so that it never meets an int key)
      return "date:" + std::to_string(k.number);
    default:
      return path_key(k);
  }
}

std::optional<std::string> path_key(const ast::expr& e) {
  switch (e.kind) {
    case ast::expr_kind::name:
      return e.text;
    case ast::expr_kind::field: {
      auto inner = path_key(e.children[0]);
      if (!inner) return std::nullopt;
      return *inner + "." + e.text;
    }
    case ast::expr_kind::index: {
      auto table = path_key(e.children[0]);
      std::optional<std::string> key = key_text(e.children[1]);
      if (!table || !key) return std::nullopt;
      return *table + "[" + *key + "]";
    }
    default:
      return std::nullopt;
  }
}

bool scope::knows(const std::string& key) const {
  return std::find(present.begin(), present.end(), key) != present.end();
}

// Drops every fact whose path reads `name` (as its root, or in a key), as a new variable of that
// name hides the one the facts were about.
void scope::forget(const std::string& name) {
  const auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  const auto mentions = [&](const std::string& key) {
    for (std::size_t at = key.find(name); at != std::string::npos; at = key.find(name, at + 1)) {
      const bool starts = at == 0 || key[at - 1] == '[';
      const std::size_t end = at + name.size();
      const bool ends = end == key.size() || !is_name_char(key[end]);
      if (starts && ends) return true;
    }
    return false;
  };
  present.erase(std::remove_if(present.begin(), present.end(), mentions), present.end());
}

void scope::add_present(const std::string& key) {
  int depth = 0;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] == '[') {
      if (depth == 0 && !knows(key.substr(0, i))) present.push_back(key.substr(0, i));
      ++depth;
    } else if (key[i] == ']') {
      --depth;
    } else if (key[i] == '.' && depth == 0 && !knows(key.substr(0, i))) {
      present.push_back(key.substr(0, i));
    }
  }
  if (!knows(key)) present.push_back(key);
}

std::string checker::text_of(span where) const {
  const std::string& text = bundle_.sources->file(where.file).text();
  std::string out = text.substr(where.begin, where.end - where.begin);
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

void checker::mismatch(const ast::expr& e, std::string_view what, type_id wanted) {
  if (type_of(e) == type_table::error || wanted == type_table::error) return;
  out_.error(code::type_mismatch, e.where,
             fmt::format("{} must be {}, but `{}` is {}", what, types_.name(wanted),
                         text_of(e.where), types_.name(type_of(e))));
}

// The table lookup `t[k]` inside `e` (`t[k]` itself, or `t[k].field`), if any.
static const ast::expr* table_lookup_in(const ast::expr& e, const checked_bundle& b) {
  const ast::expr* x = &e;
  while (x->kind == ast::expr_kind::field)
    x = &x->children[0];
  if (x->kind == ast::expr_kind::index && b.info(x->children[0]).ref == ref_kind::table) return x;
  return nullptr;
}

void checker::require_present(const ast::expr& e) {
  bool& optional = bundle_.info(e).optional;
  if (!optional) return;
  optional = false;  // one report per expression
  const std::string text = text_of(e.where);
  std::string help;
  if (const ast::expr* lookup = table_lookup_in(e, bundle_);
      lookup && !bundle_.info(lookup->children[1]).optional) {
    // A table lookup is guarded by asking whether the key is in the table.
    help = fmt::format(
        "check the key first, as in `{} in {} and …`, or give a fallback, as in "
        "`{} ?? …`",
        text_of(lookup->children[1].where), text_of(lookup->children[0].where), text);
  } else if (is_path(e)) {
    help = fmt::format("check it first, as in `has {} and …`, or give a fallback, as in `{} ?? …`",
                       text, text);
  } else {
    help = fmt::format("give a fallback, as in `{} ?? …`", text);
  }
  out_.error(code::unguarded_optional, e.where,
             fmt::format("`{}` may be absent here, and nothing checks that it is present", text),
             help);
}

void checker::require_type(const ast::expr& e, type_id wanted, std::string_view what) {
  require_present(e);
  if (!types_.fits(type_of(e), wanted)) mismatch(e, what, wanted);
}

void checker::check_condition(const ast::expr& e, const scope& s, std::string_view what) {
  check(e, s, type_table::boolean);
  require_type(e, type_table::boolean, what);
}

void checker::narrow(const ast::expr& e, const scope& s) {
  bool& optional = bundle_.info(e).optional;
  if (!optional) return;
  if (auto key = path_key(e); key && s.knows(*key)) optional = false;
}

void checker::facts(const ast::expr& e, bool when_true, scope& s) const {
  switch (e.kind) {
    case ast::expr_kind::has:
      if (when_true) {
        if (auto key = path_key(e.children[0])) s.add_present(*key);
      }
      break;
    case ast::expr_kind::not_op:
      facts(e.children[0], !when_true, s);
      break;
    case ast::expr_kind::binary:
      if (e.op == ast::binary_op::and_op && when_true) {
        facts(e.children[0], true, s);
        facts(e.children[1], true, s);
      } else if (e.op == ast::binary_op::or_op && !when_true) {
        facts(e.children[0], false, s);
        facts(e.children[1], false, s);
      } else if (((e.op == ast::binary_op::in && when_true) ||
                  (e.op == ast::binary_op::not_in && !when_true)) &&
                 types_.kind(type_of(e.children[1])) == type_kind::map) {
        // `k in table` makes `table[k]` present (and so does a false `k not in table`).
        auto table = path_key(e.children[1]);
        auto key = key_text(e.children[0]);
        if (table && key) s.add_present(*table + "[" + *key + "]");
      }
      break;
    default:
      break;
  }
}

std::vector<std::string> checker::visible_names(const scope& s) const {
  std::vector<std::string> names = {"now", "params"};
  for (const auto& l : s.locals)
    names.push_back(l.name);
  for (const auto& [name, i] : let_index_)
    names.push_back(name);
  for (const auto& [name, i] : table_index_)
    names.push_back(name);
  for (const auto& f : types_.records.at(types_.info(bundle_.input).index).fields) {
    names.push_back(f.name);
  }
  for (const auto& en : types_.enums) {
    for (const auto& v : en.values)
      names.push_back(v);
  }
  return names;
}

void checker::use_let(const ast::expr& e, std::uint32_t index) {
  expr_info& info = bundle_.info(e);
  info.ref = ref_kind::let_value;
  info.ref_index = index;
  if (!check_let(index)) {
    std::string chain;
    for (const auto& n : let_stack_)
      chain += "`" + n + "` -> ";
    out_.error(code::cyclic_definition, e.where,
               fmt::format("`{}` is defined in terms of itself: {}`{}`", e.text, chain, e.text),
               "definitions cannot be recursive; compute the value from other names");
    info.type = type_table::error;
    return;
  }
  const std::size_t total = depth_ + let_heights_[index];
  if (total > limits::max_expression_depth) {
    too_deep(e);
    return;
  }
  deepest_ = std::max(deepest_, total);
  info.type = let_infos_[index].type;
  info.optional = let_infos_[index].optional;
}

bool checker::check_let(std::uint32_t index) {
  if (let_states_[index] == let_state::checking) return false;
  if (let_states_[index] == let_state::done) return true;
  let_states_[index] = let_state::checking;
  const ast::let_decl& decl = *let_decls_[index];
  let_stack_.push_back(decl.id.text);
  type_id declared = type_table::error;
  if (decl.declared_type) declared = resolve_type(*decl.declared_type, decl.id.text);
  const std::size_t outer_deepest = deepest_;
  deepest_ = depth_;
  check(decl.value, scope{}, declared);
  let_heights_[index] = deepest_ - depth_;
  deepest_ = std::max(outer_deepest, deepest_);
  const expr_info& value = bundle_.info(decl.value);
  if (decl.declared_type && !types_.fits(value.type, declared)) {
    mismatch(decl.value, fmt::format("the value of `{}`", decl.id.text), declared);
  }
  let_infos_[index] = {decl.id.text, decl.declared_type ? declared : value.type, value.optional,
                       &decl};
  let_stack_.pop_back();
  let_states_[index] = let_state::done;
  let_order_.push_back(index);
  return true;
}

void checker::check_name(const ast::expr& e, const scope& s, type_id expected) {
  expr_info& info = bundle_.info(e);
  for (std::size_t i = s.locals.size(); i-- > 0;) {
    if (s.locals[i].name == e.text) {
      info.ref = ref_kind::local;
      info.ref_index = static_cast<std::uint32_t>(i);
      info.type = s.locals[i].type;
      return;
    }
  }
  if (e.text == "now") {
    info.ref = ref_kind::now;
    info.type = type_table::datetime;
    return;
  }
  if (e.text == "params") {
    info.ref = ref_kind::param_root;
    info.type = type_table::error;
    out_.error(code::type_mismatch, e.where, "`params` holds the policy's parameters",
               "read one of them, as in `params.name`");
    return;
  }
  if (auto it = let_index_.find(e.text); it != let_index_.end()) {
    use_let(e, it->second);
    narrow(e, s);
    return;
  }
  const record_info& input = types_.records.at(types_.info(bundle_.input).index);
  if (auto f = input.find(e.text)) {
    info.ref = ref_kind::input_field;
    info.ref_index = *f;
    info.type = input.fields[*f].type;
    info.optional = input.fields[*f].optional;
    narrow(e, s);
    return;
  }
  if (auto it = table_index_.find(e.text); it != table_index_.end()) {
    info.ref = ref_kind::table;
    info.ref_index = it->second;
    const table_info& t = bundle_.tables[it->second];
    info.type = types_.map_of(t.key, t.value);
    return;
  }
  // An enum value: the expected enum's first, else the only enum that has it.
  if (types_.kind(expected) == type_kind::enumeration) {
    const enum_info& en = types_.enums[types_.info(expected).index];
    if (auto v = en.find(e.text)) {
      info.ref = ref_kind::enum_value;
      info.ref_index = *v;
      info.type = expected;
      return;
    }
  }
  std::vector<std::string> owners;
  for (std::uint32_t i = 0; i < types_.enums.size(); ++i) {
    if (auto v = types_.enums[i].find(e.text)) {
      if (owners.empty()) {
        info.ref = ref_kind::enum_value;
        info.ref_index = *v;
        info.type = types_.enum_type(i);
      }
      owners.push_back(types_.enums[i].name);
    }
  }
  if (owners.size() == 1) return;
  if (owners.size() > 1) {
    out_.error(
        code::ambiguous_name, e.where,
        fmt::format("`{}` is a value of several enums: `{}`", e.text, fmt::join(owners, "`, `")),
        fmt::format("name the enum, as in `{}.{}`", owners[0], e.text));
    info.type = type_table::error;
    return;
  }
  info.type = type_table::error;
  if (enum_index_.count(e.text) || record_index_.count(e.text)) {
    out_.error(code::unknown_name, e.where, fmt::format("`{}` is a type, not a value", e.text),
               enum_index_.count(e.text)
                   ? fmt::format("name one of its values, as in `{}.{}`", e.text,
                                 types_.enums[enum_index_.at(e.text)].values[0])
                   : std::string{});
    return;
  }
  if (find_builtin(e.text)) {
    out_.error(code::unknown_name, e.where, fmt::format("`{}` is a function", e.text),
               fmt::format("call it: {}", find_builtin(e.text)->signature));
    return;
  }
  out_.error(code::unknown_name, e.where, fmt::format("unknown name `{}`", e.text),
             did_you_mean(e.text, visible_names(s)));
}

void checker::check_field(const ast::expr& e, const scope& s) {
  expr_info& info = bundle_.info(e);
  const ast::expr& base = e.children[0];
  // `Role.AdminAgent`: a value named by its enum.
  if (base.kind == ast::expr_kind::name && enum_index_.count(base.text)) {
    const bool shadowed = let_index_.count(base.text) || table_index_.count(base.text) ||
                          std::any_of(s.locals.begin(), s.locals.end(),
                                      [&](const auto& l) { return l.name == base.text; });
    if (!shadowed) {
      const std::uint32_t index = enum_index_.at(base.text);
      const enum_info& en = types_.enums[index];
      bundle_.info(base).type = types_.enum_type(index);
      if (auto v = en.find(e.text)) {
        info.ref = ref_kind::enum_value;
        info.ref_index = *v;
        info.type = types_.enum_type(index);
      } else {
        info.type = type_table::error;
        out_.error(code::unknown_enum_value, e.where,
                   fmt::format("enum `{}` has no value `{}`", en.name, e.text),
                   did_you_mean(e.text, en.values));
      }
      return;
    }
  }
  if (base.kind == ast::expr_kind::name && base.text == "params" &&
      std::none_of(s.locals.begin(), s.locals.end(),
                   [&](const auto& l) { return l.name == "params"; })) {
    bundle_.info(base).ref = ref_kind::param_root;
    if (auto it = param_index_.find(e.text); it != param_index_.end()) {
      const param_info& p = bundle_.params[it->second];
      info.ref = ref_kind::param;
      info.ref_index = it->second;
      info.type = p.type;
      info.optional = p.optional;
      narrow(e, s);
    } else {
      info.type = type_table::error;
      std::vector<std::string> names;
      for (const auto& p : bundle_.params)
        names.push_back(p.name);
      out_.error(code::unknown_name, e.where, fmt::format("unknown parameter `{}`", e.text),
                 did_you_mean(e.text, names));
    }
    return;
  }
  check(base, s);
  if (type_of(base) == type_table::error) {
    info.type = type_table::error;
    return;
  }
  if (types_.kind(type_of(base)) != type_kind::record) {
    info.type = type_table::error;
    out_.error(code::type_mismatch, e.where,
               fmt::format("`{}` is {}, which has no fields", text_of(base.where),
                           types_.name(type_of(base))));
    return;
  }
  const record_info& r = types_.records[types_.info(type_of(base)).index];
  auto f = r.find(e.text);
  if (!f) {
    info.type = type_table::error;
    std::vector<std::string> names;
    for (const auto& fi : r.fields)
      names.push_back(fi.name);
    out_.error(code::unknown_field, span{e.where.file, base.where.end, e.where.end},
               fmt::format("`{}` has no field `{}`", text_of(base.where), e.text),
               did_you_mean(e.text, names));
    return;
  }
  info.ref_index = *f;
  info.type = r.fields[*f].type;
  info.optional = bundle_.info(base).optional || r.fields[*f].optional;
  narrow(e, s);
}

void checker::check_index(const ast::expr& e, const scope& s) {
  expr_info& info = bundle_.info(e);
  const ast::expr& base = e.children[0];
  const ast::expr& key = e.children[1];
  check(base, s);
  require_present(base);
  const type_info& bt = types_.info(type_of(base));
  if (bt.kind == type_kind::map) {
    check(key, s, bt.key);
    require_type(key, bt.key, "the key");
  } else if (bt.kind == type_kind::list) {
    check(key, s, type_table::integer);
    require_type(key, type_table::integer, "a list index");
  } else {
    check(key, s);
    if (type_of(base) != type_table::error) {
      out_.error(code::type_mismatch, e.where,
                 fmt::format("`{}` is {}; only tables and lists can be indexed",
                             text_of(base.where), types_.name(type_of(base))));
    }
    info.type = type_table::error;
    return;
  }
  info.type = bt.element;
  info.optional = true;  // a missing key or index: guard with `key in table` or `has t[k]`
  narrow(e, s);
}

// Whether `e` takes its type from its context: a bare enum value name, a collection literal or an
// `if` whose branches are such (`Public`, `{Public, USGov}`, `if c then Public else USGov`).
bool checker::needs_context(const ast::expr& e, const scope& s) const {
  switch (e.kind) {
    case ast::expr_kind::name:
      return e.text != "now" && e.text != "params" && !let_index_.count(e.text) &&
             !table_index_.count(e.text) &&
             !types_.records.at(types_.info(bundle_.input).index).find(e.text) &&
             std::none_of(s.locals.begin(), s.locals.end(),
                          [&](const auto& l) { return l.name == e.text; });
    case ast::expr_kind::set_literal:
    case ast::expr_kind::list_literal:
      return std::all_of(e.children.begin(), e.children.end(),
                         [&](const ast::expr& c) { return needs_context(c, s); });
    case ast::expr_kind::if_then_else:
      return needs_context(e.children[1], s) && needs_context(e.children[2], s);
    default:
      return false;
  }
}

// Two operands of one type: a side that needs context takes the other side's type.
void checker::check_pair(const ast::expr& l, const ast::expr& r, const scope& s) {
  if (needs_context(l, s) && !needs_context(r, s)) {
    check(r, s);
    check(l, s, type_of(r));
  } else {
    check(l, s);
    check(r, s, type_of(l));
  }
}

// `a and b and c`, nested to the left by the parser, checked part by part, each in the scope of the
// facts of the parts before it. (Checking it level by level walked the facts of every part below
// each level again: quadratic in the chain's length.)
void checker::check_chain(const ast::expr& e, const scope& s) {
  const bool is_and = e.op == ast::binary_op::and_op;
  std::vector<const ast::expr*> links;  // `e`, then the chain's nodes down its left side
  for (const ast::expr* x = &e; x->kind == ast::expr_kind::binary && x->op == e.op;
       x = &x->children[0]) {
    links.push_back(x);
  }
  const std::string left = fmt::format("the left side of `{}`", is_and ? "and" : "or");
  const std::string right = fmt::format("the right side of `{}`", is_and ? "and" : "or");
  const std::size_t base = depth_;
  scope inner = s;
  for (std::size_t i = links.size(); i-- > 0;) {
    const ast::expr& link = *links[i];
    // Where `check` would have been, `i` levels below `e`.
    depth_ = base + i;
    deepest_ = std::max(deepest_, depth_);
    bundle_.info(link).optional = false;
    if (i + 1 == links.size()) {
      check_condition(link.children[0], s, left);
      facts(link.children[0], is_and, inner);
    }
    check_condition(link.children[1], inner, right);
    if (i > 0) facts(link.children[1], is_and, inner);
    bundle_.info(link).type = type_table::boolean;
  }
  depth_ = base;
}

void checker::check_binary(const ast::expr& e, const scope& s) {
  expr_info& info = bundle_.info(e);
  const ast::expr& l = e.children[0];
  const ast::expr& r = e.children[1];
  using op = ast::binary_op;
  switch (e.op) {
    case op::and_op:
    case op::or_op:
      check_chain(e, s);
      return;
    case op::coalesce: {
      check(l, s);
      check(r, s, type_of(l));
      if (!types_.unify(type_of(l), type_of(r))) mismatch(r, "the fallback after `??`", type_of(l));
      info.type = types_.unify(type_of(l), type_of(r)).value_or(type_table::error);
      info.optional = bundle_.info(r).optional;
      return;
    }
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge: {
      check_pair(l, r, s);
      require_present(l);
      require_present(r);
      info.type = type_table::boolean;
      if (!types_.unify(type_of(l), type_of(r))) {
        if (type_of(l) != type_table::error && type_of(r) != type_table::error) {
          const bool dates = (types_.kind(type_of(l)) == type_kind::date &&
                              types_.kind(type_of(r)) == type_kind::datetime) ||
                             (types_.kind(type_of(l)) == type_kind::datetime &&
                              types_.kind(type_of(r)) == type_kind::date);
          out_.error(
              code::type_mismatch, e.where,
              fmt::format("cannot compare `{}` ({}) with `{}` ({})", text_of(l.where),
                          types_.name(type_of(l)), text_of(r.where), types_.name(type_of(r))),
              dates ? "compare dates with dates: `utc_date(x)` is the date of a datetime" : "");
        }
        return;
      }
      const bool ordering = e.op != op::eq && e.op != op::ne;
      if (ordering && !is_ordered(types_.kind(type_of(l))) && type_of(l) != type_table::error) {
        out_.error(code::type_mismatch, e.where,
                   fmt::format("values of {} have no order; `<`, `<=`, `>` and `>=` compare "
                               "numbers, strings, dates and datetimes",
                               types_.name(type_of(l))));
      }
      return;
    }
    case op::in:
    case op::not_in: {
      const bool element_first = needs_context(r, s) && !needs_context(l, s);
      if (element_first) {
        check(l, s);
        check(r, s, types_.set_of(type_of(l)));
      } else {
        check(r, s);
      }
      require_present(r);
      const type_info& rt = types_.info(type_of(r));
      type_id element = type_table::error;
      if (rt.kind == type_kind::map) {
        element = rt.key;
      } else if (rt.kind == type_kind::list || rt.kind == type_kind::set) {
        element = rt.element;
      } else if (type_of(r) != type_table::error) {
        out_.error(code::type_mismatch, r.where,
                   fmt::format("`in` needs a set, a list or a table on its right, but `{}` is {}",
                               text_of(r.where), types_.name(type_of(r))));
      }
      if (!element_first) check(l, s, element);
      require_present(l);
      if (element != type_table::error && element != type_table::empty &&
          !types_.fits(type_of(l), element)) {
        mismatch(l, "the value looked up", element);
      }
      info.type = type_table::boolean;
      return;
    }
    case op::overlaps:
    case op::subset: {
      check_pair(l, r, s);
      require_present(l);
      require_present(r);
      const char* word = e.op == op::overlaps ? "overlaps" : "subset of";
      for (const ast::expr* side : {&l, &r}) {
        if (type_of(*side) != type_table::error && !is_collection(types_, type_of(*side))) {
          out_.error(code::type_mismatch, side->where,
                     fmt::format("`{}` compares sets or lists, but `{}` is {}", word,
                                 text_of(side->where), types_.name(type_of(*side))));
        }
      }
      if (is_collection(types_, type_of(l)) && is_collection(types_, type_of(r))) {
        const type_id le = types_.info(type_of(l)).element, re = types_.info(type_of(r)).element;
        // (`{}` and `[]` have no elements: they go with any collection.)
        if (le != type_table::empty && re != type_table::empty && !types_.unify(le, re)) {
          out_.error(code::type_mismatch, e.where,
                     fmt::format("`{}` needs elements of one type, not {} and {}", word,
                                 types_.name(le), types_.name(re)));
        }
      }
      info.type = type_table::boolean;
      return;
    }
    case op::add:
    case op::sub: {
      check(l, s);
      check(r, s);
      require_present(l);
      require_present(r);
      const type_kind lk = types_.kind(type_of(l)), rk = types_.kind(type_of(r));
      if (lk == type_kind::error || rk == type_kind::error) {
        info.type = type_table::error;
      } else if (lk == type_kind::integer && rk == type_kind::integer) {
        info.type = type_table::integer;
      } else if ((lk == type_kind::date || lk == type_kind::datetime) &&
                 rk == type_kind::duration) {
        info.type = type_of(l);
      } else if (l.kind == ast::expr_kind::int_literal && l.where.begin == l.where.end) {
        info.type = type_table::error;  // `-x`: the parser's zero spans nothing
        out_.error(code::type_mismatch, e.where,
                   fmt::format("cannot negate {}", types_.name(type_of(r))),
                   rk == type_kind::duration
                       ? "a duration is negated only as a literal (`-30 days`); to go back in "
                         "time, subtract it: `now - d`"
                       : "unary minus applies to ints and duration literals");
      } else {
        info.type = type_table::error;
        const bool number_to_time =
            (lk == type_kind::date || lk == type_kind::datetime) && rk == type_kind::integer;
        out_.error(code::type_mismatch, e.where,
                   fmt::format("cannot {} {} and {}", e.op == op::add ? "add" : "subtract",
                               types_.name(type_of(l)), types_.name(type_of(r))),
                   number_to_time
                       ? "give the number a unit: `30 days`, `2 weeks`, `6 months`, `1 year` "
                         "(or `days(n)`, `months(n)` for a computed number)"
                       : "`+` and `-` work on two ints, or a date or datetime and a duration such "
                         "as `30 days`");
      }
      return;
    }
  }
}

// The pattern argument of `matches`: a string literal that RE2 compiles, kept for the runtime
// (it matches with this very object).
void checker::check_pattern(const ast::expr& pattern, std::string_view function) {
  if (pattern.kind != ast::expr_kind::string_literal) {
    out_.error(code::bad_regex, pattern.where,
               fmt::format("the pattern of `{}` must be a string literal", function),
               "patterns are compiled when the policy loads");
    return;
  }
  auto re = compile_regex(pattern.text);
  if (!re->ok()) {
    out_.error(code::bad_regex, pattern.where,
               fmt::format("invalid regular expression: {}", re->error()),
               "the syntax is RE2's; lookarounds and backreferences are not supported");
  } else {
    bundle_.patterns[pattern.id] = std::move(re);
  }
}

// A call of a builtin, typed by its declaration in lang/builtins.hpp.
void checker::check_call(const ast::expr& e, const scope& s) {
  expr_info& info = bundle_.info(e);
  auto b = find_builtin(e.text);
  info.type = type_table::error;
  if (!b && s.decision_queries && is_decision_query(e.text)) {
    check_decision_query(e, s);
    return;
  }
  if (!b) {
    std::vector<std::string> names;
    for (const auto& f : all_builtins)
      names.emplace_back(f.name);
    out_.error(
        code::unknown_function, e.field_names.empty() ? e.where : e.field_names[0].where,
        fmt::format("unknown function `{}`", e.text),
        is_decision_query(e.text)
            ? fmt::format("`{}` asks about a decision, which only a `property` may do", e.text)
            : did_you_mean(e.text, names));
    for (auto& a : e.children)
      check(a, s);
    return;
  }
  info.ref = ref_kind::function;
  info.ref_index = static_cast<std::uint32_t>(b->id);
  const std::size_t arity = b->arity();
  for (auto& a : e.children)
    check(a, s);
  if (e.children.size() != arity) {
    out_.error(code::wrong_arguments, e.where,
               fmt::format("`{}` takes {} argument{}, not {}", e.text, arity, arity == 1 ? "" : "s",
                           e.children.size()),
               std::string(b->signature));
    return;
  }
  for (auto& a : e.children)
    require_present(a);
  for (std::size_t i = 0; i < arity; ++i) {
    const ast::expr& a = e.children[i];
    const type_kind k = types_.kind(type_of(a));
    auto what = [&] { return fmt::format("argument {} of `{}`", i + 1, e.text); };
    switch (b->parameters[i]) {
      case parameter::none:
        break;
      case parameter::string:
      case parameter::integer:
      case parameter::datetime: {
        const type_id t = b->parameters[i] == parameter::string    ? type_table::string
                          : b->parameters[i] == parameter::integer ? type_table::integer
                                                                   : type_table::datetime;
        if (!types_.fits(type_of(a), t)) mismatch(a, what(), t);
        break;
      }
      case parameter::date_or_datetime:
        if (k != type_kind::date && k != type_kind::datetime && k != type_kind::error)
          mismatch(a, what(), type_table::date);
        break;
      case parameter::sized:
        if (k != type_kind::string && k != type_kind::list && k != type_kind::set &&
            k != type_kind::error) {
          out_.error(code::type_mismatch, a.where,
                     fmt::format("`{}` takes a string, a list or a set, not {}", e.text,
                                 types_.name(type_of(a))));
        }
        break;
      case parameter::pattern:
        check_pattern(a, e.text);
        break;
    }
  }
  switch (b->gives) {
    case result::boolean:
      info.type = type_table::boolean;
      break;
    case result::integer:
      info.type = type_table::integer;
      break;
    case result::string:
      info.type = type_table::string;
      break;
    case result::date:
      info.type = type_table::date;
      break;
    case result::datetime:
      info.type = type_table::datetime;
      break;
    case result::duration:
      info.type = type_table::duration;
      break;
    case result::like_first:
      info.type = types_.kind(type_of(e.children[0])) == type_kind::datetime ? type_table::datetime
                                                                             : type_table::date;
      break;
  }
  if (b->absent_when_malformed) info.optional = true;
}

void checker::check_quantifier(const ast::expr& e, const scope& s) {
  const ast::expr& collection = e.children[0];
  check(collection, s);
  require_present(collection);
  type_id element = type_table::error;
  if (is_collection(types_, type_of(collection))) {
    element = types_.info(type_of(collection)).element;
  } else if (type_of(collection) != type_table::error) {
    out_.error(code::type_mismatch, collection.where,
               fmt::format("`{}` goes over a list or a set, but `{}` is {}",
                           e.quantifier == ast::quantifier_op::count ? "count" : "any",
                           text_of(collection.where), types_.name(type_of(collection))));
  }
  scope inner = s;
  inner.forget(e.text);  // what was known of an outer `k` says nothing of this one
  inner.locals.push_back({e.text, element});
  check_condition(e.children[1], inner, "the condition after `where`");
  bundle_.info(e).type =
      e.quantifier == ast::quantifier_op::count ? type_table::integer : type_table::boolean;
}

void checker::check_collection_literal(const ast::expr& e, const scope& s, type_id expected) {
  const bool is_set = e.kind == ast::expr_kind::set_literal;
  type_id element = type_table::empty;
  const type_info& ex = types_.info(expected);
  const type_id hint =
      (ex.kind == type_kind::set || ex.kind == type_kind::list) ? ex.element : type_table::error;
  for (auto& c : e.children) {
    check(c, s, element == type_table::empty ? hint : element);
    require_present(c);
    if (element == type_table::empty) {
      element = type_of(c);
    } else if (auto u = types_.unify(element, type_of(c))) {
      element = *u;
    } else {
      mismatch(c, "every element", element);
    }
  }
  if (is_set && element != type_table::empty && element != type_table::error) {
    const type_kind k = types_.kind(element);
    if (k != type_kind::enumeration && k != type_kind::string && k != type_kind::integer &&
        k != type_kind::date) {
      out_.error(code::type_mismatch, e.where,
                 fmt::format("a set holds enum values, strings, ints or dates, not {}",
                             types_.name(element)));
    }
  }
  bundle_.info(e).type = is_set ? types_.set_of(element) : types_.list_of(element);
}

void checker::too_deep(const ast::expr& e) {
  out_.error(code::limit, e.where,
             fmt::format("with the lets it reads, this expression nests deeper than {} levels",
                         limits::max_expression_depth),
             "a let counts as deep as its value, at the place where it is read");
  bundle_.info(e).type = type_table::error;
}

void checker::check(const ast::expr& e, const scope& s, type_id expected) {
  // The parser refuses a deeper tree: only the lets read on the way get here.
  if (depth_ >= limits::max_expression_depth) {
    bundle_.info(e).optional = false;
    too_deep(e);
    return;
  }
  struct level {
    std::size_t& depth;
    explicit level(std::size_t& d) : depth(++d) {}
    ~level() { --depth; }
  } nesting(depth_);
  deepest_ = std::max(deepest_, depth_);
  check_node(e, s, expected);
}

void checker::check_node(const ast::expr& e, const scope& s, type_id expected) {
  expr_info& info = bundle_.info(e);
  info.optional = false;
  switch (e.kind) {
    case ast::expr_kind::bool_literal:
      info.type = type_table::boolean;
      return;
    case ast::expr_kind::int_literal:
      info.type = type_table::integer;
      return;
    case ast::expr_kind::string_literal:
      info.type = type_table::string;
      return;
    case ast::expr_kind::date_literal:
      info.type = type_table::date;
      return;
    case ast::expr_kind::datetime_literal:
      info.type = type_table::datetime;
      return;
    case ast::expr_kind::duration_literal:
      info.type = type_table::duration;
      return;
    case ast::expr_kind::name:
      check_name(e, s, expected);
      return;
    case ast::expr_kind::field:
      check_field(e, s);
      return;
    case ast::expr_kind::index:
      check_index(e, s);
      return;
    case ast::expr_kind::call:
      check_call(e, s);
      return;
    case ast::expr_kind::not_op:
      check_condition(e.children[0], s, "the operand of `not`");
      info.type = type_table::boolean;
      return;
    case ast::expr_kind::binary:
      check_binary(e, s);
      return;
    case ast::expr_kind::has: {
      const ast::expr& target = e.children[0];
      info.type = type_table::boolean;
      if (!is_path(target)) {
        check(target, s);
        out_.error(code::type_mismatch, target.where,
                   "`has` checks a field path, such as `has agreement.templateId`");
        return;
      }
      check(target, s);
      bundle_.info(target).optional = false;  // reading it here is the point
      return;
    }
    case ast::expr_kind::if_then_else: {
      check_condition(e.children[0], s, "the condition of `if`");
      scope yes = s, no = s;
      facts(e.children[0], true, yes);
      facts(e.children[0], false, no);
      check(e.children[1], yes, expected);
      check(e.children[2], no, expected == type_table::error ? type_of(e.children[1]) : expected);
      info.optional = bundle_.info(e.children[1]).optional || bundle_.info(e.children[2]).optional;
      if (auto u = types_.unify(type_of(e.children[1]), type_of(e.children[2]))) {
        info.type = *u;
      } else {
        mismatch(e.children[2], "the `else` branch", type_of(e.children[1]));
        info.type = type_table::error;
      }
      return;
    }
    case ast::expr_kind::quantifier:
      check_quantifier(e, s);
      return;
    case ast::expr_kind::set_literal:
    case ast::expr_kind::list_literal:
      check_collection_literal(e, s, expected);
      return;
    case ast::expr_kind::record_literal: {
      if (!in_constant_) {
        // (A record is built only as a constant: in an expression it would have no value.)
        out_.error(code::type_mismatch, e.where,
                   "a record value can only be written in a table's entries and in defaults",
                   "read the record from a table, or compare its fields one by one");
        info.type = type_table::error;
        return;
      }
      if (types_.kind(expected) != type_kind::record) {
        out_.error(code::type_mismatch, e.where,
                   "a record value can only be written where a record type is declared, such "
                   "as in a table's entries");
        info.type = type_table::error;
        return;
      }
      record_info& r = types_.records[types_.info(expected).index];
      std::vector<bool> given(r.fields.size(), false);
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        auto f = r.find(e.field_names[i].text);
        if (!f) {
          std::vector<std::string> names;
          for (const auto& fi : r.fields)
            names.push_back(fi.name);
          out_.error(code::unknown_field, e.field_names[i].where,
                     fmt::format("record `{}` has no field `{}`", r.name, e.field_names[i].text),
                     did_you_mean(e.field_names[i].text, names));
          check(e.children[i], s);
          continue;
        }
        given[*f] = true;
        check(e.children[i], s, r.fields[*f].type);
        require_type(e.children[i], r.fields[*f].type,
                     fmt::format("field `{}`", e.field_names[i].text));
      }
      for (std::size_t i = 0; i < r.fields.size(); ++i) {
        if (!given[i] && !r.fields[i].optional && !r.fields[i].default_value) {
          out_.error(code::type_mismatch, e.where,
                     fmt::format("field `{}` of record `{}` is missing", r.fields[i].name, r.name));
        }
      }
      info.type = expected;
      return;
    }
  }
}

}  // namespace clause::lang::detail
