#include "cli/diff_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "lang/json_string.hpp"
#include "lang/location.hpp"

namespace clause::cli {

namespace {

struct line {
  std::string label;
  const tally_row* row;
};

// Rows with the most cases first, then by label: what moved most is read first.
template <typename Map, typename Label>
void add_rows(std::vector<line>& out, const Map& rows, Label label) {
  std::vector<line> more;
  for (const auto& [key, row] : rows)
    more.push_back({label(key), &row});
  std::stable_sort(more.begin(), more.end(),
                   [](const line& a, const line& b) { return a.row->count > b.row->count; });
  out.insert(out.end(), more.begin(), more.end());
}

void write_lines(std::string& out, const std::vector<line>& lines) {
  std::size_t label_width = 0, count_width = 0;
  for (const line& l : lines) {
    label_width = std::max<std::size_t>(label_width, lang::count_characters(l.label));
    count_width = std::max(count_width, grouped(l.row->count).size());
  }
  for (const line& l : lines) {
    const std::size_t pad = label_width - lang::count_characters(l.label);
    std::string text = fmt::format("  {}{}  {:>{}}", l.label, std::string(pad, ' '),
                                   grouped(l.row->count), count_width);
    if (!l.row->examples.empty()) text += fmt::format("  {}", fmt::join(l.row->examples, ", "));
    out += text + "\n";
  }
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", grouped(n), n == 1 ? one : many);
}

void write_static(std::string& out, const std::vector<static_change>& changes) {
  if (changes.empty()) {
    out += "\npolicy changes: none\n";
    return;
  }
  out += fmt::format("\npolicy changes: {}\n", grouped(changes.size()));
  std::size_t what_width = 0, name_width = 0, where_width = 0;
  for (const static_change& c : changes) {
    what_width = std::max(what_width, c.kind.size() + 1 + c.change.size());
    name_width = std::max<std::size_t>(name_width, lang::count_characters(c.name));
    where_width = std::max(where_width, c.location.size());
  }
  for (const static_change& c : changes) {
    std::string shown = c.change == "modified" && !c.before.empty()
                            ? fmt::format("{} → {}", c.before, c.after)
                            : (c.change == "removed" ? c.before : c.after);
    const std::string what = c.kind + " " + c.change;
    std::string text = fmt::format("  {:<{}}  {}{}  {:<{}}", what, what_width, c.name,
                                   std::string(name_width - lang::count_characters(c.name), ' '),
                                   c.location, where_width);
    if (!shown.empty()) text += "  " + shown;
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text + "\n";
  }
}

void json_row(std::string& out, const tally_row& row) {
  out += fmt::format("\"count\":{},\"examples\":[", row.count);
  for (std::size_t i = 0; i < row.examples.size(); ++i) {
    if (i) out += ',';
    lang::append_json_string(out, row.examples[i]);
  }
  out += "]";
}

void json_rows(std::string& out, std::string_view name, std::string_view key_name,
               const std::map<std::string, tally_row>& rows) {
  out += fmt::format(",\"{}\":[", name);
  bool first = true;
  for (const auto& [key, row] : rows) {
    out += first ? "{" : ",{";
    first = false;
    out += fmt::format("\"{}\":", key_name);
    lang::append_json_string(out, key);
    out += ',';
    json_row(out, row);
    out += '}';
  }
  out += ']';
}

}  // namespace

std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

std::string human_report(const diff_summary& s) {
  const diff_tally& t = *s.tally;
  std::string out = fmt::format("clause diff: {} → {}\n", s.before, s.after);
  out += fmt::format("{}: {} changed", plural(t.cases, "case", "cases"), grouped(t.changed()));
  if (t.messages_only) out += fmt::format(", {} only in messages", grouped(t.messages_only));
  out += fmt::format(", {} the same", grouped(t.same));
  if (t.errors_both) {
    out += fmt::format(" ({} error record{} under both)", grouped(t.errors_both),
                       t.errors_both == 1 ? "" : "s");
  }
  out += "\n";
  for (const std::string& name : s.decision_order) {
    const auto found = t.decisions.find(name);
    if (found == t.decisions.end()) continue;
    const decision_tally& d = found->second;
    out += fmt::format("\n{}: {} changed", name, plural(d.changed, "case", "cases"));
    if (d.messages_only.count) {
      out += fmt::format(", {} only in messages", plural(d.messages_only.count, "case", "cases"));
    }
    out += "\n";
    std::vector<line> lines;
    add_rows(lines, d.transitions,
             [](const auto& k) { return fmt::format("{} → {}", k.first, k.second); });
    add_rows(lines, d.codes_added, [](const auto& k) { return "+ code " + k; });
    add_rows(lines, d.codes_removed, [](const auto& k) { return "- code " + k; });
    add_rows(lines, d.warnings_added, [](const auto& k) { return "+ warning " + k; });
    add_rows(lines, d.warnings_removed, [](const auto& k) { return "- warning " + k; });
    add_rows(lines, d.payload,
             [&](const auto& k) { return fmt::format("payload {}.{}", name, k); });
    if (d.messages_only.count) lines.push_back({"messages only", &d.messages_only});
    write_lines(out, lines);
  }
  if (t.now_error_count || t.now_decided_count) {
    out += fmt::format("\ninput: {} decided before and an error record now, {} the other way\n",
                       grouped(t.now_error_count), grouped(t.now_decided_count));
    std::vector<line> lines;
    auto at = [](const std::string& path) {
      return path.empty() ? std::string("the whole case") : "`" + path + "`";
    };
    add_rows(lines, t.now_error, [&](const auto& k) { return "decided → error at " + at(k); });
    add_rows(lines, t.now_decided,
             [&](const auto& k) { return "error at " + at(k) + " → decided"; });
    write_lines(out, lines);
  }
  if (t.changed() == 0) out += "\nno decision changed\n";
  write_static(out, s.declarations);
  return out;
}

std::string json_report(const diff_summary& s) {
  const diff_tally& t = *s.tally;
  std::string out = "{\"before\":";
  lang::append_json_string(out, s.before);
  out += ",\"after\":";
  lang::append_json_string(out, s.after);
  out += fmt::format(
      ",\"cases\":{},\"changed\":{},\"messages_only\":{},\"same\":{},\"errors_both\":{}", t.cases,
      t.changed(), t.messages_only, t.same, t.errors_both);
  out += ",\"decisions\":{";
  bool first = true;
  for (const std::string& name : s.decision_order) {
    const auto found = t.decisions.find(name);
    if (found == t.decisions.end()) continue;
    const decision_tally& d = found->second;
    if (!first) out += ',';
    first = false;
    lang::append_json_string(out, name);
    out += fmt::format(":{{\"changed\":{},\"transitions\":[", d.changed);
    bool first_row = true;
    for (const auto& [key, row] : d.transitions) {
      out += first_row ? "{\"from\":" : ",{\"from\":";
      first_row = false;
      lang::append_json_string(out, key.first);
      out += ",\"to\":";
      lang::append_json_string(out, key.second);
      out += ',';
      json_row(out, row);
      out += '}';
    }
    out += ']';
    json_rows(out, "codes_added", "code", d.codes_added);
    json_rows(out, "codes_removed", "code", d.codes_removed);
    json_rows(out, "warnings_added", "warning", d.warnings_added);
    json_rows(out, "warnings_removed", "warning", d.warnings_removed);
    json_rows(out, "payload", "field", d.payload);
    out += ",\"messages_only\":{";
    json_row(out, d.messages_only);
    out += "}}";
  }
  out += '}';
  json_rows(out, "now_error", "path", t.now_error);
  json_rows(out, "now_decided", "path", t.now_decided);
  out += ",\"declarations\":[";
  for (std::size_t i = 0; i < s.declarations.size(); ++i) {
    const static_change& c = s.declarations[i];
    out += i ? ",{" : "{";
    const std::pair<std::string_view, const std::string*> fields[] = {
        {"kind", &c.kind},         {"name", &c.name},     {"change", &c.change},
        {"location", &c.location}, {"before", &c.before}, {"after", &c.after}};
    bool first_field = true;
    for (const auto& [key, value] : fields) {
      if ((key == "before" || key == "after") && value->empty()) continue;
      out += first_field ? "\"" : ",\"";
      first_field = false;
      out += key;
      out += "\":";
      lang::append_json_string(out, *value);
    }
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace clause::cli
