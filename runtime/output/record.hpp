// The one rendering layer: a case's record (its decisions, or the error that kept it from being
// decided) written as the contract's JSON or YAML (sections 4 and 5), as explanation text, or as
// rows of a table for people. Every format is written from the same `record`, here and nowhere
// else; the public API and the CLI only choose the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clause/clause.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

// A case that could not be decided: `{"id":"c3","error":{"code":"INVALID_INPUT",...}}`.
struct case_error {
  std::optional<std::string> id;  // null in the record when absent
  std::string path;
  std::string message;
  std::string file;  // for errors about a whole file
  std::optional<std::size_t> line;
};

// What the writers read; views into the program, the evaluation or the error, nothing copied.
struct record {
  const program& p;
  std::string_view id;
  const evaluation* decided = nullptr;  // set when the case was decided
  const case_error* error = nullptr;    // set when it was not
  bool explain = false;                 // JSON and YAML add the rules that fired and why not
};

void write_json(std::string& out, const record& r);         // one line, no newline
void write_yaml(std::string& out, const record& r);         // one document, `---` first
void write_explanation(std::string& out, const record& r);  // lines for people
void write_record(std::string& out, const record& r, record_format format);
void append_table_rows(const record& r, std::vector<table_row>& rows);

// A payload value as text, as every format shows it: a string as it is, other values as
// messages show them (`2024-06-11`, `true`).
void append_payload_text(std::string& out, const value& v,
                         const std::vector<std::string>* enum_names);

}  // namespace clause::runtime
