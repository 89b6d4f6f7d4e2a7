// Reading cases from files and standard input, one at a time, as contract section 5 and 6 say:
// YAML (one or several `---` documents, a top-level list holding several cases), JSON (an object or
// an array of cases) or NDJSON (one case per line). YAML and NDJSON are streamed: memory stays flat
// whatever the input size.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "runtime/input/case_origin.hpp"
#include "runtime/input/json.hpp"
#include "runtime/output/record.hpp"

namespace clause::runtime {

struct raw_case {
  enum class kind { json_text, yaml_node, error };
  kind form = kind::json_text;
  std::string text;  // json_text
  YAML::Node node;   // yaml_node
  case_error error;  // error
  std::string file;
  case_origin origin;  // its `file` points into `file` above once the case is moved
};

class case_reader {
 public:
  explicit case_reader(std::vector<std::string> files);
  ~case_reader();
  // The next case, or false at the end of all inputs.
  bool next(raw_case& out);

 private:
  enum class format { unknown, yaml, json, ndjson };
  bool open_next_file();
  bool read_line(std::string& line);
  // The number of the line `read_line` returned last.
  std::size_t line_number() const { return last_line_; }
  bool next_yaml(raw_case& out);
  bool next_ndjson(raw_case& out);
  bool next_json(raw_case& out);
  void whole_file_error(raw_case& out, std::string message, std::optional<std::size_t> line);
  void close();

  std::vector<std::string> files_;
  std::size_t file_index_ = 0;
  std::string file_;  // the current file's name
  std::FILE* stream_ = nullptr;
  bool owns_stream_ = false;
  format format_ = format::unknown;
  std::size_t line_ = 0;  // lines read from the current file
  std::size_t last_line_ = 0;
  std::size_t position_ = 0;  // cases produced from the current file
  std::string pending_;       // a line read ahead (format detection, YAML document ends)
  bool has_pending_ = false;
  std::size_t pending_line_ = 0;
  // JSON (whole file) and YAML documents holding a list: the cases still to hand out.
  json::document json_;
  std::string json_text_;
  std::vector<std::string> json_cases_;
  std::vector<std::size_t> json_lines_;
  std::size_t json_next_ = 0;
  YAML::Node yaml_list_;
  bool in_yaml_list_ = false;
  std::size_t yaml_next_ = 0;
  std::size_t yaml_list_line_ = 0;
  bool eof_ = false;
};

}  // namespace clause::runtime
