#include "verify/findings.hpp"

#include <fmt/format.h>

namespace clause::verify {

namespace {

std::string_view label(finding::status s) {
  switch (s) {
    case finding::status::proved:
      return "ok";
    case finding::status::note:
      return "note";
    case finding::status::fails:
      return "FAILS";
    case finding::status::unknown:
      return "unknown";
  }
  return "";
}

}  // namespace

report render(const std::string& heading, const std::vector<section>& sections, bool timing,
              double total_seconds) {
  report r;
  r.text = heading + "\n";
  std::size_t counts[4] = {0, 0, 0, 0};
  std::size_t questions = 0;
  for (const section& s : sections) {
    if (s.findings.empty()) continue;
    r.text += "\n" + s.title + "\n";
    for (const finding& f : s.findings) {
      ++questions;
      ++counts[static_cast<int>(f.is)];
      r.text += fmt::format("  {:<8} {}: {}", label(f.is), f.subject, f.text);
      if (timing) r.text += fmt::format(" [{:.3f} s]", f.seconds);
      r.text += "\n";
      if (!f.where.empty()) r.text += fmt::format("           at {}\n", f.where);
      if (!f.witness.empty()) {
        r.text += fmt::format("           {}:\n", f.witness_label);
        std::size_t start = 0;
        while (start < f.witness.size()) {
          std::size_t end = f.witness.find('\n', start);
          if (end == std::string::npos) end = f.witness.size();
          r.text += "             " + f.witness.substr(start, end - start) + "\n";
          start = end + 1;
        }
      }
    }
  }
  r.text += fmt::format("\n{} question{}: {} ok, {} note{}, {} failing, {} unknown", questions,
                        questions == 1 ? "" : "s", counts[0], counts[1], counts[1] == 1 ? "" : "s",
                        counts[2], counts[3]);
  if (timing) r.text += fmt::format(" in {:.2f} s", total_seconds);
  r.text += "\n";
  r.exit_code = counts[2] ? exit_failed : counts[3] ? exit_unknown : exit_proved;
  return r;
}

}  // namespace clause::verify
