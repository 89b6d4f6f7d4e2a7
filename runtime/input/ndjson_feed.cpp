#include "runtime/input/ndjson_feed.hpp"

#include "lang/limits.hpp"
#include "lang/location.hpp"

namespace clause::runtime {

void ndjson_feed::feed(std::string_view bytes) {
  // What was handed out goes first, so that `pending_` holds one part and one line at most.
  pending_.erase(0, read_);
  read_ = 0;
  pending_.append(bytes);
}

void ndjson_feed::too_long(raw_case& out) {
  case_error_record(out, name_, line_, ++position_,
                    lang::format_location(name_, line_) + ": " + case_too_big_message());
}

bool ndjson_feed::next(raw_case& out) {
  for (;;) {
    const std::size_t newline = pending_.find('\n', read_);
    std::string_view line;
    if (newline != std::string::npos) {
      line = std::string_view(pending_).substr(read_, newline - read_);
      read_ = newline + 1;
    } else if (finished_ && (read_ < pending_.size() || dropping_)) {
      line = std::string_view(pending_).substr(read_);
      read_ = pending_.size();
    } else {
      // Longer than any case (one more byte: a `\r` to drop) and not ended yet: dropped as it
      // comes, its error record told once its end is known.
      if (dropping_ || pending_.size() - read_ > lang::limits::max_case_bytes + 1) {
        dropping_ = true;
        pending_.resize(read_);
      }
      return false;
    }
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (dropping_ || line.size() > lang::limits::max_case_bytes) {
      dropping_ = false;
      too_long(out);
      return true;
    }
    if (blank_line(line)) continue;
    out.form = raw_case::kind::json_text;
    out.text.assign(line);
    out.file = name_;
    out.origin.line = line_;
    out.origin.position = ++position_;
    out.origin.file = out.file;
    out.bytes = out.text.size();
    return true;
  }
}

}  // namespace clause::runtime
