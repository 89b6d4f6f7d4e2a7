#include "lang/format/marks.hpp"

#include <algorithm>

namespace clause::lang::detail {

namespace {

class collector {
 public:
  collector(layout_marks& marks, std::string_view text) : marks_(marks), text_(text) {}

  void expression(const ast::expr& e) {
    const bool negative_literal =
        (e.kind == ast::expr_kind::int_literal || e.kind == ast::expr_kind::duration_literal) &&
        e.where.begin < text_.size() && text_[e.where.begin] == '-';
    // `-x` is parsed as `0 - x` whose zero spans nothing (lang/parser.cpp).
    const bool negated = e.kind == ast::expr_kind::binary && e.op == ast::binary_op::sub &&
                         e.children[0].kind == ast::expr_kind::int_literal &&
                         e.children[0].where.begin == e.children[0].where.end;
    if (negative_literal || negated) marks_.unary_minus.insert(e.where.begin);
    if (e.kind == ast::expr_kind::set_literal && e.where.end > e.where.begin) {
      marks_.tight_braces.insert(e.where.begin);
      marks_.tight_braces.insert(e.where.end - 1);
    }
    for (const ast::expr& c : e.children)
      expression(c);
  }

  void type(const ast::type_expr& t) {
    if (t.form == ast::type_expr::kind::named && !t.arguments.empty()) {
      single(skip_blanks(t.head.where.end));
      single(t.where.end - 1);
    }
    for (const ast::type_expr& a : t.arguments)
      type(a);
    fields(t.fields);
  }

  void fields(const std::vector<ast::field>& fs) {
    for (const ast::field& f : fs) {
      type(f.type);
      if (f.default_value) expression(*f.default_value);
    }
  }

  void outcome(const ast::outcome_value& v) {
    for (const ast::payload_value& p : v.payload)
      expression(p.value);
  }

  void message(const ast::message& m) {
    marks_.messages.insert(m.where.begin);
    for (const ast::message_part& p : m.parts)
      if (p.placeholder) expression(*p.placeholder);
  }

  void rule(const ast::rule_decl& r) {
    marks_.atoms.push_back(r.id.where);
    if (r.condition) expression(*r.condition);
    if (!r.is_warning) marks_.action_starts.insert(r.outcome.id.where.begin);
    outcome(r.outcome);
    if (r.code) marks_.atoms.push_back(r.code->where);
    if (r.text) message(*r.text);
    for (const ast::translation& t : r.translations) {
      marks_.atoms.push_back(t.locale.where);
      marks_.translation_starts.insert(t.locale.where.begin);
      message(t.text);
    }
  }

 private:
  // A type's `<` and `>` are single tokens: `list<int>=[]` is not `>=`.
  void single(std::uint32_t at) {
    marks_.type_brackets.insert(at);
    marks_.atoms.push_back(span{0, at, at + 1});
  }

  // The offset of the first character at or after `at` that is neither white space nor comment.
  std::uint32_t skip_blanks(std::uint32_t at) const {
    while (at < text_.size()) {
      const char c = text_[at];
      if (c == '#') {
        while (at < text_.size() && text_[at] != '\n')
          ++at;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        ++at;
      } else {
        break;
      }
    }
    return at;
  }

  layout_marks& marks_;
  std::string_view text_;
};

}  // namespace

layout_marks collect_marks(const ast::module& m, std::string_view text) {
  layout_marks marks;
  collector c(marks, text);
  for (const ast::record_decl& r : m.records)
    c.fields(r.fields);
  for (const ast::input_decl& i : m.inputs)
    c.fields(i.fields);
  for (const ast::param_decl& p : m.params)
    c.fields({p.spec});
  for (const ast::let_decl& l : m.lets) {
    if (l.declared_type) c.type(*l.declared_type);
    c.expression(l.value);
  }
  for (const ast::table_decl& t : m.tables) {
    c.type(t.type);
    for (const auto& [key, value] : t.entries) {
      c.expression(key);
      c.expression(value);
    }
  }
  for (const ast::decision_decl& d : m.decisions) {
    if (d.applies_when) c.expression(*d.applies_when);
    for (const ast::outcome_decl& o : d.outcomes)
      c.fields(o.payload);
    if (d.default_outcome) c.outcome(*d.default_outcome);
  }
  for (const ast::rule_decl& r : m.rules)
    c.rule(r);
  for (const ast::property_decl& p : m.properties) {
    marks.atoms.push_back(p.id.where);
    if (p.condition) c.expression(*p.condition);
    c.expression(p.claim);
  }
  std::sort(marks.atoms.begin(), marks.atoms.end(),
            [](const span& a, const span& b) { return a.begin < b.begin; });
  return marks;
}

}  // namespace clause::lang::detail
