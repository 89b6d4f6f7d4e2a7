// The report people read: each mistake and each failure where it is, then the totals and what no
// test exercised.
#include <fmt/format.h>

#include "cli/test/report.hpp"

namespace clause::cli::test {

std::size_t percent(std::size_t covered, std::size_t total) {
  return total == 0 ? 100 : covered * 100 / total;
}

std::size_t run_report::passed() const {
  std::size_t n = 0;
  for (const file_report& f : files) {
    for (const case_outcome& c : f.cases)
      n += c.problems.empty();
  }
  return n;
}

std::size_t run_report::failed() const {
  std::size_t n = 0;
  for (const file_report& f : files) {
    for (const case_outcome& c : f.cases)
      n += !c.problems.empty();
  }
  return n;
}

std::size_t run_report::mistakes() const {
  std::size_t n = 0;
  for (const file_report& f : files)
    n += f.mistakes.size();
  return n;
}

bool run_report::below_min_coverage() const {
  return min_coverage && coverage.covered() * 100 < *min_coverage * coverage.total();
}

namespace {

// A message on one line, whatever a test file's text holds: control characters escaped (a YAML
// block scalar's line breaks, a NUL), so that nothing reaches the terminal but text.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

void figure(std::string& out, std::string_view title, std::string_view counted,
            const coverage_figure& f, std::string_view missed) {
  out += fmt::format("{}: {} of {} {} ({}%)\n", title, f.covered, f.total, counted,
                     percent(f.covered, f.total));
  std::string_view owner;
  for (const missed_item& m : f.missed) {
    if (m.owner.empty()) {
      out += fmt::format("  {}: {} ({})\n", missed, m.name, m.location);
      continue;
    }
    if (m.owner != owner) {
      out += fmt::format("  {} ({}):\n", m.owner, m.owner_location);
      owner = m.owner;
    }
    out += fmt::format("    {}: `{}` ({})\n", missed, m.name, m.location);
  }
}

}  // namespace

void write_text(const run_report& r, std::string& out) {
  for (const file_report& f : r.files) {
    for (const mistake& m : f.mistakes) {
      out +=
          fmt::format("{}: error: {}{}\n", m.at.text(),
                      m.case_id.empty() ? "" : fmt::format("in case `{}`: ", one_line(m.case_id)),
                      one_line(m.message));
      if (!m.help.empty()) out += fmt::format("  help: {}\n", one_line(m.help));
    }
    for (const case_outcome& c : f.cases) {
      if (c.problems.empty()) continue;
      out += fmt::format("FAIL {} ({})\n", one_line(c.id), c.at.text());
      for (const std::string& problem : c.problems)
        out += fmt::format("    {}\n", problem);
    }
  }
  if (r.nothing_ran) out += fmt::format("error: {}\n", *r.nothing_ran);
  out += fmt::format("\n{} passed, {} failed", r.passed(), r.failed());
  if (r.mistakes()) {
    out += fmt::format(", {} {} in test files", r.mistakes(),
                       r.mistakes() == 1 ? "mistake" : "mistakes");
  }
  out += fmt::format(" ({} test {}", r.files.size(), r.files.size() == 1 ? "file" : "files");
  if (r.run_pattern) out += fmt::format("; {} cases left out by --run", r.not_run);
  out += ")\n";
  const coverage_summary& c = r.coverage;
  figure(out, "rule coverage", "rules fired", c.rules, "never fired");
  figure(out, "let coverage", "lets evaluated", c.lets, "never evaluated");
  figure(out, "branch coverage", "and/or parts decisive", c.parts, "never decisive");
  out += fmt::format("coverage: {} of {} ({}%)", c.covered(), c.total(),
                     percent(c.covered(), c.total()));
  if (r.min_coverage) {
    out += r.below_min_coverage() ? fmt::format(", below the minimum of {}%", *r.min_coverage)
                                  : fmt::format(", the minimum is {}%", *r.min_coverage);
  }
  out += "\n";
}

}  // namespace clause::cli::test
