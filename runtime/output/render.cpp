#include "runtime/output/render.hpp"

#include <fmt/format.h>

#include "lang/json_string.hpp"

namespace clause::runtime {

namespace {

using lang::append_json_string;

void append_payload_value(std::string& out, const value& v, bool json) {
  if (v.kind == value_kind::string) {
    if (json) {
      append_json_string(out, v.text());
    } else {
      out += lang::json_string(v.text());  // a double-quoted YAML scalar is JSON-compatible
    }
    return;
  }
  if (v.kind == value_kind::integer || v.kind == value_kind::boolean) {
    append_value(out, v, nullptr);
    return;
  }
  std::string text;
  append_value(text, v, nullptr);
  append_json_string(out, text);
}

void append_codes(std::string& out, const std::vector<std::string_view>& codes) {
  out += '[';
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, codes[i]);
  }
  out += ']';
}

}  // namespace

void render_json(std::string& out, const program& p, std::string_view id, const evaluation& e,
                 bool explain) {
  out += "{\"id\":";
  append_json_string(out, id);
  out += ",\"decisions\":{";
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const decision_result& r = e.decisions[i];
    const compiled_decision& d = p.decisions[r.decision];
    if (i) out += ',';
    append_json_string(out, d.name);
    out += ":{\"outcome\":";
    const compiled_outcome& outcome = d.outcomes[r.outcome];
    append_json_string(out, outcome.name);
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      out += ',';
      append_json_string(out, outcome.payload_fields[f]);
      out += ':';
      append_payload_value(out, r.payload[f], true);
    }
    out += ",\"codes\":";
    append_codes(out, r.codes);
    out += ",\"warnings\":";
    append_codes(out, r.warnings);
    out += ",\"messages\":[";
    for (std::size_t m = 0; m < r.messages.size(); ++m) {
      if (m) out += ',';
      out += "{\"code\":";
      append_json_string(out, r.messages[m].code);
      out += ",\"text\":";
      append_json_string(out, e.message_text(r.messages[m]));
      out += '}';
    }
    out += ']';
    if (explain) {
      out += ",\"rules\":[";
      for (std::size_t k = 0; k < r.rules.size(); ++k) {
        if (k) out += ',';
        out += "{\"id\":";
        append_json_string(out, p.rules[r.rules[k]].id);
        out += ",\"at\":";
        append_json_string(out, p.rules[r.rules[k]].location);
        out += '}';
      }
      out += ']';
      if (!r.conflicts.empty()) {
        out += ",\"conflicts\":[";
        for (std::size_t k = 0; k < r.conflicts.size(); ++k) {
          if (k) out += ',';
          append_json_string(out, p.rules[r.conflicts[k]].id);
        }
        out += ']';
      }
      out += ",\"notFired\":[";
      for (std::size_t k = 0; k < r.misses.size(); ++k) {
        const rule_miss& miss = r.misses[k];
        if (k) out += ',';
        out += "{\"id\":";
        append_json_string(out, p.rules[miss.rule].id);
        out += ",\"at\":";
        append_json_string(out, p.rules[miss.rule].location);
        out += ",\"because\":";
        append_json_string(out, miss.out_of_period ? "outside its effective period" : miss.saw);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += "}}";
}

void render_yaml(std::string& out, const program& p, std::string_view id, const evaluation& e,
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
      append_payload_value(out, r.payload[f], false);
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
    if (explain) {
      out += "    rules:";
      if (r.rules.empty()) out += " []";
      out += '\n';
      for (std::uint32_t k : r.rules) {
        out += fmt::format("    - {{id: {}, at: {}}}\n", p.rules[k].id,
                           lang::json_string(p.rules[k].location));
      }
    }
  }
}

void render_json(std::string& out, const case_error& e) {
  out += "{\"id\":";
  if (e.id) {
    append_json_string(out, *e.id);
  } else {
    out += "null";
  }
  out += ",\"error\":{\"code\":\"INVALID_INPUT\",\"path\":";
  append_json_string(out, e.path);
  if (!e.file.empty()) {
    out += ",\"file\":";
    append_json_string(out, e.file);
    if (e.line) out += fmt::format(",\"line\":{}", *e.line);
  }
  out += ",\"message\":";
  append_json_string(out, e.message);
  out += "}}";
}

void render_yaml(std::string& out, const case_error& e) {
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

}  // namespace clause::runtime
