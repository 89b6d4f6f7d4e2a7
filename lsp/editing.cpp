// Requests that change the text: formatting (`clause fmt`) and the checker's did-you-mean fixes.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "lang/format/format.hpp"
#include "lsp/describe.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/features.hpp"

namespace clause::lsp {

namespace {

// The misspelt name a diagnostic is about: the last of the message's `quoted` names that is
// written inside its span, with where it is.
std::optional<lang::span> misspelt(const std::string& message, std::string_view text,
                                   lang::span where) {
  static const std::regex quoted("`([A-Za-z_][A-Za-z0-9_-]*)`");
  std::optional<lang::span> found;
  const std::string_view inside = text.substr(where.begin, where.end - where.begin);
  for (auto it = std::sregex_iterator(message.begin(), message.end(), quoted);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    const std::size_t at = inside.rfind(name);
    if (at == std::string_view::npos) continue;
    found = lang::span{where.file, where.begin + static_cast<std::uint32_t>(at),
                       where.begin + static_cast<std::uint32_t>(at + name.size())};
  }
  return found;
}

}  // namespace

json formatting(const std::string& path, const std::string& text) {
  std::string errors;
  const auto formatted = lang::format_source(text, errors, path);
  // A file that does not parse is left as it is; its diagnostics already say why.
  if (!formatted || *formatted == text) return json::array();
  const line_map lines(text);
  return json::array(
      {{{"range", range_json(lines, {0, 0, static_cast<std::uint32_t>(text.size())})},
        {"newText", *formatted}}});
}

json code_actions(const analysis& a, lang::file_id file, lang::span range, const std::string& uri) {
  static const std::regex suggestion("^did you mean `([^`]+)`\\?$");
  json out = json::array();
  const std::string& text = a.sources().file(file).text();
  const line_map lines(text);
  for (const lang::diagnostic& d : a.loaded.diags.items()) {
    if (!d.where || d.where->file != file) continue;
    if (d.where->end < range.begin || d.where->begin > range.end) continue;
    std::smatch m;
    if (!std::regex_match(d.help, m, suggestion)) continue;
    const auto name = misspelt(d.message, text, *d.where);
    if (!name) continue;
    const std::string replacement = m[1].str();
    const std::string old = text.substr(name->begin, name->end - name->begin);
    json edit = {{"range", range_json(lines, *name)}, {"newText", replacement}};
    out.push_back({{"title", fmt::format("Replace `{}` with `{}`", old, replacement)},
                   {"kind", "quickfix"},
                   {"isPreferred", true},
                   {"diagnostics", json::array({diagnostic_json(a, d)})},
                   {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
  }
  return out;
}

}  // namespace clause::lsp
