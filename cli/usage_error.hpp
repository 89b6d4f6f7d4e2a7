// The CLI's ways to stop: a usage error (one line naming what is wrong, an optional hint), and an
// output error (the records cannot be written: a full disk, a closed pipe). Exit codes are here.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace clause::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // the command ran and found errors
inline constexpr int exit_usage = 2;    // the command could not run as asked
inline constexpr int exit_stopped = 3;  // the run stopped: output not written, or out of memory

struct usage_error : std::runtime_error {
  usage_error(const std::string& message, std::string help_text = {})
      : std::runtime_error(message), help(std::move(help_text)) {}
  std::string help;
};

struct output_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes to standard output, or throws output_error saying why it could not (errno's words).
void write_out(std::string_view text);
// Flushes standard output, or throws output_error.
void flush_out();

}  // namespace clause::cli
