// For people: each decision with its messages, the rules that decided it, and for every other rule
// the condition that was false and what it read, with `file:line:column` to jump to.
#include <fmt/format.h>

#include "runtime/output/printable.hpp"
#include "runtime/output/record.hpp"

namespace clause::runtime {

namespace {

void write_decided(std::string& out, const program& p, std::string_view id, const evaluation& e) {
  out += "case ";
  append_printable(out, id);
  out += '\n';
  if (e.decision_count == 0) out += "  no decision applies (the case asks for none)\n";
  if (!e.lets_shown.empty()) {
    out += "  lets";
    for (std::size_t i = 0; i < e.lets_shown.size(); ++i) {
      const auto& [let, v] = e.lets_shown[i];
      out += i ? ", " : ": ";
      out += p.source->lets[let].name;
      out += " = ";
      std::string text;
      append_value(text, v, p.enum_names[p.lets[let]], true);
      append_printable(out, text);
    }
    out += '\n';
    for (std::size_t i = 0; i < e.lets_shown.size() && i < e.lets_why_short.size(); ++i) {
      out += "    let ";
      out += p.source->lets[e.lets_shown[i].first].name;
      out += ": ";
      append_printable(out, e.lets_why_short[i]);
      out += '\n';
    }
  }
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const decision_result& r = e.decisions[i];
    const compiled_decision& d = p.decisions[r.decision];
    const compiled_outcome& outcome = d.outcomes[r.outcome];
    fmt::format_to(std::back_inserter(out), "  {}: {}", d.name, outcome.name);
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      out += ' ';
      out += outcome.payload_fields[f];
      out += '=';
      std::string text;
      append_payload_text(text, r.payload[f], outcome.payload_enum_names[f]);
      append_printable(out, text);
    }
    for (const auto& code : r.codes)
      fmt::format_to(std::back_inserter(out), " {}", code);
    for (const auto& w : r.warnings)
      fmt::format_to(std::back_inserter(out), " (warning {})", w);
    out += '\n';
    for (const message_ref& m : r.messages) {
      fmt::format_to(std::back_inserter(out), "    message    {}: ", m.code);
      append_printable(out, e.message_text(m));
      out += '\n';
    }
    if (r.rules.empty()) out += "    decided by the default: no rule fired\n";
    for (std::uint32_t k : r.rules) {
      const compiled_rule& rule = p.rules[k];
      fmt::format_to(std::back_inserter(out), "    fired      {}  {}", rule.location, rule.id);
      for (const auto& reason : r.reasons) {
        if (reason.rule != k) continue;
        out += ": ";
        append_printable(out, reason.text_short);
        break;
      }
      out += '\n';
    }
    // A conflict's further rules matched too, but did not decide.
    for (std::size_t k = 1; k < r.conflicts.size(); ++k) {
      const compiled_rule& rule = p.rules[r.conflicts[k]];
      fmt::format_to(std::back_inserter(out), "    conflicts  {}  {}\n", rule.location, rule.id);
    }
    for (const rule_miss& m : r.misses) {
      const compiled_rule& rule = p.rules[m.rule];
      fmt::format_to(std::back_inserter(out), "    not fired  {}  {}: ", rule.location, rule.id);
      append_printable(out, m.out_of_period ? std::string_view("outside its effective period")
                                            : std::string_view(m.saw_short));
      out += '\n';
    }
  }
}

}  // namespace

void write_explanation(std::string& out, const record& r) {
  if (r.decided) {
    write_decided(out, r.p, r.id, *r.decided);
    return;
  }
  const case_error& e = *r.error;
  out += "case ";
  append_printable(out, e.id ? *e.id : e.file);
  out += "\n  not decided: ";
  append_printable(out, e.path);
  out += e.path.empty() ? "" : ": ";
  append_printable(out, e.message);
  out += '\n';
}

}  // namespace clause::runtime
