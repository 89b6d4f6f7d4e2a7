#include "cli/unified_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace clause::cli {

namespace {

constexpr std::size_t context = 3;
// Beyond this many cells the changed middle is shown as one replacement rather than a minimal
// diff, so that no input makes the table quadratic in memory.
constexpr std::size_t max_table_cells = 16u << 20;

// Lines with their '\n', so that a last line without one differs from the same line with it.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, stop - start));
    start = stop;
  }
  return lines;
}

enum class op : std::uint8_t { same, removed, added };

struct edit {
  op kind;
  std::size_t a;  // line index in `before` (same, removed)
  std::size_t b;  // line index in `after` (same, added)
};

// A shortest edit script by the longest common subsequence of the lines between the common head
// and tail.
std::vector<edit> edits(const std::vector<std::string_view>& a,
                        const std::vector<std::string_view>& b) {
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head])
    ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  const std::size_t n = a.size() - head - tail;
  const std::size_t m = b.size() - head - tail;
  std::vector<edit> out;
  for (std::size_t i = 0; i < head; ++i)
    out.push_back({op::same, i, i});
  if ((n + 1) * (m + 1) <= max_table_cells) {
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({op::same, head + i++, head + j++});
      } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({op::removed, head + i++, 0});
      } else {
        out.push_back({op::added, 0, head + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({op::removed, head + i, 0});
    for (std::size_t j = 0; j < m; ++j)
      out.push_back({op::added, 0, head + j});
  }
  for (std::size_t k = 0; k < tail; ++k)
    out.push_back({op::same, a.size() - tail + k, b.size() - tail + k});
  return out;
}

// `-start,count` as diff prints it: no count when it is 1, the line before when it is 0.
std::string range(std::size_t start, std::size_t count) {
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", count == 0 ? start : start + 1, count);
}

void line(std::string& out, char mark, std::string_view text) {
  out += mark;
  out += text;
  if (text.empty() || text.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  const std::vector<edit> script = edits(a, b);
  std::string out;
  std::size_t k = 0;
  std::size_t counted = 0, a_before = 0, b_before = 0;  // script entries before a hunk, by side
  while (k < script.size()) {
    if (script[k].kind == op::same) {
      ++k;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is at most 2 * context lines from the one before it.
    const std::size_t first = k >= context ? k - context : 0;
    std::size_t last = k;
    for (std::size_t j = k + 1; j < script.size(); ++j) {
      if (script[j].kind == op::same) continue;
      if (j - last - 1 > 2 * context) break;
      last = j;
    }
    const std::size_t end = std::min(script.size(), last + 1 + context);
    // Where each side's hunk starts: the lines of that side before it (also right for a side
    // with no line in the hunk, which diff numbers by the line before).
    for (; counted < first; ++counted) {
      if (script[counted].kind != op::added) ++a_before;
      if (script[counted].kind != op::removed) ++b_before;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t j = first; j < end; ++j) {
      if (script[j].kind != op::added) ++a_count;
      if (script[j].kind != op::removed) ++b_count;
    }
    if (out.empty()) out += fmt::format("--- a/{}\n+++ b/{}\n", path, path);
    out += fmt::format("@@ -{} +{} @@\n", range(a_before, a_count), range(b_before, b_count));
    for (std::size_t j = first; j < end; ++j) {
      const edit& e = script[j];
      if (e.kind == op::same) line(out, ' ', a[e.a]);
      if (e.kind == op::removed) line(out, '-', a[e.a]);
      if (e.kind == op::added) line(out, '+', b[e.b]);
    }
    k = end;
  }
  return out;
}

}  // namespace clause::cli
