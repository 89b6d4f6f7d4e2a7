// From a case document to its decisions: bind, then evaluate. One runner per thread; it keeps its
// buffers between cases, so a run of millions of cases allocates only while it warms up. Writing
// the record is the output layer's (`last_record()` is what it reads).
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <string_view>

#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/case_origin.hpp"
#include "runtime/input/fast_json.hpp"
#include "runtime/input/json.hpp"
#include "runtime/output/record.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

struct raw_case;

// How a JSON case's text is read: simdjson first, the reference parser for what it leaves
// (fast_json.hpp), or the reference parser alone (to compare the two).
enum class json_path { fast, reference };

class case_runner {
 public:
  case_runner(std::shared_ptr<const program> p, const evaluation_options& options,
              json_path path = json_path::fast);

  // Each returns false when the case could not be decided (its record is an error record).
  // `readable_after`: bytes after `text` that may be read (fast_json::bind).
  bool run_json_text(std::string_view text, const case_origin& origin,
                     std::size_t readable_after = 0);
  bool run_json(const json::value& root, const case_origin& origin);
  bool run_yaml(const YAML::Node& root, const case_origin& origin);
  bool run_error(const case_error& error);
  bool run(const raw_case& c);

  // The last case's record, for the writers of output/record.hpp.
  record last_record() const {
    return {*program_, id_, ok_ ? &evaluation_ : nullptr, ok_ ? nullptr : &last_error_,
            options_.explain};
  }
  bool last_ok() const { return ok_; }
  // Whether the last case's record came from simdjson's path: bound there, or its failure worded
  // there (not the reference path's).
  bool last_fast() const { return fast_taken_; }
  const evaluation& last() const { return evaluation_; }
  const case_error& last_error() const { return last_error_; }
  std::string_view last_id() const { return id_; }
  const program& compiled() const { return *program_; }

 private:
  bool finish(bool bound, const case_origin& origin);

  std::shared_ptr<const program> program_;
  const evaluation_options& options_;
  bound_case case_;
  evaluation evaluation_;
  json::document document_;
  std::unique_ptr<fast_json> fast_;  // null: the reference path alone
  bool fast_taken_ = false;
  bind_error error_;
  std::string id_;
  case_error last_error_;
  bool ok_ = false;
};

}  // namespace clause::runtime
