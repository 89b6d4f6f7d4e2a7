// Reading cases from files and standard input, one at a time, as contract section 5 and 6 say:
// YAML (one or several `---` documents, a top-level list holding several cases), JSON (an object or
// an array of cases) or NDJSON (one case per line). YAML and NDJSON are streamed: a YAML document
// that is a top-level block list (`- ` items at column 0) is read item by item, so memory stays
// flat whatever the input size. Every line gets its record whatever its bytes; a case larger than
// lang::limits::max_case_bytes, and a file that cannot be read (or stops being readable), is an
// error record.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "runtime/input/case_origin.hpp"
#include "runtime/input/json.hpp"
#include "runtime/input/line_reader.hpp"
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
  // The next case, or false at the end of all inputs.
  bool next(raw_case& out);

 private:
  enum class format { unknown, yaml, json, ndjson };
  enum class got { line, too_long, end };
  struct line_ahead {
    std::string text;
    std::size_t number = 0;
    bool too_long = false;
  };

  bool open_next_file();
  void sniff();
  format sniff_json(std::string first, std::vector<line_ahead>& read);
  got read_line(std::string& line, std::size_t max_bytes);
  void unread(std::string line, std::size_t number, bool too_long);
  bool next_yaml(raw_case& out);
  bool next_ndjson(raw_case& out);
  bool next_json(raw_case& out);
  void whole_file_error(raw_case& out, std::string message, std::optional<std::size_t> line);
  void case_error_at(raw_case& out, std::string message);
  void read_error(raw_case& out);
  void finish_file();

  std::vector<std::string> files_;
  std::size_t file_index_ = 0;
  std::string file_;  // the current file's name
  line_reader lines_;
  bool open_ = false;
  bool read_error_reported_ = false;
  format format_ = format::unknown;
  std::size_t last_line_ = 0;     // the number of the line `read_line` returned last
  std::size_t position_ = 0;      // cases produced from the current file
  std::deque<line_ahead> ahead_;  // lines read ahead (format detection, YAML chunk ends)
  // JSON (whole file) and YAML documents holding a flow list: the cases still to hand out.
  json::document json_;
  std::string json_text_;
  std::vector<std::string> json_cases_;
  std::vector<std::size_t> json_lines_;
  std::vector<char> json_too_big_;
  std::size_t json_next_ = 0;
  bool json_read_ = false;
  YAML::Node yaml_list_;
  bool in_yaml_list_ = false;
  std::size_t yaml_next_ = 0;
  std::size_t yaml_list_line_ = 0;
  bool in_block_list_ = false;  // the current YAML document is a top-level block list
};

}  // namespace clause::runtime
