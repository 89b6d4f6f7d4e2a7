#include "lsp/diagnostics.hpp"

#include <nlohmann/json.hpp>
#include <regex>

#include "lang/location.hpp"

namespace clause::lsp {

namespace {

// The byte offset of a 1-based line and column (in characters) of a source file.
std::uint32_t offset_of(const lang::source_file& f, std::uint32_t line, std::uint32_t column) {
  const std::string_view text = f.line_text(line);
  const std::string& all = f.text();
  const auto start = static_cast<std::uint32_t>(text.data() - all.data());
  return start + static_cast<std::uint32_t>(lang::first_characters(text, column - 1));
}

// A name at `offset`: the span of the word there, for a related location's range.
lang::span word_at(lang::file_id id, const lang::source_file& f, std::uint32_t offset) {
  std::uint32_t end = offset;
  const std::string& t = f.text();
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  while (end < t.size() && word(t[end]))
    ++end;
  return {id, offset, end};
}

void related_places(const analysis& a, const std::string& text, json& out) {
  static const std::regex place(R"(([^\s`'"]+):(\d{1,9}):(\d{1,9}))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), place);
       it != std::sregex_iterator(); ++it) {
    const auto file = a.file_of((*it)[1].str());
    if (!file) continue;
    const lang::source_file& f = a.sources().file(*file);
    const auto line = static_cast<std::uint32_t>(std::stoul((*it)[2].str()));
    const auto column = static_cast<std::uint32_t>(std::stoul((*it)[3].str()));
    if (line == 0 || column == 0 || line > f.line_count()) continue;
    const line_map lines(f.text());
    out.push_back({{"location",
                    location_json(f.path(), lines, word_at(*file, f, offset_of(f, line, column)))},
                   {"message", "declared here"}});
  }
}

}  // namespace

json diagnostic_json(const analysis& a, const lang::diagnostic& d) {
  json out = json::object();
  if (d.where) {
    out["range"] = range_json(line_map(a.sources().file(d.where->file).text()), *d.where);
  } else {
    out["range"] = {{"start", to_json({})}, {"end", to_json({})}};
  }
  out["severity"] = d.level == lang::severity::error ? 1 : 2;
  out["code"] = std::string(lang::code_id(d.id));
  out["source"] = "clause";
  out["message"] = d.help.empty() ? d.message : d.message + "\nhelp: " + d.help;
  json related = json::array();
  related_places(a, d.message, related);
  related_places(a, d.help, related);
  if (!related.empty()) out["relatedInformation"] = std::move(related);
  return out;
}

std::map<std::string, json> diagnostics_by_file(const analysis& a) {
  std::map<std::string, json> out;
  for (lang::file_id id = 0; id < a.sources().size(); ++id)
    out[a.path_of(id)] = json::array();
  for (const lang::diagnostic& d : a.loaded.diags.items()) {
    const std::string& path = d.where ? a.path_of(d.where->file) : d.path;
    if (path.empty()) continue;
    auto [it, fresh] = out.try_emplace(path, json::array());
    it->second.push_back(diagnostic_json(a, d));
  }
  return out;
}

}  // namespace clause::lsp
