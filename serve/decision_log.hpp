// `--decision-log FILE`: one NDJSON line per decided case, written by a thread of its own so a
// request never waits for the disk. Lines wait in a bounded queue; when it is full (the disk does
// not keep up) a line is dropped and counted rather than stalling the request. The file is rotated
// past a size (FILE becomes FILE.1, the previous FILE.1 is removed). On a clean shutdown every
// queued line is written before the process exits.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "serve/metrics.hpp"

namespace clause::serve {

class decision_log {
 public:
  // Opens (appends to) `path`; throws std::runtime_error saying why it cannot.
  decision_log(std::string path, std::size_t max_bytes, std::size_t max_queued, metrics& counts);
  ~decision_log();  // writes what is queued, then closes
  decision_log(const decision_log&) = delete;
  decision_log& operator=(const decision_log&) = delete;

  // Queues a line (with its newline); never blocks on the disk.
  void add(std::string line);

 private:
  void write_loop();
  void write_all(const std::string& text, std::size_t lines);
  void rotate();

  std::string path_;
  std::size_t max_bytes_, max_queued_;
  metrics& counts_;
  int fd_ = -1;
  std::size_t size_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace clause::serve
