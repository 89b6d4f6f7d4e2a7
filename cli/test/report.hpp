// What a `clause test` run found, and its two renderings: text for people (`report_text.cpp`) and
// one JSON document for tools (`report_json.cpp`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cli/test/test_case.hpp"

namespace clause::cli::test {

struct case_outcome {
  std::string id;
  place at;
  std::vector<std::string> problems;  // none: it passed
};

// One test file: its mistakes and the cases that ran, each in file order.
struct file_report {
  std::string path;
  std::vector<mistake> mistakes;
  std::vector<case_outcome> cases;
};

// Something no test exercised: a rule, a let, or a part of an `and` / `or`.
struct missed_item {
  std::string name;                   // the rule's id, the let's name, the part's text
  std::string location;               // `file:line:column`
  std::string owner, owner_location;  // a part's rule or let (`rule ID`, `let NAME`)
};

struct coverage_figure {
  std::size_t covered = 0, total = 0;
  std::vector<missed_item> missed;
};

// Rules that fired, lets evaluated, and-or parts that decided: three figures and their sum.
struct coverage_summary {
  coverage_figure rules, lets, parts;
  std::size_t covered() const { return rules.covered + lets.covered + parts.covered; }
  std::size_t total() const { return rules.total + lets.total + parts.total; }
};

// Whole percents, rounded down (so 100 only when nothing is missed).
std::size_t percent(std::size_t covered, std::size_t total);

struct run_report {
  std::vector<file_report> files;
  std::size_t not_run = 0;                  // cases left out by `--run`
  std::optional<std::string> run_pattern;   // `--run`
  std::optional<std::size_t> min_coverage;  // `--min-coverage`, a percent
  std::optional<std::string> nothing_ran;   // why no case ran, when none did
  coverage_summary coverage;

  std::size_t passed() const;
  std::size_t failed() const;
  std::size_t mistakes() const;
  bool below_min_coverage() const;
  bool ok() const {
    return failed() == 0 && mistakes() == 0 && !nothing_ran && !below_min_coverage();
  }
};

void write_text(const run_report& r, std::string& out);
void write_json(const run_report& r, std::string& out);

}  // namespace clause::cli::test
