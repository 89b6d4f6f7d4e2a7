// What `clause eval` and `clause diff` share: the options that say how cases are decided
// (`--now`, `--locale`, `--param`, `--jobs`), their errors in the command line's words, and
// reading cases a page at a time.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "clause/clause.hpp"
#include "cli/usage_error.hpp"

namespace clause::cli {

struct case_options {
  session_options session;
  unsigned jobs = 0;  // `--jobs`; 0: every core this process may use (available_cores())
};

// Walks a command's arguments: operands (`-` included, and all after `--`) go to `operand`;
// options to `option(name, value, has_inline)`, where `value()` takes the option's value: the part
// after `=` (`has_inline`), else the next argument (a usage error when there is none).
using option_value = std::function<std::string()>;
void walk_arguments(
    std::span<const std::string> args, const std::function<void(const std::string&)>& operand,
    const std::function<void(const std::string&, const option_value&, bool)>& option);

// When `name` is one of the shared options, reads it into `o` (taking its value from `value`) and
// returns true; otherwise false. Throws usage_error for a malformed value.
bool parse_case_option(const std::string& name, const option_value& value, case_options& o);

// `flag n` as a number from low to high, or a usage error.
unsigned parse_count(const std::string& flag, const std::string& n, unsigned low, unsigned high);

// The API's words for a wrong option, in the command line's.
usage_error as_usage_error(const options_error& e);

// Without `--now`, every case of a run is decided at the same instant: the run's start, as UTC.
std::string start_of_run();

// Reads up to `cases.size()` cases into `cases`, and fewer once they hold 16 MiB: cases near the
// size limit would otherwise hold gigabytes in a page. Returns how many were read.
std::size_t fill_page(case_reader& reader, std::vector<case_input>& cases);

}  // namespace clause::cli
