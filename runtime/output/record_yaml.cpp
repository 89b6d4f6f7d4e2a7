#include <fmt/format.h>

#include "lang/json_string.hpp"
#include "runtime/output/json_scalars.hpp"
#include "runtime/output/record.hpp"

namespace clause::runtime {

namespace {

void write_decided(std::string& out, const program& p, std::string_view id, const evaluation& e,
                   bool explain) {
  out += "---\nid: ";
  out += lang::json_string(id);
  out += "\ndecisions:";
  if (e.decision_count == 0) out += " {}";
  out += '\n';
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const decision_result& r = e.decisions[i];
    const compiled_decision& d = p.decisions[r.decision];
    const compiled_outcome& outcome = d.outcomes[r.outcome];
    out += fmt::format("  {}:\n    outcome: {}\n", d.name, outcome.name);
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      out += fmt::format("    {}: ", outcome.payload_fields[f]);
      append_payload_value(out, r.payload[f], false, outcome.payload_enum_names[f]);
      out += '\n';
    }
    out += "    codes: ";
    append_codes(out, r.codes);
    out += "\n    warnings: ";
    append_codes(out, r.warnings);
    out += "\n    messages:";
    if (r.messages.empty()) out += " []";
    out += '\n';
    for (const auto& m : r.messages) {
      out += fmt::format("    - code: {}\n      text: ", lang::json_string(m.code));
      out += lang::json_string(e.message_text(m));
      out += '\n';
    }
    if (!r.conflicts.empty()) {
      out += "    conflicts: [";
      for (std::size_t k = 0; k < r.conflicts.size(); ++k) {
        if (k) out += ", ";
        out += lang::json_string(p.rules[r.conflicts[k]].id);
      }
      out += "]\n";
    }
    if (explain) {
      out += "    rules:";
      if (r.rules.empty()) out += " []";
      out += '\n';
      for (std::uint32_t k : r.rules) {
        out += fmt::format("    - {{id: {}, at: {}", p.rules[k].id,
                           lang::json_string(p.rules[k].location));
        for (const auto& reason : r.reasons) {
          if (reason.rule != k) continue;
          out += ", because: " + lang::json_string(reason.text);
          break;
        }
        out += "}\n";
      }
      out += "    notFired:";
      if (r.misses.empty()) out += " []";
      out += '\n';
      for (const rule_miss& miss : r.misses) {
        out += fmt::format(
            "    - {{id: {}, at: {}, because: {}}}\n", p.rules[miss.rule].id,
            lang::json_string(p.rules[miss.rule].location),
            lang::json_string(miss.out_of_period ? "outside its effective period" : miss.saw));
      }
    }
  }
  if (explain && !e.lets_shown.empty()) {
    out += "lets:\n";
    for (const auto& [let, v] : e.lets_shown) {
      out += fmt::format("  {}: ", p.source->lets[let].name);
      append_payload_value(out, v, false, p.enum_names[p.lets[let]]);
      out += '\n';
    }
    if (!e.lets_why.empty()) out += "letsWhy:\n";
    for (std::size_t i = 0; i < e.lets_shown.size() && i < e.lets_why.size(); ++i) {
      out += fmt::format("  {}: {}\n", p.source->lets[e.lets_shown[i].first].name,
                         lang::json_string(e.lets_why[i]));
    }
  }
}

void write_error(std::string& out, const case_error& e) {
  out += "---\nid: ";
  out += e.id ? lang::json_string(*e.id) : std::string("null");
  out += "\nerror:\n  code: INVALID_INPUT\n  path: ";
  out += lang::json_string(e.path);
  if (!e.file.empty()) {
    out += "\n  file: " + lang::json_string(e.file);
    if (e.line) out += fmt::format("\n  line: {}", *e.line);
  }
  out += "\n  message: " + lang::json_string(e.message) + "\n";
}

}  // namespace

void write_yaml(std::string& out, const record& r) {
  if (r.decided) {
    write_decided(out, r.p, r.id, *r.decided, r.explain);
  } else {
    write_error(out, *r.error);
  }
}

}  // namespace clause::runtime
