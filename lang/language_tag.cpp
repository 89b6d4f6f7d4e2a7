#include "lang/language_tag.hpp"

#include <algorithm>
#include <vector>

namespace clause::lang {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool all_alpha(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_alpha);
}
bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_digit);
}
bool all_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alpha(c) || is_digit(c); });
}

}  // namespace

bool well_formed_language_tag(std::string_view tag) noexcept {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dash = tag.find('-', start);
    parts.push_back(tag.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  for (std::string_view p : parts) {
    if (p.empty() || p.size() > 8 || !all_alnum(p)) return false;
  }
  if (parts[0].size() < 2 || parts[0].size() > 3 || !all_alpha(parts[0])) return false;
  enum class stage { script, region, variant } at = stage::script;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string_view p = parts[i];
    if (p.size() == 1) {  // an extension or private use: the rest are its subtags
      const std::size_t least = p == "x" || p == "X" ? 1 : 2;
      if (i + 1 == parts.size()) return false;
      for (std::size_t k = i + 1; k < parts.size(); ++k) {
        if (parts[k].size() < least) return false;
      }
      return true;
    }
    if (at == stage::script && p.size() == 4 && all_alpha(p)) {
      at = stage::region;
    } else if (at != stage::variant &&
               ((p.size() == 2 && all_alpha(p)) || (p.size() == 3 && all_digits(p)))) {
      at = stage::variant;
    } else if (p.size() >= 5 || (p.size() == 4 && is_digit(p[0]))) {
      at = stage::variant;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace clause::lang
