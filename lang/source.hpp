// Source text and spans. Every AST node carries a span; line and column are computed only when a
// diagnostic is rendered.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lang/location.hpp"

namespace clause::lang {

using file_id = std::uint32_t;

// A half-open byte range [begin, end) in one source file.
struct span {
  file_id file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

class source_file {
 public:
  source_file(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // In any order (diagnostics are not sorted by place): the line is found in the index of line
  // starts, so only the column is walked.
  line_column locate(std::uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// All files of one load (policy sources, YAML data, case files); spans refer to them by id.
class source_set {
 public:
  file_id add(std::string path, std::string text);
  const source_file& file(file_id id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  // unique_ptr keeps each file's address stable while the set grows.
  std::vector<std::unique_ptr<source_file>> files_;
};

}  // namespace clause::lang
