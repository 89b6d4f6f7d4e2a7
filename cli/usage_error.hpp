// The CLI's one way to report a usage error: one line naming what is wrong, an optional hint.
#pragma once

#include <stdexcept>
#include <string>

namespace clause::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // the command ran and found errors
inline constexpr int exit_usage = 2;    // the command could not run as asked

struct usage_error : std::runtime_error {
  usage_error(const std::string& message, std::string help_text = {})
      : std::runtime_error(message), help(std::move(help_text)) {}
  std::string help;
};

}  // namespace clause::cli
