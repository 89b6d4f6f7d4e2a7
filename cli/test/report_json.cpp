// The report as one JSON document (`clause test --format json`), for CI and editors.
#include <fmt/format.h>

#include "cli/test/report.hpp"
#include "lang/json_string.hpp"

namespace clause::cli::test {

namespace {

using lang::append_json_string;

void place_fields(std::string& out, const place& at) {
  out += "\"file\":";
  append_json_string(out, at.file);
  out += fmt::format(",\"line\":{},\"column\":{}", at.line, at.column);
}

void figure(std::string& out, std::string_view name, const coverage_figure& f,
            std::string_view item_key) {
  out += fmt::format("\"{}\":{{\"covered\":{},\"total\":{},\"percent\":{},\"missed\":[", name,
                     f.covered, f.total, percent(f.covered, f.total));
  for (std::size_t i = 0; i < f.missed.size(); ++i) {
    const missed_item& m = f.missed[i];
    out += i ? ",{" : "{";
    out += fmt::format("\"{}\":", item_key);
    append_json_string(out, m.name);
    out += ",\"location\":";
    append_json_string(out, m.location);
    if (!m.owner.empty()) {
      out += ",\"owner\":";
      append_json_string(out, m.owner);
      out += ",\"ownerLocation\":";
      append_json_string(out, m.owner_location);
    }
    out += "}";
  }
  out += "]}";
}

}  // namespace

void write_json(const run_report& r, std::string& out) {
  out += "{\"cases\":[";
  bool first = true;
  for (const file_report& f : r.files) {
    for (const case_outcome& c : f.cases) {
      out += first ? "{" : ",{";
      first = false;
      out += "\"id\":";
      append_json_string(out, c.id);
      out += ",";
      place_fields(out, c.at);
      out += fmt::format(",\"passed\":{},\"problems\":[", c.problems.empty());
      for (std::size_t i = 0; i < c.problems.size(); ++i) {
        if (i) out += ",";
        append_json_string(out, c.problems[i]);
      }
      out += "]}";
    }
  }
  out += "],\"mistakes\":[";
  first = true;
  for (const file_report& f : r.files) {
    for (const mistake& m : f.mistakes) {
      out += first ? "{" : ",{";
      first = false;
      place_fields(out, m.at);
      out += ",\"case\":";
      if (m.case_id.empty()) {
        out += "null";
      } else {
        append_json_string(out, m.case_id);
      }
      out += ",\"message\":";
      append_json_string(out, m.message);
      out += ",\"help\":";
      append_json_string(out, m.help);
      out += "}";
    }
  }
  out += fmt::format(
      "],\"totals\":{{\"passed\":{},\"failed\":{},\"mistakes\":{},\"files\":{},"
      "\"leftOutByRun\":{}}}",
      r.passed(), r.failed(), r.mistakes(), r.files.size(), r.not_run);
  if (r.nothing_ran) {
    out += ",\"nothingRan\":";
    append_json_string(out, *r.nothing_ran);
  }
  const coverage_summary& c = r.coverage;
  out += fmt::format(",\"coverage\":{{\"covered\":{},\"total\":{},\"percent\":{},\"minimum\":{},",
                     c.covered(), c.total(), percent(c.covered(), c.total()),
                     r.min_coverage ? std::to_string(*r.min_coverage) : "null");
  figure(out, "rules", c.rules, "id");
  out += ",";
  figure(out, "lets", c.lets, "name");
  out += ",";
  figure(out, "branches", c.parts, "text");
  out += fmt::format("}},\"ok\":{}}}\n", r.ok());
}

}  // namespace clause::cli::test
