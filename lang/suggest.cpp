#include "lang/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace clause::lang {

namespace {
char fold(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = fold(a[i - 1]) == fold(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> closest_name(std::string_view wanted,
                                        const std::vector<std::string>& candidates) {
  // A third of the longer name, at least one edit: `partnr` finds `partner`, `x` finds nothing.
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t limit = std::max<std::size_t>(1, std::max(wanted.size(), c.size()) / 3);
    const std::size_t d = edit_distance(wanted, c);
    if (d <= limit && d < wanted.size() && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  if (best) return best;
  // A name that contains a known one, or is contained in it (`uppercase` for `upper`).
  for (const std::string& c : candidates) {
    if (wanted.size() >= 3 && c.size() >= 3 &&
        (wanted.find(c) != std::string_view::npos || c.find(wanted) != std::string::npos)) {
      return c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& candidates) {
  auto best = closest_name(wanted, candidates);
  return best ? "did you mean `" + *best + "`?" : std::string{};
}

}  // namespace clause::lang
