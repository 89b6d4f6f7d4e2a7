// The one diagnostic type of clause and its one renderer. Author errors (syntax, names, types,
// data) are collected as diagnostics; they never escape as exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostic_codes.hpp"
#include "lang/source.hpp"

namespace clause::lang {

enum class severity { error, warning };

struct diagnostic {
  severity level = severity::error;
  code id = code::syntax;
  std::string message;        // lowercase, no trailing period, user text in `backticks`
  std::optional<span> where;  // absent for errors about a whole file or the bundle
  std::string path;           // the file named when `where` is absent (may be empty)
  std::string help;           // optional `help:` line
};

class diagnostics {
 public:
  void add(diagnostic d) { items_.push_back(std::move(d)); }
  void error(code id, span where, std::string message, std::string help = {});
  void error_in_file(code id, std::string path, std::string message, std::string help = {});
  void warning(code id, span where, std::string message, std::string help = {});

  bool has_errors() const;
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<diagnostic>& items() const { return items_; }
  std::vector<diagnostic>& items() { return items_; }
  // Sorted by file, then position, so output is stable whatever order the phases found them in.
  void sort();

 private:
  std::vector<diagnostic> items_;
};

// `path:line:col: error[E0203]: message`, the source line, an underline, an optional help line.
std::string render(const diagnostic& d, const source_set& sources);
std::string render(const diagnostics& ds, const source_set& sources);
// One JSON object per diagnostic, as an array (for editors and CI).
std::string render_json(const diagnostics& ds, const source_set& sources);

}  // namespace clause::lang
