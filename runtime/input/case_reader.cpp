#include "runtime/input/case_reader.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "lang/limits.hpp"
#include "lang/location.hpp"
#include "runtime/input/fast_json.hpp"
#include "runtime/input/yaml_case.hpp"

namespace clause::runtime {

namespace {

constexpr std::size_t max_case_bytes = lang::limits::max_case_bytes;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool blank_or_comment(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

// `---` or `--- content`: a YAML document starts.
bool document_start(std::string_view line) {
  return line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

bool document_end(std::string_view line) {
  return line.starts_with("...") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

// `- ...` at column 0: an item of a top-level block list starts.
bool item_start(std::string_view line) {
  return line.starts_with('-') && (line.size() == 1 || line[1] == ' ' || line[1] == '\t');
}

std::string reason(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// A file of its own, gone once closed (it is unlinked as soon as it is made).
class temporary_copy {
 public:
  temporary_copy() = default;
  temporary_copy(const temporary_copy&) = delete;
  temporary_copy& operator=(const temporary_copy&) = delete;
  ~temporary_copy() {
    if (fd_ >= 0) ::close(fd_);
  }

  bool open() {
    const char* dir = std::getenv("TMPDIR");
    std::string name = fmt::format("{}/clause-json-XXXXXX", dir && *dir ? dir : "/tmp");
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) {
      error_ = errno;
      return false;
    }
    ::unlink(name.c_str());
    return true;
  }

  void write(std::string_view bytes) {
    while (fd_ >= 0 && error_ == 0 && !bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) error_ = n < 0 ? errno : ENOSPC;
      if (n > 0) bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  bool is_open() const { return fd_ >= 0; }
  int error() const { return error_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
  int error_ = 0;
};

}  // namespace

bool blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

void case_error_record(raw_case& out, const std::string& file, std::size_t line,
                       std::size_t position, std::string message) {
  out.form = raw_case::kind::error;
  out.text.clear();  // none: the error is the case
  out.file = file;
  out.error = {};
  out.error.id = std::to_string(position);
  out.error.message = std::move(message);
  out.origin.line = line;
  out.origin.position = position;
  out.origin.file = out.file;
  out.bytes = out.error.message.size();
}

std::string case_too_big_message() {
  return fmt::format("this case is larger than {} MiB, the most one case may hold",
                     max_case_bytes >> 20);
}

case_reader::case_reader(std::vector<std::string> files) : files_(std::move(files)) {
  if (files_.empty()) files_.push_back("-");
}

case_reader::case_reader(int fd, std::string name) : files_{std::move(name)}, adopted_fd_(fd) {}

case_reader::~case_reader() {
  if (adopted_fd_ >= 0) ::close(adopted_fd_);
}

case_reader::got case_reader::read_line(std::string& line, std::size_t max_bytes) {
  if (!ahead_.empty()) {
    line_ahead& next = ahead_.front();
    line = std::move(next.text);
    last_line_ = next.number;
    const bool too_long = next.too_long || line.size() > max_bytes;
    ahead_.pop_front();
    return too_long ? got::too_long : got::line;
  }
  if (!open_) return got::end;
  switch (lines_.next(line, max_bytes)) {
    case line_reader::status::line:
      last_line_ = lines_.line_number();
      return got::line;
    case line_reader::status::too_long:
      last_line_ = lines_.line_number();
      return got::too_long;
    case line_reader::status::end:
    case line_reader::status::error:
      break;
  }
  return got::end;
}

void case_reader::unread(std::string line, std::size_t number, bool too_long) {
  ahead_.push_front({std::move(line), number, too_long});
}

bool case_reader::open_next_file() {
  finish_file();
  if (file_index_ >= files_.size()) return false;
  file_ = files_[file_index_++];
  position_ = 0;
  last_line_ = 0;
  read_error_reported_ = false;
  ahead_.clear();
  json_split_.reset();
  json_pieces_.clear();
  json_checked_ = false;
  reading_bytes_ = false;
  yaml_list_.reset();
  in_yaml_list_ = false;
  in_block_list_ = false;
  format_ = format::unknown;
  open_ = adopted_fd_ >= 0 ? lines_.adopt(std::exchange(adopted_fd_, -1)) : lines_.open(file_);
  if (!open_) return true;  // reported by next()
  if (ends_with(file_, ".yaml") || ends_with(file_, ".yml")) {
    format_ = format::yaml;
  } else if (ends_with(file_, ".ndjson") || ends_with(file_, ".jsonl")) {
    format_ = format::ndjson;
  } else if (ends_with(file_, ".json")) {
    format_ = format::json;
  } else {
    sniff();
  }
  return true;
}

// Standard input, or an extension that says nothing: JSON when the first non-blank character is
// `{` or `[` (NDJSON when the first line holds a whole value other than an array, or when it is a
// malformed case that the next lines do not continue), else YAML. The lines read to decide are
// read again.
void case_reader::sniff() {
  // A first line longer than the buffer that opens an array is a JSON document on one line (an
  // NDJSON case is an object): told before that line is read, as reading it would cut it.
  const std::string_view head = lines_.peek();
  const std::size_t first_byte = head.find_first_not_of(" \t\r\n");
  if (first_byte != std::string_view::npos && head[first_byte] == '[' &&
      head.find('\n', first_byte) == std::string_view::npos &&
      head.size() == line_reader::buffer_bytes) {
    format_ = format::json;
    return;
  }
  std::string line;
  got g;
  std::vector<line_ahead> read;
  while ((g = read_line(line, max_case_bytes)) == got::line && blank_line(line))
    read.push_back({line, last_line_, false});
  if (g == got::end) {
    format_ = format::ndjson;
  } else {
    read.push_back({line, last_line_, g == got::too_long});
    const std::size_t first = line.find_first_not_of(" \t");
    if (g == got::too_long) {
      format_ = format::ndjson;
    } else if (line[first] == '{' || line[first] == '[') {
      format_ = sniff_json(std::move(line), read);
    } else {
      format_ = format::yaml;
    }
  }
  for (line_ahead& l : read)
    ahead_.push_back(std::move(l));
}

// The first line starts a JSON value but is not one. A document over several lines continues it,
// so lines are added until the text parses (JSON), or fails where a line, and the next, are values
// of their own (NDJSON: a new case started where the first should have gone on), or fails
// otherwise (a JSON document with a syntax error: one error record, as for a `.json` file; two
// lines, so that a document missing the comma before its last one-line element stays one). The
// text is parsed again only each time it has doubled, so deciding stays linear. The lines read
// are added to `read`.
case_reader::format case_reader::sniff_json(std::string first, std::vector<line_ahead>& read) {
  // A whole value on the first line: an array is a JSON document of cases (an NDJSON line holds
  // one case, an object), anything else the first line of NDJSON.
  if (json_.parse(first)) {
    return json_.root().kind() == json::kind::array ? format::json : format::ndjson;
  }
  if (!json_.error().at_end) return format::ndjson;
  // The non-blank lines (blank ones change nothing to JSON), and where each starts in `text`.
  std::string text = std::move(first), line;
  std::vector<std::size_t> starts = {0};
  enum class more { line, end, too_long };
  const auto read_more = [&] {
    got g;
    while ((g = read_line(line, max_case_bytes)) == got::line && blank_line(line))
      read.push_back({line, last_line_, false});
    if (g == got::end) return more::end;
    read.push_back({line, last_line_, g == got::too_long});
    if (g == got::too_long) return more::too_long;
    text += '\n';
    starts.push_back(text.size());
    text += line;
    return more::line;
  };
  const auto whole = [&](std::size_t i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] - 1 : text.size();
    return json_.parse(std::string_view(text).substr(starts[i], end - starts[i]));
  };
  std::size_t parsed = text.size();
  for (;;) {
    const more m = read_more();
    if (m == more::end) return format::json;  // unfinished: the JSON reader reports where
    if (m == more::too_long) return format::ndjson;
    if (starts.size() > 16 && text.size() < 2 * parsed) continue;
    parsed = text.size();
    if (json_.parse(text)) return format::json;
    if (json_.error().at_end) continue;
    std::size_t k = starts.size() - 1;
    while (starts[k] > json_.error().offset)
      --k;
    // Failing on the first line is failing at its end, in a string it left open: the next line
    // is where another case would start.
    const std::size_t next = k == 0 ? 1 : k;
    while (starts.size() < next + 2) {
      const more after = read_more();
      if (after == more::too_long) return format::ndjson;
      if (after == more::end) break;
    }
    if (next >= starts.size() || !whole(next)) return format::json;
    return next + 1 >= starts.size() || whole(next + 1) ? format::ndjson : format::json;
  }
}

void case_reader::whole_file_error(raw_case& out, std::string message,
                                   std::optional<std::size_t> line) {
  out.form = raw_case::kind::error;
  out.file = file_;
  out.error = {};
  out.error.id = std::nullopt;
  out.error.file = file_;
  out.error.line = line;
  out.error.message = std::move(message);
}

// An error record for the case at last_line_, which takes the next position.
void case_reader::case_error_at(raw_case& out, std::string message) {
  case_error_record(out, file_, last_line_, ++position_, std::move(message));
}

void case_reader::read_error(raw_case& out) {
  const int error = lines_.error();
  const std::string why =
      file_ == "-" && error == EBADF ? "standard input is closed" : reason(error);
  const std::size_t line = lines_.line_number();
  whole_file_error(
      out, fmt::format("cannot read `{}`: {}", file_, why),
      line > 0 && !reading_bytes_ ? std::optional<std::size_t>(line + 1) : std::nullopt);
}

void case_reader::finish_file() {
  lines_.close();
  open_ = false;
  format_ = format::unknown;
  ahead_.clear();
}

bool case_reader::next(raw_case& out) {
  for (;;) {
    if (!open_) {
      if (!open_next_file()) return false;
      if (!open_) {
        whole_file_error(out, fmt::format("cannot read `{}`: {}", file_, reason(lines_.error())),
                         std::nullopt);
        out.origin.file = out.file;
        return true;
      }
    }
    bool produced = false;
    try {
      switch (format_) {
        case format::yaml:
          produced = next_yaml(out);
          break;
        case format::ndjson:
          produced = next_ndjson(out);
          break;
        case format::json:
          produced = next_json(out);
          break;
        case format::unknown:
          break;
      }
    } catch (const std::bad_alloc&) {
      // Running out of memory while reading a file (a YAML document, a JSON element) is one error
      // record, and the run goes on with the next file.
      json_pieces_ = {};
      whole_file_error(out, fmt::format("cannot read `{}`: out of memory", file_), std::nullopt);
      finish_file();
      produced = true;
    }
    if (!produced && lines_.error() && !read_error_reported_) {
      read_error_reported_ = true;
      read_error(out);
      produced = true;
    }
    if (produced) {
      out.origin.file = out.file;
      out.bytes = out.form == raw_case::kind::json_text   ? out.text.size()
                  : out.form == raw_case::kind::yaml_node ? yaml_bytes_
                                                          : out.error.message.size();
      return true;
    }
    finish_file();
  }
}

bool case_reader::next_ndjson(raw_case& out) {
  std::string& line = out.text;  // read in place: the case's capacity serves case after case
  for (;;) {
    const got g = read_line(line, max_case_bytes);
    if (g == got::end) return false;
    if (g == got::line && blank_line(line)) continue;
    if (g == got::too_long) {
      std::string().swap(line);  // what was read of it is not kept
      case_error_at(out, lang::format_location(file_, last_line_) + ": " + case_too_big_message());
      return true;
    }
    out.form = raw_case::kind::json_text;
    if (line.capacity() < line.size() + fast_json::padding) {
      line.reserve(line.size() + fast_json::padding);  // parsed where it is (fast_json.hpp)
    }
    out.file = file_;
    out.origin.line = last_line_;
    out.origin.position = ++position_;
    return true;
  }
}

// The first reading: every element must parse (in its context, so that the parser's message is
// the one a whole-document parse would give) and the outline around them must be right. True when
// it produced a record (the file's error); then the file is done.
bool case_reader::check_json(raw_case& out) {
  json_splitter split(max_case_bytes);
  std::deque<json_piece> pieces;
  // What is not a regular file cannot be read again: the first reading keeps a copy.
  temporary_copy copy;
  if (!lines_.regular_file() && !copy.open()) {
    whole_file_error(out, copy_failed(copy.error()), std::nullopt);
    return true;
  }
  // The document's bytes come in chunks: the lines read to tell the format first, then the rest.
  std::string chunk;
  std::size_t chunk_start = 0, chunk_end = 0;
  const auto next_chunk = [&] {
    chunk_start = chunk_end;
    if (!ahead_.empty()) {
      chunk = std::move(ahead_.front().text);
      chunk += '\n';
      ahead_.pop_front();
    } else {
      reading_bytes_ = true;
      if (lines_.next_bytes(chunk) != line_reader::status::line) return false;
    }
    chunk_end = chunk_start + chunk.size();
    copy.write(chunk);
    return true;
  };
  // An element whose parse fails at or past its end was cut short by a wrong outline: the parse
  // goes on into the bytes after it until it fails inside what it was given.
  const auto parse_on = [&](const json_piece& piece, std::string text, std::size_t context) {
    text.resize(context + piece.text.size());  // without the `]` that closed an array's context
    text.append(chunk, piece.offset + piece.length - chunk_start);
    std::size_t parsed = 0;
    for (;;) {
      if (text.size() >= 2 * parsed || text.size() > 2 * max_case_bytes) {
        parsed = text.size();
        if (!json_.parse(text) && !json_.error().at_end) break;
        if (text.size() > 2 * max_case_bytes) break;
      }
      if (!next_chunk()) {
        json_.parse(text);
        break;
      }
      text += chunk;
    }
    json_error(out, {std::move(text), context, piece.line, piece.column, {}}, true);
  };
  // The kind of the document's one value when it is not an array: a syntax error after it
  // comes first.
  json::kind single = json::kind::object;
  const auto check = [&]() {
    for (const json_piece& piece : pieces) {
      if (piece.too_big) continue;  // an error record of its own on the second reading
      std::size_t context = 0;
      std::string text = json_splitter::element_text(piece, split.form(), context);
      if (!json_.parse(text)) {
        if (json_.error().offset >= context + piece.text.size()) {
          parse_on(piece, std::move(text), context);
        } else {
          json_error(out, {std::move(text), context, piece.line, piece.column, {}}, true);
        }
        return false;
      }
      single = json_.root().kind();
    }
    pieces.clear();
    return true;
  };
  // The elements completed before a wrong outline come before it: their errors first.
  while (next_chunk()) {
    const bool outline = split.add(chunk, pieces);
    if (!check()) return true;
    if (!outline) return json_error(out, split.probe(), false);
  }
  if (lines_.error()) return false;  // reported by next(), rather than a check of a part
  const bool outline = split.finish(pieces);
  if (!check()) return true;
  if (!outline) return json_error(out, split.probe(), false);
  if (split.form() == json_splitter::shape::single && single != json::kind::object) {
    whole_file_error(out,
                     fmt::format("{}: expected a case (an object) or a list of cases, found a "
                                 "JSON {}",
                                 file_, single == json::kind::string ? "string" : "value"),
                     1);
    return true;
  }
  if (copy.error() != 0) {
    whole_file_error(out, copy_failed(copy.error()), std::nullopt);
    return true;
  }
  // The second reading, from the start.
  if (copy.is_open()) {
    lines_.adopt(copy.release());
  } else {
    lines_.rewind();
  }
  return false;
}

std::string case_reader::copy_failed(int error) const {
  return fmt::format(
      "cannot read `{}`: a JSON document that is not a regular file is copied to a temporary "
      "file (in $TMPDIR, else /tmp), which failed: {}",
      file_, reason(error));
}

// A located error record for the file from a probe, parsed here unless `parsed` says json_ has
// just parsed it.
bool case_reader::json_error(raw_case& out, const json_splitter::error_probe& probe, bool parsed) {
  std::string message = probe.message;
  std::size_t line = probe.line, column = probe.column;
  if (message.empty()) {
    if (!parsed && json_.parse(probe.text)) {
      message = "the JSON document is malformed here";
    } else {
      message = json_.error().message;
      const std::size_t offset = std::max(json_.error().offset, probe.context) - probe.context;
      const lang::line_column at =
          lang::locate(std::string_view(probe.text).substr(probe.context), offset);
      if (at.line > 1)
        column = at.column;
      else
        column += at.column - 1;
      line += at.line - 1;
    }
  }
  whole_file_error(out, lang::format_location(file_, line, column) + ": " + message, line);
  return true;
}

bool case_reader::next_json(raw_case& out) {
  if (!json_checked_) {
    json_checked_ = true;
    json_ended_ = false;
    json_pieces_.clear();
    if (check_json(out)) {
      finish_file();
      return true;
    }
    if (lines_.error()) return false;
    json_split_.emplace(max_case_bytes);
  }
  std::string bytes;
  while (json_pieces_.empty()) {
    if (json_ended_) return false;
    if (lines_.next_bytes(bytes) == line_reader::status::line) {
      if (!json_split_->add(bytes, json_pieces_)) json_ended_ = true;
    } else {
      // The file changed between the two readings, or could not be read again: what was read is
      // handed out, and next() reports a read error.
      if (!lines_.error()) json_split_->finish(json_pieces_);
      json_ended_ = true;
    }
  }
  json_piece piece = std::move(json_pieces_.front());
  json_pieces_.pop_front();
  out.file = file_;
  last_line_ = piece.line;
  if (piece.too_big) {
    case_error_at(out, lang::format_location(file_, last_line_) + ": " + case_too_big_message());
  } else {
    out.form = raw_case::kind::json_text;
    out.text = std::move(piece.text);
    out.origin.line = last_line_;
    out.origin.position = ++position_;
  }
  return true;
}

bool case_reader::next_yaml(raw_case& out) {
  for (;;) {
    // Hand out the rest of a document that holds a flow list of cases first.
    if (in_yaml_list_) {
      if (yaml_next_ < yaml_list_.size()) {
        const YAML::Node element = yaml_list_[yaml_next_++];
        out.form = raw_case::kind::yaml_node;
        out.node.reset(element);
        out.file = file_;
        out.origin.line = lang::locate_yaml_mark(element.Mark(), yaml_list_line_).line;
        out.origin.position = ++position_;
        return true;
      }
      yaml_list_.reset();
      in_yaml_list_ = false;
    }
    // The next chunk: a document (lines up to the next `---`, `...` or the end), or in a document
    // that is a top-level block list, one item (up to the next `- ` at column 0).
    std::string text, line;
    std::size_t start = 0;
    bool any = false, content = false, item = false, too_big = false;
    for (;;) {
      const got g = read_line(line, max_case_bytes);
      if (g == got::end) break;
      // A line too long is cut, but what it starts with still says what it is.
      const std::size_t number = last_line_;
      const bool is_line = g == got::line;
      if (document_start(line)) {
        if (any) {
          unread(std::move(line), number, !is_line);
          break;
        }
        any = true;
        start = number;
        in_block_list_ = false;
        too_big = !is_line;
        text = line.size() > 3 && is_line ? line.substr(4) : std::string();
        content = !is_line || !blank_or_comment(text);
        if (item_start(line.size() > 3 ? std::string_view(line).substr(4) : ""))
          in_block_list_ = item = true;
        text += '\n';
        continue;
      }
      if (document_end(line)) {
        in_block_list_ = false;
        if (any) break;
        continue;
      }
      if (item_start(line)) {
        if (in_block_list_ && content) {
          unread(std::move(line), number, !is_line);
          break;
        }
        if (!content) in_block_list_ = item = true;
      }
      if (!any) {
        any = true;
        start = number;
      }
      if (!is_line || text.size() + line.size() + 1 > max_case_bytes) {
        too_big = true;
        text = std::string();
      }
      if (!too_big) {
        text += line;
        text += '\n';
      }
      content = content || !is_line || !blank_or_comment(line);
    }
    if (!any || lines_.error()) return false;  // a part read before an error is not a case
    out.file = file_;
    if (too_big) {
      last_line_ = start;
      case_error_at(out, lang::format_location(file_, start) + ": " + case_too_big_message());
      return true;
    }
    YAML::Node doc;
    yaml_case_error error;
    if (!load_yaml_case(text, item, start, doc, error)) {
      last_line_ = start;
      case_error_at(
          out, lang::format_location(file_, error.at.line, error.at.column) + ": " + error.message);
      return true;
    }
    if (!item) {
      if (!doc || doc.IsNull()) continue;  // an empty document (comments only) holds no case
      if (doc.IsSequence()) {
        yaml_list_.reset(doc);
        yaml_bytes_ = text.size() / std::max<std::size_t>(doc.size(), 1);
        in_yaml_list_ = true;
        yaml_next_ = 0;
        yaml_list_line_ = start;
        continue;
      }
    }
    out.form = raw_case::kind::yaml_node;
    out.node.reset(doc);
    yaml_bytes_ = text.size();
    out.origin.line = item ? lang::locate_yaml_mark(doc.Mark(), start).line : start;
    out.origin.position = ++position_;
    return true;
  }
}

}  // namespace clause::runtime
