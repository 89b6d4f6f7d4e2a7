#include "runtime/api/case_runner.hpp"

#include <fmt/format.h>

#include <new>

#include "runtime/input/case_reader.hpp"

namespace clause::runtime {

case_runner::case_runner(std::shared_ptr<const program> p, const evaluation_options& options,
                         json_path path)
    : program_(std::move(p)),
      options_(options),
      fast_(path == json_path::fast ? std::make_unique<fast_json>() : nullptr) {}

bool case_runner::run_json_text(std::string_view text, const case_origin& origin,
                                std::size_t readable_after) {
  const fast_json::outcome fast = fast_
                                      ? fast_->bind(*program_, text, case_, error_, readable_after)
                                      : fast_json::outcome::unknown;
  fast_taken_ = fast != fast_json::outcome::unknown;
  if (fast_taken_) return finish(fast == fast_json::outcome::bound, origin);
  if (!document_.parse(text)) {
    const json::parse_error& e = document_.error();
    const lang::line_column at = lang::locate(text, e.offset);
    case_error error;
    error.id = std::to_string(origin.position);
    error.message =
        lang::format_location(origin.file, origin.line + at.line - 1, at.column) + ": " + e.message;
    return run_error(error);
  }
  return run_json(document_.root(), origin);
}

bool case_runner::run_json(const json::value& root, const case_origin& origin) {
  fast_taken_ = false;
  return finish(bind_json(*program_, root, case_, error_), origin);
}

bool case_runner::run_yaml(const YAML::Node& root, const case_origin& origin) {
  fast_taken_ = false;
  return finish(bind_yaml(*program_, root, case_, error_), origin);
}

bool case_runner::run_error(const case_error& error) {
  fast_taken_ = false;
  last_error_ = error;
  if (error.id) {
    id_ = *error.id;
  } else {
    id_.clear();
  }
  ok_ = false;
  return false;
}

bool case_runner::run(const raw_case& c) {
  try {
    switch (c.form) {
      case raw_case::kind::json_text:
        return run_json_text(c.text, c.origin, c.text.capacity() - c.text.size());
      case raw_case::kind::yaml_node:
        return run_yaml(c.node, c.origin);
      case raw_case::kind::error:
        return run_error(c.error);
    }
  } catch (const std::bad_alloc&) {
    // Memory ran out on this case: it is an error record, and the run goes on with the next.
    case_error error;
    error.id = std::to_string(c.origin.position);
    error.message = lang::format_location(c.origin.file, c.origin.line) + ": out of memory";
    return run_error(error);
  }
  return false;
}

bool case_runner::finish(bool bound, const case_origin& origin) {
  if (case_.has_id) {
    id_.assign(case_.id);
  } else {
    id_.clear();
    fmt::format_to(std::back_inserter(id_), "{}", origin.position);
  }
  if (!bound) {
    case_error error;
    error.id = id_;
    error.path = error_.path;
    error.message = error_.message;
    last_error_ = std::move(error);
    ok_ = false;
    return false;
  }
  evaluate(*program_, case_, options_, evaluation_);
  ok_ = true;
  return true;
}

}  // namespace clause::runtime
