// From a case document to its record: bind, evaluate, render. One runner per thread; it keeps its
// buffers between cases, so a run of millions of cases allocates only while it warms up.
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <string_view>

#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/json.hpp"
#include "runtime/output/render.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

enum class record_format { json, yaml, table };

// Where a case comes from, for its default id and for error messages.
struct case_origin {
  std::string_view file;     // as given on the command line; `-` for standard input
  std::size_t line = 1;      // where the case's text starts in the file (1-based)
  std::size_t position = 1;  // the case's 1-based position in its file
};

class case_runner {
 public:
  case_runner(std::shared_ptr<const program> p, const evaluation_options& options,
              record_format format);

  // Each appends one record (a line of JSON, a YAML document, or table rows separated by '\n'
  // with fields separated by '\t') and returns false when the record is an error record.
  bool run_json_text(std::string_view text, const case_origin& origin, std::string& out);
  bool run_json(const json::value& root, const case_origin& origin, std::string& out);
  bool run_yaml(const YAML::Node& root, const case_origin& origin, std::string& out);
  bool run_error(const case_error& error, std::string& out);

  const evaluation& last() const { return evaluation_; }
  // The error of the last record when it was an error record.
  const case_error& last_error() const { return last_error_; }
  std::string_view last_id() const { return id_; }

 private:
  bool finish(bool bound, const case_origin& origin, std::string& out);
  void explain_text(std::string& out) const;

  std::shared_ptr<const program> program_;
  const evaluation_options& options_;
  record_format format_;
  bound_case case_;
  evaluation evaluation_;
  json::document document_;
  bind_error error_;
  std::string id_;
  case_error last_error_;
};

}  // namespace clause::runtime
