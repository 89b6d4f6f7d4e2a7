// What `clause test` reads from a test file: its cases, each with what it expects, and the mistakes
// that make a test file wrong whatever the policy decides.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clause::cli::test {

// A place in a test file; line and column 1-based (column 0: the whole line).
struct place {
  std::string file;
  std::size_t line = 0, column = 0;
  std::string text() const;  // `file:line:column`
};

// A mistake in a test file: reported with its place (and its case, when known), never run.
struct mistake {
  place at;
  std::string case_id;  // empty when the mistake is not in one case
  std::string message;  // lowercase, no trailing period, names in backticks
  std::string help;     // a suggestion, or empty
};

// (Field by field: GCC 12 sees uninitialized strings in a braced temporary of this aggregate.)
inline mistake make_mistake(place at, std::string case_id, std::string message, std::string help) {
  mistake m;
  m.at = std::move(at);
  m.case_id = std::move(case_id);
  m.message = std::move(message);
  m.help = std::move(help);
  return m;
}

struct expected_message {
  std::string code, text;
};

// What a case expects of one decision; what it leaves out is not compared.
struct expected_decision {
  std::string name;
  std::optional<std::string> outcome;
  std::optional<std::vector<std::string>> codes, warnings;  // sorted
  std::vector<expected_message> messages;
  std::vector<std::pair<std::string, std::string>> payload;  // field, value as text
};

struct test_case {
  std::string id;      // the case's `id`, or its 1-based position in its file
  bool named = false;  // it has an `id`
  place at;
  bool runnable = false;                  // false: a mistake was reported, and the case is not run
  std::optional<std::string> error_path;  // `expect: {error: {path: ...}}`
  std::vector<expected_decision> decisions;  // otherwise: exactly the decisions it gets
};

struct test_file {
  std::string path;
  // In the order `clause::case_reader` cuts the file, one for each case it gives (so that the two
  // readings pair up): documents that are not cases are here too, not runnable.
  std::vector<test_case> cases;
  std::vector<mistake> mistakes;
  bool parsed = false;  // false: the file is not YAML (a mistake says where); nothing runs
};

}  // namespace clause::cli::test
