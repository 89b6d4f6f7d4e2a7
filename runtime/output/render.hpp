// Rendering decisions and per-case errors as the MCA contract section 4 and 5 say: one JSON object
// per case (NDJSON), or YAML documents, or rows of a table for people.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

// `{"id":"c17","decisions":{...}}`, without a trailing newline.
void render_json(std::string& out, const program& p, std::string_view id, const evaluation& e,
                 bool explain);
// The same record as one YAML document (starting with `---`).
void render_yaml(std::string& out, const program& p, std::string_view id, const evaluation& e,
                 bool explain);

// A case that could not be decided: `{"id":"c3","error":{"code":"INVALID_INPUT",...}}`.
struct case_error {
  std::optional<std::string> id;  // null in the record when absent
  std::string path;
  std::string message;
  std::string file;  // for errors about a whole file
  std::optional<std::size_t> line;
};
void render_json(std::string& out, const case_error& e);
void render_yaml(std::string& out, const case_error& e);

}  // namespace clause::runtime
