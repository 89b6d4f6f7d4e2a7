// Reading cases from files and standard input, one at a time, as contract section 5 and 6 say:
// YAML (one or several `---` documents, a top-level list holding several cases), JSON (an object or
// an array of cases) or NDJSON (one case per line). All three are streamed: a YAML document that is
// a top-level block list (`- ` items at column 0) is read item by item, and a JSON array element by
// element, so memory stays flat whatever the input size. Every line gets its record whatever its
// bytes; a case larger than lang::limits::max_case_bytes, and a file that cannot be read (or stops
// being readable), is an error record.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "runtime/input/case_origin.hpp"
#include "runtime/input/json.hpp"
#include "runtime/input/json_splitter.hpp"
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
  std::size_t bytes = 0;  // the size of its text as read: what holding it weighs, about
  case_origin origin;     // its `file` points into `file` above once the case is moved
};

// The error of a case larger than lang::limits::max_case_bytes, after its `file:line: `.
std::string case_too_big_message();

// What the readers of cases share (case_reader, ndjson_feed): a line of spaces, tabs and `\r`
// alone holds no case; and the error record of the case at `position` of `file`, which starts on
// `line`: `message` is its whole text, place included.
bool blank_line(std::string_view line);
void case_error_record(raw_case& out, const std::string& file, std::size_t line,
                       std::size_t position, std::string message);

class case_reader {
 public:
  explicit case_reader(std::vector<std::string> files);
  // One input already open as `fd` (taken over, closed by the reader), named `name` in records.
  case_reader(int fd, std::string name);
  ~case_reader();
  case_reader(const case_reader&) = delete;
  case_reader& operator=(const case_reader&) = delete;
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
  bool check_json(raw_case& out);
  bool json_error(raw_case& out, const json_splitter::error_probe& probe, bool parsed);
  std::string copy_failed(int error) const;
  void whole_file_error(raw_case& out, std::string message, std::optional<std::size_t> line);
  void case_error_at(raw_case& out, std::string message);
  void read_error(raw_case& out);
  void finish_file();

  std::vector<std::string> files_;
  int adopted_fd_ = -1;  // the input given open, until it is opened as the first file
  std::size_t file_index_ = 0;
  std::string file_;  // the current file's name
  line_reader lines_;
  bool open_ = false;
  bool read_error_reported_ = false;
  format format_ = format::unknown;
  std::size_t last_line_ = 0;     // the number of the line `read_line` returned last
  std::size_t position_ = 0;      // cases produced from the current file
  std::deque<line_ahead> ahead_;  // lines read ahead (format detection, YAML chunk ends)
  // A JSON file is read twice, each time in pieces (json_splitter): once to check that it parses
  // (a file that does not is one error record, and none of its cases run), then to hand out its
  // cases. What is not a regular file is copied to a temporary file on the first reading.
  json::document json_;
  std::optional<json_splitter> json_split_;
  std::deque<json_piece> json_pieces_;
  bool json_checked_ = false;
  bool json_ended_ = false;
  bool reading_bytes_ = false;  // lines are not counted: a read error has no line
  // A YAML document holding a flow list: the cases still to hand out.
  YAML::Node yaml_list_;
  bool in_yaml_list_ = false;
  std::size_t yaml_next_ = 0;
  std::size_t yaml_list_line_ = 0;
  std::size_t yaml_bytes_ = 0;  // the text of the YAML case handed out last (a share of its list)
  bool in_block_list_ = false;  // the current YAML document is a top-level block list
};

}  // namespace clause::runtime
