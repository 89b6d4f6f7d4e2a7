#include "runtime/input/case_reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "lang/location.hpp"

namespace clause::runtime {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// `---` or `--- content`: a YAML document starts.
bool document_start(std::string_view line) {
  return line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

bool document_end(std::string_view line) {
  return line.starts_with("...") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

}  // namespace

case_reader::case_reader(std::vector<std::string> files) : files_(std::move(files)) {
  if (files_.empty()) files_.push_back("-");
}

case_reader::~case_reader() {
  close();
}

void case_reader::close() {
  if (stream_ && owns_stream_) std::fclose(stream_);
  stream_ = nullptr;
  owns_stream_ = false;
}

bool case_reader::read_line(std::string& line) {
  if (has_pending_) {
    line = std::move(pending_);
    has_pending_ = false;
    last_line_ = pending_line_;
    return true;
  }
  if (!stream_ || eof_) return false;
  line.clear();
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, stream_)) {
    line += buffer;
    if (!line.empty() && line.back() == '\n') break;
  }
  if (line.empty()) {
    eof_ = true;
    return false;
  }
  last_line_ = ++line_;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool case_reader::open_next_file() {
  close();
  if (file_index_ >= files_.size()) return false;
  file_ = files_[file_index_++];
  line_ = 0;
  position_ = 0;
  eof_ = false;
  has_pending_ = false;
  json_cases_.clear();
  json_next_ = 0;
  yaml_list_ = YAML::Node();
  in_yaml_list_ = false;
  format_ = format::unknown;
  if (file_ == "-") {
    stream_ = stdin;
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(file_, ec)) {
      errno = EISDIR;
    } else {
      stream_ = std::fopen(file_.c_str(), "rb");
      owns_stream_ = stream_ != nullptr;
    }
    if (!stream_) return true;  // reported by next()
  }
  if (ends_with(file_, ".yaml") || ends_with(file_, ".yml")) {
    format_ = format::yaml;
  } else if (ends_with(file_, ".ndjson") || ends_with(file_, ".jsonl")) {
    format_ = format::ndjson;
  } else if (ends_with(file_, ".json")) {
    format_ = format::json;
  } else {
    // Standard input, or an extension that says nothing: JSON when the first non-blank character
    // is `{` or `[` (NDJSON when the first line holds a whole value), else YAML.
    std::string line;
    while (read_line(line) && blank(line)) {
    }
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && (line[first] == '{' || line[first] == '[')) {
      format_ = json_.parse(line) ? format::ndjson : format::json;
    } else {
      format_ = format::yaml;
    }
    if (!line.empty() || !eof_) {
      pending_ = std::move(line);
      has_pending_ = true;
      pending_line_ = line_;
    }
  }
  return true;
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

bool case_reader::next(raw_case& out) {
  for (;;) {
    if (!stream_ && format_ == format::unknown && json_cases_.empty() && !in_yaml_list_) {
      if (!open_next_file()) return false;
      if (!stream_) {
        std::string reason = std::strerror(errno);
        if (!reason.empty())
          reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        whole_file_error(out, fmt::format("cannot read `{}`: {}", file_, reason), std::nullopt);
        format_ = format::unknown;
        return true;
      }
    }
    bool produced = false;
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
    if (produced) {
      out.origin.file = out.file;
      return true;
    }
    close();
    format_ = format::unknown;
  }
}

bool case_reader::next_ndjson(raw_case& out) {
  std::string line;
  while (read_line(line)) {
    if (blank(line)) continue;
    out.form = raw_case::kind::json_text;
    out.text = std::move(line);
    out.file = file_;
    out.origin.line = line_number();
    out.origin.position = ++position_;
    return true;
  }
  return false;
}

bool case_reader::next_json(raw_case& out) {
  if (json_cases_.empty() && json_next_ == 0 && (stream_ || has_pending_)) {
    // A JSON file (not NDJSON) is read whole: its value may span many lines.
    json_text_.clear();
    std::string line;
    bool first = true;
    while (read_line(line)) {
      if (!first) json_text_ += '\n';
      json_text_ += line;
      first = false;
    }
    close();
    if (!json_.parse(json_text_)) {
      const lang::line_column at = lang::locate(json_text_, json_.error().offset);
      whole_file_error(
          out, lang::format_location(file_, at.line, at.column) + ": " + json_.error().message,
          at.line);
      json_next_ = 1;  // nothing more from this file
      return true;
    }
    const json::value& root = json_.root();
    if (root.kind() == json::kind::object) {
      json_cases_.push_back(json_text_);
      json_lines_.assign(1, 1);
    } else if (root.kind() == json::kind::array) {
      // Each element becomes its own text, so cases can be decided on other threads. The elements
      // come in order: one cursor walks the file once for all their lines.
      json::document element;
      lang::line_cursor cursor(json_text_);
      for (const auto& e : root.elements()) {
        const std::string_view rest = std::string_view(json_text_).substr(e.offset());
        const std::size_t length = element.parse_prefix(rest);
        json_cases_.emplace_back(rest.substr(0, length));
        json_lines_.push_back(cursor.locate(e.offset()).line);
      }
    } else {
      whole_file_error(out,
                       fmt::format("{}: expected a case (an object) or a list of cases, "
                                   "found a JSON {}",
                                   file_, root.kind() == json::kind::string ? "string" : "value"),
                       1);
      json_next_ = 1;
      return true;
    }
  }
  if (json_next_ >= json_cases_.size()) {
    json_cases_.clear();
    json_lines_.clear();
    json_next_ = 0;
    return false;
  }
  out.form = raw_case::kind::json_text;
  out.text = std::move(json_cases_[json_next_]);
  out.file = file_;
  out.origin.line = json_lines_[json_next_];
  out.origin.position = ++position_;
  ++json_next_;
  return true;
}

bool case_reader::next_yaml(raw_case& out) {
  for (;;) {
    // Hand out the rest of a document that holds a list of cases first.
    if (in_yaml_list_) {
      if (yaml_next_ < yaml_list_.size()) {
        const YAML::Node element = yaml_list_[yaml_next_++];
        out.form = raw_case::kind::yaml_node;
        out.node = element;
        out.file = file_;
        out.origin.line = lang::locate_yaml_mark(element.Mark(), yaml_list_line_).line;
        out.origin.position = ++position_;
        return true;
      }
      yaml_list_ = YAML::Node();
      in_yaml_list_ = false;
    }
    // The next document: lines up to the next `---`, `...` or the end.
    std::string text, line;
    std::size_t start = 0;
    bool any = false;
    while (read_line(line)) {
      const std::size_t number = line_number();
      if (document_start(line)) {
        if (any) {
          pending_ = std::move(line);
          has_pending_ = true;
          pending_line_ = number;
          break;
        }
        any = true;
        start = number;
        text = line.size() > 3 ? line.substr(4) : std::string();
        text += '\n';
        continue;
      }
      if (document_end(line)) {
        if (any) break;
        continue;
      }
      if (!any) {
        any = true;
        start = number;
      }
      text += line;
      text += '\n';
    }
    if (!any) return false;
    YAML::Node doc;
    try {
      doc = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      out.form = raw_case::kind::error;
      out.file = file_;
      out.error = {};
      out.error.id = std::to_string(++position_);
      const lang::line_column at = lang::locate_yaml_mark(e.mark, start);
      out.error.message = lang::format_location(file_, at.line, at.column) + ": " + e.msg;
      return true;
    }
    if (!doc || doc.IsNull()) continue;  // an empty document (comments only) holds no case
    if (doc.IsSequence()) {
      yaml_list_ = doc;
      in_yaml_list_ = true;
      yaml_next_ = 0;
      yaml_list_line_ = start;
      continue;
    }
    out.form = raw_case::kind::yaml_node;
    out.node = doc;
    out.file = file_;
    out.origin.line = start;
    out.origin.position = ++position_;
    return true;
  }
}

}  // namespace clause::runtime
