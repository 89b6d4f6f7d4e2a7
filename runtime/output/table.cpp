// Tables for people: a case's record as rows, and rows aligned page by page within a width.
#include <algorithm>
#include <array>

#include "lang/location.hpp"
#include "runtime/output/printable.hpp"
#include "runtime/output/record.hpp"

namespace clause::runtime {

namespace {

template <typename Items>
std::string joined(const Items& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ' ';
    out += item;
  }
  return out;
}

}  // namespace

void append_table_rows(const record& r, std::vector<table_row>& rows) {
  if (!r.decided) {
    const case_error& e = *r.error;
    table_row row;
    row.id = e.id ? *e.id : std::string("-");
    row.outcome = "error";
    row.codes = e.path.empty() ? e.message : e.path + ": " + e.message;
    row.tone = table_row::shade::error;
    rows.push_back(std::move(row));
    return;
  }
  const evaluation& e = *r.decided;
  if (e.decision_count == 0) rows.push_back({std::string(r.id), {}, {}, {}, {}, {}, {}});
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const decision_result& d = e.decisions[i];
    const compiled_decision& decision = r.p.decisions[d.decision];
    const compiled_outcome& outcome = decision.outcomes[d.outcome];
    table_row row;
    row.id = r.id;
    row.decision = decision.name;
    row.outcome = outcome.name;
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < d.payload.size(); ++f) {
      if (f) row.payload += ' ';
      row.payload += outcome.payload_fields[f];
      row.payload += '=';
      append_payload_text(row.payload, d.payload[f], outcome.payload_enum_names[f]);
    }
    row.codes = joined(d.codes);
    for (std::string_view w : d.warnings) {
      if (!row.warnings.empty()) row.warnings += ' ';
      row.warnings += w;
      if ((w != conflict_code && w != payload_conflict_code) || d.conflicts.empty()) continue;
      // Which rules conflict, beside the warning's code: `RULE_CONFLICT(eu,eu-vip)`.
      row.warnings += '(';
      for (std::size_t k = 0; k < d.conflicts.size(); ++k) {
        if (k) row.warnings += ',';
        row.warnings += r.p.rules[d.conflicts[k]].id;
      }
      row.warnings += ')';
    }
    row.tone = d.outcome == 0                              ? table_row::shade::good
               : d.outcome + 1 == decision.outcomes.size() ? table_row::shade::bad
                                                           : table_row::shade::neutral;
    rows.push_back(std::move(row));
  }
}

}  // namespace clause::runtime

namespace clause {

namespace {

constexpr std::size_t columns = 6;
constexpr std::size_t gap = 2;  // spaces between columns
using cells = std::array<std::string, columns>;

std::size_t characters(std::string_view text) {
  return lang::count_characters(text);
}

// The longest word of a cell: it cannot wrap narrower than that.
std::size_t longest_word(std::string_view text) {
  std::size_t longest = 0;
  while (!text.empty()) {
    const std::size_t space = std::min(text.find(' '), text.size());
    longest = std::max(longest, characters(text.substr(0, space)));
    text.remove_prefix(std::min(space + 1, text.size()));
  }
  return longest;
}

// `text` in lines of at most `width` characters, broken at spaces; a word longer than the width
// is broken after its last `-` or `_` that fits, else where the width ends.
std::vector<std::string_view> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string_view> lines;
  if (width == 0 || characters(text) <= width) {
    lines.push_back(text);
    return lines;
  }
  while (!text.empty()) {
    std::size_t taken = std::min(text.find(' '), text.size());
    if (characters(text.substr(0, taken)) > width) {
      taken = lang::first_characters(text, width);
      const std::size_t joint = text.substr(0, taken).find_last_of("-_");
      if (joint != std::string_view::npos && joint > 0) taken = joint + 1;
      lines.push_back(text.substr(0, taken));
      text.remove_prefix(taken);
      continue;
    }
    while (taken < text.size()) {
      const std::size_t next = std::min(text.find(' ', taken + 1), text.size());
      if (characters(text.substr(0, next)) > width) break;
      taken = next;
    }
    lines.push_back(text.substr(0, taken));
    text.remove_prefix(std::min(taken + 1, text.size()));
  }
  return lines;
}

std::string_view colour_of(table_row::shade tone) {
  switch (tone) {
    case table_row::shade::good:
      return "\033[32m";
    case table_row::shade::neutral:
      return "\033[33m";
    case table_row::shade::bad:
    case table_row::shade::error:
      return "\033[31m";
  }
  return "";
}

}  // namespace

void table::write(std::string& out) {
  if (rows_.empty()) return;
  std::vector<cells> page;
  std::vector<table_row::shade> tones;
  std::vector<std::string> errors;
  page.reserve(rows_.size() + 1);
  if (!header_written_)
    page.push_back({"ID", "DECISION", "OUTCOME", "PAYLOAD", "CODES", "WARNINGS"});
  const std::size_t first_row = page.size();
  for (table_row& row : rows_) {
    // An error's message would stretch the table: it goes below it.
    if (row.tone == table_row::shade::error) {
      errors.push_back(runtime::printable(row.id + ": " + row.codes));
      row.codes = "(below)";
    }
    cells c = {std::move(row.id),      std::move(row.decision), std::move(row.outcome),
               std::move(row.payload), std::move(row.codes),    std::move(row.warnings)};
    for (auto& cell : c) {
      if (cell.empty()) cell = "-";
      if (runtime::needs_escaping(cell)) cell = runtime::printable(cell);
    }
    page.push_back(std::move(c));
    tones.push_back(row.tone);
  }
  rows_.clear();

  std::array<std::size_t, columns> width{}, narrowest{};
  for (const cells& c : page) {
    for (std::size_t i = 0; i < columns; ++i) {
      width[i] = std::max(width[i], characters(c[i]));
      narrowest[i] = std::max(narrowest[i], longest_word(c[i]));
    }
  }
  // Too wide: first the columns of words (codes, payload, warnings) wrap, the widest first, down
  // to their longest word; then any column, the widest first, down to its header or `floor`
  // characters, breaking words (long ids give way before codes do).
  if (options_.width > 0) {
    std::size_t total = gap * (columns - 1);
    for (std::size_t w : width)
      total += w;
    constexpr std::size_t floor = 10;
    const std::array<std::size_t, columns> header_width = {2, 8, 7, 7, 5, 8};
    auto narrow = [&](auto&& columns_that_may, auto&& lowest) {
      while (total > options_.width) {
        std::size_t pick = columns;
        for (std::size_t i : columns_that_may) {
          if (width[i] > lowest(i) && (pick == columns || width[i] > width[pick])) pick = i;
        }
        if (pick == columns) return;
        --width[pick];
        --total;
      }
    };
    constexpr std::array<std::size_t, 3> words = {4, 3, 5};
    narrow(words, [&](std::size_t i) { return narrowest[i]; });
    narrow(std::array<std::size_t, columns>{0, 1, 2, 3, 4, 5},
           [&](std::size_t i) { return std::max(header_width[i], floor); });
  }

  for (std::size_t r = 0; r < page.size(); ++r) {
    const bool header = r < first_row;
    std::array<std::vector<std::string_view>, columns> lines;
    std::size_t height = 1;
    for (std::size_t i = 0; i < columns; ++i) {
      lines[i] = wrap(page[r][i], options_.width > 0 ? width[i] : 0);
      height = std::max(height, lines[i].size());
    }
    for (std::size_t l = 0; l < height; ++l) {
      std::string line;
      for (std::size_t i = 0; i < columns; ++i) {
        const std::string_view text = l < lines[i].size() ? lines[i][l] : std::string_view();
        const bool coloured = options_.colour && !text.empty() && (header || i == 2);
        if (coloured) line += header ? "\033[1m" : colour_of(tones[r - first_row]);
        line += text;
        if (coloured) line += "\033[0m";
        const std::size_t shown = characters(text);
        if (i + 1 < columns) line.append((width[i] > shown ? width[i] - shown : 0) + gap, ' ');
      }
      while (!line.empty() && line.back() == ' ')
        line.pop_back();
      out += line;
      out += '\n';
    }
  }
  header_written_ = true;
  if (!errors.empty()) {
    errors_ += errors.size();
    out += errors.size() == 1
               ? "\n1 case could not be decided:\n"
               : "\n" + std::to_string(errors.size()) + " cases could not be decided:\n";
    // Each on lines of the table's width, continued with a deeper indent.
    const std::size_t room = options_.width > 6 ? options_.width - 4 : 0;
    for (const std::string& e : errors) {
      const std::vector<std::string_view> lines = wrap(e, room);
      for (std::size_t l = 0; l < lines.size(); ++l) {
        out += l == 0 ? "  " : "    ";
        out += lines[l];
        out += '\n';
      }
    }
  }
}

}  // namespace clause
