// What `clause serve` is asked to do: where the bundle is, where to listen, and its limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "clause/clause.hpp"

namespace clause::serve {

struct options {
  std::string policy;  // the bundle directory (or one `.clause` file)
  std::string host = "127.0.0.1";
  unsigned short port = 8181;  // 0: any free port (printed when listening)
  unsigned jobs = 2;           // threads serving connections
  // `--now`, `--locale`, `--param`: what a request's query parameters start from.
  session_options defaults;
  std::size_t max_body = 1 << 20;         // POST /v1/decide
  std::size_t max_batch_body = 64 << 20;  // POST /v1/decide/batch
  std::size_t max_header = 8 << 10;
  std::chrono::milliseconds request_timeout{
      10'000};                                     // from a request's first byte to its body's last
  std::chrono::milliseconds idle_timeout{60'000};  // a kept-alive connection with no request
  unsigned max_connections = 512;
  bool watch = true;  // reload when the bundle's files change
  std::string decision_log;
  bool log_input = false;
  std::size_t decision_log_max_bytes = 64 << 20;  // rotated past this size
  std::size_t decision_log_queue = 65536;         // lines waiting; past it, lines are dropped
};

// Serves until SIGTERM or SIGINT; returns the exit code. Throws std::runtime_error when it cannot
// start (the address is taken, the bundle does not load: the message says which).
int run(const options& o);

}  // namespace clause::serve
