#include "runtime/input/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace clause::runtime {

namespace {

constexpr std::size_t buffer_bytes = 64 << 10;

}  // namespace

line_reader::line_reader() : buffer_(std::make_unique_for_overwrite<char[]>(buffer_bytes)) {}

line_reader::~line_reader() {
  close();
}

void line_reader::close() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  owns_fd_ = false;
}

bool line_reader::open(const std::string& path) {
  close();
  begin_ = end_ = 0;
  at_start_ = true;
  eof_ = false;
  error_ = 0;
  line_number_ = 0;
  if (path == "-") {
    fd_ = STDIN_FILENO;
    return true;
  }
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = errno;
    return false;
  }
  owns_fd_ = true;
  return true;
}

bool line_reader::fill() {
  if (eof_ || error_ || fd_ < 0) return false;
  if (begin_ == end_) begin_ = end_ = 0;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.get() + end_, buffer_bytes - end_);
    if (n > 0) {
      end_ += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    error_ = errno;
    return false;
  }
}

line_reader::status line_reader::next(std::string& line, std::size_t max_bytes) {
  line.clear();
  bool too_long = false, any = false;
  for (;;) {
    if (begin_ == end_ && !fill()) break;
    if (at_start_) {
      // A byte order mark may be split across reads: wait for three bytes, or the end.
      while (end_ - begin_ < 3 && fill()) {
      }
      at_start_ = false;
      if (std::string_view(buffer_.get() + begin_, end_ - begin_).starts_with("\xEF\xBB\xBF"))
        begin_ += 3;
      continue;
    }
    any = true;
    const char* start = buffer_.get() + begin_;
    const std::size_t available = end_ - begin_;
    const void* newline = std::memchr(start, '\n', available);
    const std::size_t take =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : available;
    if (!too_long) {
      const std::size_t room = max_bytes + 1 - line.size();  // one more byte: a `\r` to drop
      line.append(start, std::min(take, room));
      too_long = take > room;
    }
    begin_ += take;
    if (newline) {
      ++begin_;
      break;
    }
    // Keep the buffer's space for reading: what was taken is in `line` (or dropped).
    begin_ = end_ = 0;
  }
  if (error_) return status::error;
  if (!any) return status::end;
  ++line_number_;
  if (too_long) return status::too_long;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > max_bytes) return status::too_long;
  return status::line;
}

}  // namespace clause::runtime
