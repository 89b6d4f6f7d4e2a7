#include "lang/format/format.hpp"

#include <fmt/format.h>

#include "lang/ast_dump.hpp"
#include "lang/diagnostic.hpp"
#include "lang/format/layout.hpp"
#include "lang/location.hpp"
#include "lang/parser.hpp"

namespace clause::lang {

namespace {

using detail::out_line;

std::uint32_t width(const out_line& l) {
  return l.indent + count_characters(l.code);
}

// End-of-line comments on consecutive lines line up, three spaces after the longest code.
std::string render(const std::vector<out_line>& lines) {
  std::string out;
  std::size_t run_end = 0;
  std::uint32_t column = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const out_line& l = lines[i];
    if (i > 0 && l.blank_before) out += '\n';
    out.append(l.indent, ' ');
    out += l.code;
    if (!l.comment.empty()) {
      if (i >= run_end) {
        column = 0;
        run_end = i;
        while (run_end < lines.size() && !lines[run_end].comment.empty() &&
               (run_end == i || !lines[run_end].blank_before)) {
          column = std::max(column, width(lines[run_end]) + 3);
          ++run_end;
        }
      }
      out.append(column - width(l), ' ');
      out += l.comment;
    }
    out += '\n';
  }
  return out;
}

struct parsed {
  source_set sources;
  diagnostics diags;
  ast::module module;
};

void parse(parsed& p, std::string_view text, const std::string& path) {
  const file_id file = p.sources.add(path, std::string(text));
  p.module = parse_module(p.sources, file, p.diags);
}

std::vector<std::string_view> comments(const std::vector<detail::token>& tokens) {
  std::vector<std::string_view> out;
  for (const detail::token& t : tokens)
    if (t.kind == detail::token_kind::comment) out.push_back(t.text);
  return out;
}

}  // namespace

std::optional<std::string> format_source(std::string_view text, std::string& errors,
                                         const std::string& path) {
  parsed before;
  parse(before, text, path);
  if (!before.diags.empty()) {
    before.diags.sort();
    errors = render(before.diags, before.sources);
    return std::nullopt;
  }
  const std::string_view source = before.sources.file(0).text();
  const detail::layout_marks marks = detail::collect_marks(before.module, source);
  const auto tokens =
      detail::lex(source, 0, static_cast<std::uint32_t>(source.size()), marks.atoms);
  std::string formatted = render(detail::lay_out(source, tokens, marks));

  // The layout changes white space only; should it ever change more, the file is left alone
  // rather than rewritten to mean something else.
  parsed after;
  parse(after, formatted, path);
  const std::string_view result = after.sources.file(0).text();
  if (!after.diags.empty() || dump(after.module) != dump(before.module) ||
      comments(tokens) !=
          comments(detail::lex(result, 0, static_cast<std::uint32_t>(result.size()),
                               detail::collect_marks(after.module, result).atoms))) {
    errors = fmt::format(
        "{}: error: clause fmt cannot lay this file out without changing its meaning or its "
        "comments; it is left as it is\n",
        path);
    return std::nullopt;
  }
  return formatted;
}

}  // namespace clause::lang
