#include "serve/decision_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace clause::serve {

namespace {

int open_log(const std::string& path, std::size_t& size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  struct stat status {};
  size = fd >= 0 && ::fstat(fd, &status) == 0 ? static_cast<std::size_t>(status.st_size) : 0;
  return fd;
}

}  // namespace

decision_log::decision_log(std::string path, std::size_t max_bytes, std::size_t max_queued,
                           metrics& counts)
    : path_(std::move(path)), max_bytes_(max_bytes), max_queued_(max_queued), counts_(counts) {
  fd_ = open_log(path_, size_);
  if (fd_ < 0) {
    throw std::runtime_error(
        fmt::format("cannot open the decision log `{}`: {}", path_, std::strerror(errno)));
  }
  writer_ = std::thread([this] { write_loop(); });
}

decision_log::~decision_log() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

void decision_log::add(std::string line) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queued_) {
      counts_.log_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(line));
  }
  wake_.notify_one();
}

void decision_log::write_loop() {
  std::deque<std::string> taken;
  std::string text;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      taken.swap(queue_);
    }
    // Lines are written in batches: one write(2) for what queued while the last one ran.
    text.clear();
    std::size_t lines = 0;
    for (std::string& line : taken) {
      text += line;
      ++lines;
      if (text.size() >= (1u << 20)) {
        write_all(text, lines);
        text.clear();
        lines = 0;
      }
    }
    if (!text.empty()) write_all(text, lines);
    taken.clear();
  }
}

void decision_log::write_all(const std::string& text, std::size_t lines) {
  if (size_ >= max_bytes_) rotate();
  if (fd_ < 0) {
    counts_.log_dropped.fetch_add(lines, std::memory_order_relaxed);
    return;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A full disk or a failing device: the rest of this batch is lost, counted, and said once.
      static bool said = false;
      if (!said) {
        said = true;
        std::fprintf(stderr, "clause serve: the decision log `%s` cannot be written: %s\n",
                     path_.c_str(), std::strerror(errno));
      }
      counts_.log_dropped.fetch_add(lines, std::memory_order_relaxed);
      return;
    }
    done += static_cast<std::size_t>(n);
  }
  size_ += text.size();
  counts_.log_lines.fetch_add(lines, std::memory_order_relaxed);
}

void decision_log::rotate() {
  if (fd_ >= 0) ::close(fd_);
  const std::string previous = path_ + ".1";
  if (::rename(path_.c_str(), previous.c_str()) != 0) {
    std::fprintf(stderr, "clause serve: cannot rotate the decision log `%s`: %s\n", path_.c_str(),
                 std::strerror(errno));
  }
  fd_ = open_log(path_, size_);
}

}  // namespace clause::serve
