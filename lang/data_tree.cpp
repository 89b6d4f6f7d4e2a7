// The fast reader takes the YAML that data files are written in and nothing else: anything it is
// not sure of (anchors, tags, block scalars, escapes, multi-line flows, documents) goes to
// yaml-cpp, which is complete but slow (most of the time of loading a bundle went to it).
#include "lang/data_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include <tao/pegtl.hpp>

#include "lang/limits.hpp"
#include "lang/yaml_scalar.hpp"

namespace clause::lang {

const data_node* data_node::find(std::string_view key) const {
  if (form != kind::mapping) return nullptr;
  const data_node* found = nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].form == kind::scalar && items[i].text == key) found = &items[i + 1];
  }
  return found;
}

plain_kind classify_plain(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return plain_kind::boolean;
  }
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return plain_kind::null;
  if (yaml::is_core_int(s)) return plain_kind::integer;
  if (yaml::is_core_float(s)) return plain_kind::floating;
  return plain_kind::string;
}

namespace {

// Thrown inside the fast reader to give up; caught at its top.
struct not_plain {};

// Thrown by either reader to refuse the file: a limit, whatever else the file holds.
struct refused {
  std::uint32_t offset = 0;
  std::string message;
};

// Collections a data file may nest: a table's mapping (under its `at` key, maybe), then a value as
// deep as limits::max_data_depth allows. Deeper data is refused by data.cpp with the same message;
// the readers refuse it first so that no recursion follows the file any deeper.
inline constexpr std::size_t max_collection_depth = limits::max_data_depth + 2;

refused too_deep(std::size_t offset) {
  return {static_cast<std::uint32_t>(offset),
          fmt::format("data nests deeper than {} levels", limits::max_data_depth)};
}

// One more open collection, for as long as it is read.
class nesting {
 public:
  nesting(std::size_t& depth, std::size_t offset) : depth_(depth) {
    if (++depth_ > max_collection_depth) {
      --depth_;
      throw too_deep(offset);
    }
  }
  ~nesting() { --depth_; }
  nesting(const nesting&) = delete;
  nesting& operator=(const nesting&) = delete;

 private:
  std::size_t& depth_;
};

// yaml-cpp replaces what is not UTF-8; the fast reader would keep the bytes.
bool valid_utf8(std::string_view text) {
  namespace pegtl = tao::pegtl;
  pegtl::memory_input<> in(text.data(), text.size(), "");
  return pegtl::parse<pegtl::seq<pegtl::star<pegtl::utf8::any>, pegtl::eof>>(in);
}

// `---` or `...` at the start of a line, then a space or its end: a document marker to yaml-cpp,
// even with more on the line.
bool document_marker(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    const std::string_view line = text.substr(at, 4);
    if ((line.starts_with("---") || line.starts_with("...")) &&
        (line.size() == 3 || line[3] == ' ' || line[3] == '\n' || line[3] == '\r'))
      return true;
    if (text.find('\n', at) == std::string_view::npos) break;
  }
  return false;
}

// yaml-cpp ends lines at `\n` and `\r\n` only: a `\r` alone is part of the text.
bool lone_carriage_return(std::string_view text) {
  for (std::size_t at = text.find('\r'); at != std::string_view::npos;
       at = text.find('\r', at + 1)) {
    if (at + 1 == text.size() || text[at + 1] != '\n') return true;
  }
  return false;
}

class plain_reader {
 public:
  explicit plain_reader(std::string_view text) : text_(text) {}

  data_node document() {
    // What yaml-cpp reads otherwise: control characters (it ends a comment at a NUL) and tabs
    // (white space to it, around values and before comments), a byte order mark, bytes that are
    // not UTF-8, a `\r` that is not before a `\n`, a document marker.
    static constexpr std::string_view controls{
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
        "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f",
        31};
    if (text_.find_first_of(controls) != std::string_view::npos ||
        text_.starts_with("\xef\xbb\xbf") || !valid_utf8(text_) || lone_carriage_return(text_) ||
        document_marker(text_))
      throw not_plain{};
    skip_blank_lines();
    if (at_end()) return {};
    const std::size_t indent = line_indent();
    if (indent != 0) throw not_plain{};
    data_node root = block(0);
    skip_blank_lines();
    if (!at_end()) throw not_plain{};
    return root;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  static bool is_break(char c) { return c == '\n' || c == '\r' || c == '\0'; }

  // Moves to the first non-space of the next line holding something other than a comment.
  void skip_blank_lines() {
    for (;;) {
      std::size_t p = pos_;
      while (p < text_.size() && text_[p] == ' ')
        ++p;
      if (p < text_.size() && text_[p] == '\t') throw not_plain{};
      if (p < text_.size() && text_[p] == '#') {
        while (p < text_.size() && text_[p] != '\n')
          ++p;
      }
      if (p < text_.size() && text_[p] == '\r') ++p;
      if (p < text_.size() && text_[p] == '\n') {
        pos_ = p + 1;
        continue;
      }
      if (p >= text_.size()) {
        pos_ = text_.size();
        return;
      }
      pos_ = line_start(p);
      return;
    }
  }

  std::size_t line_start(std::size_t p) const {
    while (p > 0 && text_[p - 1] != '\n')
      --p;
    return p;
  }

  // Indentation of the line starting at pos_; leaves pos_ at its first non-space.
  std::size_t line_indent() {
    std::size_t n = 0;
    while (peek() == ' ') {
      ++pos_;
      ++n;
    }
    if (peek() == '\t') throw not_plain{};
    return n;
  }

  data_node block(std::size_t indent) {
    const nesting level(depth_, pos_);
    if (peek() == '-' && (peek(1) == ' ' || is_break(peek(1)))) return sequence_block(indent);
    return mapping_block(indent);
  }

  data_node mapping_block(std::size_t indent) {
    data_node map;
    map.form = data_node::kind::mapping;
    map.offset = static_cast<std::uint32_t>(pos_);
    for (;;) {
      data_node key = flow_or_quoted_key();
      if (peek() != ':' || !(peek(1) == ' ' || is_break(peek(1)))) throw not_plain{};
      ++pos_;
      skip_spaces();
      data_node value;
      value.offset = static_cast<std::uint32_t>(pos_);
      if (is_break(peek()) || peek() == '#') {
        end_of_line();
        skip_blank_lines();
        if (!at_end()) {
          const std::size_t save = pos_;
          const std::size_t next = line_indent();
          if (next > indent) {
            value = block(next);
          } else {
            pos_ = save;
          }
        }
      } else {
        value = inline_value(false);
        end_of_line();
        skip_blank_lines();
      }
      map.items.push_back(std::move(key));
      map.items.push_back(std::move(value));
      if (at_end()) return map;
      const std::size_t save = pos_;
      const std::size_t next = line_indent();
      if (next == indent) continue;
      if (next > indent) throw not_plain{};
      pos_ = save;
      return map;
    }
  }

  data_node sequence_block(std::size_t indent) {
    data_node list;
    list.form = data_node::kind::sequence;
    list.offset = static_cast<std::uint32_t>(pos_);
    for (;;) {
      if (peek() != '-' || peek(1) != ' ') throw not_plain{};
      pos_ += 2;
      skip_spaces();
      if (is_break(peek()) || peek() == '#') throw not_plain{};  // a nested block item
      list.items.push_back(inline_value(false));
      end_of_line();
      skip_blank_lines();
      if (at_end()) return list;
      const std::size_t save = pos_;
      const std::size_t next = line_indent();
      if (next == indent && peek() == '-') continue;
      if (next >= indent) throw not_plain{};
      pos_ = save;
      return list;
    }
  }

  void skip_spaces() {
    while (peek() == ' ')
      ++pos_;
  }

  // Only spaces and a comment may follow a value on its line.
  void end_of_line() {
    skip_spaces();
    if (peek() == '#') {
      while (!at_end() && peek() != '\n')
        ++pos_;
    }
    if (peek() == '\r') ++pos_;
    if (peek() == '\n') {
      ++pos_;
      return;
    }
    if (!at_end()) throw not_plain{};
  }

  data_node flow_or_quoted_key() {
    if (peek() == '"' || peek() == '\'') return quoted();
    return plain(true, true);
  }

  data_node inline_value(bool in_flow) {
    switch (peek()) {
      case '{':
        return flow_mapping();
      case '[':
        return flow_sequence();
      case '"':
      case '\'':
        return quoted();
      default:
        return plain(in_flow, false);
    }
  }

  data_node flow_mapping() {
    const nesting level(depth_, pos_);
    data_node map;
    map.form = data_node::kind::mapping;
    map.offset = static_cast<std::uint32_t>(pos_);
    ++pos_;
    skip_spaces();
    if (peek() == '}') {
      ++pos_;
      map.length = 2;
      return map;
    }
    for (;;) {
      data_node key = peek() == '"' || peek() == '\'' ? quoted() : plain(true, true);
      skip_spaces();
      if (peek() != ':') throw not_plain{};
      ++pos_;
      if (peek() != ' ') throw not_plain{};
      skip_spaces();
      data_node value;
      value.offset = static_cast<std::uint32_t>(pos_);
      if (peek() != ',' && peek() != '}') value = inline_value(true);
      map.items.push_back(std::move(key));
      map.items.push_back(std::move(value));
      skip_spaces();
      if (peek() == ',') {
        ++pos_;
        skip_spaces();
        if (peek() == '}') throw not_plain{};
        continue;
      }
      if (peek() != '}') throw not_plain{};
      ++pos_;
      map.length = static_cast<std::uint32_t>(pos_ - map.offset);
      return map;
    }
  }

  data_node flow_sequence() {
    const nesting level(depth_, pos_);
    data_node list;
    list.form = data_node::kind::sequence;
    list.offset = static_cast<std::uint32_t>(pos_);
    ++pos_;
    skip_spaces();
    if (peek() == ']') {
      ++pos_;
      list.length = 2;
      return list;
    }
    for (;;) {
      list.items.push_back(inline_value(true));
      skip_spaces();
      if (peek() == ',') {
        ++pos_;
        skip_spaces();
        if (peek() == ']') throw not_plain{};
        continue;
      }
      if (peek() != ']') throw not_plain{};
      ++pos_;
      list.length = static_cast<std::uint32_t>(pos_ - list.offset);
      return list;
    }
  }

  data_node quoted() {
    data_node node;
    node.form = data_node::kind::scalar;
    node.quoted = true;
    node.offset = static_cast<std::uint32_t>(pos_);
    const char quote = peek();
    ++pos_;
    for (;;) {
      const char c = peek();
      if (is_break(c)) throw not_plain{};                // a multi-line scalar
      if (quote == '"' && c == '\\') throw not_plain{};  // escapes: yaml-cpp
      ++pos_;
      if (c == quote) {
        if (quote == '\'' && peek() == '\'') {
          node.text += '\'';
          ++pos_;
          continue;
        }
        break;
      }
      node.text += c;
    }
    node.length = static_cast<std::uint32_t>(pos_ - node.offset);
    return node;
  }

  // A plain scalar: to the end of the line (block), or to `,` `]` `}` (flow); keys stop at `:`.
  data_node plain(bool in_flow, bool is_key) {
    static constexpr std::string_view indicators = "&*!|>%@`?#,[]{}\"'";
    const char first = peek();
    if (is_break(first) || indicators.find(first) != std::string_view::npos) throw not_plain{};
    if ((first == '-' || first == ':') && (peek(1) == ' ' || is_break(peek(1)))) throw not_plain{};
    data_node node;
    node.form = data_node::kind::scalar;
    node.offset = static_cast<std::uint32_t>(pos_);
    std::size_t end = pos_;
    while (end < text_.size()) {
      const char c = text_[end];
      if (is_break(c)) break;
      if (c == ':' &&
          (end + 1 >= text_.size() || text_[end + 1] == ' ' || is_break(text_[end + 1]) ||
           (in_flow && std::string_view(",]}").find(text_[end + 1]) != std::string_view::npos))) {
        if (is_key) break;
        throw not_plain{};  // `a: b` inside a value: leave it to yaml-cpp
      }
      if (c == '#' && end > pos_ && text_[end - 1] == ' ') break;
      if (in_flow && (c == ',' || c == ']' || c == '}')) break;
      // (yaml-cpp refuses some of these where YAML allows them, `]` in a block, `?` in a flow:
      // it decides.)
      if (c == '[' || c == '{' || (!in_flow && (c == ']' || c == '}')) || (in_flow && c == '?'))
        throw not_plain{};
      ++end;
    }
    std::size_t stop = end;
    while (stop > pos_ && text_[stop - 1] == ' ')
      --stop;
    node.text.assign(text_.substr(pos_, stop - pos_));
    node.length = static_cast<std::uint32_t>(std::max<std::size_t>(1, stop - pos_));
    pos_ = stop;
    if (node.text == "---" || node.text == "...") throw not_plain{};
    if (classify_plain(node.text) == plain_kind::null) node.form = data_node::kind::null;
    return node;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;  // collections open
};

// Builds the tree from yaml-cpp's parser events, with a stack rather than recursion, refusing
// aliases and collections nested too deep as they come (yaml-cpp's own parser recurses into a
// collection only after reporting its start, so it never goes deeper than this allows).
class tree_builder final : public YAML::EventHandler {
 public:
  data_node root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(at(mark)); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw refused{offset(mark), "a data file may not use aliases (`*name`); write the value out"};
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    data_node n = at(mark);
    n.form = data_node::kind::scalar;
    n.quoted = tag != "?";
    n.text = value;
    n.length = static_cast<std::uint32_t>(std::max<std::size_t>(1, value.size()));
    if (!n.quoted && classify_plain(n.text) == plain_kind::null) n.form = data_node::kind::null;
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark, data_node::kind::sequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark, data_node::kind::mapping);
  }
  void OnMapEnd() override { close(); }

 private:
  static std::uint32_t offset(const YAML::Mark& mark) {
    return static_cast<std::uint32_t>(std::max(0, mark.pos));
  }
  static data_node at(const YAML::Mark& mark) {
    data_node n;
    n.offset = offset(mark);
    return n;
  }
  void open(const YAML::Mark& mark, data_node::kind form) {
    if (open_.size() + 1 > max_collection_depth) throw too_deep(offset(mark));
    open_.push_back(at(mark));
    open_.back().form = form;
  }
  void close() {
    data_node n = std::move(open_.back());
    open_.pop_back();
    add(std::move(n));
  }
  void add(data_node n) {
    if (open_.empty()) {
      root = std::move(n);
    } else {
      open_.back().items.push_back(std::move(n));
    }
  }

  std::vector<data_node> open_;  // the collections being read, outermost first
};

}  // namespace

std::optional<data_node> read_plain_yaml(std::string_view text, data_error& error) {
  try {
    return plain_reader(text).document();
  } catch (const not_plain&) {
    return std::nullopt;
  } catch (refused& r) {
    error = {r.offset, std::move(r.message), true};
    return std::nullopt;
  }
}

std::optional<data_node> read_yaml(std::string_view text, data_error& error) {
  if (auto fast = read_plain_yaml(text, error)) return fast;
  if (!error.limit) return read_yaml_cpp(text, error);
  // The fast reader opens a level for a block value before it knows it is a collection, so at the
  // depth limit it may count one level more than there is (a scalar on its own line as the
  // deepest value): yaml-cpp, which counts exactly, has the last word. When it refuses too, the
  // fast reader's error stands: it names the very collection that goes too deep.
  data_error full_error;
  if (auto full = read_yaml_cpp(text, full_error)) {
    error = {};
    return full;
  }
  return std::nullopt;
}

std::optional<data_node> read_yaml_cpp(std::string_view text, data_error& error) {
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    tree_builder builder;
    parser.HandleNextDocument(builder);
    return std::move(builder.root);
  } catch (refused& r) {
    error = {r.offset, std::move(r.message), true};
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    error.offset = static_cast<std::uint32_t>(std::max(0, e.mark.pos));
    error.message = e.msg;
    return std::nullopt;
  }
}

}  // namespace clause::lang
