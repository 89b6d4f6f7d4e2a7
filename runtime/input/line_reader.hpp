// Lines of a file or of standard input, whatever their bytes: a NUL is a byte like any other, a
// failed read is an error and never taken for the end, and a line longer than the caller's cap is
// skipped rather than held. Read with read(2), so the lines of a pipe come as soon as they are
// written. A UTF-8 byte order mark at the very start is dropped.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clause::runtime {

class line_reader {
 public:
  enum class status { line, too_long, end, error };
  static constexpr std::size_t buffer_bytes = 64 << 10;

  line_reader();
  ~line_reader();
  line_reader(const line_reader&) = delete;
  line_reader& operator=(const line_reader&) = delete;

  // Opens `path`, `-` for standard input; false with `error()` set when it cannot be opened.
  bool open(const std::string& path);
  // Reads from `fd` (an open file it now owns), from its start.
  bool adopt(int fd);
  void close();

  // Whether what is read is a regular file, which `rewind` can read again from its start.
  bool regular_file() const;
  bool rewind();

  // The next line into `line`, without its `\n` (nor a `\r` before it). A line of more than
  // `max_bytes` bytes is `too_long`: `line` holds its first bytes (what it starts with says what
  // it is) and the rest of it is read and dropped.
  // After `end` or `error`, every call answers the same.
  status next(std::string& line, std::size_t max_bytes);

  // The bytes that come next, however many there are at hand (for readers that find their own
  // structure, such as a JSON document over many lines, or on one long line): `line` when `bytes`
  // holds some. Lines are not counted.
  status next_bytes(std::string& bytes);

  // The next bytes without taking them, up to the first line's end or the buffer's size (or the
  // end of the input): waits for no more than a line, so a pipe's first line comes at once.
  std::string_view peek();

  // The number of the line `next` returned last (1-based).
  std::size_t line_number() const { return line_number_; }
  // The errno of the failed open or read.
  int error() const { return error_; }

 private:
  bool fill();  // reads more into the buffer; false at the end or on an error
  void reset();
  bool skip_byte_order_mark();  // at the start; false when there is nothing to read

  int fd_ = -1;
  bool owns_fd_ = false;
  off_t origin_ = -1;  // where reading started, for `rewind`
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // the unread bytes of buffer_
  bool at_start_ = true;             // nothing read yet: a byte order mark may come
  bool eof_ = false;
  int error_ = 0;
  std::size_t line_number_ = 0;
};

}  // namespace clause::runtime
