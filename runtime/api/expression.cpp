// `policy::load_with_expression`: the bundle with one more file, which declares the expression as a
// let and a decision that shows it. The file is in memory (lang::overlay_files) and imports the
// bundle's entry, so the expression sees the schema, the lets and the params as a rule would. It
// is loaded twice: first to learn the expression's type, then with the decision that carries a
// value of that type. Diagnostics about the expression are moved onto a source of its own, named
// `--expr`, so that they point into the text the user typed.
#include <fmt/format.h>

#include <algorithm>
#include "clause/clause.hpp"

#include "lang/bundle.hpp"
#include "lang/json_string.hpp"
#include "runtime/api/policy_loader.hpp"

namespace clause {

namespace {

// A name no bundle is likely to hold, inside the bundle's root (imports resolve from it).
constexpr const char* probe_file = ".clause-expression.clause";
constexpr std::string_view let_name = "clause_expression";
constexpr std::string_view head = "let clause_expression =\n";
constexpr const char* shown_as = "--expr";

std::string probe_text(std::string_view expression, const std::string& entry,
                       const std::string& decision) {
  return fmt::format("{}{}\nimport {}\n{}", head, expression, lang::json_string(entry), decision);
}

// Moves diagnostics inside the expression onto a source holding only it, so that `--expr:1:5`
// and the caret point into what the user typed; the others stay where they are.
void relocate(lang::load_result& loaded, std::string_view expression) {
  std::optional<lang::file_id> probe;
  for (std::size_t i = 0; i < loaded.sources->size(); ++i) {
    if (loaded.sources->file(static_cast<lang::file_id>(i)).path() == shown_as)
      probe = static_cast<lang::file_id>(i);
  }
  if (!probe) return;
  const lang::file_id own = loaded.sources->add(shown_as, std::string(expression));
  const auto begin = static_cast<std::uint32_t>(head.size());
  const auto end = static_cast<std::uint32_t>(begin + expression.size());
  for (lang::diagnostic& d : loaded.diags.items()) {
    if (!d.where || d.where->file != *probe) continue;
    const std::uint32_t from = std::clamp(d.where->begin, begin, end) - begin;
    const std::uint32_t to = std::clamp(d.where->end, begin, end) - begin;
    d.where = lang::span{own, from, std::max(from, to)};
  }
}

lang::load_result load_probe(const lang::bundle_files& base, const lang::bundle_location& where,
                             std::string_view expression, const std::string& decision) {
  lang::overlay_files files(
      base, {{probe_file, {probe_text(expression, where.entry, decision), shown_as}}});
  lang::load_result loaded = lang::load_bundle(files, probe_file);
  // Warnings are about the bundle, not the expression: `clause check` shows them.
  std::erase_if(loaded.diags.items(),
                [](const lang::diagnostic& d) { return d.level == lang::severity::warning; });
  relocate(loaded, expression);
  return loaded;
}

// The expression's let, when the bundle checked.
const lang::let_info* expression_let(const lang::checked_bundle& b) {
  for (const lang::let_info& l : b.lets) {
    if (l.name == let_name) return &l;
  }
  return nullptr;
}

void refuse(lang::load_result& loaded, std::string_view expression, std::string message,
            std::string help) {
  const lang::file_id own = loaded.sources->add(shown_as, std::string(expression));
  loaded.diags.error(lang::code::type_mismatch,
                     lang::span{own, 0, static_cast<std::uint32_t>(expression.size())},
                     std::move(message), std::move(help));
  loaded.bundle.reset();
}

}  // namespace

load_result policy::load_with_expression(const std::string& path, std::string_view expression) {
  try {
    std::string why;
    const auto where = lang::locate_bundle(path, why);
    if (!where) return policy_loader::finish(lang::load_bundle_path(path));
    const lang::directory_files base(where->root);
    lang::load_result first = load_probe(base, *where, expression, {});
    if (!first.bundle) return policy_loader::finish(std::move(first));
    const lang::let_info* let = expression_let(*first.bundle);
    // The let must be the whole expression: `1 let x = 2` is two declarations, not one value.
    const lang::ast::module& probe = *first.bundle->modules.front();
    const bool whole = let && probe.lets.size() == 1 && probe.imports.size() == 1 &&
                       probe.enums.empty() && probe.records.empty() && probe.inputs.empty() &&
                       probe.params.empty() && probe.tables.empty() && probe.decisions.empty() &&
                       probe.rules.empty() && !probe.header;
    if (!whole) {
      refuse(first, expression, "`--expr` takes one expression",
             "write one expression of the language, as in `partner.type == DirectBill`");
      return policy_loader::finish(std::move(first));
    }
    const lang::type_table& types = first.bundle->types;
    const lang::type_kind kind = types.kind(let->type);
    if (kind == lang::type_kind::record || kind == lang::type_kind::map) {
      refuse(first, expression,
             fmt::format("`--expr` shows values, and a {} has no value to show",
                         kind == lang::type_kind::record ? "record" : "table"),
             kind == lang::type_kind::record ? "ask for one of its fields, as in `partner.type`"
                                             : "ask for one row, as in `countries[\"JP\"]`");
      return policy_loader::finish(std::move(first));
    }
    const bool of_records = (kind == lang::type_kind::list || kind == lang::type_kind::set) &&
                            types.kind(types.info(let->type).element) == lang::type_kind::record;
    if (of_records) {
      refuse(first, expression,
             fmt::format("`--expr` shows values, and the elements of a `{}` are records",
                         types.name(let->type)),
             "ask for a field of one element, as in `customer.agreements[0].templateId`, or for "
             "a count, as in `length(customer.agreements)`");
      return policy_loader::finish(std::move(first));
    }
    const std::string type = types.name(let->type);
    const std::string decision = fmt::format(
        "decision {0}\n  outcomes value(value: {1}) | absent\n  combine first\n  default absent\n"
        "rule clause-expression -> {0}\n{2}  value(value = {3})\n",
        expression_decision, type, let->optional ? "  when has clause_expression\n" : "", let_name);
    lang::load_result second = load_probe(base, *where, expression, decision);
    if (!second.bundle) {
      refuse(first, expression, fmt::format("`--expr` cannot show a value of type `{}`", type),
             "ask for a value of a simpler type: a field, a count, a test");
      return policy_loader::finish(std::move(first));
    }
    return policy_loader::finish(std::move(second), type);
  } catch (const std::exception& e) {
    return policy_loader::finish_error(e.what());
  }
}

}  // namespace clause
