#include "cli/pretty_json.hpp"

#include <cstddef>

namespace clause::cli {

namespace {

// The end of the string that starts at `i` (its opening quote), just past the closing quote.
std::size_t string_end(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// An array holding only scalars (no object, no array) and short enough to read on one line: its
// closing bracket's position, else npos.
std::size_t flat_array_end(std::string_view s, std::size_t open) {
  constexpr std::size_t widest = 80;
  for (std::size_t i = open + 1; i < s.size() && i - open <= widest;) {
    const char c = s[i];
    if (c == '"') {
      i = string_end(s, i);
    } else if (c == '{' || c == '[') {
      return std::string_view::npos;
    } else if (c == ']') {
      return i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

void newline(std::string& out, std::size_t depth) {
  out += '\n';
  out.append(depth * 2, ' ');
}

}  // namespace

void append_pretty_json(std::string& out, std::string_view s) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '"') {
      const std::size_t end = string_end(s, i);
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '[') {
      const std::size_t close = flat_array_end(s, i);
      if (close != std::string_view::npos) {
        for (std::size_t k = i; k <= close;) {  // one line, a space after each comma
          if (s[k] == '"') {
            const std::size_t end = string_end(s, k);
            out.append(s.substr(k, end - k));
            k = end;
          } else {
            out += s[k];
            if (s[k] == ',') out += ' ';
            ++k;
          }
        }
        i = close + 1;
        continue;
      }
    }
    if ((c == '{' || c == '[') && i + 1 < s.size() && (s[i + 1] == '}' || s[i + 1] == ']')) {
      out += c;
      out += s[i + 1];
      i += 2;
      continue;
    }
    switch (c) {
      case '{':
      case '[':
        out += c;
        newline(out, ++depth);
        break;
      case '}':
      case ']':
        newline(out, depth > 0 ? --depth : 0);
        out += c;
        break;
      case ',':
        out += ',';
        newline(out, depth);
        break;
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
    ++i;
  }
  out += '\n';
}

}  // namespace clause::cli
