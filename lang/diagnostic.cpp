#include "lang/diagnostic.hpp"

#include "lang/json_string.hpp"
#include "lang/location.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace clause::lang {

void diagnostics::error(code id, span where, std::string message, std::string help) {
  items_.push_back({severity::error, id, std::move(message), where, {}, std::move(help)});
}

void diagnostics::error_in_file(code id, std::string path, std::string message, std::string help) {
  items_.push_back(
      {severity::error, id, std::move(message), std::nullopt, std::move(path), std::move(help)});
}

void diagnostics::warning(code id, span where, std::string message, std::string help) {
  items_.push_back({severity::warning, id, std::move(message), where, {}, std::move(help)});
}

bool diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const diagnostic& d) { return d.level == severity::error; });
}

void diagnostics::sort() {
  auto key = [](const diagnostic& d) {
    return d.where ? std::make_tuple(d.where->file, d.where->begin, 1)
                   : std::make_tuple(file_id{0}, std::uint32_t{0}, 0);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const diagnostic& a, const diagnostic& b) { return key(a) < key(b); });
}

namespace {

constexpr std::uint32_t max_shown_line = 120;

// The rest of `text` after `n` characters (UTF-8 code points).
std::string_view skip_characters(std::string_view text, std::uint32_t n) {
  return text.substr(first_characters(text, n));
}

// The first `n` characters of `text`.
std::string_view take_characters(std::string_view text, std::uint32_t n) {
  return text.substr(0, first_characters(text, n));
}

std::string_view level_name(severity s) {
  return s == severity::error ? "error" : "warning";
}

// Tabs are shown as one space so the underline lines up with the text above it.
std::string printable(std::string_view line) {
  std::string out(line);
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

}  // namespace

std::string render(const diagnostic& d, const source_set& sources) {
  std::string out;
  if (!d.where) {
    out = fmt::format("{}{}{}[{}]: {}\n", d.path, d.path.empty() ? "" : ": ", level_name(d.level),
                      code_id(d.id), d.message);
  } else {
    const source_file& file = sources.file(d.where->file);
    const line_column at = file.locate(d.where->begin);
    out = fmt::format("{}: {}[{}]: {}\n", format_location(file.path(), at.line, at.column),
                      level_name(d.level), code_id(d.id), d.message);
    std::string_view line = file.line_text(at.line);
    const std::string number = std::to_string(at.line);
    const std::string gutter(number.size(), ' ');
    // The underline covers the span's part on its first line, and at least one character.
    const line_column stop = file.locate(d.where->end);
    const std::uint32_t line_chars = count_characters(line);
    std::uint32_t width = stop.line == at.line ? stop.column - at.column : 0;
    if (stop.line != at.line) width = line_chars >= at.column ? line_chars - at.column + 1 : 1;
    width = std::max<std::uint32_t>(width, 1);
    std::uint32_t column = at.column;
    std::string prefix, suffix;
    // A long line is shown as a window around the caret.
    if (line_chars > max_shown_line) {
      const std::uint32_t first = column > max_shown_line / 2 ? column - max_shown_line / 2 : 1;
      const std::string_view tail = skip_characters(line, first - 1);
      line = take_characters(tail, max_shown_line);
      if (first > 1) prefix = "...";
      if (line.size() < tail.size()) suffix = "...";
      column = column - first + 1 + static_cast<std::uint32_t>(prefix.size());
      width = std::min<std::uint32_t>(width, max_shown_line - (column - 1) + 3);
    }
    out += fmt::format(" {} | {}{}{}\n", number, prefix, printable(line), suffix);
    out +=
        fmt::format(" {} | {}{}\n", gutter, std::string(column - 1, ' '), std::string(width, '^'));
  }
  if (!d.help.empty()) out += fmt::format("  help: {}\n", d.help);
  return out;
}

std::string render(const diagnostics& ds, const source_set& sources) {
  std::string out;
  for (const diagnostic& d : ds.items())
    out += render(d, sources);
  return out;
}

std::string render_json(const diagnostics& ds, const source_set& sources) {
  std::string out = "[";
  bool first = true;
  for (const diagnostic& d : ds.items()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += fmt::format("{{\"severity\":\"{}\",\"code\":\"{}\"", level_name(d.level), code_id(d.id));
    if (d.where) {
      const source_file& file = sources.file(d.where->file);
      const line_column at = file.locate(d.where->begin);
      const line_column stop = file.locate(d.where->end);
      out += fmt::format(",\"file\":{},\"line\":{},\"column\":{},\"endLine\":{},\"endColumn\":{}",
                         json_string(file.path()), at.line, at.column, stop.line, stop.column);
    } else if (!d.path.empty()) {
      out += fmt::format(",\"file\":{}", json_string(d.path));
    }
    out += fmt::format(",\"message\":{}", json_string(d.message));
    if (!d.help.empty()) out += fmt::format(",\"help\":{}", json_string(d.help));
    out += "}";
  }
  return out + (first ? "]\n" : "\n]\n");
}

}  // namespace clause::lang
