#include "runtime/input/line_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace clause::runtime {

line_reader::line_reader() : buffer_(std::make_unique_for_overwrite<char[]>(buffer_bytes)) {}

line_reader::~line_reader() {
  close();
}

void line_reader::close() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  owns_fd_ = false;
}

void line_reader::reset() {
  begin_ = end_ = 0;
  at_start_ = true;
  eof_ = false;
  error_ = 0;
  line_number_ = 0;
}

bool line_reader::open(const std::string& path) {
  close();
  reset();
  if (path == "-") {
    fd_ = STDIN_FILENO;
    origin_ = ::lseek(fd_, 0, SEEK_CUR);  // standard input may start part way into a file
    return true;
  }
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = errno;
    return false;
  }
  owns_fd_ = true;
  origin_ = 0;
  return true;
}

bool line_reader::adopt(int fd) {
  close();
  reset();
  fd_ = fd;
  owns_fd_ = true;
  origin_ = 0;
  return rewind();
}

bool line_reader::regular_file() const {
  struct stat status {};
  return fd_ >= 0 && ::fstat(fd_, &status) == 0 && S_ISREG(status.st_mode);
}

bool line_reader::rewind() {
  reset();
  if (origin_ >= 0 && ::lseek(fd_, origin_, SEEK_SET) == origin_) return true;
  error_ = errno;
  return false;
}

// A byte order mark may be split across reads: wait for three bytes, or the end.
bool line_reader::skip_byte_order_mark() {
  while (end_ - begin_ < 3 && fill()) {
  }
  at_start_ = false;
  if (std::string_view(buffer_.get() + begin_, end_ - begin_).starts_with("\xEF\xBB\xBF"))
    begin_ += 3;
  return begin_ != end_;
}

std::string_view line_reader::peek() {
  if (at_start_) skip_byte_order_mark();
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  std::size_t searched = begin_;
  while (std::memchr(buffer_.get() + searched, '\n', end_ - searched) == nullptr &&
         end_ < buffer_bytes) {
    searched = end_;
    if (!fill()) break;
  }
  return {buffer_.get() + begin_, end_ - begin_};
}

line_reader::status line_reader::next_bytes(std::string& bytes) {
  bytes.clear();
  if (at_start_) skip_byte_order_mark();
  if (begin_ == end_) fill();
  if (error_) return status::error;
  if (begin_ == end_) return status::end;
  bytes.assign(buffer_.get() + begin_, end_ - begin_);
  begin_ = end_ = 0;
  return status::line;
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
      skip_byte_order_mark();
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
