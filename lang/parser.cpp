// Parsing runs PEGTL's parse tree over one declaration at a time, then lowers the tree to the AST.
// A syntax error skips to the next line that starts a declaration, so one file reports several.
#include "lang/parser.hpp"

#include <fmt/format.h>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "lang/grammar.hpp"
#include "lang/grammar_errors.hpp"
#include "lang/language_tag.hpp"
#include "lang/limits.hpp"

namespace clause::lang {

namespace pegtl = tao::pegtl;
namespace g = grammar;

namespace {

// Thrown when input nests deeper than limits::max_nesting_depth.
struct depth_error : pegtl::parse_error {
  using pegtl::parse_error::parse_error;
};

// The rules through which the grammar recurses: one level each, so a parenthesis, a `not`, a
// `has` or a type argument each count one.
template <typename Rule>
inline constexpr bool depth_limited =
    std::is_same_v<Rule, g::expression> || std::is_same_v<Rule, g::not_expression> ||
    std::is_same_v<Rule, g::has_expression> || std::is_same_v<Rule, g::type>;

// must_if's messages, plus a bound on recursion so no input can exhaust the stack.
template <typename Rule>
struct control : pegtl::must_if<g::errors>::control<Rule> {
  using base = typename pegtl::must_if<g::errors>::template control<Rule>;

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... st) {
    if constexpr (depth_limited<Rule>) {
      // The guard lives until the nested match returns.
      struct guard {
        std::size_t& depth;
        explicit guard(std::size_t& d) : depth(++d) {}
        ~guard() { --depth; }
      } nesting(in.private_depth);
      if (in.private_depth > limits::max_nesting_depth) {
        throw depth_error(fmt::format("this nests deeper than {} levels; split it into `let` "
                                      "definitions",
                                      limits::max_nesting_depth),
                          in);
      }
      return base::template match<A, M, Action, Control>(in, st...);
    }
    return base::template match<A, M, Action, Control>(in, st...);
  }
};

// Thrown while lowering when an expression's tree grows deeper than limits::max_expression_depth
// (a chain nests one level per operator, which the grammar's depth does not count): the
// declaration is dropped, as after a syntax error, so nothing deeper reaches the checker.
struct too_deep {
  span at;
};

std::string too_deep_message() {
  return fmt::format(
      "this expression nests deeper than {} levels (each operator of a chain is "
      "one)",
      limits::max_expression_depth);
}

inline constexpr std::string_view too_deep_help =
    "write it shallower: a long chain of `or` comparisons is `x in {…}`, and a quantifier "
    "(`any`, `all`) goes over a list";

// Keep the node even when it has several children (parse_tree's fold_one would drop its extent).
struct fold_single : pegtl::parse_tree::apply<fold_single> {
  template <typename Node, typename... States>
  static void transform(std::unique_ptr<Node>& n, States&&...) {
    if (n->children.size() == 1) n = std::move(n->children.front());
  }
};

template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::identifier, g::rule_id, g::code, g::locale_tag, g::date_literal, g::datetime_literal,
        g::duration_literal, g::integer_literal, g::string_literal, g::bool_literal, g::name,
        g::call, g::has_expression, g::negative, g::quantifier, g::quantifier_word,
        g::bound_variable, g::if_expression, g::set_literal, g::list_literal, g::record_literal,
        g::record_field, g::field_access, g::index_access, g::additive_operator,
        g::coalesce_operator, g::comparison_operator, g::not_operator, g::and_operator,
        g::or_operator, g::named_type, g::field_block, g::field, g::optional_mark, g::field_default,
        g::policy_declaration, g::import_declaration, g::enum_declaration, g::enum_value,
        g::record_declaration, g::input_declaration, g::param_declaration, g::let_declaration,
        g::let_type, g::table_declaration, g::table_source, g::table_entries, g::table_entry,
        g::decision_declaration, g::applies_when, g::outcome_declaration, g::combining,
        g::decision_default, g::outcome_value, g::payload_value, g::rule_declaration,
        g::decision_target, g::effective_from, g::effective_until, g::rule_condition,
        g::warning_action, g::outcome_action, g::message, g::translation, g::policy_name,
        g::property_declaration, g::property_id, g::property_condition, g::property_claim>,
    fold_single::on<g::postfix, g::additive, g::coalesce, g::comparison, g::not_expression,
                    g::conjunction, g::disjunction>>;

using node = pegtl::parse_tree::node;

class lowering {
 public:
  lowering(const source_set& sources, file_id file, diagnostics& out, ast::expr_id first_id)
      : sources_(sources), file_(file), out_(out), first_id_(first_id), next_id_(first_id) {}

  ast::expr_id next_id() const { return next_id_; }

  void declaration(const node& n, ast::module& m) {
    if (n.is_type<g::policy_declaration>()) {
      policy(n, m);
    } else if (n.is_type<g::import_declaration>()) {
      m.imports.push_back({string_value(*n.children.at(0)), where(*n.children.at(0))});
    } else if (n.is_type<g::enum_declaration>()) {
      ast::enum_decl e{identifier(*n.children.at(0)), {}};
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        e.values.push_back(identifier(*n.children[i]));
      }
      m.enums.push_back(std::move(e));
    } else if (n.is_type<g::record_declaration>()) {
      m.records.push_back({identifier(*n.children.at(0)), fields(*n.children.at(1))});
    } else if (n.is_type<g::input_declaration>()) {
      m.inputs.push_back({fields(*n.children.at(0)), where(n)});
    } else if (n.is_type<g::param_declaration>()) {
      m.params.push_back({field(*n.children.at(0))});
    } else if (n.is_type<g::let_declaration>()) {
      let(n, m);
    } else if (n.is_type<g::table_declaration>()) {
      table(n, m);
    } else if (n.is_type<g::decision_declaration>()) {
      decision(n, m);
    } else if (n.is_type<g::rule_declaration>()) {
      rule(n, m);
    } else if (n.is_type<g::property_declaration>()) {
      property(n, m);
    }
  }

  ast::expr expression(const node& n) {
    ast::expr e = fresh(where(n));
    if (n.is_type<g::bool_literal>()) {
      e.kind = ast::expr_kind::bool_literal;
      e.truth = n.string_view() == "true";
    } else if (n.is_type<g::integer_literal>()) {
      e.kind = ast::expr_kind::int_literal;
      e.number = integer(n.string_view(), e.where);
    } else if (n.is_type<g::string_literal>()) {
      e.kind = ast::expr_kind::string_literal;
      e.text = string_value(n);
    } else if (n.is_type<g::date_literal>()) {
      e.kind = ast::expr_kind::date_literal;
      e.number = date(n).days;
    } else if (n.is_type<g::datetime_literal>()) {
      e.kind = ast::expr_kind::datetime_literal;
      const auto t = parse_datetime(n.string_view());
      if (!t) bad_literal(n, "a date-time");
      e.instant = t.value_or(datetime_value{});
    } else if (n.is_type<g::duration_literal>()) {
      e.kind = ast::expr_kind::duration_literal;
      const std::string_view text = n.string_view();
      const std::size_t digits_end = text.find_first_not_of("0123456789");
      e.number = integer(text.substr(0, digits_end), e.where);
      // Weeks are counted in days and years in months: the two units durations have.
      const bool weeks = text.find("week") != std::string_view::npos;
      const bool years = text.find("year") != std::string_view::npos;
      e.months = years || text.find("month") != std::string_view::npos;
      const std::int64_t factor = weeks ? 7 : years ? 12 : 1;
      if (e.number > std::numeric_limits<std::int64_t>::max() / factor) {
        out_.error(code::bad_literal, e.where, "this duration is too long");
        e.number = 0;
      }
      e.number *= factor;
    } else if (n.is_type<g::negative>()) {
      ast::expr operand = expression(*n.children.at(0));
      // A negative literal is a literal; `-x` is `0 - x`, its zero spanning nothing (which is how
      // the checker tells it from a `0` written by the author).
      if (operand.kind == ast::expr_kind::int_literal ||
          operand.kind == ast::expr_kind::duration_literal) {
        operand.number = -operand.number;
        operand.where = e.where;
        return operand;
      }
      e.kind = ast::expr_kind::binary;
      e.op = ast::binary_op::sub;
      ast::expr zero = fresh({e.where.file, e.where.begin, e.where.begin});
      zero.kind = ast::expr_kind::int_literal;
      settle(zero, zero.where);
      e.children.push_back(std::move(zero));
      e.children.push_back(std::move(operand));
    } else if (n.is_type<g::name>()) {
      e.kind = ast::expr_kind::name;
      e.text = checked_identifier(n);
    } else if (n.is_type<g::call>()) {
      e.kind = ast::expr_kind::call;
      e.text = checked_identifier(*n.children.at(0));
      e.field_names.push_back(identifier(*n.children.at(0)));  // the function's name, for errors
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        e.children.push_back(expression(*n.children[i]));
      }
    } else if (n.is_type<g::has_expression>()) {
      e.kind = ast::expr_kind::has;
      e.children.push_back(expression(*n.children.at(0)));
    } else if (n.is_type<g::if_expression>()) {
      e.kind = ast::expr_kind::if_then_else;
      for (const auto& c : n.children)
        e.children.push_back(expression(*c));
    } else if (n.is_type<g::quantifier>()) {
      quantifier(n, e);
    } else if (n.is_type<g::set_literal>() || n.is_type<g::list_literal>()) {
      e.kind =
          n.is_type<g::set_literal>() ? ast::expr_kind::set_literal : ast::expr_kind::list_literal;
      for (const auto& c : n.children)
        e.children.push_back(expression(*c));
    } else if (n.is_type<g::record_literal>()) {
      e.kind = ast::expr_kind::record_literal;
      for (const auto& f : n.children) {
        e.field_names.push_back(identifier(*f->children.at(0)));
        e.children.push_back(expression(*f->children.at(1)));
      }
    } else if (n.is_type<g::postfix>()) {
      return postfix(n);
    } else if (n.is_type<g::not_expression>()) {
      e.kind = ast::expr_kind::not_op;
      e.children.push_back(expression(*n.children.at(1)));
    } else {
      return operator_chain(n);
    }
    settle(e, e.where);
    return e;
  }

  std::vector<ast::message_part> placeholders(const node& literal);

 private:
  // Every expression is made here, so that each has an id of its own.
  ast::expr fresh(span at) {
    ast::expr e;
    e.id = next_id_++;
    e.where = at;
    heights_.push_back(1);
    return e;
  }

  // Records the height of `e`, whose children are settled; a tree deeper than the limit is
  // refused at `at`.
  void settle(const ast::expr& e, span at) {
    std::size_t height = 1;
    for (const ast::expr& c : e.children)
      height = std::max<std::size_t>(height, heights_[c.id - first_id_] + 1u);
    if (height > limits::max_expression_depth) throw too_deep{at};
    heights_[e.id - first_id_] = static_cast<std::uint16_t>(height);
  }

  span where(const node& n) const {
    return {file_, static_cast<std::uint32_t>(n.m_begin.byte),
            static_cast<std::uint32_t>(n.m_end.byte)};
  }

  void bad_literal(const node& n, std::string_view what) {
    out_.error(code::bad_literal, where(n), fmt::format("`{}` is not {}", n.string_view(), what));
  }

  std::string checked_identifier(const node& n) {
    std::string text = n.string();
    if (text.size() > limits::max_identifier_length) {
      out_.error(
          code::limit, where(n),
          fmt::format("this name is longer than {} characters", limits::max_identifier_length));
    }
    return text;
  }

  ast::name identifier(const node& n) { return {checked_identifier(n), where(n)}; }

  std::int64_t integer(std::string_view digits, span at) {
    std::int64_t value = 0;
    for (char c : digits) {
      if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) {
        out_.error(code::bad_literal, at, "this number is too large");
        return 0;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  date_value date(const node& n) {
    const auto d = parse_date(n.string_view());
    if (!d) {
      bad_literal(n, n.string_view().starts_with("0000")
                         ? "a date: years start at 0001"
                         : "a date: the month or the day is out of range");
    }
    return d.value_or(date_value{});
  }

  // Unescapes `raw` (the text between quotes); `at` is where `raw` begins, for diagnostics.
  std::string unescape(std::string_view raw, std::uint32_t at) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out += raw[i];
        continue;
      }
      const span esc{file_, static_cast<std::uint32_t>(at + i),
                     static_cast<std::uint32_t>(at + i + 2)};
      const char c = i + 1 < raw.size() ? raw[i + 1] : '\0';
      ++i;
      switch (c) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case '{':
          out += '{';
          break;
        case '}':
          out += '}';
          break;
        default:
          out_.error(code::bad_literal, esc, fmt::format("unknown escape `\\{}`", c),
                     "the escapes are \\\" \\\\ \\n \\t \\{ and \\}");
      }
    }
    return out;
  }

  std::string string_value(const node& n) {
    const std::string_view text = n.string_view();
    if (text.size() > limits::max_string_length + 2) {
      out_.error(code::limit, where(n),
                 fmt::format("this string is longer than {} bytes", limits::max_string_length));
      return {};
    }
    return unescape(text.substr(1, text.size() - 2),
                    static_cast<std::uint32_t>(n.m_begin.byte + 1));
  }

  ast::expr postfix(const node& n) {
    ast::expr e = expression(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& s = *n.children[i];
      ast::expr outer = fresh({file_, e.where.begin, where(s).end});
      outer.children.push_back(std::move(e));
      if (s.is_type<g::field_access>()) {
        outer.kind = ast::expr_kind::field;
        outer.text = checked_identifier(*s.children.at(0));
      } else {
        outer.kind = ast::expr_kind::index;
        outer.children.push_back(expression(*s.children.at(0)));
      }
      settle(outer, where(s));
      e = std::move(outer);
    }
    return e;
  }

  static ast::binary_op binary_operator(const node& op) {
    const std::string_view t = op.string_view();
    if (op.is_type<g::or_operator>()) return ast::binary_op::or_op;
    if (op.is_type<g::and_operator>()) return ast::binary_op::and_op;
    if (op.is_type<g::coalesce_operator>()) return ast::binary_op::coalesce;
    if (op.is_type<g::additive_operator>()) {
      return t == "+" ? ast::binary_op::add : ast::binary_op::sub;
    }
    if (t == "==") return ast::binary_op::eq;
    if (t == "!=") return ast::binary_op::ne;
    if (t == "<") return ast::binary_op::lt;
    if (t == "<=") return ast::binary_op::le;
    if (t == ">") return ast::binary_op::gt;
    if (t == ">=") return ast::binary_op::ge;
    if (t == "in") return ast::binary_op::in;
    if (t == "overlaps") return ast::binary_op::overlaps;
    if (t.starts_with("not")) return ast::binary_op::not_in;
    return ast::binary_op::subset;
  }

  // `a op b op c` as a left-leaning tree.
  ast::expr operator_chain(const node& n) {
    ast::expr e = expression(*n.children.at(0));
    for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
      const ast::binary_op op = binary_operator(*n.children[i]);
      ast::expr right = expression(*n.children[i + 1]);
      ast::expr outer = fresh({file_, e.where.begin, right.where.end});
      outer.kind = ast::expr_kind::binary;
      outer.op = op;
      outer.children.push_back(std::move(e));
      outer.children.push_back(std::move(right));
      settle(outer, where(*n.children[i]));
      e = std::move(outer);
    }
    return e;
  }

  void quantifier(const node& n, ast::expr& e) {
    e.kind = ast::expr_kind::quantifier;
    const std::string_view word = n.children.at(0)->string_view();
    e.quantifier = word == "any"    ? ast::quantifier_op::any
                   : word == "all"  ? ast::quantifier_op::all
                   : word == "none" ? ast::quantifier_op::none
                                    : ast::quantifier_op::count;
    e.text = checked_identifier(*n.children.at(1));
    e.field_names.push_back(identifier(*n.children.at(1)));
    e.children.push_back(expression(*n.children.at(2)));
    e.children.push_back(expression(*n.children.at(3)));
  }

  ast::type_expr type(const node& n) {
    ast::type_expr t;
    t.where = where(n);
    if (n.is_type<g::field_block>()) {
      t.form = ast::type_expr::kind::record;
      t.fields = fields(n);
      return t;
    }
    t.head = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i)
      t.arguments.push_back(type(*n.children[i]));
    return t;
  }

  ast::field field(const node& n) {
    ast::field f;
    f.id = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::optional_mark>()) {
        f.optional = true;
      } else if (c.is_type<g::field_default>()) {
        f.default_value = expression(*c.children.at(0));
      } else {
        f.type = type(c);
      }
    }
    return f;
  }

  std::vector<ast::field> fields(const node& block) {
    std::vector<ast::field> out;
    for (const auto& c : block.children)
      out.push_back(field(*c));
    return out;
  }

  void policy(const node& n, ast::module& m) {
    ast::policy_header h;
    h.where = where(n);
    h.id = identifier(*n.children.at(0));
    if (n.children.size() == 3) {
      h.title = string_value(*n.children[1]);
      h.version = string_value(*n.children[2]);
    } else {
      h.version = string_value(*n.children.at(1));
    }
    if (m.header) {
      out_.error(code::no_policy_header, h.where, "this file declares a second policy header",
                 "a bundle has exactly one `policy` declaration");
    } else {
      m.header = std::move(h);
    }
  }

  void let(const node& n, ast::module& m) {
    ast::let_decl l{identifier(*n.children.at(0)), std::nullopt, {}};
    std::size_t i = 1;
    if (n.children.at(i)->is_type<g::let_type>())
      l.declared_type = type(*n.children[i++]->children.at(0));
    l.value = expression(*n.children.at(i));
    m.lets.push_back(std::move(l));
  }

  void table(const node& n, ast::module& m) {
    ast::table_decl t;
    t.id = identifier(*n.children.at(0));
    t.type = type(*n.children.at(1));
    const node& body = *n.children.at(2);
    if (body.is_type<g::table_source>()) {
      t.file = string_value(*body.children.at(0));
      t.file_where = where(*body.children.at(0));
      if (body.children.size() > 1) t.at_key = string_value(*body.children[1]);
    } else {
      for (const auto& entry : body.children) {
        t.entries.emplace_back(expression(*entry->children.at(0)),
                               expression(*entry->children.at(1)));
      }
    }
    m.tables.push_back(std::move(t));
  }

  ast::outcome_value outcome_value(const node& n) {
    ast::outcome_value v;
    v.id = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& p = *n.children[i];
      v.payload.push_back({identifier(*p.children.at(0)), expression(*p.children.at(1))});
    }
    return v;
  }

  void decision(const node& n, ast::module& m) {
    ast::decision_decl d;
    d.id = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::applies_when>()) {
        d.applies_when = expression(*c.children.at(0));
      } else if (c.is_type<g::outcome_declaration>()) {
        ast::outcome_decl o{identifier(*c.children.at(0)), {}};
        for (std::size_t j = 1; j < c.children.size(); ++j)
          o.payload.push_back(field(*c.children[j]));
        d.outcomes.push_back(std::move(o));
      } else if (c.is_type<g::combining>()) {
        d.combine_where = where(c);
        const std::string_view word = c.string_view();
        if (word == "collect") {
          d.combine = ast::combining::collect;
        } else if (word == "first") {
          d.combine = ast::combining::first;
        } else if (word == "unique") {
          d.combine = ast::combining::unique;
        } else {
          out_.error(code::syntax, where(c),
                     fmt::format("`{}` is not a way to combine rules", word),
                     "use `collect`, `first` or `unique`");
        }
      } else if (c.is_type<g::decision_default>()) {
        d.default_outcome = outcome_value(*c.children.at(0));
      }
    }
    m.decisions.push_back(std::move(d));
  }

  ast::message message(const node& n, ast::rule_decl& r) {
    const node& literal = *n.children.at(0);
    ast::message msg{placeholders(literal), where(literal)};
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& t = *n.children[i];
      language_tag(*t.children.at(0));
      r.translations.push_back(
          {identifier(*t.children.at(0)),
           ast::message{placeholders(*t.children.at(1)), where(*t.children.at(1))}});
    }
    return msg;
  }

  void language_tag(const node& n) {
    const std::string_view tag = n.string_view();
    if (well_formed_language_tag(tag)) return;
    std::string hyphens(tag);
    std::replace(hyphens.begin(), hyphens.end(), '_', '-');
    out_.error(code::bad_language_tag, where(n), fmt::format("`{}` is not a language tag", tag),
               hyphens != tag && well_formed_language_tag(hyphens)
                   ? fmt::format("write language tags with `-`: `{}`", hyphens)
                   : "a language tag (BCP 47) is a language code of 2 or 3 letters, then "
                     "optionally a script, a region and variants, joined by `-`: `ja`, `de-DE`, "
                     "`zh-Hant-TW`");
  }

  void rule(const node& n, ast::module& m) {
    ast::rule_decl r;
    r.where = where(n);
    r.id = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::decision_target>()) {
        r.decisions.push_back(identifier(c));
      } else if (c.is_type<g::effective_from>()) {
        r.from = date(*c.children.at(0));
        r.from_where = where(c);
      } else if (c.is_type<g::effective_until>()) {
        r.until = date(*c.children.at(0));
        r.until_where = where(c);
      } else if (c.is_type<g::rule_condition>()) {
        r.condition = expression(*c.children.at(0));
      } else {
        r.is_warning = c.is_type<g::warning_action>();
        for (const auto& part : c.children) {
          if (part->is_type<g::outcome_value>()) {
            r.outcome = outcome_value(*part);
          } else if (part->is_type<g::code>()) {
            r.code = identifier(*part);
          } else if (part->is_type<g::message>()) {
            r.text = message(*part, r);
          }
        }
      }
    }
    m.rules.push_back(std::move(r));
  }

  void property(const node& n, ast::module& m) {
    ast::property_decl p;
    p.where = where(n);
    p.id = identifier(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::string_literal>()) {
        p.description = string_value(c);
      } else if (c.is_type<g::property_condition>()) {
        p.condition = expression(*c.children.at(0));
      } else if (c.is_type<g::property_claim>()) {
        p.claim = expression(*c.children.at(0));
      }
    }
    m.properties.push_back(std::move(p));
  }

  const source_set& sources_;
  file_id file_;
  diagnostics& out_;
  ast::expr_id first_id_;
  ast::expr_id next_id_;
  std::vector<std::uint16_t> heights_;  // by expression id, from first_id_
  static_assert(limits::max_expression_depth < 0xffff);
};

// Splits a message literal into text and `{expression}` placeholders; each placeholder is parsed
// in place so its spans point into the file.
std::vector<ast::message_part> lowering::placeholders(const node& literal) {
  std::vector<ast::message_part> parts;
  const std::string_view text = literal.string_view();
  const auto base = static_cast<std::uint32_t>(literal.m_begin.byte);
  const std::string_view raw = text.substr(1, text.size() - 2);
  std::size_t start = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
      continue;
    }
    if (raw[i] == '}') {
      out_.error(code::bad_literal,
                 span{file_, base + 1 + static_cast<std::uint32_t>(i),
                      base + 2 + static_cast<std::uint32_t>(i)},
                 "unmatched `}` in a message", "write `\\}` for a literal brace");
      continue;
    }
    if (raw[i] != '{') continue;
    const std::size_t close = raw.find('}', i);
    const std::uint32_t open_at = base + 1 + static_cast<std::uint32_t>(i);
    if (close == std::string_view::npos) {
      out_.error(code::bad_literal, span{file_, open_at, open_at + 1},
                 "this placeholder has no closing `}`", "write `\\{` for a literal brace");
      break;
    }
    if (i > start)
      parts.push_back(
          {unescape(raw.substr(start, i - start), base + 1 + static_cast<std::uint32_t>(start)),
           std::nullopt});
    const char* begin = literal.m_begin.data + 1 + i + 1;
    const char* end = literal.m_begin.data + 1 + close;
    pegtl::memory_input<> in(begin, end, sources_.file(file_).path(), open_at + 1,
                             literal.m_begin.line, literal.m_begin.column + i + 2);
    try {
      auto root = pegtl::parse_tree::parse<g::placeholder_expression, node, selector,
                                           pegtl::nothing, control>(in);
      if (root && !root->children.empty()) {
        parts.push_back({{}, expression(*root->children.front())});
      }
    } catch (const pegtl::parse_error& e) {
      const auto at = static_cast<std::uint32_t>(e.positions().front().byte);
      out_.error(code::syntax, span{file_, at, at + 1},
                 fmt::format("in this placeholder: {}", e.message()),
                 "a placeholder holds one expression, as in `{agreement.templateId}`");
    }
    start = close + 1;
    i = close;
  }
  if (start < raw.size() || parts.empty()) {
    parts.push_back(
        {unescape(raw.substr(start), base + 1 + static_cast<std::uint32_t>(start)), std::nullopt});
  }
  return parts;
}

// The keyword a syntax error stopped at, when the author evidently meant it as a name: followed by
// `:`, `(`, `|`, `,`, `=` or `?` (`from: date`, `version(x: int)`), or after `|` or `.`.
std::optional<std::string> keyword_as_name(std::string_view text, std::size_t at) {
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  std::size_t end = at;
  while (end < text.size() && word_char(text[end]))
    ++end;
  if (end == at) return std::nullopt;
  const std::string_view word = text.substr(at, end - at);
  pegtl::memory_input<> in(word, "");
  if (!pegtl::parse<pegtl::seq<g::keyword, pegtl::eof>>(in)) return std::nullopt;
  std::size_t next = end;
  while (next < text.size() && (text[next] == ' ' || text[next] == '\t'))
    ++next;
  std::size_t before = at;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
    --before;
  const bool name_follows =
      next < text.size() && std::string_view(":(|,=?").find(text[next]) != std::string_view::npos;
  const bool name_expected = before > 0 && (text[before - 1] == '|' || text[before - 1] == '.');
  if (!name_follows && !name_expected) return std::nullopt;
  return std::string(word);
}

bool starts_declaration(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return false;
  pegtl::memory_input<> in(line.substr(first), "");
  return pegtl::parse<pegtl::seq<g::declaration_keyword, pegtl::sor<g::blank, pegtl::eof>>>(in);
}

// Where to resume after a syntax error at `error`: the first line that starts a declaration at or
// after the error (the error may be at such a line: `let a = (1 +` then `let b = 2`), but after
// `start`, where the failed declaration began, so parsing always moves on.
std::size_t recovery_point(const source_file& file, std::size_t start, std::size_t error) {
  const std::uint32_t line = file.locate(static_cast<std::uint32_t>(error)).line;
  for (std::uint32_t l = line; l <= file.line_count(); ++l) {
    const std::string_view text = file.line_text(l);
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    const auto at = static_cast<std::size_t>(text.data() - file.text().data()) + first;
    if (at >= error && at > start && starts_declaration(text)) return at;
  }
  return file.text().size();
}

}  // namespace

ast::module parse_module(const source_set& sources, file_id file, diagnostics& out,
                         ast::expr_id first_id) {
  ast::module m;
  m.file = file;
  m.end_expr_id = first_id;
  const source_file& src = sources.file(file);
  if (src.text().size() > limits::max_source_bytes) {
    out.error(code::limit, span{file, 0, 0},
              fmt::format("this file is larger than {} MiB", limits::max_source_bytes >> 20));
    return m;
  }
  lowering lower(sources, file, out, first_id);
  std::size_t offset = 0;
  std::size_t errors = 0;
  const std::string& text = src.text();
  {
    pegtl::memory_input<> in(text.data(), text.data() + text.size(), src.path());
    (void)pegtl::parse<g::leading_space>(in);
    offset = static_cast<std::size_t>(in.current() - text.data());
  }
  while (offset < text.size()) {
    pegtl::memory_input<> in(text.data() + offset, text.data() + text.size(), src.path(), offset,
                             src.locate(static_cast<std::uint32_t>(offset)).line, 1);
    try {
      auto root =
          pegtl::parse_tree::parse<g::next_declaration, node, selector, pegtl::nothing, control>(
              in);
      if (root) {
        for (const auto& decl : root->children) {
          try {
            lower.declaration(*decl, m);
          } catch (const too_deep& deep) {
            out.error(code::limit, deep.at, too_deep_message(), std::string(too_deep_help));
          }
        }
      }
      offset = static_cast<std::size_t>(in.current() - text.data());
    } catch (const depth_error& e) {
      const auto at = static_cast<std::uint32_t>(e.positions().front().byte);
      out.error(code::limit, span{file, at, at + 1}, std::string(e.message()));
      offset = recovery_point(src, offset, at);
      ++errors;
    } catch (const pegtl::parse_error& e) {
      const auto at = static_cast<std::uint32_t>(e.positions().front().byte);
      if (auto word = keyword_as_name(text, at)) {
        out.error(code::syntax, span{file, at, at + static_cast<std::uint32_t>(word->size())},
                  fmt::format("`{}` is a keyword, so it cannot be a name", *word),
                  "rename it: keywords such as `from` and `version` cannot name anything "
                  "(lang/README.md lists them)");
      } else {
        out.error(code::syntax, span{file, at, at + 1}, std::string(e.message()));
      }
      offset = recovery_point(src, offset, at);
      ++errors;
    }
    if (errors >= limits::max_diagnostics_per_file) {
      // At the end of the file, so it comes after the errors it speaks of.
      const auto end = static_cast<std::uint32_t>(text.size());
      out.error(code::limit, span{file, end, end},
                fmt::format("stopped after {} syntax errors in this file", errors));
      break;
    }
  }
  m.end_expr_id = lower.next_id();
  return m;
}

}  // namespace clause::lang
