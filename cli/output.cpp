#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/usage_error.hpp"

namespace clause::cli {

namespace {

[[noreturn]] void cannot_write() {
  std::string reason = errno ? std::strerror(errno) : "the stream reported an error";
  if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') reason[0] += 'a' - 'A';
  throw output_error("cannot write to standard output: " + reason);
}

}  // namespace

void write_out(std::string_view text) {
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::ferror(stdout)) {
    cannot_write();
  }
}

void flush_out() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) cannot_write();
}

}  // namespace clause::cli
