#include "lang/format/layout.hpp"

#include <algorithm>
#include <unordered_set>

#include "lang/format/spacing.hpp"
#include "lang/location.hpp"

namespace clause::lang::detail {

namespace {

bool opens(const token& t) {
  return is_punct(t, "(") || is_punct(t, "[") || is_punct(t, "{");
}
bool closes(const token& t) {
  return is_punct(t, ")") || is_punct(t, "]") || is_punct(t, "}");
}
bool is_and_or(const token& t) {
  return is_word(t, "and") || is_word(t, "or");
}

bool starts_declaration(const token& t) {
  return t.kind == token_kind::word && !t.atom && is_declaration_keyword(t.text);
}

// What a continuation line inside each open construct is indented to.
enum class frame_kind : std::uint8_t { declaration, clause, bracket, branch, where };

struct frame {
  frame_kind kind = frame_kind::declaration;
  std::uint32_t indent = 0;
  std::uint32_t keyword_column = 0;    // branch: where its `then` and `else` lines start
  std::uint32_t open_line_indent = 0;  // bracket: where its closing line starts
  int part = 0;                        // branch: 0 the condition, 1 `then`, 2 `else`
};

// Lays out one declaration, from its keyword to its last token, the comments inside it included.
class declaration_layout {
 public:
  declaration_layout(std::string_view text, const std::vector<token>& tokens,
                     const layout_marks& marks, std::size_t first, std::size_t last)
      : text_(text),
        tokens_(tokens),
        marks_(marks),
        first_(first),
        last_(last),
        kind_(tokens[first].text) {
    for (std::size_t i = first; i <= last; ++i) {
      const token& t = tokens[i];
      if (t.kind == token_kind::comment) continue;
      const role r = role_of(t);
      if (i == first || t.newlines_before > 0 || r == role::forced || r == role::translation ||
          (r == role::when && (kind_ == "rule" || kind_ == "property")))
        breaks_.insert(i);
    }
  }

  std::vector<out_line> run();

 private:
  enum class role : std::uint8_t { none, when, forced, translation };

  // The clauses of rules and decisions start lines of their own (a decision's `when` may stay
  // on its first line, as the shipped policy writes it).
  role role_of(const token& t) const {
    if (kind_ == "rule") {
      if (is_word(t, "when")) return role::when;
      if (is_word(t, "warn") ||
          (t.kind == token_kind::word && !t.atom && marks_.action_starts.contains(t.begin)))
        return role::forced;
      if (t.atom && marks_.translation_starts.contains(t.begin)) return role::translation;
    } else if (kind_ == "property") {
      if (is_word(t, "when") || is_word(t, "holds")) return role::when;
    } else if (kind_ == "decision") {
      if (is_word(t, "when")) return role::when;
      if (is_word(t, "outcomes") || is_word(t, "combine") || is_word(t, "default"))
        return role::forced;
    }
    return role::none;
  }

  void pop_while(auto&& keep_popping) {
    while (stack_.size() > 1 && keep_popping(stack_.back()))
      stack_.pop_back();
  }

  // The `if` whose `then` (part 0) or `else` (part 1) this is, popping what ended before it.
  void pop_to_branch(int part) {
    for (std::size_t k = stack_.size(); k > 0; --k) {
      const frame& f = stack_[k - 1];
      if (f.kind == frame_kind::branch && f.part == part) {
        stack_.resize(k);
        return;
      }
      if (f.kind != frame_kind::branch && f.kind != frame_kind::where) return;
    }
  }

  void before(const token& t, std::size_t i) {
    if (i == first_) {
      stack_.assign(1, frame{frame_kind::declaration, 2});
      return;
    }
    if (role_of(t) != role::none) {
      stack_.resize(1);
    } else if (closes(t)) {
      pop_while([](const frame& f) { return f.kind != frame_kind::bracket; });
    } else if (is_punct(t, ",")) {
      pop_while([](const frame& f) {
        return f.kind == frame_kind::branch || f.kind == frame_kind::where;
      });
    } else if (is_word(t, "then")) {
      pop_to_branch(0);
    } else if (is_word(t, "else")) {
      pop_to_branch(1);
    }
  }

  std::uint32_t line_indent(const token& t, std::size_t i) const {
    if (i == first_) return 0;
    const role r = role_of(t);
    if (r == role::translation) return 4;
    if (r != role::none) return 2;
    const frame& top = stack_.back();
    if (closes(t) && top.kind == frame_kind::bracket) return top.open_line_indent;
    if ((is_word(t, "then") || is_word(t, "else")) && top.kind == frame_kind::branch)
      return top.keyword_column;
    return top.indent;
  }

  // A comment line before `t` is indented as `t`'s line, or inside the brackets `t` closes.
  std::uint32_t comment_indent(const token& t, std::uint32_t line) const {
    return closes(t) && stack_.back().kind == frame_kind::bracket ? stack_.back().indent : line;
  }

  void after(const token& t, std::size_t i, std::size_t prev, std::uint32_t at,
             std::uint32_t line) {
    const role r = role_of(t);
    // The lines that continue a `when` or `holds` line up after its keyword.
    if (r == role::when)
      stack_.push_back({frame_kind::clause, at + static_cast<std::uint32_t>(t.text.size()) + 1});
    if (r == role::forced) stack_.push_back({frame_kind::clause, 4});
    if (r == role::translation) stack_.push_back({frame_kind::clause, 6});
    frame& top = stack_.back();
    if (opens(t)) {
      std::size_t next = i + 1;
      while (next <= last_ && tokens_[next].kind == token_kind::comment)
        ++next;
      const bool same_line = next <= last_ && next == i + 1 && !breaks_.contains(next);
      const std::uint32_t inside =
          same_line ? at + 1 + (space_between(t, tokens_[next], marks_) ? 1 : 0) : line + 2;
      stack_.push_back({frame_kind::bracket, inside, 0, line});
    } else if (closes(t)) {
      if (top.kind == frame_kind::bracket) stack_.pop_back();
    } else if (is_word(t, "if")) {
      const bool else_if = prev != npos && is_word(tokens_[prev], "else") &&
                           top.kind == frame_kind::branch && top.part == 2;
      stack_.push_back({frame_kind::branch, at + 3, else_if ? top.keyword_column : at});
    } else if ((is_word(t, "then") || is_word(t, "else")) && top.kind == frame_kind::branch) {
      top.part = is_word(t, "then") ? 1 : 2;
      top.indent = at + 5;
    } else if (is_word(t, "where")) {
      stack_.push_back({frame_kind::where, at + 6});
    }
  }

  std::uint32_t bracket_depth() const {
    return static_cast<std::uint32_t>(
        std::count_if(stack_.begin(), stack_.end(),
                      [](const frame& f) { return f.kind == frame_kind::bracket; }));
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::string_view text_;
  const std::vector<token>& tokens_;
  const layout_marks& marks_;
  std::size_t first_;
  std::size_t last_;
  std::string_view kind_;
  std::unordered_set<std::size_t> breaks_;  // tokens that start a line
  std::vector<frame> stack_;
};

std::vector<out_line> declaration_layout::run() {
  // The state before an `and` or `or`, to break the line there if it grows too long.
  struct snapshot {
    std::size_t index;
    std::vector<frame> stack;
    std::size_t code_size;
    std::uint32_t column;
    std::size_t prev;
    std::uint32_t depth;
  };
  std::vector<out_line> lines;
  std::vector<std::size_t> comments;  // whole-line comments before the next line
  std::vector<snapshot> candidates;   // on the current line
  std::uint32_t column = 0;
  std::size_t prev = npos;
  for (std::size_t i = first_; i <= last_; ++i) {
    const token& t = tokens_[i];
    if (t.kind == token_kind::comment) {
      if (t.newlines_before == 0 && !lines.empty()) {
        lines.back().comment = t.text;
      } else {
        comments.push_back(i);
      }
      continue;
    }
    bool starts = breaks_.contains(i);
    if (!starts && is_and_or(t)) {
      if (column > format_width) {
        // Too long already, and no `and` or `or` before it would have helped.
        breaks_.insert(i);
        starts = true;
      } else {
        candidates.push_back({i, stack_, lines.back().code.size(), column, prev, bracket_depth()});
      }
    }
    before(t, i);
    if (starts) {
      const std::uint32_t indent = line_indent(t, i);
      for (std::size_t c : comments) {
        lines.push_back({comment_indent(t, indent),
                         std::string(tokens_[c].text),
                         {},
                         true,
                         tokens_[c].newlines_before >= 2});
      }
      comments.clear();
      lines.push_back({indent, {}, {}, false, i != first_ && t.newlines_before >= 2});
      column = indent;
      candidates.clear();
    } else if (prev != npos && space_between(tokens_[prev], t, marks_)) {
      lines.back().code += ' ';
      ++column;
    }
    const std::uint32_t at = column;
    const std::string written = printed(text_, t, marks_);
    lines.back().code += written;
    column += count_characters(written);
    after(t, i, prev, at, lines.back().indent);
    prev = i;
    if (column <= format_width) continue;
    // Break before the loosest `and` or `or` that leaves the line within the width, the last one
    // of those.
    const snapshot* best = nullptr;
    for (const snapshot& s : candidates) {
      if (s.column > format_width) continue;
      if (!best || s.depth <= best->depth) best = &s;
    }
    if (!best) continue;
    stack_ = best->stack;
    lines.back().code.resize(best->code_size);
    column = best->column;
    prev = best->prev;
    breaks_.insert(best->index);
    i = best->index - 1;
    candidates.clear();
  }
  return lines;
}

// Declarations of these kinds that the author wrote with no blank line between them stay
// together: a run of imports, of lets.
bool groups(std::string_view a, std::string_view b) {
  return a == b && (a == "import" || a == "enum" || a == "param" || a == "let" || a == "table" ||
                    a == "record");
}

}  // namespace

std::vector<out_line> lay_out(std::string_view text, const std::vector<token>& tokens,
                              const layout_marks& marks) {
  std::vector<out_line> lines;
  std::vector<std::size_t> comments;  // whole-line comments before the next declaration
  std::string_view previous_kind;     // of the last declaration laid out
  auto comment_line = [&](std::size_t c) {
    return out_line{0, std::string(tokens[c].text), {}, true, tokens[c].newlines_before >= 2};
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    const token& t = tokens[i];
    if (t.kind == token_kind::comment) {
      if (t.newlines_before == 0 && !lines.empty()) {
        lines.back().comment = t.text;
      } else {
        comments.push_back(i);
      }
      ++i;
      continue;
    }
    std::size_t last = i;
    for (std::size_t j = i + 1; j < tokens.size() && !starts_declaration(tokens[j]); ++j)
      if (tokens[j].kind != token_kind::comment) last = j;
    const std::size_t head = lines.size();  // the declaration's first line, or its comments'
    const token& first_item = comments.empty() ? t : tokens[comments.front()];
    for (std::size_t c : comments)
      lines.push_back(comment_line(c));
    comments.clear();
    std::vector<out_line> declaration = declaration_layout(text, tokens, marks, i, last).run();
    declaration.front().blank_before = t.newlines_before >= 2;  // after its leading comments
    lines.insert(lines.end(), declaration.begin(), declaration.end());
    // One blank line after a declaration, unless the author wrote none and it groups with the
    // next; elsewhere the author's blank lines, at most one.
    const bool author_blank = first_item.newlines_before >= 2;
    if (head == 0) {
      lines[head].blank_before = false;
    } else if (previous_kind.empty()) {
      lines[head].blank_before = author_blank;
    } else {
      lines[head].blank_before = author_blank || !groups(previous_kind, t.text);
    }
    previous_kind = t.text;
    i = last + 1;
  }
  for (std::size_t c : comments) {
    lines.push_back(comment_line(c));
    if (lines.size() == 1) lines.back().blank_before = false;
  }
  return lines;
}

}  // namespace clause::lang::detail
